"""Judge the assistant's reply to one held-out message against what its writer expected.

The writers of tests/heldout/ saw only the source documents and the issue, never our training data or reply
texts, so expectations are stated as facts (amounts, dates, stems of words), not as our wording. This module
turns a reply into what a reader would take from it (numbers, dates, words, the programmes it cites, its
language, a verdict) and compares. The outcome is one of:

- ``right``: in the expected language, with every expected fact, about the expected programme;
- ``wrong_fact``: it states something false for this question (another programme's facts, the opposite
  verdict, a verdict where one was not possible yet) — worse than not knowing;
- ``dont_know``: a fallback, "which programme?", or an answer that lacks the expected fact;
- ``wrong_language``: right content in the wrong language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant import texts
from assistant.catalogue import Catalogue, load
from assistant.localized import LANGUAGES

HELDOUT_DIR = Path(__file__).resolve().parent
SEED_PATTERN = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
OUTCOMES = ("right", "wrong_fact", "dont_know", "wrong_language")

_MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
}
# Words only one of the three languages uses (function words and this domain's commonest words).
_LANGUAGE_WORDS = {
    "da": set("og ikke jeg af hvad hvor hvornår hvem hvordan hvilke hvilken skal også kun meget nogen ingen efter "
              "før jeres vores jer mig dig være været bliver ansøgning ansøgningen ansøgere ansøger søge søger "
              "beløb støtte opslaget opslag puljen frist fristen lukket siden mellem mindst højst nævner oplyser "
              "kilde ud fra fortalt kravene endnu afgøre spørg spørgsmål tak undskyld forstod er samtale samtalen "
              "slettet skriver".split()),
    "sv": set("och inte jag av vad var när vem hur vilka vilken ska också bara mycket någon ingen efter före ert "
              "vår mig dig vara varit blir ansökan ansökningar sökande söka söker belopp stöd utlysningen "
              "utlysning sista stängd sedan mellan minst högst nämner anger källa utifrån berättat kraven är "
              "ännu avgöra fråga frågor tack förlåt förstod inom finns ni samtalet raderat skriver".split()),
    "en": set("and not the of what where when who how which must also only much any no after before your our "
              "you be been is are application applications applicant apply amount support call closed since "
              "between least most names states source from told requirements yet decide ask question thanks "
              "sorry understand within there".split()),
}
_NOT_STATED = ("oplyser ikke", "nævner ikke", "nævner ingen", "siger intet", "siger ikke", "angiver ikke",
               "står ikke", "fremgår ikke", "ikke oplyst", "anger inte", "anger ingen", "nämner inte",
               "nämner ingen", "säger inget", "säger inte", "framgår inte", "står inte", "inte angivet",
               "does not state", "doesn't state", "states no", "says nothing", "names no", "not stated",
               "does not say", "doesn't say", "gives no", "oplyser intet", "angiver intet", "giver ingen",
               "ger ingen", "anger varken", "hverken", "oplyser ingen", "angiver ingen", "anger inget", "anger ingen",
               "ingen dato", "inget datum", "no date", "says nothing", "names no", "nævner intet", "nämner inget",
               "not say", "siger ikke", "säger inte")


def fold(text: str) -> str:
    """Lower-case without accents, æ/ä -> a and ø/ö -> o, so both sides of a comparison read alike."""
    text = text.lower().replace("æ", "a").replace("ø", "o").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# ---------------------------------------------------------------- what a reply says


_NUMBER = re.compile(r"(?<![\d])(\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?"
                     r"(\s*(?:mio\.?|mill?\.?|miljoner|million(?:er)?|mn)\b)?", re.IGNORECASE)


# Small numbers written as words ("tre bedømmere", "six pilot projects"); words that are also other common
# words in one of the languages are left out ("to", "ni", "en", "et", "one").
_NUMBER_WORDS = {"two": 2, "två": 2, "tva": 2, "tre": 3, "three": 3, "fire": 4, "fyra": 4, "four": 4, "fem": 5,
                 "five": 5, "seks": 6, "sex": 6, "six": 6, "syv": 7, "sju": 7, "seven": 7, "otte": 8, "åtta": 8,
                 "eight": 8, "nio": 9, "nine": 9, "ti": 10, "tio": 10, "ten": 10, "tolv": 12, "twelve": 12}


def numbers_in(text: str) -> set[float]:
    """Every number a reader sees: 350.000 / 350 000 / 350,000 / 2 mio. / 1,5 million / tre."""
    found: set[float] = {float(_NUMBER_WORDS[w]) for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _NUMBER_WORDS}
    for m in _NUMBER.finditer(text):
        whole = re.sub(r"[ .,\u00a0\u202f]", "", m.group(1))
        value = float(whole)
        if m.group(2) and len(m.group(2)) != 3:
            value = float(f"{whole}.{m.group(2)}")
        elif m.group(2):
            value = float(whole + m.group(2))
        found.add(value)
        if m.group(3):
            found.add(value * 1_000_000)
    return found


def dates_in(text: str) -> set[date]:
    """Every full date in words or digits, in any of the three languages."""
    found: set[date] = set()
    lowered = text.lower()
    for names in _MONTHS.values():
        alternatives = "|".join(names)
        for m in re.finditer(rf"(\d{{1,2}})\.?\s+({alternatives})\s+(\d{{4}})", lowered):
            found.add(date(int(m.group(3)), names.index(m.group(2)) + 1, int(m.group(1))))
        for m in re.finditer(rf"({alternatives})\s+(\d{{1,2}}),?\s+(\d{{4}})", lowered):
            found.add(date(int(m.group(3)), names.index(m.group(1)) + 1, int(m.group(2))))
    for m in re.finditer(r"(\d{4})-(\d{2})-(\d{2})", text):
        found.add(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in re.finditer(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text):
        found.add(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    return found


def digits_in(text: str) -> str:
    """The reply's digits with +46/+45 read as a leading 0, for phone numbers."""
    return re.sub(r"\D", "", re.sub(r"\+4[56]\s*", "0", text))


def contains_word(text: str, word: str) -> bool:
    """A word or stem as a reader would find it: at a word start, or anywhere inside a compound if long."""
    folded, target = fold(text), fold(word).strip()
    if not target:
        return False
    if re.search(rf"(?<![a-z0-9]){re.escape(target)}", folded):
        return True
    return len(target) >= 6 and target in folded


def without_quotes(text: str) -> str:
    """The reply minus quoted source sentences and source lines (those stay in the source's language)."""
    text = re.sub(r"»[^«»]*«|«[^«»]*»|[“„”][^“”„]*[”“]|\"[^\"]*\"", " ", text)
    return "\n".join(line for line in text.splitlines()
                     if not re.match(r"\s*(kilde|källa|source)\s*:", line, re.IGNORECASE))


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    """Programme names, owners and contact names: the same in every language, so they tell nothing."""
    names: set[str] = set()
    for programme in _catalogue().programmes.values():
        for lang in LANGUAGES:
            names.update({programme.short_name.get(lang), programme.name.get(lang), programme.owner.get(lang)})
        names.update(c.name for c in programme.contacts)
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def language_of(text: str) -> str | None:
    """da / sv / en by the words only one of them uses (quotes, names and sources left out); None when unclear."""
    body = without_quotes(text)
    for name in _names():
        body = body.replace(name, " ")
    words = re.findall(r"[^\W\d_]+", body.lower())
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _LANGUAGE_WORDS.items()}
    lowercase = " ".join(w for w in re.findall(r"[^\W\d_]+", body) if w[:1].islower())
    scores["da"] += 2 * len(re.findall(r"[æø]", lowercase))
    scores["sv"] += 2 * len(re.findall(r"[äö]", lowercase))
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] == 0 or ranked[0] == ranked[1]:
        return None
    return best


# ---------------------------------------------------------------- what the assistant's own phrases mean


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    return load()


def _prefix(template: str) -> str:
    """The fixed start of a template, before its first placeholder."""
    return fold(template.split("{")[0]).strip()


@lru_cache(maxsize=1)
def _verdict_markers() -> dict[str, tuple[str, ...]]:
    """The opening words of each kind of verdict, in every language, from assistant/texts."""
    markers: dict[str, list[str]] = {"eligible": [], "not_eligible": [], "unknown": []}
    for lang in LANGUAGES:
        node = texts.raw(lang, "verdict")
        for key, value in node.items():
            kind = next((k for k in ("not_eligible", "eligible", "unknown") if key.startswith(k)), None)
            if kind and isinstance(value, str) and len(_prefix(value)) >= 3:
                markers[kind].append(_prefix(value))
    return {k: tuple(v) for k, v in markers.items()}


def verdicts_in(text: str) -> set[str]:
    """Which verdict headlines (eligible / not_eligible / unknown) a reply contains."""
    lines = [fold(line).strip() for line in text.splitlines()]
    return {kind for kind, prefixes in _verdict_markers().items()
            for line in lines for p in prefixes if line.startswith(p)}


def cited_programmes(text: str) -> set[str]:
    """The programmes whose source document a reply names."""
    by_seed = {p.seed: p.id for p in _catalogue().programmes.values()}
    return {by_seed[s] for s in SEED_PATTERN.findall(text) if s in by_seed}


def names_programmes(text: str) -> int:
    """How many different known programmes a reply names (by their short names in any language)."""
    folded = fold(text)
    count = 0
    for programme in _catalogue().programmes.values():
        names = {fold(programme.short_name.get(lang)) for lang in LANGUAGES}
        if any(n and n in folded for n in names):
            count += 1
    return count


def asks_something(text: str) -> bool:
    """The reply ends with (or contains) a question to the user."""
    return "?" in without_quotes(text)


# ---------------------------------------------------------------- judging


@dataclass(frozen=True)
class Judgement:
    """The outcome of one reply and, when it is not right, why."""

    outcome: str
    why: str = ""

    @property
    def right(self) -> bool:
        """Answered right."""
        return self.outcome == "right"


def _fact_found(item: Any, reply: str) -> bool:
    if isinstance(item, bool):
        return True
    if isinstance(item, int | float):
        return float(item) in numbers_in(reply)
    if isinstance(item, date):
        return item in dates_in(reply)
    if isinstance(item, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
            return date.fromisoformat(item) in dates_in(reply)
        if re.fullmatch(r"\+?\d{7,}", item):
            return digits_in(item) in digits_in(reply)
        if re.fullmatch(r"\d+", item):
            return float(item) in numbers_in(reply)
        return contains_word(reply, item)
    if isinstance(item, list | tuple):
        return any(_fact_found(i, reply) for i in item)
    return False


def judge(expect: Mapping[str, Any], reply: str, buttons: Sequence[str] = ()) -> Judgement:
    """Compare one reply (all its messages joined) with the writer's expectation."""
    shown = "\n".join([reply, *buttons])
    cited = cited_programmes(reply)
    programme = str(expect.get("programme") or "none")
    verdict = expect.get("verdict")
    found = verdicts_in(reply)
    if programme in _catalogue().programmes and cited - {programme}:
        return Judgement("wrong_fact", f"cites {sorted(cited - {programme})}, expected {programme}")
    if programme == "unknown":
        if cited:
            return Judgement("wrong_fact", f"gives facts of {sorted(cited)} for a programme it does not know")
        if names_programmes(shown) < 2:
            return Judgement("dont_know", "does not say which programmes it knows")
    if verdict in ("eligible", "not_eligible"):
        opposite = "not_eligible" if verdict == "eligible" else "eligible"
        if opposite in found:
            return Judgement("wrong_fact", f"says {opposite}, expected {verdict}")
        if verdict not in found:
            return Judgement("dont_know", f"no {verdict} verdict")
    if verdict == "asks":
        decided = found & {"eligible", "not_eligible"}
        if decided:
            return Judgement("wrong_fact", f"decides ({', '.join(sorted(decided))}) before it can know")
        if not asks_something(reply):
            return Judgement("dont_know", "does not ask for what it still needs")
    if programme == "ambiguous" and not (asks_something(reply) or names_programmes(shown) >= 2):
        return Judgement("dont_know", "neither asks which programme nor lists them")
    unanswered = programme in _catalogue().programmes and not cited and not names_programmes(shown)
    if unanswered and verdict is None and asks_something(reply):
        return Judgement("dont_know", "asks back instead of answering")
    if expect.get("not_stated") and not any(p in fold(reply) for p in map(fold, _NOT_STATED)):
        return Judgement("dont_know", "does not say that the text is silent")
    missing = [item for item in expect.get("facts") or [] if not _fact_found(item, shown)]
    if missing:
        return Judgement("dont_know", f"lacks {missing}")
    wanted = expect.get("lang")
    language = language_of(reply)
    if wanted in LANGUAGES and language is not None and language != wanted:
        return Judgement("wrong_language", f"answered in {language}, expected {wanted}")
    return Judgement("right")


# ---------------------------------------------------------------- the sets


@dataclass(frozen=True)
class Case:
    """One held-out message or conversation: turns of (user text, expectation)."""

    id: str
    lang: str
    category: str
    turns: tuple[tuple[str, Mapping[str, Any]], ...]
    page: Mapping[str, Any] = field(default_factory=dict)
    conversation: bool = False


def load_cases(subset: str | None = None) -> list[Case]:
    """Every held-out case of tests/heldout/<subset>/<lang>.yml (all subsets when None)."""
    cases: list[Case] = []
    folders = [HELDOUT_DIR / subset] if subset else sorted(p for p in HELDOUT_DIR.iterdir() if p.is_dir()
                                                         and not p.name.startswith("_"))
    for folder in folders:
        for path in sorted(folder.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            lang = path.stem
            for m in data.get("messages") or []:
                cases.append(Case(f"{folder.name}/{m['id']}", lang, str(m.get("category", "")),
                                  ((str(m["text"]), m.get("expect") or {}),), {"language": lang}))
            for c in data.get("conversations") or []:
                turns = tuple((str(t["user"]), t.get("expect") or {}) for t in c.get("turns") or [])
                page = c.get("page") or {"language": lang}
                cases.append(Case(f"{folder.name}/{c['id']}", lang, str(c.get("category", "")), turns, page,
                                  conversation=True))
    return cases


def held_out_texts() -> list[str]:
    """Every user text of every held-out case (to prove none is trained on)."""
    return [text for case in load_cases() for text, _ in case.turns]
