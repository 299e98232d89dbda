"""The turns the report is made of and the aggregates it shows: plain data, no sender ids anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

VERDICTS = ("eligible", "not_eligible", "unknown")
UNANSWERED_KINDS = ("fallback", "out_of_scope", "not_stated", "not_understood", "unknown_programme")


@dataclass(frozen=True)
class Turn:
    """One user message and what kind of answer it got; `conversation` is an opaque number, not the sender id."""

    conversation: int
    day: date
    text: str  # as stored: redacted by the channel (and again when read)
    language: str | None = None
    act: str | None = None  # None: stored before turns were summarised, or the action failed
    intent: str | None = None
    best_guess: str | None = None
    programme: str | None = None
    question: str | None = None
    verdict: str | None = None
    criterion: str | None = None
    unanswered: str | None = None
    gap: str | None = None
    fact: str | None = None
    unknown_programme: str | None = None  # as data/other_programmes.yml names it (never the user's words)
    handoff: bool = False
    button: bool = False

    @classmethod
    def from_summary(cls, conversation: int, day: date, text: str, summary: dict[str, Any] | None,
                     metadata_language: str | None = None) -> Turn:
        """A turn from its stored text and `turn_summary` slot (missing or partial summaries are tolerated)."""
        s = summary or {}

        def text_of(key: str) -> str | None:
            value = s.get(key)
            return value if isinstance(value, str) and value else None

        return cls(conversation=conversation, day=day, text=text,
                   language=text_of("language") or metadata_language, act=text_of("act"), intent=text_of("intent"),
                   best_guess=text_of("best_guess"), programme=text_of("programme"), question=text_of("question"),
                   verdict=text_of("verdict"), criterion=text_of("criterion"), unanswered=text_of("unanswered"),
                   gap=text_of("gap"), fact=text_of("fact"),
                   unknown_programme=text_of("unknown_programme"), handoff=s.get("handoff") is True,
                   button=s.get("button") is True or text.startswith("/"))


@dataclass(frozen=True)
class Conversation:
    """The turns of one conversation in the period, in order."""

    number: int
    turns: tuple[Turn, ...]

    @property
    def language(self) -> str:
        """The language most of its turns were answered in (the first such on a tie); "?" when none is known."""
        known = [t.language for t in self.turns if t.language]
        if not known:
            return "?"
        return max(dict.fromkeys(known), key=known.count)


@dataclass(frozen=True)
class Advice:
    """What staff can do about an unanswered group: which file to change, and how (a texts key, filled in)."""

    key: str  # insights.todo.<kind>
    file: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UnansweredGroup:
    """Similar unanswered messages, shown only because at least K different conversations sent one of them."""

    text: str  # a representative message; words fewer than K of the group's conversations used are masked
    count: int  # conversations
    messages: int
    languages: tuple[str, ...]
    kind: str
    advice: Advice
    programme: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class DayCount:
    """Conversations started and messages sent on one day (UTC), messages also per language."""

    day: date
    conversations: int
    messages: int
    languages: dict[str, int]


@dataclass(frozen=True)
class Report:
    """Everything the insights show, already aggregated; what renderers read."""

    generated: datetime
    since_days: int | None
    k: int
    conversations: int
    messages: int
    days: tuple[DayCount, ...]
    languages: dict[str, int]  # conversations per language
    message_languages: dict[str, int]
    programmes: dict[str, int]  # questions per programme
    topics: dict[str, int]  # questions per kind of question
    verdicts: dict[str, int]  # checks: eligible / not_eligible / unknown (started, no verdict)
    verdicts_by_programme: dict[str, dict[str, int]]
    criteria: dict[str, int]  # "programme/criterion" -> checks it decided "no"
    unanswered_messages: int
    unanswered_kinds: dict[str, int]
    unanswered: tuple[UnansweredGroup, ...]
    hidden_groups: int  # groups fewer than K conversations share: counted, never shown
    hidden_messages: int
    handoffs: int  # conversations that asked for a person / contact
    median_turns_to_verdict: float | None
    deleted: dict[str, int]  # conversations deleted, by reason ("user", "retention")
