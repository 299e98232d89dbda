"""The `assistant` command: the quickest way to ask the engine anything without a chat.

Bad input (unknown programme, unknown fact, a value of the wrong type) exits 2 with one line that names
what was wrong and what is allowed; a broken catalogue exits 1 naming file and field.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from assistant import answers, config
from assistant.amounts import estimate
from assistant.catalogue import Catalogue, CatalogueError, Programme, UnknownProgrammeError, load, validate
from assistant.deadlines import deadline_report
from assistant.facts import FactValue, FactValueError, UnknownFactError
from assistant.localized import LANGUAGES, Lang, as_lang
from assistant.rules import evaluate

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad input from the command line; printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _today(args: argparse.Namespace) -> date:
    if getattr(args, "today", None):
        try:
            return config.parse_day(args.today, "--today")
        except config.ConfigError as exc:
            raise UsageError(str(exc)) from None
    try:
        return config.today()
    except config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def _lang(args: argparse.Namespace) -> Lang:
    return as_lang(getattr(args, "lang", None) or os.environ.get("ASSISTANT_LANG"), default="en")


def _programme(catalogue: Catalogue, programme_id: str) -> Programme:
    try:
        return catalogue.get(programme_id)
    except UnknownProgrammeError as exc:
        raise UsageError(str(exc)) from None


def parse_facts(catalogue: Catalogue, pairs: Sequence[str]) -> dict[str, FactValue]:
    """--fact name=value pairs into typed facts; UsageError naming the bad pair and what is allowed."""
    facts: dict[str, FactValue] = {}
    for pair in pairs:
        fact_id, sep, raw = pair.partition("=")
        if not sep or not fact_id.strip():
            raise UsageError(f"--fact '{pair}': expected name=value, e.g. organisation_type=municipality")
        try:
            facts[fact_id.strip()] = catalogue.facts.parse(fact_id.strip(), raw.strip())
        except UnknownFactError as exc:
            raise UsageError(f"--fact {pair}: {exc.args[0]}") from None
        except FactValueError as exc:
            raise UsageError(f"--fact {pair}: {exc}") from None
    return facts


def _print(lines: Sequence[str]) -> None:
    print("\n".join(lines))


def _json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _allowed(catalogue: Catalogue, fact_id: str, lang: Lang | None) -> list[dict[str, Any]] | str:
    fact = catalogue.facts.get(fact_id)
    if fact.type != "choice":
        return fact.describe_allowed()
    return [{"value": c.id, "label": c.label.get(lang) if lang else c.label.as_dict()} for c in fact.choices.values()]


def questions_data(catalogue: Catalogue, programme: Programme, lang: Lang | None) -> list[dict[str, Any]]:
    """The facts an applicant can be asked for this programme, in asking order, with types and allowed values."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for criterion in programme.criteria:
        if criterion.fact in seen:
            continue
        seen.add(criterion.fact)
        fact = catalogue.facts.get(criterion.fact)
        entry: dict[str, Any] = {
            "fact": fact.id, "type": fact.type, "kind": criterion.kind,
            "question": criterion.question.get(lang) if lang else criterion.question.as_dict(),
            "allowed": _allowed(catalogue, fact.id, lang),
        }
        if criterion.applies is not None:  # asked only when another fact has one of these values
            entry["applies"] = {"fact": criterion.applies.fact, "values": list(criterion.applies.values)}
        out.append(entry)
    grant_facts = ["eligible_costs", "requested_amount"]
    if programme.funding.aid_levels:
        grant_facts += [programme.funding.aid_levels.costs_fact, programme.funding.aid_levels.fact]
    for fact_id in grant_facts:
        if fact_id in seen or not programme.open_call:
            continue
        fact = catalogue.facts.get(fact_id)
        out.append({"fact": fact.id, "type": fact.type, "kind": "amount",
                    "question": fact.label.get(lang) if lang else fact.label.as_dict(),
                    "allowed": _allowed(catalogue, fact.id, lang)})
    return out


def _deadline_data(programme: Programme, today: date) -> dict[str, Any]:
    report = deadline_report(programme, today)
    return {
        "programme": programme.id, "today": today.isoformat(), "state": report.state,
        "closed_since": report.closed_since, "presumed_closed": report.presumed_closed,
        "periods": [{
            "id": s.period.id, "state": s.state, "opens": s.period.opens, "closes": s.period.closes,
            "days_left": s.days_left, "days_until_open": s.days_until_open,
            "decision": None if s.period.decision is None else {
                "by_week": s.period.decision.by_week, "date": s.period.decision.date},
            "source": s.period.source.as_dict(),
        } for s in report.periods],
    }


def _grant_data(catalogue: Catalogue, programme: Programme, facts: dict[str, FactValue], lang: Lang) -> dict[str, Any]:
    grant = estimate(programme, facts)
    return {
        "currency": grant.currency, "maximum": grant.maximum, "requested": grant.requested,
        "over_cap": grant.over_cap, "needs": list(grant.needs),
        "formula": answers.formula(grant, programme, lang) if grant.limits else None,
        "limits": [{"kind": lim.kind, "amount": lim.amount, "share": lim.share, "base": lim.base,
                    "source": lim.source.as_dict()} for lim in grant.limits],
        # the maximum if company parties' part is granted at their aid level (de minimis is the other route)
        "aid_level_route": {"amount": grant.aid_route.amount, "share": grant.aid_route.share,
                            "company_size": grant.aid_route.company_size}
        if grant.aid_route is not None and grant.aid_route_restricts else None,
    }


# ---------------------------------------------------------------- commands


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every programme file; quotes are checked against the seeds when the folder is there."""
    from pathlib import Path

    seeds = Path(args.seeds) if args.seeds else config.seeds_dir()
    if args.seeds and not Path(args.seeds).is_dir():
        raise UsageError(f"--seeds {args.seeds}: no such folder")
    report = validate(seeds=seeds, check_seeds=seeds is not None)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"validate: {len(report.problems)} problem(s) in {config.programmes_dir()}", file=sys.stderr)
        return 1
    assert report.catalogue is not None  # no problems means a catalogue
    count = len(report.catalogue.programmes)
    if seeds is None:
        msg = "quotes NOT checked: no seeds folder (set ASSISTANT_SEEDS_DIR or pass --seeds)"
        if args.require_seeds:
            print(f"validate: {msg}", file=sys.stderr)
            return 1
        print(f"validate: {count} programmes structurally valid; {msg}")
    else:
        print(f"validate: {count} programmes OK, {report.quotes_checked} sourced facts found verbatim in {seeds}")
    return 0


def cmd_programmes(args: argparse.Namespace) -> int:
    """List every programme with its state today."""
    catalogue, today, lang = load(), _today(args), _lang(args)
    if args.json:
        _json([{"id": p.id, "name": p.short_name.get(lang), "owner": p.owner.get(lang), "open_call": p.open_call,
                "kind": p.kind, "state": deadline_report(p, today).state} for p in catalogue.programmes.values()])
    else:
        _print(answers.programme_list_lines(catalogue, today, lang, ids=True))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Everything the catalogue knows about one programme, topic by topic."""
    catalogue, today, lang = load(), _today(args), _lang(args)
    programme = _programme(catalogue, args.id)
    if args.json:
        _json({
            "id": programme.id, "name": programme.name.as_dict(), "owner": programme.owner.as_dict(),
            "open_call": programme.open_call, "kind": programme.kind, "currency": programme.currency,
            "seed": programme.seed,
            "topics": {k: [{"text": s.text.as_dict(), "source": s.source.as_dict()} for s in v]
                       for k, v in programme.topics.items()},
            "contacts": [{"name": c.name, "role": c.role.as_dict(), "phone": c.phone} for c in programme.contacts],
            "deadline": _deadline_data(programme, today),
        })
        return 0
    from assistant import texts

    lines = answers.overview_lines(programme, today, lang)[:-1]
    for topic, _ in programme.topics.items():
        lines += ["", texts.raw(lang, f"topic.names.{topic}").capitalize() + ":"]
        lines += answers.topic_lines(programme, topic, lang)[:-1]
    lines += ["", *answers.grant_lines(programme, {}, lang)[:-1]]
    lines += ["", *answers.deadline_lines(programme, today, lang)[:-1]]
    lines += ["", *answers.contact_lines(programme, lang)]
    _print(lines)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Can this applicant apply? Verdict with reasons, missing facts, grant estimate and call state."""
    catalogue, today, lang = load(), _today(args), _lang(args)
    programme = _programme(catalogue, args.id)
    facts = parse_facts(catalogue, args.fact or [])
    verdict = evaluate(programme, facts, today)
    lines = answers.verdict_lines(verdict, catalogue, lang)
    grant = answers.grant_lines(programme, facts, lang) if programme.open_call else []
    if args.json:
        questions = {q["fact"]: q for q in questions_data(catalogue, programme, lang)}
        _json({
            "programme": programme.id, "today": today.isoformat(), "status": verdict.status,
            "not_a_call": verdict.not_a_call, "facts": facts,
            "missing": [questions[f] for f in verdict.missing],
            "reasons": [r.as_dict(lang) for r in verdict.reasons],
            "unchecked": [r.as_dict(lang) for r in verdict.unchecked],
            "grant": _grant_data(catalogue, programme, facts, lang) if programme.open_call else None,
            "deadline": _deadline_data(programme, today),
            "text": lines + grant[:-1],
        })
    else:
        _print(lines[:-1] + (["", *grant] if grant else [lines[-1]]))
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    """Where the call's periods stand relative to today (or --today)."""
    catalogue, today, lang = load(), _today(args), _lang(args)
    programme = _programme(catalogue, args.id)
    if args.json:
        data = _deadline_data(programme, today)
        data["text"] = answers.deadline_lines(programme, today, lang)
        _json(data)
    else:
        _print(answers.deadline_lines(programme, today, lang))
    return 0


def cmd_amount(args: argparse.Namespace) -> int:
    """How much this applicant can get, with the formula."""
    catalogue, lang = load(), _lang(args)
    programme = _programme(catalogue, args.id)
    facts = parse_facts(catalogue, args.fact or [])
    if args.json:
        data = _grant_data(catalogue, programme, facts, lang)
        data["text"] = answers.grant_lines(programme, facts, lang)
        _json(data)
    else:
        _print(answers.grant_lines(programme, facts, lang))
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    """The facts an applicant can be asked for a programme, with type and allowed values."""
    catalogue = load()
    programme = _programme(catalogue, args.id)
    lang = as_lang(args.lang, "en") if args.lang else None
    data = questions_data(catalogue, programme, lang)
    if args.json:
        _json(data)
    else:
        for q in data:
            allowed = q["allowed"] if isinstance(q["allowed"], str) else ", ".join(a["value"] for a in q["allowed"])
            question = q["question"] if isinstance(q["question"], str) else q["question"]["en"]
            when = f" (only when {q['applies']['fact']} is {' or '.join(q['applies']['values'])})" \
                if "applies" in q else ""
            print(f"{q['fact']} ({q['type']}, {q['kind']}){when}: {question}  [{allowed}]")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Talk to a running bot over REST."""
    from assistant.chat_client import chat

    chosen = args.lang or os.environ.get("ASSISTANT_LANG")
    return chat(args.url, _lang(args), send_language=bool(chosen), token=args.token)


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete stored conversations older than the retention period."""
    from assistant.retention import RetentionError, purge, retention_days, store_url

    days = args.days if args.days is not None else retention_days()
    if days < 0:
        raise UsageError(f"--days {days}: expected 0 or more")
    try:
        result = purge(args.url or store_url(), days)
    except RetentionError as exc:
        print(f"assistant purge: {exc}", file=sys.stderr)
        return 1
    print(f"purge: deleted {result.conversations} conversation(s), {result.events} event(s) older than {days} days")
    return 0


def _whole_number(option: str, minimum: int, unit: str, below: str, example: int) -> Callable[[str], int]:
    """An argparse type for a whole number of at least `minimum`, with messages that say what to write."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not {unit}; expected e.g. {option} {example}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{number}: expected {minimum} or more ({below})")
        return number
    return parse


_since = _whole_number("--since", 1, "a number of days", "leave it out for every conversation", 30)
_k = _whole_number("--k", 2, "a whole number", "or one person's message could be shown", 3)


def cmd_insights(args: argparse.Namespace) -> int:
    """What applicants asked, what the assistant could not answer, and what to fix next (no personal data)."""
    from pathlib import Path

    from assistant.insights import aggregate, export, render_csv, render_html, render_text
    from assistant.insights.collect import StoreError, read
    from assistant.retention import store_url

    lang = _lang(args)
    try:
        collected = read(args.url or store_url(), args.since)
    except StoreError as exc:
        print(f"assistant insights: {exc}", file=sys.stderr)
        return 1
    catalogue = load()
    report = aggregate.build(collected, k=args.k, since_days=args.since, catalogue=catalogue)
    if args.html:
        path = Path(args.html)
        if path.parent and not path.parent.is_dir():
            raise UsageError(f"--html {args.html}: the folder {path.parent} does not exist")
        path.write_text(render_html.render(report, catalogue, lang), encoding="utf-8")
        print(f"insights: wrote {path}", file=sys.stderr)
    if args.csv:
        try:
            written = render_csv.write(report, Path(args.csv), catalogue, lang)
        except OSError as exc:
            raise UsageError(f"--csv {args.csv}: {exc.strerror or exc}") from None
        print(f"insights: wrote {len(written)} CSV files to {args.csv}", file=sys.stderr)
    if args.json:
        _json(export.as_json(report, catalogue, lang))
    elif not (args.html or args.csv) or args.text:
        print(render_text.render(report, catalogue, lang), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = _Parser(prog="assistant", description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, func: Any, help_text: str, programme: bool = False, today: bool = True,
            json_flag: bool = True, lang: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if programme:
            p.add_argument("id", help="programme id, see `assistant programmes`")
        if today:
            p.add_argument("--today", help="pretend today is this date (YYYY-MM-DD); default ASSISTANT_TODAY or clock")
        if lang:
            p.add_argument("--lang", choices=LANGUAGES, help="answer language (default ASSISTANT_LANG or en)")
        if json_flag:
            p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(func=func)
        return p

    v = add("validate", cmd_validate, "check every programme file against its source document",
            today=False, json_flag=False, lang=False)
    v.add_argument("--seeds", help="folder of seed documents (default ASSISTANT_SEEDS_DIR or ../shared/seeds)")
    v.add_argument("--require-seeds", action="store_true", help="fail when no seeds folder is found")
    add("programmes", cmd_programmes, "list the programmes and whether they are open")
    add("show", cmd_show, "everything the catalogue says about one programme", programme=True)
    for name, func, text in (("check", cmd_check, "can this applicant apply? verdict, reasons, missing facts"),
                             ("amount", cmd_amount, "how much can this applicant get, with the formula")):
        p = add(name, func, text, programme=True, today=name == "check")
        p.add_argument("--fact", action="append", metavar="NAME=VALUE",
                       help="a fact about the applicant, repeatable; see `assistant questions ID`")
    add("deadline", cmd_deadline, "deadlines and decision dates relative to today", programme=True)
    c = add("chat", cmd_chat, "talk to a running bot over its REST channel", today=False, json_flag=False)
    c.add_argument("--url", default=os.environ.get("ASSISTANT_URL", "http://127.0.0.1:5005/webhooks/rest/webhook"),
                   help="the bot's REST webhook (default ASSISTANT_URL or the local bot)")
    c.add_argument("--token", default=config.rest_token(),
                   help="the key the bot requires, if it was started with ASSISTANT_REST_TOKEN (default: that "
                        "variable; prefer it, a key on the command line shows in the process list)")
    pg = add("purge", cmd_purge, "delete stored conversations older than the retention period",
             today=False, json_flag=False, lang=False)
    pg.add_argument("--days", type=int, help="retention in days (default ASSISTANT_RETENTION_DAYS or 30)")
    pg.add_argument("--url", help="SQLAlchemy URL of the tracker store (default ASSISTANT_TRACKER_URL/_DB)")
    ins = add("insights", cmd_insights, "what applicants asked and what the assistant could not answer, from the "
              "conversation store, without personal data", today=False)
    ins.add_argument("--since", type=_since, metavar="DAYS", help="only the last DAYS days (default: everything kept)")
    ins.add_argument("--html", metavar="FILE", help="also write the report as one self-contained HTML page")
    ins.add_argument("--csv", metavar="DIR", help="also write the report's tables as CSV files into DIR")
    ins.add_argument("--text", action="store_true", help="print the text report even with --html or --csv")
    ins.add_argument("--k", type=_k, default=3, help="show a message only when at least K different conversations "
                                                    "sent something similar (default 3)")
    ins.add_argument("--url", help="SQLAlchemy URL of the conversation store (default ASSISTANT_TRACKER_URL, "
                                   "ASSISTANT_PG_* or ASSISTANT_TRACKER_DB)")
    add("questions", cmd_questions, "the facts an applicant can be asked, with type and allowed values",
        programme=True, today=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `assistant` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"assistant {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CatalogueError as exc:
        print(f"assistant: the catalogue is broken:\n{exc}", file=sys.stderr)
        return 1
    except config.ConfigError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
