"""The report as JSON for scripts. The contract: top-level `conversations`, `messages`, `languages` (code ->
conversations), `programmes` (id -> questions), `verdicts` (eligible / not_eligible / unknown -> checks) and
`unanswered`, a list of {"text", "count" (conversations), "languages"} most frequent first; the other keys may grow."""

from __future__ import annotations

from typing import Any

from assistant.catalogue import Catalogue
from assistant.insights import labels
from assistant.insights.model import Report
from assistant.localized import Lang

PRIVACY = ("Only redacted text; a message is shown only when at least {k} different conversations sent something "
           "similar, with words fewer than {k} of them used replaced by '…'; no conversation ids; deleted "
           "conversations are counted, never shown.")


def as_json(report: Report, catalogue: Catalogue | None = None, lang: Lang = "en") -> dict[str, Any]:
    """Every number of the report; unanswered groups with what to do (sentence in `lang`)."""
    return {
        "privacy": PRIVACY.format(k=report.k),
        "generated": report.generated.isoformat(timespec="seconds"),
        "since_days": report.since_days,
        "k": report.k,
        "conversations": report.conversations,
        "messages": report.messages,
        "languages": report.languages,
        "messages_per_language": report.message_languages,
        "days": [{"day": d.day.isoformat(), "conversations": d.conversations, "messages": d.messages,
                  "languages": d.languages} for d in report.days],
        "programmes": report.programmes,
        "topics": report.topics,
        "verdicts": report.verdicts,
        "verdicts_by_programme": report.verdicts_by_programme,
        "deciding_criteria": report.criteria,
        "handoffs": report.handoffs,
        "median_turns_to_verdict": report.median_turns_to_verdict,
        "deleted": report.deleted,
        "unanswered_messages": report.unanswered_messages,
        "unanswered_kinds": report.unanswered_kinds,
        "unanswered_hidden": {"groups": report.hidden_groups, "messages": report.hidden_messages},
        "unanswered": [{"text": g.text, "count": g.count, "languages": list(g.languages), "messages": g.messages,
                        "kind": g.kind, "programme": g.programme, "topic": g.topic, "file": g.advice.file,
                        "what_to_do": labels.advice(g.advice, lang)} for g in report.unanswered],
    }
