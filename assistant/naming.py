"""Which programme a message means, the way people name programmes: by name, owner, year or description.

Each programme file lists its `aliases` (enough on their own) and `cues` (its owners, and hints such as the
year, the subject or the kind of fund) in any of the three languages. A message is read as folded words;
small typos, missing æ/ø/å/ä/ö and inflected forms ("puljen", "fondens") still match. Cues add up:

- an alias, or an owner that only one programme has, identifies a programme at once (weight 3);
- an owner shared by several programmes weighs 2, and so does a `likely` name ("AI-puljen"); each hint 1;
- the programme with the highest score is meant when it reaches 2 and leads the next by at least 1;
  when nothing identified it, the other programmes hinted at are its `alternatives` (the caller says which
  one it took and names them, so "regionens pulje" is answered and can be corrected);
  programmes tied at the top are all candidates (the caller asks which one, or prefers a call).

Names of programmes the catalogue does not cover (data/other_programmes.yml) are recognised too, so the
assistant can say it does not know them instead of answering with another programme's facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import config
from assistant.catalogue import Catalogue
from assistant.facts import fold
from assistant.localized import LANGUAGES

IDENTIFIES = 3
SHARED_OWNER = 2
LIKELY = 2  # a name most people mean one programme by, though it fits others too ("AI-puljen")
HINT = 1
ENOUGH = 2


@dataclass(frozen=True)
class Token:
    """One folded word of a message and where it is in the original text."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The message's words, folded (lower case, no accents), with their character spans."""
    out = []
    for m in re.finditer(r"[^\W_]+", text):
        folded = re.sub(r"[^a-z0-9]", "", fold(m.group()))
        if folded:
            out.append(Token(folded, m.start(), m.end()))
    return out


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(phrase))


def _distance_at_most_one(a: str, b: str) -> bool:
    """Levenshtein distance <= 1 (one letter added, dropped, changed, or two neighbours swapped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


# Endings of inflected and genitive forms: puljen, fondens, utlysningen, programmet, Vinnovas.
_ENDINGS = ("", "s", "n", "en", "et", "ens", "ets", "e", "er", "erne", "ernes", "ar", "arna", "na", "t", "ns")


def word_matches(word: str, cue: str) -> bool:
    """Whether a message word is the cue word, an inflected form of it, or it with one small typo."""
    if word == cue:
        return True
    if len(cue) <= 3 or cue.isdigit():
        return word in (cue + "s", cue + "n", cue + "en") if len(cue) >= 3 and not cue.isdigit() else False
    for ending in _ENDINGS:
        if ending and word.endswith(ending) and word[:-len(ending)] == cue:
            return True
    if len(cue) >= 5 and len(word) >= 4:
        stem = next((word[:-len(e)] for e in _ENDINGS if e and word.endswith(e) and len(word) - len(e) >= 5), word)
        if _distance_at_most_one(word, cue) or _distance_at_most_one(stem, cue):
            return True
        if len(cue) >= 12 and len(word) - len(cue) >= 4 and word.startswith(cue):
            return True  # the first part of a compound: "innovationsfondsprojekt", "kraftsamlingsmidler"
        return len(cue) >= 10 and (_distance(word, cue) <= 2 or _distance(stem, cue) <= 2)  # innovasjonsfonden
    return False


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (only called for long words that are nearly alike)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def find_phrase(words: Sequence[Token], phrase: Sequence[str],
                matching: Sequence[frozenset[str]] | None = None) -> list[tuple[int, int]]:
    """Every place (first, last token index) where the phrase's words follow each other in the message.

    `matching[i]`, when given, is the set of cue words that message word i matches (computed once per word).
    """
    spans: list[tuple[int, int]] = []
    n = len(phrase)
    if not n:
        return spans
    for i in range(len(words) - n + 1):
        if matching is not None:
            hit = all(phrase[k] in matching[i + k] for k in range(n))
        else:
            hit = all(word_matches(words[i + k].text, phrase[k]) for k in range(n))
        if hit:
            spans.append((i, i + n - 1))
    if n > 1:  # "aipuljen", "regionh": the phrase written as one word
        joined = "".join(phrase)
        if len(joined) >= 5:
            forms = {joined + e for e in _ENDINGS}
            spans += [(i, i) for i, w in enumerate(words) if w.text in forms]
    return spans


@dataclass(frozen=True)
class Cue:
    """A phrase that points at one programme, and how much it weighs."""

    programme: str
    words: tuple[str, ...]
    weight: int
    title: bool = False  # one of the programme's own names (not its owner, not a hint)


@dataclass(frozen=True)
class Mention:
    """A programme the message points at, its score, and the characters that named it."""

    programme: str
    score: int
    spans: tuple[tuple[int, int], ...]
    name_spans: tuple[tuple[int, int], ...] = ()  # the spans of names and owners only (not hints)
    title_spans: tuple[tuple[int, int], ...] = ()  # the spans of the programme's own names only


@dataclass(frozen=True)
class Naming:
    """What a message says about programmes: the one it means, candidates when unclear, unknown names."""

    meant: str | None
    candidates: tuple[str, ...]
    mentions: tuple[Mention, ...]
    unknown: str | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Character spans of every programme cue found (they do not describe the applicant)."""
        return tuple(s for m in self.mentions for s in m.spans)

    @property
    def name_spans(self) -> tuple[tuple[int, int], ...]:
        """Character spans of programme names and owners (hints such as "2020" or "kommuner" left out)."""
        return tuple(s for m in self.mentions for s in m.name_spans)

    @property
    def title_spans(self) -> tuple[tuple[int, int], ...]:
        """Character spans of programme names proper ("Starta er AI-resa": its "Starta" is not "started")."""
        return tuple(s for m in self.mentions for s in m.title_spans)

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Other programmes a programme meant without an identifying name could be ("regionens pulje")."""
        own = next((m for m in self.mentions if m.programme == self.meant), None)
        if own is None or own.score >= IDENTIFIES:
            return ()
        return tuple(m.programme for m in self.mentions if m.programme != self.meant and m.score >= HINT)

    @property
    def named(self) -> bool:
        """The message points at some programme, known or not."""
        return bool(self.meant or self.candidates or self.unknown)


def _cues(catalogue: Catalogue) -> list[Cue]:
    owners: dict[tuple[str, ...], set[str]] = {}
    for programme in catalogue.programmes.values():
        for phrase in programme.cues.owner:
            owners.setdefault(_phrase_tokens(phrase), set()).add(programme.id)
    cues: list[Cue] = []
    for programme in catalogue.programmes.values():
        names = {*programme.aliases, *(programme.short_name.get(lang) for lang in LANGUAGES),
                 *(programme.name.get(lang) for lang in LANGUAGES)}
        cues += [Cue(programme.id, _phrase_tokens(n), IDENTIFIES, True)  # sorted: the same order in every process
                 for n in sorted(n for n in names if n) if _phrase_tokens(n)]
        for phrase in programme.cues.owner:
            words = _phrase_tokens(phrase)
            cues.append(Cue(programme.id, words, IDENTIFIES if len(owners[words]) == 1 else SHARED_OWNER))
        cues += [Cue(programme.id, _phrase_tokens(n), LIKELY) for n in programme.cues.likely if _phrase_tokens(n)]
        cues += [Cue(programme.id, _phrase_tokens(h), HINT) for h in programme.cues.hints if _phrase_tokens(h)]
    return cues


class _CueIndex:
    """The catalogue's cues and, per message word, the cue words it matches (each word worked out once)."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self.vocabulary = sorted({w for cue in cues for w in cue.words})
        self._known: dict[str, frozenset[str]] = {}

    def matching(self, word: str) -> frozenset[str]:
        """Cue words this message word is, inflects, or misspells by one letter."""
        found = self._known.get(word)
        if found is None:
            found = frozenset(c for c in self.vocabulary
                              if (abs(len(word) - len(c)) <= 5 or (len(c) >= 12 and word.startswith(c)))
                              and (word[:1] == c[:1] or word[1:2] == c[1:2])
                              and word_matches(word, c))
            if len(self._known) > 20000:
                self._known.clear()
            self._known[word] = found
        return found


_CUES: dict[int, tuple[Catalogue, _CueIndex]] = {}


def _cue_index(catalogue: Catalogue) -> _CueIndex:
    cached = _CUES.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, _CueIndex(_cues(catalogue)))
        _CUES[id(catalogue)] = cached
    return cached[1]


def _cached_cues(catalogue: Catalogue) -> list[Cue]:
    return _cue_index(catalogue).cues


@lru_cache(maxsize=4)
def _other_entries(path: str | None = None) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """data/other_programmes.yml, read once: each entry's names (the first is shown) and whether it is an
    organisation too."""
    file = Path(path) if path else config.data_dir() / "other_programmes.yml"
    if not file.is_file():
        return ()
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return tuple((tuple(str(n) for n in entry.get("names") or []), bool(entry.get("organisation")))
                 for entry in data.get("programmes") or [])


@lru_cache(maxsize=4)
def other_programmes(path: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Programmes and funders we know exist but do not cover: (display name, folded words)."""
    return tuple((names[0], _phrase_tokens(name)) for names, _ in _other_entries(path) for name in names)


@lru_cache(maxsize=4)
def organisations(path: str | None = None) -> frozenset[str]:
    """The display names of data/other_programmes.yml entries that are organisations (regions) too."""
    return frozenset(names[0] for names, organisation in _other_entries(path) if names and organisation)


# The role of the party that leads a project: a region named with it is a would-be applicant, not a fund
# ("for the Vinnova one, could Region Uppsala be the coordinator?").
COORDINATOR_WORDS = frozenset({"koordinator", "koordinatoren", "koordinatorn", "coordinator", "hovedansoger",
                               "hovedansogeren", "huvudsokande", "huvudsokanden", "lead applicant",
                               "main applicant"})


# Words after which a name is where someone works or what they are, not a programme they ask about
# ("jeg er ansat i Region Sjælland", "vi är Region Skåne").
_NOT_ASKED_AFTER = frozenset({"ansat", "ansatt", "anstalld", "arbejder", "arbetar", "jobber", "jobbar", "work",
                              "works", "working", "employed", "employee", "medarbejder", "medarbetare"})
_CITED_BY = frozenset({"ifolge", "enligt", "according", "iflg", "jf", "jfr"})
_SELF = frozenset({("vi", "er"), ("vi", "ar"), ("we", "are"), ("jeg", "er"), ("jag", "ar"), ("i", "am"),
                   ("we", "re"), ("i", "m")})


# Words that, between "vi er" and a name, make the name something other than what we are ("vi er med i").
_NOT_SELF_VERBS = frozenset({"soge", "soger", "soka", "soker", "ansoge", "ansoka", "apply", "applying", "med", "i",
                             "in", "fra", "fran", "from", "til", "till", "to", "om", "about", "interesseret",
                             "intresserade", "interested"})


def _describes_self(words: Sequence[Token], first: int) -> bool:
    """An owner named in a description of ourselves ("vi er en dansk region (Region Hovedstaden)", "we are
    Region Stockholm"), not as a fund: "vi er"/"we are" a few words before it, with no apply-word between and
    not in the genitive ("vi er interesseret i Region Hovedstadens pulje" asks about the pool)."""
    before = [w.text for w in words[max(0, first - 6):first]]
    for i in range(len(before) - 1):
        if (before[i], before[i + 1]) in _SELF:
            return not set(before[i + 2:]) & _NOT_SELF_VERBS
    return False


def _strict_phrase(words: Sequence[Token], phrase: Sequence[str]) -> list[tuple[int, int]]:
    """Where a phrase occurs word for word (inflected endings allowed, no typos): for names we do not know."""
    n = len(phrase)
    spans = []
    for i in range(len(words) - n + 1):
        if all(words[i + k].text == phrase[k] or any(words[i + k].text == phrase[k] + e for e in _ENDINGS if e)
               for k in range(n)):
            spans.append((i, i + n - 1))
    return spans


def _unknown_name(words: Sequence[Token], text: str, taken: Iterable[tuple[int, int]]) -> str | None:
    taken_chars = [(s, e) for s, e in taken]
    present = {w.text for w in words}
    for display, phrase in sorted(other_programmes(), key=lambda item: -len(item[1])):
        if not any(phrase[0] + e in present for e in _ENDINGS):
            continue
        for first, last in _strict_phrase(words, phrase):
            start, end = words[first].start, words[last].end
            before = [w.text for w in words[max(0, first - 3):first]]
            if set(before) & _NOT_ASKED_AFTER or tuple(before[-2:]) in _SELF:
                continue
            after = words[last + 1].text if last + 1 < len(words) else ""
            if set(before[-2:]) & _CITED_BY or after.startswith(("rapport", "report")):
                continue  # "ifølge DIGG", "DIGG-rapporten": a source a programme's text cites, not a fund
            if not any(s <= start and end <= e for s, e in taken_chars):
                return display  # a longer unknown name wins over a known name inside it ("Danmarks Innovationsfond")
    return None


Span = tuple[int, int]


def _score(found: list[tuple[int, Span, bool]]) -> tuple[int, tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]:
    """Sum of weights of non-overlapping cue matches, heaviest first ("AI" inside "AI-puljen" adds nothing)."""
    kept: list[Span] = []
    names: list[Span] = []
    titles: list[Span] = []
    score = 0
    for weight, (start, end), title in sorted(found, key=lambda f: (-f[0], -(f[1][1] - f[1][0]), not f[2])):
        if all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
            score += weight
            if weight > HINT:
                names.append((start, end))
            if title:
                titles.append((start, end))
    return score, tuple(sorted(kept)), tuple(sorted(names)), tuple(sorted(titles))


_RESOLVED: dict[tuple[int, str], Naming] = {}


def resolve(catalogue: Catalogue, text: str) -> Naming:
    """The programme a message means (if one clearly), the candidates, and any unknown programme it names."""
    key = (id(catalogue), text)
    cached = _RESOLVED.get(key)
    if cached is None:
        if len(_RESOLVED) > 512:
            _RESOLVED.clear()
        cached = _RESOLVED[key] = _resolve(catalogue, text)
    return cached


def _resolve(catalogue: Catalogue, text: str) -> Naming:
    words = tokens(text)
    index = _cue_index(catalogue)
    matching = [index.matching(w.text) for w in words]
    present = set().union(*matching) if matching else set()
    found: dict[str, list[tuple[int, Span, bool]]] = {}
    for cue in index.cues:
        if cue.words[0] not in present and len(cue.words) == 1:
            continue
        for first, last in find_phrase(words, cue.words, matching):
            weight = cue.weight + (len(cue.words) - 1 if cue.title else 0)  # a longer name is surer
            before = {w.text for w in words[max(0, first - 3):first]}
            if not cue.title and cue.weight > HINT and (before & _NOT_ASKED_AFTER or _describes_self(words, first)):
                weight = 0  # "jeg arbejder i Region Hovedstaden": where one works, not what one asks about
            found.setdefault(cue.programme, []).append((weight, (words[first].start, words[last].end), cue.title))
    scored = {p: _score(f) for p, f in found.items()}
    mentions = tuple(sorted((Mention(p, s, spans, names, titles) for p, (s, spans, names, titles) in scored.items()),
                            key=lambda m: (-m.score, m.programme)))
    named_spans = [s for m in mentions for s in m.name_spans if m.score >= IDENTIFIES]
    unknown = _unknown_name(words, text, named_spans)
    named_or_role = any(m.score >= IDENTIFIES and m.name_spans for m in mentions) or (
        bool(mentions) and any(re.search(rf"\b{w}\b", fold(text)) for w in COORDINATOR_WORDS))
    if unknown in organisations() and named_or_role and not _owner_genitive((fold(unknown),)).search(fold(text)):
        at = fold(text).find(fold(unknown))  # "could Region Skåne coordinate a Starta er AI-resa project?":
        if at >= 0:                          # an applicant, not a fund, and its "Region" hints at no programme
            inside = (at, at + len(unknown))
            mentions = tuple(m for m in mentions
                             if not all(inside[0] <= a and b <= inside[1] for a, b in m.spans))
        unknown = None
    if unknown:
        return Naming(None, (), mentions, unknown)  # never answer with another programme's facts
    if not mentions:
        return Naming(None, (), ())
    top = mentions[0].score
    tied = tuple(m.programme for m in mentions if m.score == top)
    if top < ENOUGH:
        return Naming(None, tied if len(tied) > 1 else (), mentions)
    second = mentions[1].score if len(mentions) > 1 else 0
    if len(tied) == 1 and top - second >= 1:
        return Naming(tied[0], tied, mentions)
    return Naming(None, tied, mentions)


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans with overlapping ones joined, in order (cutting overlapping spans one by one would cut
    the words after them: "Vinnovas" inside "Vinnovas AI-resa")."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# "Region Hovedstadens pulje", "the Capital Region's AI fund": an owner in the genitive before a word for money
# names the programme, not where the writer works.
_FUND_WORD = (r"[\w-]*(?:pulje|fond|pengar|penge|midler|medel|pool|fund|pot|pott|call|opslag|utlysning|satsning"
              r"|grant)\w*")


@lru_cache(maxsize=4)
def _owner_genitive(owners: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(r"\s+".join(map(re.escape, o.split())) for o in sorted(owners, key=len, reverse=True))
    return re.compile(rf"\b(?P<owner>(?:{names})(?:s|'s|’s|'|:s))\s+(?:[\w-]+\s+){{0,3}}?{_FUND_WORD}", re.IGNORECASE)


def owner_genitive_spans(catalogue: Catalogue, text: str) -> list[tuple[int, int]]:
    """Spans of programme owners named in the genitive before a money word ("Region Stockholms pengar")."""
    owners = tuple(sorted({o for p in catalogue.programmes.values() for o in p.cues.owner if o.strip()}
                          | {"regionen", "the region"}))  # "regionens pulje": the region's fund, not my employer
    return [m.span("owner") for m in _owner_genitive(owners).finditer(text)]
