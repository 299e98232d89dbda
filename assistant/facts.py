"""What the assistant can know about an applicant, and how a typed or chatted answer becomes a value."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from assistant import numbers
from assistant.localized import LANGUAGES, Lang, Localized

FactType = Literal["boolean", "choice", "amount", "percent", "months"]
FACT_TYPES: tuple[FactType, ...] = ("boolean", "choice", "amount", "percent", "months")
FactValue = bool | str | int | float

# Yes and no, as people write them; checked as whole words after folding accents away.
_YES = {"ja", "jo", "jep", "jeps", "japp", "yes", "yep", "yeah", "y", "true", "sand", "sant", "1", "korrekt",
        "rigtigt", "stemmer", "absolut", "selvfolgelig", "sjalvklart", "visst", "javisst", "okay", "ok", "sure",
        "correct", "definitely", "of course", "precis", "exakt", "det har vi", "det er vi", "det ar vi",
        "det gor vi", "det gor det", "det er det", "det ar det", "har vi", "er vi", "ar vi"}
_NO = {"nej", "nope", "no", "n", "false", "falsk", "0", "ikke", "inte", "icke", "never", "aldrig", "not",
       "nej tak", "nej tack", "ingen", "inga", "nix", "nae", "nä", "na", "not yet", "endnu ikke",
       "inte an", "ej"}

# "Don't know" must not be read as "no" just because it contains a negation.
_UNSURE = {"vet inte", "ved ikke", "ved det ikke", "vet ej", "dont know", "don't know", "do not know", "not sure",
           "ikke sikker", "inte saker", "osaker", "usikker", "kanske", "maske", "maybe", "perhaps", "ingen aning",
           "aner det ikke", "no idea", "unsure", "i don't know", "i dont know", "jag vet inte", "jeg ved ikke"}


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice fact, with the words people use for it per language."""

    id: str
    label: Localized
    words: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class FactDef:
    """One applicant fact: its type, label and, for choices, the allowed values."""

    id: str
    type: FactType
    label: Localized
    choices: Mapping[str, Choice] = field(default_factory=dict)
    only_when_asked: bool = False
    true_when: tuple[str, ...] = ()  # yes/no facts: phrases that state it (a negation nearby states the opposite)
    false_when: tuple[str, ...] = ()  # phrases that state it is not so
    stated_with: tuple[str, ...] = ()  # choices: words that make a mention the applicant's own fact
    unless_with: tuple[str, ...] = ()  # choices: words that make a mention about someone else (a partner)
    about_words: tuple[str, ...] = ()  # what finds a call's statement on this fact when no criterion asks it
    not_in_questions: bool = False  # "may we buy servers?" asks about the rule; only a statement says so

    def describe_allowed(self) -> str:
        """What values this fact takes, for error messages and `assistant questions`."""
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        return {
            "boolean": "true or false (also ja/nej, yes/no)",
            "amount": "an amount, e.g. 750000, '750 000 kr' or '1,5 mio'",
            "percent": "a percentage from 0 to 100, e.g. 50 or '80 %'",
            "months": "a number of months, e.g. 12 or '1,5 år'",
        }[self.type]


class FactValueError(ValueError):
    """An answer that does not fit the fact; the message says what is allowed."""


class UnknownFactError(KeyError):
    """A fact id the catalogue does not define."""


def fold(text: str) -> str:
    """Lower-case, strip accents (æ->ae, ø->o, å/ä->a, ö->o) and squeeze spaces, for forgiving matching."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def _contains_phrase(folded_text: str, phrase: str) -> bool:
    """Whole-word (or whole-phrase) containment on folded text."""
    return re.search(rf"(?<![\w-]){re.escape(fold(phrase))}(?![\w-])", folded_text) is not None


@dataclass(frozen=True)
class FactBook:
    """All applicant facts by id."""

    facts: Mapping[str, FactDef]

    def get(self, fact_id: str) -> FactDef:
        """The definition of `fact_id`, or UnknownFactError listing the known ones."""
        try:
            return self.facts[fact_id]
        except KeyError:
            raise UnknownFactError(
                f"unknown fact '{fact_id}'; known facts: {', '.join(sorted(self.facts))}"
            ) from None

    def parse(self, fact_id: str, raw: object) -> FactValue:
        """Turn a raw answer (text, bool or number) into the fact's typed value, or FactValueError."""
        fact = self.get(fact_id)
        value = parse_value(fact, raw)
        if value is None:
            raise FactValueError(f"{fact_id}: cannot read '{raw}' as {fact.describe_allowed()}")
        return value


def parse_value(fact: FactDef, raw: object) -> FactValue | None:
    """The typed value of an answer to `fact`, or None when the answer does not say."""
    if raw is None:
        return None
    if fact.type == "boolean":
        return parse_boolean(raw)
    if fact.type == "choice":
        return match_choice(fact, str(raw))
    number: float | None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    elif fact.type == "amount":
        amount = numbers.parse_amount(str(raw))
        number = None if amount is None else float(amount)
    elif fact.type == "percent":
        number = numbers.parse_percent(str(raw))
    else:
        number = numbers.parse_months(str(raw))
    if number is None or number < 0 or (fact.type == "percent" and number > 100):
        return None
    if fact.type == "amount":
        return round(number)
    return int(number) if number == int(number) else number


def parse_boolean(raw: object) -> bool | None:
    """Yes/no in da, sv or en; None when the text says neither (or both)."""
    if isinstance(raw, bool):
        return raw
    text = fold(str(raw))
    text = re.sub(r"[!.?,;:]+", " ", text).strip()
    if any(_contains_phrase(text, phrase) for phrase in _UNSURE):
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    words = text.split()
    yes = any(_contains_phrase(text, w) for w in _YES if " " in w) or any(w in _YES for w in words[:2])
    no = any(_contains_phrase(text, w) for w in _NO if " " in w) or any(w in _NO for w in words)
    if yes and not no:
        return True
    if no and not yes:
        return False
    if no and yes and words and words[0] in _NO:
        return False  # "nej, det har vi ikke"
    return None


def match_choice(fact: FactDef, raw: str) -> str | None:
    """The choice whose id, label or words appear in `raw`; the longest match wins ("kommunalt bolag" > "bolag")."""
    text = fold(raw)
    if not text:
        return None
    for choice_id in fact.choices:
        if text == fold(choice_id):
            return choice_id
    best: tuple[int, str] | None = None
    for choice in fact.choices.values():
        phrases = [choice.label.get(lang) for lang in LANGUAGES]
        phrases += [w for lang in LANGUAGES for w in choice.words.get(lang, ())]
        for phrase in phrases:
            if phrase and _contains_phrase(text, phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), choice.id)
    return best[1] if best else None


def choice_label(fact: FactDef, value: FactValue, lang: Lang) -> str:
    """How a value is said to the user: the choice label, or the value itself."""
    if fact.type == "choice" and isinstance(value, str) and value in fact.choices:
        return fact.choices[value].label.get(lang)
    return str(value)
