"""The report as one self-contained HTML page for staff (inline CSS and SVG, nothing fetched), in da/sv/en.

Accessible by construction: the page's language, one h1 and a heading per section, tables with captions and
header scopes, every chart a labelled figure whose numbers are in the table after it, contrast above 4.5:1.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assistant.catalogue import Catalogue
from assistant.insights import charts, labels
from assistant.insights.model import VERDICTS, Report
from assistant.insights.render_text import period
from assistant.localized import Lang
from assistant.texts import t

CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff;
       margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
.privacy { border-left: 4px solid #0b5394; background: #eef4fb; padding: .6rem .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #c8c8c8; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0; } figcaption { font-size: .9rem; color: #333; }
svg.chart { max-width: 100%; height: auto; }
.message { font-style: italic; min-width: 14rem; } footer { margin-top: 2rem; font-size: .9rem; color: #333; }
code { background: #f4f4f4; padding: 0 .2rem; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _code(text: str) -> str:
    """Sentences name files and commands in `backticks`: shown as code."""
    parts = _e(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]], numeric_from: int = 1) -> str:
    """A table with a caption, column headers, and the first cell of each row as the row's header."""
    head = "".join(f'<th scope="col"{" class=n" if i >= numeric_from else ""}>{_e(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = [f'<th scope="row">{_e(row[0])}</th>']
        cells += [f'<td{" class=n" if i >= numeric_from else ""}>{_e(v)}</td>' for i, v in enumerate(row[1:], 1)]
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(header)}">-</td></tr>')
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _figure(svg: str, caption: str, lang: Lang) -> str:
    return f"<figure>{svg}<figcaption>{_e(caption)}. {_e(t(lang, 'insights.chart_note'))}</figcaption></figure>"


def render(report: Report, catalogue: Catalogue | None = None, lang: Lang = "en") -> str:
    """The whole page."""
    def s(key: str, **params: object) -> str:
        return t(lang, f"insights.{key}", **params)

    none = s("none")
    median = report.median_turns_to_verdict
    parts = ["<header>", f"<h1>{_e(s('title'))}</h1>",
             f'<p class="privacy"><strong>{_e(s("privacy", k=report.k))}</strong></p>',
             f"<p>{_e(period(report, lang))}</p>", "</header>", "<main>"]
    parts.append(f'<section aria-labelledby="overview"><h2 id="overview">{_e(s("overview"))}</h2>')
    parts.append(_table(s("overview"), (s("measure"), s("count")), [
        (s("conversations"), report.conversations), (s("messages"), report.messages),
        (s("handoffs"), report.handoffs), (s("median_turns"), f"{median:g}" if median is not None else none),
        (s("deleted_user"), report.deleted.get("user", 0)),
        (s("deleted_retention"), report.deleted.get("retention", 0))]))
    if not report.conversations:
        parts.append(f"<p>{_e(s('no_data'))}</p>")
    parts.append("</section>")

    parts.append(f'<section aria-labelledby="unanswered"><h2 id="unanswered">{_e(s("unanswered"))}</h2>')
    parts.append(f"<p>{_e(s('unanswered_summary', messages=report.unanswered_messages, shown=len(report.unanswered), hidden=report.hidden_groups, hidden_messages=report.hidden_messages, k=report.k))}</p>")  # noqa: E501
    if report.unanswered:
        rows = []
        for g in report.unanswered:
            langs = ", ".join(labels.language(c, lang) for c in g.languages)
            rows.append(f'<tr><td class="message">“{_e(g.text)}”</td><td class="n">{g.count}</td>'
                        f"<td>{_e(langs)}</td><td>{_e(labels.kind(g.kind, lang))}</td>"
                        f"<td>{_code(labels.advice(g.advice, lang))}</td></tr>")
        header = "".join(f'<th scope="col"{" class=n" if i == 1 else ""}>{_e(h)}</th>' for i, h in enumerate(
            (s("message"), s("asked_by"), s("languages"), s("kind"), s("todo"))))
        parts.append(f"<table><caption>{_e(s('unanswered'))}</caption><thead><tr>{header}</tr></thead>"
                     f"<tbody>{''.join(rows)}</tbody></table>")
    else:
        parts.append(f"<p>{_e(s('none_shown', k=report.k))}</p>")
    parts.append(_table(s("unanswered_kinds"), (s("kind"), s("messages")),
                        [(labels.kind(k, lang), n) for k, n in report.unanswered_kinds.items() if n]))
    parts.append("</section>")

    parts.append(f'<section aria-labelledby="per-day"><h2 id="per-day">{_e(s("per_day"))}</h2>')
    codes = list(report.message_languages)
    if report.days:
        series = {labels.language(c, lang): [d.languages.get(c, 0) for d in report.days] for c in codes}
        parts.append(_figure(charts.stacked_bars("days", s("chart_days"), [d.day.strftime("%d.%m") for d in
                                                                          report.days], series), s("chart_days"), lang))
    parts.append(_table(s("per_day"), (s("day"), s("conversations"), s("messages"),
                                       *(labels.language(c, lang) for c in codes)),
                        [(d.day.isoformat(), d.conversations, d.messages, *(d.languages.get(c, 0) for c in codes))
                         for d in report.days]))
    parts.append(_table(s("languages"), (s("language"), s("conversations"), s("messages")),
                        [(labels.language(c, lang), n, report.message_languages.get(c, 0))
                         for c, n in report.languages.items()]))
    parts.append("</section>")

    parts.append(f'<section aria-labelledby="questions"><h2 id="questions">{_e(s("topics"))}</h2>')
    if report.topics:
        names = [labels.question(q, lang) for q in report.topics]
        parts.append(_figure(charts.stacked_bars("topics", s("chart_topics"), names,
                                                 {s("questions"): list(report.topics.values())}, horizontal=True),
                             s("chart_topics"), lang))
    parts.append(_table(s("topics"), (s("topic"), s("questions")),
                        [(labels.question(q, lang), n) for q, n in report.topics.items()]))
    parts.append(_table(s("programmes"), (s("programme"), s("questions")),
                        [(labels.programme(catalogue, p, lang), n) for p, n in report.programmes.items()]))
    parts.append("</section>")

    parts.append(f'<section aria-labelledby="verdicts"><h2 id="verdicts">{_e(s("verdicts"))}</h2>')
    parts.append(f"<p>{_e(s('verdicts_note'))}</p>")
    programmes = list(report.verdicts_by_programme)
    if programmes:
        names = [labels.programme(catalogue, p, lang) for p in programmes]
        series = {labels.verdict(v, lang): [report.verdicts_by_programme[p].get(v, 0) for p in programmes]
                  for v in VERDICTS}
        parts.append(_figure(charts.stacked_bars("verdicts", s("chart_verdicts"), names, series, horizontal=True),
                             s("chart_verdicts"), lang))
    parts.append(_table(s("verdicts"), (s("programme"), *(labels.verdict(v, lang) for v in VERDICTS)),
                        [(labels.programme(catalogue, p, lang), *(c.get(v, 0) for v in VERDICTS))
                         for p, c in report.verdicts_by_programme.items()]
                        + [(s("total"), *(report.verdicts.get(v, 0) for v in VERDICTS))]))
    parts.append(_table(s("criteria"), (s("criterion"), s("checks")),
                        [(labels.criterion(catalogue, c, lang), n) for c, n in report.criteria.items()]))
    parts.append("</section></main>")
    parts.append(f"<footer>{_code(s('generated_by'))}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(s('title'))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")
