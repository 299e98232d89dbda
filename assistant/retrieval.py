"""Rank a programme's facts by how well a question's words match them, so one question gets its fact first.

Every fact the catalogue can state (a statement of a topic, an amount, a date, a contact list, or "the text
says nothing about this") is a `Unit` with words: its own sentence in all three languages, its keywords
from data/programmes/, and the words people use for its kind of fact from data/question_words.yml. A
question's content words are matched against them, forgiving inflection and compounds ("rapport" matches
"statusrapportering"), each weighted by how rare it is among all units; the topic the intent classifier
heard adds a prior. Nothing here is trained: a new fact or keyword is findable at once.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import config
from assistant.facts import fold

# Words that carry no topic in any of the three languages (after folding).
STOPWORDS = frozenset(fold(w) for w in """
a af al alle alla also an and anden andet andra andre are as at av bara be bare blir bliver by can could da de
dem den denne dennes der dere deres dess dessa det detta dette di dig din dina dine dit do does du eller en end
ens er era ere ert et ett every for fra fran från få får går ha hade han har hava have havde hende her hon hos
hur hvad hvem hvilke hvilken hvis hvor hvordan hvornår i if ikke in into inte is it its ja jag jeg kan kommer
man me med meg men mig min mina mine mit mitt mod my måste må nogen någon något några när nej no not nu of og
om on or os oss our på sa sig sin sina sine sit sitt sjalv skal skall ska skulle som så the their them then
there these they this til till to tror uden under upp ur ut vad var vara vare vel vi vil vill vor vore vores vår
våra vårt was we were what when where which who whom why will with would yes you your jo nok lige bare kun
also ok okay hej hi hello tak tack thanks please gerne gärna mere mer more meget mycket much many mange många
lidt lite little any some nogle några noget något sådan sådant such quite ret ganska rigtig riktigt really very
has had har hade havde get gets got go goes gå går gik gick give gives giver ger gav do does did gør gör gjorde
kunne kunna could should skulle shall will ville vill would there here der här her dét sådan så also etc fx
eg e g ie dvs osv osv. into onto upon about om kring omkring
that those one ones need needs behøver behöver kind kinds sort sorts stuff things
""".split())

# Words that only say "I am asking about the programme": they match everything and decide nothing.
GENERIC = frozenset(fold(w) for w in """
søge søger søgt ansøge ansøger ansøgning ansøgningen soge ansoge söka söker sökt ansöka ansöker ansökan soka
ansoka apply applying application applications applied program programmet programme programmes programs
pulje puljen fond fonden fund funding midler midlerne medel medlen pengar pengarna penge pengene money grant
grants bidrag bidraget tilskud støtte stöd support projekt projektet projekter project projects utlysning
utlysningen opslag opslaget call calls vinnova region ai pool pools pot pott potten puljer
""".split())


def all_words(text: str) -> list[str]:
    """Folded words of a text, stop words included (digits kept: years, percentages, amounts)."""
    folded = fold(text)
    folded = re.sub(r"(?<=\d)[ .](?=\d{3}\b)", "", folded)  # "1 000" / "1.000" -> one number
    return re.findall(r"[a-z0-9]+", folded)


def words_of(text: str) -> list[str]:
    """Folded content words of a text, without stop words."""
    return [w for w in all_words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _prefix_length(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def similarity(query_word: str, unit_word: str) -> float:
    """How well a question word matches a fact word: same word, a form of it, or part of a compound."""
    if query_word == unit_word:
        return 1.0
    if query_word.isdigit() or unit_word.isdigit():
        return 0.0
    shorter = min(len(query_word), len(unit_word))
    common = _prefix_length(query_word, unit_word)
    if shorter >= 4 and common == shorter:
        return 0.85  # rapport / rapporter / rapportering
    if common >= 5 and common >= shorter - 2:
        return 0.75  # ansøgningsfrist / ansøgningsfristen, bedømmes / bedømmelse
    if len(query_word) >= 5 and query_word in unit_word:
        return 0.6  # rapport in statusrapportering
    if len(unit_word) >= 5 and unit_word in query_word:
        return 0.6  # frist in ansøgningsfristen
    return 0.0


@dataclass(frozen=True)
class Unit:
    """One fact a reply can state, with the words that find it."""

    id: str
    family: str  # the kind of question it answers: amount, deadline, contact, or a catalogue topic
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()
    order: int = 0


@dataclass(frozen=True)
class Ranked:
    """A unit and its score for one question."""

    unit: Unit
    score: float
    lexical: float


@lru_cache(maxsize=4)
def question_words(path: str | None = None) -> Mapping[str, tuple[str, ...]]:
    """data/question_words.yml: words people use per kind of fact."""
    file = Path(path) if path else config.data_dir() / "question_words.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else {}
    return {str(k): tuple(str(w) for w in v or []) for k, v in (data or {}).items()}


def make_unit(unit_id: str, family: str, texts: Iterable[str], keywords: Iterable[str] = (),
              kind_words: Iterable[str] = (), order: int = 0, exclude: Iterable[str] = ()) -> Unit:
    """A unit whose words are its texts' words (less `exclude`: the programme's own name), keywords and kind."""
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    excluded = set(exclude)
    for text in texts:
        words.update(w for w in words_of(text) if w not in excluded)
    for keyword in (*keywords, *kind_words):
        every = tuple(all_words(keyword))
        if len(every) > 1:
            phrases.append(every)
        words.update(words_of(keyword))
    return Unit(unit_id, family, frozenset(w for w in words if w not in GENERIC), tuple(phrases), order)


@dataclass
class Index:
    """Units of every programme, with how rare each word is among them."""

    units: Mapping[str, Sequence[Unit]]  # programme id -> its units
    document_frequency: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for units in self.units.values():
            for unit in units:
                for word in unit.words:
                    self.document_frequency[word] = self.document_frequency.get(word, 0) + 1
        self._total = max(1, sum(len(u) for u in self.units.values()))
        self._vocabulary = sorted(self.document_frequency)
        self._matches: dict[str, dict[str, float]] = {}
        self._weights: dict[str, float] = {}

    def matches(self, query_word: str) -> dict[str, float]:
        """Every indexed word this question word matches, with how well (worked out once per word)."""
        found = self._matches.get(query_word)
        if found is None:
            found = {}
            for word in self._candidates(query_word):
                value = similarity(query_word, word)
                if value:
                    found[word] = value
            if len(self._matches) > 50000:
                self._matches.clear()
            self._matches[query_word] = found
        return found

    def _candidates(self, query_word: str) -> set[str]:
        """Indexed words that can be similar: sharing the first four letters, or containing or inside it."""
        out = {query_word} if query_word in self.document_frequency else set()
        if query_word.isdigit():
            return out
        head = query_word[:4]
        i = bisect.bisect_left(self._vocabulary, head)
        while i < len(self._vocabulary) and self._vocabulary[i].startswith(head):
            out.add(self._vocabulary[i])
            i += 1
        for start in range(len(query_word)):  # indexed words inside it: "frist" in "ansøgningsfristen"
            for end in range(start + 5, len(query_word) + 1):
                if query_word[start:end] in self.document_frequency:
                    out.add(query_word[start:end])
        if len(query_word) >= 5:  # it inside longer indexed words: "rapport" in "statusrapportering"
            out.update(w for w in self._vocabulary if len(w) > len(query_word) and query_word in w)
        return out

    def weight(self, word: str) -> float:
        """Rarer words say more about which fact is meant."""
        cached = self._weights.get(word)
        if cached is None:
            df = self.document_frequency.get(word)
            if df is None:
                df = max((self.document_frequency[w] for w, v in self.matches(word).items() if v >= 0.75), default=0)
            cached = self._weights[word] = math.log(1 + self._total / (1 + df))
        return cached

    def rank(self, programme: str, question: str, families: Sequence[str] = (),
             skip: Iterable[str] = (), prior: float = 1.5) -> list[Ranked]:
        """The programme's units, best match first; `families` (from the intent) get a prior."""
        skipped = set(skip)
        query = [w for w in dict.fromkeys(words_of(question)) if w not in GENERIC and w not in skipped]
        phrase_text = " " + " ".join(all_words(question)) + " "
        ranked = []
        for unit in self.units.get(programme, ()):
            lexical = 0.0
            for word in query:
                candidates = self.matches(word)
                best = max((v for w, v in candidates.items() if w in unit.words), default=0.0)
                if best:
                    lexical += best * self.weight(word)
            for phrase in unit.phrases:
                if f" {' '.join(phrase)} " in phrase_text:
                    lexical += min(3.0, float(len(phrase)))
            bonus = prior if unit.family in families else 0.0
            if families and unit.family == families[0]:
                bonus += prior / 3
            ranked.append(Ranked(unit, lexical + bonus, lexical))
        ranked.sort(key=lambda r: (-r.score, r.unit.order))
        return ranked
