"""The report as plain text for a terminal or a file: the privacy rule first, then each section as a small table."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.catalogue import Catalogue
from assistant.insights import labels
from assistant.insights.model import Report
from assistant.localized import Lang
from assistant.texts import t


def period(report: Report, lang: Lang) -> str:
    """Which conversations the report covers, until when."""
    generated = report.generated.strftime("%Y-%m-%d %H:%M UTC")
    if report.since_days is None:
        return t(lang, "insights.period_all", generated=generated)
    return t(lang, "insights.period_since", days=report.since_days, generated=generated)


def _table(rows: Sequence[tuple[str, object]], indent: str = "  ") -> list[str]:
    if not rows:
        return [indent + "-"]
    width = max(len(str(value)) for _, value in rows)
    return [f"{indent}{str(value).rjust(width)}  {label}" for label, value in rows]


def render(report: Report, catalogue: Catalogue | None = None, lang: Lang = "en") -> str:
    """Every section of the report in `lang`."""
    out = [t(lang, "insights.title"), "", t(lang, "insights.privacy", k=report.k), period(report, lang), ""]
    none = t(lang, "insights.none")
    median = report.median_turns_to_verdict
    out.append(t(lang, "insights.overview"))
    out += _table([(t(lang, "insights.conversations"), report.conversations),
                   (t(lang, "insights.messages"), report.messages),
                   (t(lang, "insights.handoffs"), report.handoffs),
                   (t(lang, "insights.median_turns"), f"{median:g}" if median is not None else none),
                   (t(lang, "insights.deleted_user"), report.deleted.get("user", 0)),
                   (t(lang, "insights.deleted_retention"), report.deleted.get("retention", 0))])
    if not report.conversations:
        out += ["", t(lang, "insights.no_data")]
    out += ["", t(lang, "insights.languages") + f" ({t(lang, 'insights.conversations').lower()} / "
            f"{t(lang, 'insights.messages').lower()})"]
    out += _table([(labels.language(code, lang), f"{n} / {report.message_languages.get(code, 0)}")
                   for code, n in report.languages.items()])
    out += ["", t(lang, "insights.per_day") + f" ({t(lang, 'insights.conversations').lower()} / "
            f"{t(lang, 'insights.messages').lower()})"]
    out += _table([(d.day.isoformat() + "  " + ", ".join(f"{labels.language(c, lang)} {n}"
                                                          for c, n in d.languages.items()),
                    f"{d.conversations} / {d.messages}") for d in report.days])
    out += ["", t(lang, "insights.programmes")]
    out += _table([(labels.programme(catalogue, p, lang), n) for p, n in report.programmes.items()])
    out += ["", t(lang, "insights.topics")]
    out += _table([(labels.question(q, lang), n) for q, n in report.topics.items()])
    out += ["", t(lang, "insights.verdicts")]
    out += _table([(labels.verdict(v, lang), n) for v, n in report.verdicts.items()])
    for programme, counts in report.verdicts_by_programme.items():
        shown = ", ".join(f"{labels.verdict(v, lang)} {n}" for v, n in counts.items() if n)
        out.append(f"    {labels.programme(catalogue, programme, lang)}: {shown}")
    out += ["", t(lang, "insights.criteria")]
    out += _table([(labels.criterion(catalogue, c, lang), n) for c, n in report.criteria.items()])
    out += ["", t(lang, "insights.unanswered")]
    out.append("  " + t(lang, "insights.unanswered_summary", messages=report.unanswered_messages,
                        shown=len(report.unanswered), hidden=report.hidden_groups,
                        hidden_messages=report.hidden_messages, k=report.k))
    out += _table([(labels.kind(k, lang), n) for k, n in report.unanswered_kinds.items() if n])
    if not report.unanswered:
        out.append("  " + t(lang, "insights.none_shown", k=report.k))
    for i, group in enumerate(report.unanswered, start=1):
        langs = ", ".join(labels.language(code, lang) for code in group.languages)
        out += ["", f"  {i}. “{group.text}”",
                f"     {t(lang, 'insights.asked_by')}: {group.count} ({t(lang, 'insights.messages').lower()}: "
                f"{group.messages}; {langs}) - {labels.kind(group.kind, lang)}",
                f"     {t(lang, 'insights.todo')}: {labels.advice(group.advice, lang)}"]
    return "\n".join(out) + "\n"
