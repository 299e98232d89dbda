"""Which language a message is in, and which language the conversation should continue in.

Danish and Swedish share most short words ("kan", "ja", "vi"), so the detector is a naive Bayes model over
character n-grams and words trained on our own examples, and it abstains when a message is too short or too
close to call. The conversation rule: an explicit request ("på svenska") wins and sticks; otherwise a clear
message sets the language; an unclear one keeps the conversation's language; the page's language is the
prior for the first message.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.localized import LANGUAGES, Lang

# Below this posterior, or with fewer letters than this, a message does not decide the language.
MIN_CONFIDENCE = 0.95
MIN_LETTERS = 4

_EXPLICIT: dict[Lang, tuple[str, ...]] = {
    "da": (r"\bpå dansk\b", r"\bpaa dansk\b", r"\bpa dansk\b", r"\bpå danska\b", r"\bin danish\b",
           r"\bdansk,? tak\b", r"\bdanish,? (?:please|pls|plz)\b", r"\bdanska,? tack\b", r"\bskriv dansk\b",
           r"\bspeak danish\b", r"\btala danska\b", r"\btal dansk\b", r"\bswitch to danish\b",
           r"\btilbage til dansk\b", r"\btillbaka till danska\b", r"\bback to danish\b", r"\bdansk er fint\b",
           r"\bdanish is fine\b", r"\bsvar på dansk\b", r"\bskriv på dansk\b", r"\bdansk igen\b",
           r"\bdanska igen\b", r"\bdanish again\b"),
    "sv": (r"\bpå svenska\b", r"\bpa svenska\b", r"\bpå svensk\b", r"\bin swedish\b", r"\bsvenska,? tack\b",
           r"\bsvensk,? tak\b", r"\bswedish,? (?:please|pls|plz)\b", r"\bskriv svenska\b", r"\btala svenska\b",
           r"\bspeak swedish\b", r"\bswitch to swedish\b", r"\bpå svensk tak\b", r"\btillbaka till svenska\b",
           r"\btilbage til svensk\b", r"\bback to swedish\b", r"\bsvenska går bra\b", r"\bswedish is fine\b",
           r"\bsvenska igen\b", r"\bsvensk igen\b", r"\bswedish again\b"),
    "en": (r"\bin english\b", r"\bpå engelsk\b", r"\bpå engelska\b", r"\benglish,? (?:please|pls|plz)\b",
           r"\bspeak english\b", r"\bswitch to english\b", r"\bengelsk,? tak\b", r"\bengelska,? tack\b",
           r"\bback to english\b", r"\benglish is fine\b", r"\btilbage til engelsk\b", r"\btillbaka till engelska\b",
           r"\bengelska går bra\b", r"\bengelsk er fint\b", r"\bengelsk igen\b", r"\bengelska igen\b",
           r"\benglish again\b"),
}


def explicit_request(text: str) -> Lang | None:
    """The language a message explicitly asks for ("kan du svara på svenska?"), if any and only one."""
    lowered = text.lower()
    asked = [lang for lang, patterns in _EXPLICIT.items() if any(re.search(p, lowered) for p in patterns)]
    return asked[0] if len(asked) == 1 else None


def without_requests(text: str) -> str:
    """The text with explicit language requests blanked out ("svar på dansk" names no Danish programme)."""
    for patterns in _EXPLICIT.values():
        for pattern in patterns:
            text = re.sub(pattern, lambda m: " " * len(m.group()), text, flags=re.IGNORECASE)
    return text


WORD_WEIGHT = 4  # a whole word says more about the language than each of its character n-grams


def _words(text: str) -> list[str]:
    lowered = re.sub(r"[^\w\s]", " ", text.lower())
    return [w for w in lowered.split() if not any(ch.isdigit() for ch in w)]


def _features(text: str) -> list[str]:
    """Character 1-4-grams of each word (with boundaries) plus the words themselves, weighted."""
    words = _words(text)
    feats = [f"w:{w}" for w in words] * WORD_WEIGHT
    for word in words:
        padded = f" {word} "
        for n in (1, 2, 3, 4):
            feats += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return feats


@dataclass
class NgramLanguageModel:
    """Multinomial naive Bayes over n-grams, trained on our NLU examples per language."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    vocabulary: int = 1
    alpha: float = 0.5

    @classmethod
    def train(cls, examples: Mapping[str, Iterable[str]]) -> NgramLanguageModel:
        """Count features per language."""
        counts: dict[str, dict[str, int]] = {}
        for lang, texts in examples.items():
            counter: Counter[str] = Counter()
            for text in texts:
                counter.update(_features(text))
            counts[lang] = dict(counter)
        vocabulary = len(set().union(*(c.keys() for c in counts.values()))) if counts else 1
        return cls(counts, {k: sum(v.values()) for k, v in counts.items()}, max(vocabulary, 1))

    def probabilities(self, text: str) -> dict[str, float]:
        """Posterior probability of each language (uniform prior)."""
        feats = _features(text)
        if not feats or not self.counts:
            return {lang: 1 / max(len(self.counts), 1) for lang in self.counts}
        logs = {}
        for lang, counter in self.counts.items():
            denominator = self.totals[lang] + self.alpha * self.vocabulary
            logs[lang] = sum(math.log((counter.get(f, 0) + self.alpha) / denominator) for f in feats)
        top = max(logs.values())
        exp = {lang: math.exp(v - top) for lang, v in logs.items()}
        total = sum(exp.values())
        return {lang: v / total for lang, v in exp.items()}

    def languages_using(self, word: str) -> int:
        """In how many languages' training examples a word occurs."""
        return sum(1 for counter in self.counts.values() if f"w:{word}" in counter)

    def to_dict(self) -> dict[str, object]:
        """For persisting inside the Rasa model."""
        return {"counts": self.counts, "alpha": self.alpha}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> NgramLanguageModel:
        """Restore a persisted model."""
        counts = data["counts"]
        assert isinstance(counts, dict)
        vocabulary = len(set().union(*(c.keys() for c in counts.values()))) if counts else 1
        return cls(counts, {k: sum(v.values()) for k, v in counts.items()}, max(vocabulary, 1),
                   float(data.get("alpha", 0.5)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Detection:
    """What one message says about its language."""

    language: Lang | None  # None: too short or too close to call
    confidence: float
    explicit: Lang | None = None
    scores: Mapping[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """For the NLU parse data."""
        return {"language": self.language, "confidence": round(self.confidence, 3), "explicit": self.explicit,
                "scores": {k: round(v, 3) for k, v in self.scores.items()}}


# Letters that only one of the two languages uses settle many short messages on their own.
_DANISH_ONLY = re.compile(r"[æø]")
_SWEDISH_ONLY = re.compile(r"[äö]")


def detect(model: NgramLanguageModel, text: str) -> Detection:
    """The language of one message, abstaining when unclear."""
    explicit = explicit_request(text)
    letters = sum(ch.isalpha() for ch in text)
    scores = model.probabilities(text) if letters else {}
    special = False
    if _DANISH_ONLY.search(text.lower()) and not _SWEDISH_ONLY.search(text.lower()):
        scores, special = {**scores, "da": max(scores.get("da", 0.0), 0.95)}, True
    elif _SWEDISH_ONLY.search(text.lower()) and not _DANISH_ONLY.search(text.lower()):
        scores, special = {**scores, "sv": max(scores.get("sv", 0.0), 0.95)}, True
    if not scores:
        return Detection(None, 0.0, explicit)
    best = max(scores, key=lambda k: scores[k])
    confidence = scores[best]
    # "ja", "60 procent", "hej": every word is used in more than one language, so the message cannot tell.
    shared_only = all(model.languages_using(w) > 1 for w in _words(text)) and not special
    clear = letters >= MIN_LETTERS and confidence >= MIN_CONFIDENCE and best in LANGUAGES and not shared_only
    return Detection(best if clear else None, confidence, explicit, scores)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ConversationLanguage:
    """The language to answer in, and whether the user explicitly chose it."""

    language: Lang
    explicit: bool


def decide(detection: Detection | None, current: Lang | None, explicit_before: bool, page: Lang | None,
           default: Lang = "sv") -> ConversationLanguage:
    """Apply the conversation rule to one new message."""
    if detection is not None and detection.explicit:
        return ConversationLanguage(detection.explicit, True)
    if explicit_before and current:
        return ConversationLanguage(current, True)
    if detection is not None and detection.language:
        return ConversationLanguage(detection.language, False)
    if current:
        return ConversationLanguage(current, False)
    return ConversationLanguage(page or default, False)

