"""The report as CSV files in one folder, one file per table, for a spreadsheet (UTF-8, header row, ids as keys)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant.catalogue import Catalogue
from assistant.insights import labels
from assistant.insights.model import Report
from assistant.localized import Lang


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write(report: Report, folder: Path, catalogue: Catalogue | None = None, lang: Lang = "en") -> list[Path]:
    """Write summary, days, languages, programmes, topics, verdicts, criteria and unanswered CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = [("conversations", report.conversations), ("messages", report.messages),
               ("handoffs", report.handoffs), ("median_turns_to_verdict", report.median_turns_to_verdict or ""),
               ("deleted_user", report.deleted.get("user", 0)),
               ("deleted_retention", report.deleted.get("retention", 0)),
               ("unanswered_messages", report.unanswered_messages),
               ("unanswered_hidden_groups", report.hidden_groups),
               ("unanswered_hidden_messages", report.hidden_messages), ("k", report.k),
               ("since_days", report.since_days if report.since_days is not None else "")]
    codes = sorted({c for d in report.days for c in d.languages})
    return [
        _write(folder / "summary.csv", ("measure", "value"), summary),
        _write(folder / "days.csv", ("day", "conversations", "messages", *(f"messages_{c}" for c in codes)),
               ((d.day.isoformat(), d.conversations, d.messages, *(d.languages.get(c, 0) for c in codes))
                for d in report.days)),
        _write(folder / "languages.csv", ("language", "conversations", "messages"),
               ((c, n, report.message_languages.get(c, 0)) for c, n in report.languages.items())),
        _write(folder / "programmes.csv", ("programme", "name", "questions"),
               ((p, labels.programme(catalogue, p, lang), n) for p, n in report.programmes.items())),
        _write(folder / "topics.csv", ("question_kind", "name", "questions"),
               ((q, labels.question(q, lang), n) for q, n in report.topics.items())),
        _write(folder / "verdicts.csv", ("programme", "eligible", "not_eligible", "unknown"),
               ((p, c.get("eligible", 0), c.get("not_eligible", 0), c.get("unknown", 0))
                for p, c in report.verdicts_by_programme.items())),
        _write(folder / "criteria.csv", ("programme_criterion", "requirement", "decided_no"),
               ((c, labels.criterion(catalogue, c, lang), n) for c, n in report.criteria.items())),
        _write(folder / "unanswered.csv", ("text", "conversations", "messages", "languages", "kind", "file",
                                           "what_to_do"),
               ((g.text, g.count, g.messages, " ".join(g.languages), g.kind, g.advice.file,
                 labels.advice(g.advice, lang)) for g in report.unanswered)),
    ]
