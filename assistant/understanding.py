"""Deterministic reading of a chat message: programme names, organisation types, money, shares, durations.

Plain Python over the catalogue, so a new programme alias or organisation word in YAML is understood at once,
without retraining. The NLU component and the actions both use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant import numbers
from assistant.catalogue import Catalogue, Criterion
from assistant.facts import FactDef, FactValue, fold, match_choice, parse_boolean, parse_value
from assistant.localized import LANGUAGES

# Entities whose value is a choice of an applicant fact, read from data/applicant_facts.yml words.
CHOICE_ENTITIES = ("organisation_type", "country", "employer")
NUMBER_ENTITIES = ("amount", "percentage", "duration")

# Words that tell which amount a message means (costs vs. the sum applied for).
_COST_WORDS = ("omkostning", "udgift", "budget", "kostnad", "utgift", "cost", "expense", "koster", "kostar", "total")
_WORK_WORDS = ("arbejd", "ansat", "arbet", "jobb", "anstalld", "anställd", "tjänst", "work", "employ", "tid", "time")
_REQUEST_WORDS = ("søge", "soge", "søger", "soger", "ansøge", "ansoge", "söka", "soka", "söker", "soker", "ansöka",
                  "ansoka", "apply", "request", "ask for", "ask ", "asking", "seek", "beder om", "bede om", "be om",
                  "ber om", "bevilling", "bidrag", "tilskud", "grant", "sökt", "sokt",
                  "want", "would like", "'d like", "like", "vil have", "vil gerne have", "ønsker", "onsker", "vill ha",
                  "önskar", "onskar", "need", "brug for", "behov for", "behöver", "behover", "få ", "get ", "receive")


@dataclass(frozen=True)
class Entity:
    """One entity found in a text, in Rasa's entity shape."""

    entity: str
    value: FactValue
    start: int
    end: int
    text: str

    def as_rasa(self, extractor: str) -> dict[str, object]:
        """The dict Rasa puts in `entities`."""
        return {"entity": self.entity, "value": self.value, "start": self.start, "end": self.end,
                "confidence_entity": 1.0, "extractor": extractor}


def fold_keep_length(text: str) -> str:
    """Lower-case without accents, one character per character (æ->a, ø->o, å/ä->a, ö->o), so spans stay valid."""
    out = []
    for ch in text.lower():
        folded = fold(ch) if ch.strip() else " "
        out.append(folded[:1] if folded else ch)
    return "".join(out)


def _normalise_phrase(phrase: str) -> str:
    return " ".join(fold_keep_length(phrase).split())


@dataclass(frozen=True)
class PhraseMatcher:
    """Every phrase of one kind of entity in one compiled pattern: longest first, whole words, genitive -s.

    Built once per catalogue; a message is folded once and scanned once per kind (it used to be folded and
    scanned once per phrase, which cost ~40 ms a message).
    """

    entity: str
    values: dict[str, str]  # normalised phrase -> value
    pattern: re.Pattern[str]

    @classmethod
    def build(cls, entity: str, phrases: Mapping[str, str]) -> PhraseMatcher:
        values = {_normalise_phrase(p): v for p, v in phrases.items() if p.strip()}
        ordered = sorted(values, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in ordered) or "(?!)"
        return cls(entity, values, re.compile(rf"(?<![\w])(?:{alternatives})s?(?![\w-])"))

    def find(self, text: str, folded: str) -> list[Entity]:
        found = []
        for m in self.pattern.finditer(folded):
            phrase = " ".join(m.group().split())
            value = self.values.get(phrase) or self.values.get(phrase[:-1])  # genitive -s
            if value is not None:
                found.append(Entity(self.entity, value, m.start(), m.end(), text[m.start():m.end()]))
        return found


# Proper names that contain a country word but are not about where the applicant is.
_NOT_A_COUNTRY = ("ai sweden",)


_MATCHERS: dict[int, tuple[Catalogue, PhraseMatcher, tuple[PhraseMatcher, ...]]] = {}


def _matchers(catalogue: Catalogue) -> tuple[PhraseMatcher, tuple[PhraseMatcher, ...]]:
    """The programme matcher and one matcher per choice entity, built once per catalogue."""
    cached = _MATCHERS.get(id(catalogue))
    if cached is not None and cached[0] is catalogue:
        return cached[1], cached[2]
    built = _build_matchers(catalogue)
    _MATCHERS[id(catalogue)] = (catalogue, *built)
    return built


def _build_matchers(catalogue: Catalogue) -> tuple[PhraseMatcher, tuple[PhraseMatcher, ...]]:
    programme_phrases: dict[str, str] = {}
    for programme in catalogue.programmes.values():
        names = (*programme.aliases, *programme.cues.likely, *(programme.short_name.get(lang) for lang in LANGUAGES))
        for name in names:
            programme_phrases.setdefault(name, programme.id)
    choices = []
    for entity in CHOICE_ENTITIES:
        fact = catalogue.facts.facts.get(entity)
        if fact is None or fact.only_when_asked:
            continue
        phrases = {w: choice.id for choice in fact.choices.values() for lang in LANGUAGES
                   for w in choice.words.get(lang, ())}
        choices.append(PhraseMatcher.build(entity, phrases))
    return PhraseMatcher.build("programme", programme_phrases), tuple(choices)


def programme_entities(catalogue: Catalogue, text: str) -> list[Entity]:
    """Programme names and colloquial aliases ("AI-puljen", "innovationsfonden") mapped to programme ids."""
    return _matchers(catalogue)[0].find(text, fold_keep_length(text))


def choice_entities(catalogue: Catalogue, text: str) -> list[Entity]:
    """Organisation types, countries and employers from the words in data/applicant_facts.yml."""
    folded = fold_keep_length(text)
    for name in _NOT_A_COUNTRY:
        folded = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda m: " " * len(m.group()), folded)
    found: list[Entity] = []
    for matcher in _matchers(catalogue)[1]:  # one kind may overlap another: "Region Skåne" is an employer and a region
        found += _non_overlapping(matcher.find(text, folded))
    return sorted(found, key=lambda e: e.start)


def _non_overlapping(found: list[Entity]) -> list[Entity]:
    """Longest match first; drop anything overlapping an already kept span."""
    kept: list[Entity] = []
    for ent in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if all(ent.end <= k.start or ent.start >= k.end for k in kept):
            kept.append(ent)
    return sorted(kept, key=lambda e: e.start)


def number_entities(text: str) -> list[Entity]:
    """Amounts, percentages and durations with their numeric values."""
    found = [Entity("amount", int(f.value), f.start, f.end, f.text) for f in numbers.find_amounts(text)]
    found += [Entity("percentage", f.value, f.start, f.end, f.text) for f in numbers.find_percentages(text)]
    found += [Entity("duration", f.value, f.start, f.end, f.text) for f in numbers.find_durations(text)]
    return _non_overlapping(found)


def find_entities(catalogue: Catalogue, text: str) -> list[Entity]:
    """Every deterministic entity in a message."""
    programmes = programme_entities(catalogue, text)
    taken = [(e.start, e.end) for e in programmes]
    choices = [e for e in choice_entities(catalogue, text) if all(e.end <= s or e.start >= t for s, t in taken)]
    return sorted(programmes + choices + number_entities(text), key=lambda e: e.start)


def amount_role(text: str, start: int) -> str:
    """Whether an amount is the project's costs or the sum applied for, from the nearest word that says so."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for words, role in ((_COST_WORDS, "eligible_costs"), (_REQUEST_WORDS, "requested_amount")):
        for word in words:
            for m in re.finditer(re.escape(fold(word)), folded):
                distance = start - m.end() if m.end() <= start else (m.start() - start) * 2  # words before weigh more
                if distance <= 60 and (best is None or distance < best[0]):
                    best = (distance, role)
    return best[1] if best else "eligible_costs"


def facts_in_entities(entities: Sequence[Mapping[str, object]], text: str) -> dict[str, FactValue]:
    """Applicant facts a message states on its own (outside a question), from its entities."""
    facts: dict[str, FactValue] = {}
    for ent in entities:
        name, value = str(ent.get("entity")), ent.get("value")
        if name in CHOICE_ENTITIES and isinstance(value, str):
            facts[name] = value
        elif name == "amount" and isinstance(value, int | float) and not isinstance(value, bool):
            start = ent.get("start")
            facts[amount_role(text, start if isinstance(start, int) else 0)] = int(value)
        elif name == "percentage" and isinstance(value, int | float) and 0 <= value <= 100:
            if any(w in fold(text) for w in map(fold, _WORK_WORDS)):
                facts["employment_share"] = value
        elif name == "duration" and isinstance(value, int | float) and value > 0:
            facts["duration_months"] = value
    return facts


# "Nej, inget mer. Tack för hjälpen!" ends the conversation; its "nej" answers "anything else?", not the question.
_CLOSING = re.compile(r"\b(?:inget mer|inget annat|ingenting mer|intet mere|ikke mere|ikke andet|ikke noget mere|"
                      r"nothing (?:else|more)|that'?s all|that is all|det var (?:allt|alt)|det var det|"
                      r"inga fler fr[a]gor|ikke flere sporgsmal|no more questions|"
                      r"tack for hjalpen|tak for hjalpen|thanks? (?:you )?for (?:the|your) help)\b")


def answer_to(criterion: Criterion, fact: FactDef, text: str, intent: str | None,
              entities: Sequence[Mapping[str, object]]) -> FactValue | None:
    """The value an answer gives to the question of `criterion`, or None when it does not answer it.

    Buttons and entities come first; then the text is parsed for the fact's type. For a yes/no question
    about a choice ("Are you employed by Region Hovedstaden?"), yes means the criterion's value and no means
    "other".
    """
    for ent in entities:
        if ent.get("entity") == fact.id and ent.get("value") is not None:
            value = parse_value(fact, ent.get("value"))
            if value is not None:
                return value
    if fact.type in ("amount", "percent", "months"):
        wanted = {"amount": "amount", "percent": "percentage", "months": "duration"}[fact.type]
        for ent in entities:
            if ent.get("entity") == wanted and isinstance(ent.get("value"), int | float):
                return parse_value(fact, ent.get("value"))
        return parse_value(fact, text)
    if _CLOSING.search(fold(text)):
        return None
    words = re.findall(r"[\w']+", text)
    if fact.type == "boolean":
        if len(words) <= 4:  # "ja", "nej tak", "yes we have"
            if intent == "affirm":
                return True
            if intent == "deny":
                return False
            return parse_boolean(text)
        return parse_boolean(words[0])  # "Nej, ..." / "Yes - ...": a longer answer is read by its facts

    choice = match_choice(fact, text)
    if choice is not None:
        return choice
    short = len(re.findall(r"\w+", text)) <= 4  # "nej", "ja, det er jeg": not "vi har inte startat än, ..."
    yes_no = True if intent == "affirm" else False if intent == "deny" else parse_boolean(text) if short else None
    two_way = criterion.operator == "equals" or (isinstance(criterion.value, tuple) and len(criterion.value) <= 2)
    if yes_no is None or not two_way:
        return None
    expected = criterion.value[0] if isinstance(criterion.value, tuple) else criterion.value
    if yes_no:
        return str(expected)
    return "other" if "other" in fact.choices else None
