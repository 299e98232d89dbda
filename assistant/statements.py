"""What an applicant says about themselves in free text, anywhere in a conversation.

"Vi er en kommune i Sverige og er ikke gået i gang endnu" states three facts. Yes/no facts are found by the
phrases in data/applicant_facts.yml (`true_when` / `false_when`), and a negation in the same clause turns a
`true_when` phrase into "no". A choice (organisation type, country, employer) counts as the applicant's own
only in a clause with one of its `stated_with` words ("vi er en kommune" does, "kan kommuner søge?" does not),
unless the assistant has just asked for exactly that fact. Amounts are costs or the sum applied for by the
words around them. Everything is data: new phrases need no code and no retraining.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from assistant import numbers
from assistant.catalogue import Catalogue
from assistant.facts import FactDef, FactValue, fold
from assistant.naming import COORDINATOR_WORDS
from assistant.understanding import CHOICE_ENTITIES, amount_role, choice_entities

NEGATORS = frozenset({"ikke", "inte", "ej", "icke", "not", "no", "never", "aldrig", "ingen", "inga", "intet",
                      "inget", "hverken", "varken", "uden", "utan", "without", "nope", "nej", "nothing",
                      "ingenting", "none", "won't", "wont", "cannot", "dont", "doesnt", "didnt", "havent",
                      "hasnt", "isnt", "arent", "cant", "wasnt", "werent", "aint"})
# Clause boundaries for the reach of a negation: punctuation and "but"/"and" between statements.
_CLAUSE_SPLIT = re.compile(r"[.;:!?\n]+|,|\s[-–—]\s|\b(?:men|but|og|och|and|samt|plus|mens|medan|while)\b")
_WORK_WORDS = ("arbejd", "ansat", "arbet", "jobb", "anstalld", "tjanst", "work", "employ", "halvtid", "deltid",
               "contract", "kontrakt", "position", "stilling", "anstallning", "ansaettelse", "ansattelse",
               "fuldtid", "heltid", "full time", "part time", "half time", "procent af", "procent av", "percent of",
               "stilling", "tjanstgor")
# "ups, jeg mener Region Hovedstaden": a known fact corrected, no "I work at" needed.
_CORRECTING = re.compile(r"\b(jeg mener|jag menar|i mean|jeg mente|jag menade|i meant|skrev forkert|skrev fel|"
                         r"wrote the wrong|typo|rettelse|rattelse|correction|tastefejl|skrivfel)\b")
_MAX_GAP = 2  # other words allowed between the words of a phrase


@dataclass(frozen=True)
class Clause:
    """A stretch of a message one negation reaches: its folded words."""

    words: tuple[str, ...]
    start: int  # character offset in the folded text
    end: int


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    folded = fold(text).replace("n't", " not").replace("nt ", "nt ")
    return tuple(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", folded))


def clauses(text: str) -> list[Clause]:
    """The message cut where a negation stops reaching."""
    folded = fold(text)
    out, last = [], 0
    for m in _CLAUSE_SPLIT.finditer(folded):
        piece = folded[last:m.start()]
        if piece.strip():
            out.append(Clause(_words(piece), last, m.start()))
        last = m.end()
    if folded[last:].strip():
        out.append(Clause(_words(folded[last:]), last, len(folded)))
    return out


_ENDINGS = ("", "e", "n", "en", "et", "s", "er", "ar", "na", "ne", "t", "de", "te", "ede", "ade", "ing")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for ending in sorted(_ENDINGS, key=len, reverse=True):
        if ending and word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


@lru_cache(maxsize=262144)
def word_is(word: str, part: str) -> bool:
    """A message word is a phrase word, an inflected form of it, or a compound ending in it (afdelingsledelse)."""
    if word == part:
        return True
    if len(part) < 4:
        return False  # "no" is not "not"
    if any(word == part + e for e in _ENDINGS if e):
        return True
    stem_word, stem_part = _stem(word), _stem(part)
    if len(stem_part) >= 4 and stem_word == stem_part:
        return True  # ledelse / ledelsen, godkendt / godkendte
    return len(stem_part) >= 5 and len(word) - len(stem_part) >= 3 and any(
        word.endswith(stem_part + e) for e in _ENDINGS)


def find_phrase(words: tuple[str, ...], phrase: tuple[str, ...]) -> int | None:
    """Index of the phrase's first word when its words appear in order with small gaps, else None."""
    if not phrase:
        return None
    for i, word in enumerate(words):
        if not word_is(word, phrase[0]):
            continue
        position, ok = i, True
        for part in phrase[1:]:
            window = words[position + 1:position + 2 + _MAX_GAP]
            hit = next((k for k, w in enumerate(window) if word_is(w, part)), None)
            if hit is None:
                ok = False
                break
            position = position + 1 + hit
        if ok:
            return i
    return None


def _negated(words: tuple[str, ...], at: int, phrase: tuple[str, ...]) -> bool:
    """A negation shortly before the phrase, or inside it ("har ikke startet", "not yet started"), beyond the
    phrase's own ("icke-ekonomisk verksamhet" is not negated by its "icke")."""
    before = words[max(0, at - 4):at]
    inside = words[at:at + len(phrase) + _MAX_GAP]
    own = sum(1 for w in phrase if w in NEGATORS)
    return sum(1 for w in (*before, *inside) if w in NEGATORS) > own


_LEADING_YES_NO = frozenset({"ja", "jo", "jep", "japp", "yes", "yeah", "yep", "nej", "nix", "no", "nope", "nah"})
_JOINERS = re.compile(r"\b(?:og|och|and|samt|plus|men|but|mens|medan|while)\b")


def yes_no_belongs_to(catalogue: Catalogue, text: str, stated: Mapping[str, FactValue]) -> str | None:
    """The fact a leading yes/no goes with when the words right after it state that fact ("No - we won't
    collect new data": the "no" is the statement's own, not an answer to whatever was asked); None otherwise
    ("nej, og vi har data" keeps its "nej" for the question)."""
    parts = clauses(text)
    if len(parts) < 2 or parts[0].words not in {(w,) for w in _LEADING_YES_NO}:
        return None
    folded = fold(text)
    between = folded[parts[0].end:parts[1].start]
    if _JOINERS.search(between) or (parts[1].words and _JOINERS.fullmatch(parts[1].words[0])):
        return None
    following = folded[parts[1].start:parts[1].end]
    for fact_id in stated:
        fact = catalogue.facts.facts.get(fact_id)
        if fact is not None and fact.type == "boolean" and boolean_value(fact, following) is not None:
            return fact_id
    return None


def boolean_value(fact: FactDef, text: str) -> bool | None:
    """Whether the text states a yes/no fact, and which way; None when it does not mention it."""
    for clause in clauses(text):
        best: tuple[int, bool, int, tuple[str, ...]] | None = None  # the longest phrase found; "not so" wins a tie
        for says, phrases in ((False, fact.false_when), (True, fact.true_when)):
            for phrase in phrases:
                words = _words(phrase)
                at = find_phrase(clause.words, words)
                if at is not None and (best is None or len(words) > best[0]):
                    best = (len(words), says, at, words)
        if best is not None:  # "Region Stockholm får äga resultatet" is more than "(vi vill) äga resultatet"
            _, says, found_at, found = best
            if not says:
                negations = sum(1 for w in found if w in NEGATORS)
                return negations == 0 and _negated(clause.words, found_at, found)  # "we won't collect data"
            return not _negated(clause.words, found_at, found)
    return None


# A period that ends an abbreviation, not a sentence ("ca. 120", "f.eks. en kommune", "450.000 kr. til").
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:ca|kr|fx|f\.eks|bl\.a|t\.ex|e\.g|i\.e|etc|nr|mio|mia|dvs|osv|mm|mv|jf|"
                           r"jfr|inkl|ekskl|exkl|resp|st|tkr|mnkr|mkr|vs|no|approx|incl|excl)\.$", re.IGNORECASE)


def sentence_at(text: str, position: int) -> str:
    """The sentence of a message around a position, as written."""
    return _sentence_text(text, position)[1]


def _sentence_text(text: str, start: int) -> tuple[str, str]:
    """The folded and the original text of the sentence around a position."""
    ends = (m.end() for m in re.finditer(r"[.!?]+(?=\s+[^\W\d_\"“»]|\s+[\"“»]|\s*$)|\n", text)
            if not _ABBREVIATION.search(text[:m.end()]))  # chat writers start sentences in lower case too
    bounds = [0, *ends, len(text)]
    for a, b in itertools.pairwise(bounds):
        if a <= start < b:
            return fold(text[a:b]), text[a:b]
    return fold(text), text


def _clause_text(text: str, start: int, end: int) -> tuple[str, str]:
    """The folded and the original text of the clause around a span."""
    folded = fold(text)
    for clause in clauses(text):
        if clause.start <= start < clause.end or (start <= clause.start < end):
            return folded[clause.start:clause.end], text[clause.start:clause.end]
    return folded, text


def _has_word(folded: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z0-9']){re.escape(fold(w))}(?![a-z0-9'])", folded) for w in words)


_LIKE_OURS = frozenset({("som", "vart"), ("som", "vores"), ("som", "vort"), ("som", "var"), ("like", "ours"),
                        ("such", "as", "ours"), ("som", "mit"), ("som", "mitt"), ("like", "mine")})
_NOT_SELF_BETWEEN = frozenset({"fran", "fra", "from", "till", "til", "to", "hos", "with", "med", "eller", "or",
                               "og", "och", "and", "about", "om",
                               # "får vi anlita ett konsultbolag?": whom we hire or use, not what we are
                               "anlita", "anlitar", "anlitade", "hyra", "hyr", "hyre", "hyrer", "hire", "hiring",
                               "engage", "bruge", "bruger", "anvande", "anvander", "use", "using", "kopa", "kober",
                               "kobe", "buy", "inddrage", "involvera", "involve", "samarbejde", "samarbeta",
                               "collaborate", "kontakte", "kontakta", "contact",
                               # "my manager doesn't read Danish": a language, not where we are
                               "read", "reads", "speak", "speaks", "write", "writes", "understand", "laese", "laeser",
                               "tale", "taler", "forsta", "forstar", "lasa", "laser", "tala", "talar", "skriva",
                               "skriver", "skrive"})


def _owned(fact: FactDef, text: str, start: int, end: int) -> bool:
    """A choice mention is the applicant's own when one of the fact's `stated_with` words comes shortly before
    it ("vi er en kommune", "our organisation is an AB"), with no "from/or" between ("pengar från Vinnova eller
    regionen" names a funder, not the applicant); an employer needs a work word anywhere in its clause."""
    folded, _original = _clause_text(text, start, end)
    if fact.id == "employer":
        return _has_word(folded, fact.stated_with)
    if _words(fold(text[start:end]))[:1] in (("egen",), ("eget",), ("own",)):
        return True  # "med egen firma", "my own company": an entity that says it is ours
    after = _words(fold(text[end:]))[:3]
    if tuple(after[:2]) in _LIKE_OURS or tuple(after[:3]) in _LIKE_OURS:
        return True  # "ett aktiebolag som vårt", "a company like ours"
    if fact.id == "organisation_type" and _named_coordinator(text, end):
        return True  # "det är Borås kommun som ska vara huvudsökande": the coordinator the criteria ask about
    before = _words(fold(text[:start]))[-8:]
    own = {fold(w) for w in fact.stated_with} | {"i"} if re.search(r"\bI\b", text[:start]) else \
        {fold(w) for w in fact.stated_with}
    for i in range(len(before) - 1, -1, -1):
        if before[i] == "var" and not re.search(r"\bvår\b", text[:start], re.IGNORECASE):
            continue  # Swedish "var" (was, where) folds like "vår" (our): "vad var maxbeloppet för kommuner?"
        if before[i] in own:
            return not (set(before[i + 1:]) & _NOT_SELF_BETWEEN)
    return False




def _named_coordinator(text: str, end: int) -> bool:
    """A statement naming the coordinator: a coordinator word a few words after a mention in its sentence,
    not negated and not asked ("det är Borås kommun som ska vara huvudsökande", "kommunen, der er
    hovedansøger"; not "kan kommunen være hovedansøger?")."""
    sentence, original = _sentence_text(text, end - 1)
    if original.rstrip().endswith("?"):
        return False
    words = _words(fold(text[end:]))[:6]
    for i, word in enumerate(words):
        pair = " ".join(words[i:i + 2])
        if word in COORDINATOR_WORDS or pair in COORDINATOR_WORDS:
            return not set(words[:i]) & NEGATORS and word in _words(sentence)
    return False


# An amount is the applicant's own (costs or the sum applied for) when its clause speaks of us or of costs.
_OWN_AMOUNT = ("vi", "jeg", "jag", "we", "i'm", "we're", "vores", "vor", "var", "vara", "vart", "our", "my", "min",
               "mit", "mitt", "mina", "mine", "os", "oss", "us", "koster", "kostar", "costs", "cost", "budget",
               "budgettet", "budgeten", "omkostninger", "omkostningerne", "kostnader", "kostnaderna", "udgifter",
               "utgifter", "expenses", "projektet", "the project", "our project", "man")


# Choices that narrow a broader one ("an AB with restricted dividends" is an SVB company, not just a company).
_SPECIFIC = frozenset({"svb_company", "social_enterprise", "cooperative", "municipal_company", "sole_trader"})


def _self_distance(fact: FactDef, text: str, start: int) -> int:
    """How many words before a mention the nearest of the fact's `stated_with` words is (99: none)."""
    before = _words(fold(text[:start]))
    own = {fold(w) for w in fact.stated_with}
    for distance, word in enumerate(reversed(before)):
        if word in own:
            return distance
    return 99


_PRIVATE = frozenset({"company", "sole_trader", "svb_company", "social_enterprise"})  # a private employer
_POSSESSIVE = frozenset({"vores", "vor", "our", "my", "min", "mit", "mitt", "mina", "mine",
                         "deres", "deras", "their", "its"})


def _about_other(fact: FactDef, text: str, start: int, end: int) -> bool:
    """The sentence says the applicant takes part as a partner ("we will be a project partner"), not that
    someone else is ("the consultancy is just our partner")."""
    folded, _ = _sentence_text(text, start)
    words = _words(folded)
    marks = {fold(w) for w in fact.unless_with if " " not in w}
    for i, word in enumerate(words):
        said_of_us = word in marks or any(word.endswith(m) and len(m) >= 6 for m in marks)
        if said_of_us and not set(words[max(0, i - 2):i]) & _POSSESSIVE:
            return True
    return any(" " in w and fold(w) in folded for w in fact.unless_with)


def _unnegated_choice(fact: FactDef, text: str) -> str | None:
    """The first choice of `fact` named in the text without a negation just before it."""
    for clause in clauses(text):
        for i in range(len(clause.words)):
            if any(w in NEGATORS for w in clause.words[max(0, i - 2):i]):
                continue
            for choice in fact.choices.values():
                for lang in ("da", "sv", "en"):
                    for word in choice.words.get(lang, ()):
                        phrase = _words(word)
                        if phrase and clause.words[i:i + len(phrase)] == phrase:
                            return choice.id
    return None


_QUOTED = re.compile(r"(?<!\w)(?:'[^'\n]{1,40}'|\"[^\"\n]{1,40}\"|‘[^’\n]{1,40}’|“[^”\n]{1,40}”|»[^«\n]{1,40}«|"
                     r"”[^”\n]{1,40}”)(?!\w)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short stretches in quotation marks: a word talked about ("what counts as a 'kommun'?"), not said of oneself
    (an apostrophe inside a word, as in "we're", opens no quotation)."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


_ASKING = re.compile(r"^\W*(?:(?:ok|okay|og|and|och|men|but|so|så|also|btw|tak|thanks|tack|hej|hi)\W+)?"
                     r"(hvad|hvem|hvor|hvornår|hvordan|hvilke|hvilken|hvorfor|vad|vem|när|hur|vilka|vilken|varför|"
                     r"what|who|where|when|how|which|why)\b", re.IGNORECASE)  # a wh-question asks about something
_MUST = re.compile(r"\b(have to|has to|must|need to|needs to|skal|skall|ska|måste|behöver|behøver|kræves|krävs|"
                   r"required|necessary|nødvendigt|nödvändigt)\b", re.IGNORECASE)  # ... and so does "must X?"
_THAT = re.compile(r"\b(that|at|att)\b", re.IGNORECASE)


def _without_questions(text: str) -> str:
    """The text with its questions about facts blanked out (same length): a clause ending in "?" that opens
    with a wh-word or asks whether something must be ("Does my manager have to approve the project?") does not
    state it; a yes/no question still presupposes ("Can I apply for a project we already started?"), and so
    do what comes before it ("Vi har startet, kan vi stadig søge?") and a that-clause ("is it ok that ...")."""
    out = text
    for m in re.finditer(r"[^.!?\n]*\?", text):
        starts = [m.start()] + [m.start() + p.end() for p in re.finditer(r"[,;:–—]|\s-\s", m.group())]
        for start in starts:
            piece = text[start:m.end()]
            if _ASKING.search(piece) or _MUST.search(piece):
                that = _THAT.search(piece)
                end = start + that.start() if that else m.end()
                out = out[:start] + " " * (end - start) + out[end:]
                break
    return out


def _owned_full_choice(fact: FactDef, text: str) -> str | None:
    """A choice of a fact read only when asked, said anyway in full ("lille virksomhed", not "lille") with
    one of its `stated_with` words shortly before it and no negation ("vi er en lille virksomhed")."""
    own = {fold(w) for w in fact.stated_with}
    for clause in clauses(text):
        for i in range(len(clause.words)):
            before = clause.words[max(0, i - 4):i]
            if any(w in NEGATORS for w in before[-2:]) or not own & set(before):
                continue
            for choice in fact.choices.values():
                for lang in ("da", "sv", "en"):
                    for word in choice.words.get(lang, ()):
                        phrase = _words(word)
                        if len(phrase) >= 2 and clause.words[i:i + len(phrase)] == phrase:
                            return choice.id
    return None


def _choice_negated(text: str, start: int) -> bool:
    """A negation just before a choice in its clause ("vi är inte ett aktiebolag", "not a municipal company")."""
    folded = fold(text)
    clause = next((c for c in clauses(text) if c.start <= start < c.end), None)
    if clause is None:
        return False
    before = _words(folded[clause.start:start])[-3:]
    return any(w in NEGATORS for w in before)


def _country_of_word(catalogue: Catalogue, fact_id: str, value: str, written: str) -> str | None:
    """"kommun"/"förening" are Swedish words, "kommune"/"forening" Danish: the word one uses for one's own
    organisation says where it is (shown as "Noted: country: ...", so it can be corrected)."""
    if fact_id != "organisation_type" or value in _PRIVATE:
        return None  # "konsulentfirma" is Danish, but a firm's country is not what a call asks of its coordinator
    choice = catalogue.facts.get(fact_id).choices.get(value)
    if choice is None:
        return None
    word = " ".join(written.lower().split())  # not folded: "förening" is Swedish, "forening" Danish
    languages = {lang for lang in ("da", "sv") if any(w == word for w in choice.words.get(lang, ()))}
    return {"sv": "SE", "da": "DK"}.get(languages.pop()) if len(languages) == 1 else None


def stated_facts(catalogue: Catalogue, text: str, asked: str | None = None,
                 known: Mapping[str, FactValue] | None = None) -> dict[str, FactValue]:
    """Every applicant fact the text states; `asked` is the fact the assistant has just asked for.

    `known` are the facts already stated: an amount with no word saying what it is ("sorry, I meant
    300 000") corrects the amount stated before.
    """
    facts: dict[str, FactValue] = {}
    implied_country: str | None = None
    declarative = _without_questions(text)  # "does my manager have to approve the project?" states nothing
    # no question at all; "vi vill forska fram nya metoder – passar det?" states what comes before the dash
    statements = re.sub(r"[^.!?\n–—]*\?", lambda m: " " * len(m.group()), text)
    for fact in catalogue.facts.facts.values():
        correcting = fact.id in (known or {})  # a fact read only when asked can still be corrected once known
        if fact.type == "boolean" and (not fact.only_when_asked or fact.id == asked or correcting):
            said = statements if fact.not_in_questions else declarative
            value = boolean_value(fact, text if fact.id == asked else said)
            if value is not None:
                facts[fact.id] = value
        elif fact.type == "choice" and fact.only_when_asked and correcting and fact.id != asked:
            choice = _unnegated_choice(fact, text)  # "undskyld, vi er mellemstor, ikke lille"
            if choice is not None:
                facts[fact.id] = choice
        elif fact.type == "choice" and fact.only_when_asked and fact.stated_with and fact.id != asked:
            choice = _owned_full_choice(fact, text)  # "vi er en lille virksomhed", not "kan små virksomheder ...?"
            if choice is not None:
                facts[fact.id] = choice
    best: dict[str, tuple[int, int, int]] = {}  # fact -> (specificity, distance to the self-word, -length)
    quoted = _quoted_spans(text)
    entities = [e for e in choice_entities(catalogue, text)
                if e.entity in CHOICE_ENTITIES and isinstance(e.value, str) and e.entity in catalogue.facts.facts
                and not any(a <= e.start and e.end <= b for a, b in quoted)]  # "does a region count as a 'kommun'?"
    owned_sentences = {(e.entity, _sentence_text(text, e.start)[0]) for e in entities
                       if _owned(catalogue.facts.get(e.entity), text, e.start, e.end)}
    for entity in entities:
        fact = catalogue.facts.get(entity.entity)
        coordinator = fact.id == "organisation_type" and _named_coordinator(text, entity.end)
        if fact.id != asked and fact.unless_with and not coordinator \
                and _about_other(fact, text, entity.start, entity.end):
            continue  # "we will be a project partner": not the coordinator the criteria ask about
        if _choice_negated(text, entity.start):
            continue  # "inte i något kommunalt bolag" says what we are not
        if fact.id == "country" and fact.id != asked and _COUNTRY_OF_A_FUND.match(fold(text[entity.end:])):
            continue  # "pengar från danska regionens AI-pulje": whose fund, not where we are
        sentence = _sentence_text(text, entity.start)[0]
        corrected = fact.id in (known or {}) and bool(_CORRECTING.search(fold(text)))  # "jeg mener Region H"
        if fact.id == asked or not fact.stated_with or (fact.id, sentence) in owned_sentences or corrected:
            rank = (0 if entity.value in _SPECIFIC else 1, _self_distance(fact, text, entity.start), -len(entity.text))
            if fact.id not in best or rank < best[fact.id]:  # "we are Region Skåne ... for kommuner": the nearer
                facts[fact.id] = entity.value                # "an AB ... (SVB)": the more specific
                best[fact.id] = rank
                if fact.id == "organisation_type":
                    implied_country = _country_of_word(catalogue, fact.id, str(entity.value), entity.text)
    country = _country_of_named_municipality(text) or implied_country
    if country and "country" not in facts and "country" in catalogue.facts.facts:
        facts["country"] = country
    employer = catalogue.facts.facts.get("employer")
    organisation = facts.get("organisation_type")
    works_there = organisation in _PRIVATE or (employer is not None and _has_word(fold(text), employer.stated_with))
    if employer is not None and "employer" not in facts and organisation not in (None, "region") \
            and "other" in employer.choices and works_there:
        private = organisation in _PRIVATE and "private_employer" in employer.choices
        facts["employer"] = "private_employer" if private else "other"  # "I work at a private company"
    if facts.get("employer") == "university" and "organisation_type" not in facts and _has_word(
            fold(text), _AS_COORDINATOR) and "university" in catalogue.facts.get("organisation_type").choices:
        facts["organisation_type"] = "university"  # "jag forskar på KTH och vill söka som huvudsökande"
    facts.update(_number_facts(text, asked, known or {}, employer.stated_with if employer else ()))
    return facts


# A country word right before a fund, call or region describes that, not the applicant.
_COUNTRY_OF_A_FUND = re.compile(r"\s*(?:regionens|regionernes|regions|pulje|puljen|puljens|potten|pott|fond|"
                                r"fonden|fondens|programmet|programmets|program|utlysningen|udlysningen|opslaget|"
                                r"call|fund|pool|programme|program|scheme|grant)\b")


_AS_COORDINATOR = ("huvudsökande", "huvudsokande", "hovedansøger", "hovedansoger", "koordinator", "coordinator",
                   "lead applicant", "main applicant")


# "Gävle kommun" / "Lunds kommun" is Swedish, "Aarhus Kommune" Danish: the name's own word tells the country.
_NAMED_MUNICIPALITY = re.compile(r"\b[A-ZÆØÅÄÖ][\wæøåäö-]+\s+([Kk]ommune|[Kk]ommun)\b")


def _country_of_named_municipality(text: str) -> str | None:
    kinds = {m.group(1).lower() for m in _NAMED_MUNICIPALITY.finditer(text)}
    if kinds == {"kommun"}:
        return "SE"
    if kinds == {"kommune"}:
        return "DK"
    return None


def _number_facts(text: str, asked: str | None, known: Mapping[str, FactValue],
                  work_words: tuple[str, ...] = ()) -> dict[str, FactValue]:
    """Amounts, percentages and durations the applicant states; `work_words` (a job, a ward) make a bare
    percentage in the same sentence the share of full time ("sjuksköterska på Södersjukhuset, 80 %")."""
    facts: dict[str, FactValue] = {}
    folded = fold(text)
    for found in numbers.find_amounts(text):
        if re.search(r"euro|\beur\b|€", fold(text[found.start:found.end + 8])):
            continue  # a de minimis sum in euro is not the project's costs in kroner
        role = asked if asked in ("eligible_costs", "requested_amount", "company_party_costs") else None
        sentence, original = _sentence_text(text, found.start)
        own = _has_word(sentence, _OWN_AMOUNT) or re.search(r"\bI\b", original) is not None
        if role is None and not own:
            continue  # "the 2 million" of a programme is not the applicant's budget
        if role is None:
            role = amount_role(text, found.start)
            said = any(w in fold(text[max(0, found.start - 40):found.end + 40]) for w in _AMOUNT_WORDS)
            if not said and "requested_amount" in known and "eligible_costs" not in known:
                role = "requested_amount"  # a bare correction of the sum applied for
        facts.setdefault(role, int(found.value))
    for found in numbers.find_percentages(text):
        correction = "employment_share" in known and not any(w in folded for w in _SHARE_OF_COSTS_WORDS)
        at_work = any(w in folded for w in _WORK_WORDS) or (
            not any(w in folded for w in _SHARE_OF_COSTS_WORDS)
            and _has_word(_sentence_text(text, found.start)[0], work_words))
        if 0 <= found.value <= 100 and (asked == "employment_share" or correction or at_work):
            facts.setdefault("employment_share", found.value)
    for found in numbers.find_durations(text):
        sentence, _ = _sentence_text(text, found.start)
        if found.value > 0 and (asked == "duration_months" or _has_word(sentence, _DURATION_WORDS)
                                or _names_a_project(fold(text[:found.start]), fold(text[found.end:]))):
            facts.setdefault("duration_months", found.value)
    return facts


# Words that make a percentage a share of costs, not of one's working time ("Vinnova täcker 90 %").
_SHARE_OF_COSTS_WORDS = ("kostnad", "omkostning", "udgift", "utgift", "cost", "expense", "andel", "share", "cover",
                         "tack", "daekke", "dække", "finansier", "bidrag", "tilskud", "grant", "stod", "stotte",
                         "egen", "own")
# Words that say an amount is costs or the sum applied for; without them a bare amount corrects the last one.
_AMOUNT_WORDS = ("omkostning", "udgift", "budget", "kostnad", "utgift", "cost", "expense", "koster", "kostar",
                 "total", "soge", "søge", "soka", "söka", "ansog", "ansök", "apply", "request", "ask for", "want",
                 "vil have", "vill ha", "onsk", "önsk", "need", "behov", "behöv")
# Words that make a duration the project's length ("projektet varer 18 måneder", not "ti års data").
_DURATION_WORDS = ("vare", "varer", "varighed", "pågå", "pågår", "løbe", "løber", "løbetid", "last", "lasts",
                   "lasting", "run", "runs", "running", "duration", "take", "takes", "tage", "tager", "ta", "tar",
                   "længde", "längd", "length", "long", "lang", "lange", "länge", "projektperiode", "projektperiod",
                   "project period", "plan", "planned", "planlagt", "planerad", "planerat", "planeras", "planeret",
                   "beregnet", "beraknat", "estimated", "expected", "forventet", "forvantat")


# "an 18 month project", "ett 18 månaders projekt", "et projekt på 18 måneder": the length of a project
_PROJECT_AFTER = re.compile(r"^\W{0,3}(?:long\W+|lang\W+|langt\W+|langa\W+)?"
                            r"(?:ai\W?|pilot\W?|udviklings|utvecklings|kommun)?(?:projekt|project|pilot)")
_PROJECT_BEFORE = re.compile(r"(?:projekt|project|pilot)\w*\W+(?:pa|paa|of|over|om|i|for|on|som varer|that lasts)"
                             r"(?:\W+(?:ca\.?|cirka|about|around|omkring|ungefar))?\W*$")


def _names_a_project(before: str, after: str) -> bool:
    """A duration written as the length of a project, with no verb such as "lasts" ("an 18 month project")."""
    return bool(_PROJECT_AFTER.search(after) or _PROJECT_BEFORE.search(before))


def changed(before: Mapping[str, FactValue], after: Mapping[str, FactValue]) -> dict[str, FactValue]:
    """The facts whose value is new or different."""
    return {k: v for k, v in after.items() if before.get(k) != v}
