"""Sentences that carry programme facts, composed from the catalogue and the language's templates.

The chat actions and the CLI both call these, so the two never disagree. Every factual answer ends with
its source document; quotes stay in the source's language and are marked as quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from assistant import texts
from assistant.amounts import GrantEstimate, Limit, estimate
from assistant.catalogue import Catalogue, Programme
from assistant.deadlines import DeadlineReport, PeriodStatus, deadline_report
from assistant.facts import FactValue
from assistant.localized import Lang
from assistant.rules import Match, Reason, Verdict, evaluate
from assistant.texts import t


def source_line(programme: Programme, lang: Lang) -> str:
    """"Source: call text “…” (seed)." naming the document an answer rests on."""
    doc = texts.raw(lang, f"doc_kind.{programme.kind}")
    title = (programme.headline or programme.name_source).quote
    return t(lang, "source", doc=doc, title=title, seed=programme.seed)


def name(programme: Programme, lang: Lang) -> str:
    """The programme's short name in `lang`."""
    return programme.short_name.get(lang)


def _money(amount: float, programme: Programme, lang: Lang, currency: str | None = None) -> str:
    return texts.money(amount, currency or programme.currency, lang)


def days_phrase(days: int, lang: Lang) -> str:
    """"12 days left" / "closes today"."""
    key = "zero" if days == 0 else "one" if days == 1 else "many"
    return str(texts.raw(lang, f"deadline.days_left.{key}")).format(n=days)


# ---------------------------------------------------------------- deadlines


def _period_line(status: PeriodStatus, lang: Lang) -> str:
    period, label = status.period, status.period.label.get(lang)
    closes = texts.day(period.closes, lang) if period.closes else ""
    opens = texts.day(period.opens, lang) if period.opens else ""
    if status.state == "open":
        return t(lang, "deadline.open", label=label, date=closes, days=days_phrase(status.days_left or 0, lang))
    if status.state == "upcoming":
        key = "deadline.upcoming" if period.closes else "deadline.upcoming_no_close"
        return t(lang, key, label=label, opens=opens, date=closes)
    if status.state == "closed":
        key = "deadline.closed_with_open" if period.opens else "deadline.closed"
        return t(lang, key, label=label, opens=opens, date=closes)
    return t(lang, "deadline.not_stated", label=label)


def deadline_parts(programme: Programme, today: date, lang: Lang) -> list[tuple[str, list[str]]]:
    """The date facts one by one (id, lines): each period, the overall state, decisions, what is not stated."""
    report = deadline_report(programme, today)
    parts: list[tuple[str, list[str]]] = []
    if report.state == "no_call":
        parts.append(("deadline.no_call", [t(lang, "deadline.no_call", programme=name(programme, lang))]))
        if programme.project_period:
            pp = programme.project_period
            start, end = texts.day(pp.start, lang), texts.day(pp.end, lang)
            key = "deadline.project_period_past" if pp.end < today else "deadline.project_period"
            parts.append(("deadline.project_period", [t(lang, key, start=start, end=end)]))
        if programme.published:
            parts.append(("deadline.published",
                          [t(lang, "deadline.published", date=texts.day(programme.published.date, lang))]))
        return parts
    for status in report.periods:
        parts.append((f"deadline.period.{status.period.id}", [texts.item(_period_line(status, lang), lang)]))
    if report.state == "closed" and report.closed_since and len(report.periods) > 1:
        parts.append(("deadline.overall",
                      [t(lang, "deadline.overall_closed", date=texts.day(report.closed_since, lang))]))
    if report.presumed_closed and programme.season:
        parts.append(("deadline.season", [t(lang, "deadline.presumed_closed", season=programme.season.text.get(lang))]))
    if any(p.opens is None for p in programme.periods):
        parts.append(("deadline.opening", [t(lang, "deadline.no_opening")]))
    decisions = [p for p in programme.periods if p.decision]
    for period in decisions:
        assert period.decision is not None  # narrowed above
        label = period.label.get(lang)
        if period.decision.by_week is not None:
            line = t(lang, "deadline.decision_week", label=label, week=period.decision.by_week)
        else:
            assert period.decision.date is not None
            line = t(lang, "deadline.decision_date", label=label, date=texts.day(period.decision.date, lang))
        parts.append((f"deadline.decision.{period.id}", [line]))
    if not decisions:
        parts.append(("deadline.no_decision", [t(lang, "deadline.no_decision")]))
    if programme.last_changed:
        parts.append(("deadline.last_changed",
                      [t(lang, "deadline.last_changed", date=texts.day(programme.last_changed.date, lang))]))
    return parts


def deadline_lines(programme: Programme, today: date, lang: Lang) -> list[str]:
    """Every period's state, decision dates and what the text leaves out, relative to `today`."""
    parts = deadline_parts(programme, today, lang)
    heading = [] if deadline_report(programme, today).state == "no_call" else [
        t(lang, "deadline.heading", programme=name(programme, lang))]
    undated = any(p.closes is None for p in programme.periods)  # the period line already says "no dates"
    lines = [line for part, part_lines in parts if not (undated and part == "deadline.opening") for line in part_lines]
    return [*heading, *lines, source_line(programme, lang)]


def _season_ended(report: DeadlineReport, lang: Lang) -> str:
    return texts.day(report.season_ended, lang) if report.season_ended else ""


def call_state_note(programme: Programme, report: DeadlineReport, lang: Lang) -> str | None:
    """One sentence on whether one can apply now, to put next to a verdict."""
    owner = programme.owner.get(lang)
    if report.state == "closed" and report.closed_since:
        return t(lang, "verdict.closed", date=texts.day(report.closed_since, lang))
    if report.state == "not_stated":
        if report.presumed_closed and programme.season:
            return t(lang, "verdict.presumed_closed", season=programme.season.text.get(lang), owner=owner,
                     ended=_season_ended(report, lang))
        return t(lang, "verdict.not_stated", owner=owner)
    nxt = report.next_open
    if nxt and nxt.state == "open" and nxt.period.closes:
        closes = texts.day(nxt.period.closes, lang)
        return t(lang, "verdict.open", date=closes, days=days_phrase(nxt.days_left or 0, lang))
    if nxt and nxt.state == "upcoming" and nxt.period.opens:
        return t(lang, "verdict.upcoming", date=texts.day(nxt.period.opens, lang))
    return None


# ---------------------------------------------------------------- eligibility


def reason_lines(reason: Reason, lang: Lang) -> list[str]:
    """One criterion's outcome with ✓/✗, and the call's own words when it fails."""
    return _reason_lines(reason, lang)


def _reason_lines(reason: Reason, lang: Lang) -> list[str]:
    if reason.outcome == "fix":
        fix = reason.fix.get(lang) if reason.fix else ""
        lines = [t(lang, "verdict.fix", text=reason.text.get(lang), fix=fix).rstrip()]
    else:
        mark = "verdict.pass" if reason.outcome == "pass" else "verdict.fail"
        lines = [t(lang, mark, text=reason.text.get(lang))]
    if reason.outcome in ("fail", "fix"):
        lines.append("   " + t(lang, "verdict.says", quote=texts.quote(reason.source.quote, lang)))
    return lines


def _call_over(verdict: Verdict, programme: Programme) -> bool:
    """Whether the call has closed, or most likely closed, on the verdict's day."""
    report = verdict.deadline
    closed = report.state == "closed" and report.closed_since is not None
    return closed or (report.presumed_closed and programme.season is not None)


def headline_key(verdict: Verdict, programme: Programme) -> str:
    """Which headline a verdict gets: its status, with the call's state when the call has (most likely) closed;
    "not as planned" when the plan exceeds a limit the applicant can change (lower the amount, run shorter),
    whatever else is still unknown; never a bare yes for a closed call, never a bare no for a fixable plan."""
    report = verdict.deadline
    if verdict.not_a_call:
        if programme.kind == "press_release":
            return "not_a_call_press_release"
        if programme.kind == "eu_project":
            ended = programme.project_period is not None and programme.project_period.end < report.today
            return "not_a_call_eu_project_past" if ended else "not_a_call_eu_project"
        return "not_a_call"
    status: str = verdict.status
    if not verdict.failed and verdict.to_fix:
        status = "not_eligible_as_planned"  # "not as planned: change what is marked", never "you cannot apply"
    if status != "not_eligible" and report.state == "closed" and report.closed_since:
        return f"{status}_closed"
    if status != "not_eligible" and report.presumed_closed and programme.season:
        return f"{status}_presumed_closed"
    return status


def headline(verdict: Verdict, programme: Programme, lang: Lang) -> str:
    """The verdict's first line: yes / no / can't tell yet, with the call's state when it has closed."""
    report = verdict.deadline
    key = headline_key(verdict, programme)
    season = programme.season.text.get(lang) if programme.season else ""
    closed = texts.day(report.closed_since, lang) if report.closed_since else ""
    return t(lang, f"verdict.{key}", programme=name(programme, lang), date=closed, season=season,
             ended=_season_ended(report, lang))


def non_call_headline(programme: Programme, today: date, lang: Lang) -> str:
    """What a non-call is (a press release, an EU project that ran or runs) and that there is nothing to apply for."""
    return headline(evaluate(programme, {}, today), programme, lang)


def now_lines(programme: Programme, catalogue: Catalogue, lang: Lang) -> list[str]:
    """After a closed call: whom to ask and what to watch for (a yearly fund, rounds announced elsewhere)."""
    owner = programme.owner.get(lang)
    pot = programme.funding.total_pot
    items = [t(lang, "verdict.now.yearly", per=texts.raw(lang, "grant.per.year"), owner=owner)
             if pot is not None and pot.per == "year" else t(lang, "verdict.now.new_round", owner=owner)]
    for other in catalogue.programmes.values():
        if programme.id in other.related:
            doc = texts.raw(lang, f"doc_kind.{other.kind}")
            items += [t(lang, "verdict.now.related", text=s.text.get(lang), programme=name(other, lang), doc=doc)
                      for s in other.topics.get("funding_rounds", ())]
    if programme.contacts:
        people = ", ".join(f"{c.name} ({c.phone})" for c in programme.contacts)
        items.append(t(lang, "verdict.now.contacts", contacts=people))
    else:
        items.append(t(lang, "verdict.now.no_contact", doc=texts.raw(lang, f"doc_kind.{programme.kind}"),
                       owner=owner))
    return [t(lang, "verdict.now.heading"), *(texts.item(i, lang) for i in items)]


def non_call_lines(programme: Programme, catalogue: Catalogue, today: date, lang: Lang) -> list[str]:
    """A non-call's sheet: what it is, who ran or received it, when, its money, who it is for, whom to contact."""
    lines = [non_call_headline(programme, today, lang), overview_lines(programme, today, lang)[1]]
    parts = dict(deadline_parts(programme, today, lang))
    lines += parts.get("deadline.project_period", []) + parts.get("deadline.published", [])
    lines += [line for pid, ls in grant_parts(programme, {}, lang) if pid == "funding.eu" for line in ls]
    for topic in ("facts_sheet", "target_group", "funding_rounds"):
        lines += [s.text.get(lang) for s in programme.topics.get(topic, ())]
    related = [catalogue.programmes[r] for r in programme.related if r in catalogue.programmes]
    if related:
        lines.append(t(lang, "verdict.related", names=", ".join(name(r, lang) for r in related)))
    if programme.contacts:
        lines += contact_lines(programme, lang)[:-1]
    return [*lines, source_line(programme, lang)]


def verdict_lines(verdict: Verdict, catalogue: Catalogue, lang: Lang, questions: bool = True) -> list[str]:
    """The verdict with every reason, what is still missing, conditions to check, the call's state and source."""
    programme = catalogue.get(verdict.programme)
    if verdict.not_a_call:
        return non_call_lines(programme, catalogue, verdict.deadline.today, lang)
    lines = [headline(verdict, programme, lang)]
    failed = verdict.failed
    shown = failed if failed else verdict.reasons
    for reason in shown:
        lines += _reason_lines(reason, lang)
    to_ask = verdict.missing or verdict.still_to_ask
    if to_ask and questions:
        lines.append(t(lang, "verdict.still_need"))
        for fact in to_ask:
            criterion = next(c for c in programme.criteria if c.fact == fact)
            lines.append(texts.item(criterion.question.get(lang), lang))
    if verdict.unchecked and not failed:
        lines.append(t(lang, "verdict.keep_in_mind"))
        lines += [texts.item(r.text.get(lang), lang) for r in verdict.unchecked]
    over = _call_over(verdict, programme)
    if not over or failed:  # a closed call's state is already in the headline, unless the answer is no
        note = call_state_note(programme, verdict.deadline, lang)
        if note:
            lines.append(note)
    if over and not failed:
        lines += now_lines(programme, catalogue, lang)
    return [*lines, source_line(programme, lang)]


def matches_lines(matches: Sequence[Match], lang: Lang) -> list[str]:
    """A short list of which calls fit and why, for "what can we apply for?"."""
    lines = [t(lang, "programmes.fits_heading")]
    for match in matches:
        title = name(match.programme, lang)
        verdict = match.verdict
        if verdict.status == "eligible":
            line = t(lang, "programmes.fits_eligible", name=title)
        elif verdict.status == "unknown":
            key = "programmes.fits_unknown_one" if len(verdict.missing) == 1 else "programmes.fits_unknown"
            line = t(lang, key, name=title, count=len(verdict.missing))
            audience = match.programme.topics.get("target_group", ())
            if audience:
                line += " " + audience[0].text.get(lang)  # the first statement says who the call is for
        elif not verdict.failed and verdict.to_fix:
            fix = verdict.to_fix[0]
            reason = fix.text.get(lang)
            line = t(lang, "programmes.fits_as_planned", name=title, reason=reason[:1].lower() + reason[1:],
                     fix=fix.fix.get(lang) if fix.fix else "").rstrip()
        else:
            reason = verdict.failed[0].text.get(lang) if verdict.failed else ""
            line = t(lang, "programmes.fits_not", name=title, reason=reason[:1].lower() + reason[1:])
        note = call_state_note(match.programme, verdict.deadline, lang)
        lines.append(texts.item(line + (f" {note}" if note else ""), lang))
    return lines


# ---------------------------------------------------------------- amounts


def _limit_text(limit: Limit, programme: Programme, lang: Lang) -> str:
    amount = _money(limit.amount, programme, lang)
    if limit.kind == "max_per_project":
        return str(texts.raw(lang, "grant.cap")).format(amount=amount)
    if limit.kind == "share_of_costs":
        return str(texts.raw(lang, "grant.share")).format(
            pct=texts.percent(limit.share or 0, lang), base=_money(limit.base or 0, programme, lang), amount=amount)
    if limit.kind == "aid_levels":
        rest = (limit.base or 0) - (limit.company_costs or 0)
        size = texts.raw(lang, f"grant.sizes.{limit.company_size}")
        return str(texts.raw(lang, "grant.aid")).format(
            rest=_money(rest, programme, lang), pct=texts.percent(limit.share or 0, lang),
            company=_money(limit.company_costs or 0, programme, lang), amount=amount, size=size)
    raise ValueError(f"unknown limit kind {limit.kind!r}")


def formula(grant: GrantEstimate, programme: Programme, lang: Lang) -> str:
    """The working behind the maximum: each limit the text states, and the smallest of them."""
    parts = [_limit_text(limit, programme, lang) for limit in grant.limits]
    if len(parts) == 1:
        return parts[0]
    return str(texts.raw(lang, "grant.smallest")).format(
        items="; ".join(parts), amount=_money(grant.maximum or 0, programme, lang))


def grant_parts(programme: Programme, facts: Mapping[str, FactValue], lang: Lang) -> list[tuple[str, list[str]]]:
    """The amount facts one by one (id, lines): personal maximum, cap, share, pot, aid levels, de minimis."""
    funding = programme.funding
    grant = estimate(programme, facts)
    doc = texts.raw(lang, f"doc_kind.{programme.kind}")
    parts: list[tuple[str, list[str]]] = []
    if not programme.open_call:
        if funding.total_eligible_costs and funding.eu_support:
            parts.append(("funding.eu", [t(lang, "grant.eu_project",
                                           total=_money(funding.total_eligible_costs.amount, programme, lang),
                                           eu=_money(funding.eu_support.amount, programme, lang))]))
        parts.append(("funding.none", [t(lang, "grant.none_stated", doc=doc)]))
        return parts
    personal = any(limit.kind in ("share_of_costs", "aid_levels") for limit in grant.limits)
    if personal and grant.maximum is not None:
        lines = [t(lang, "grant.maximum", amount=_money(grant.maximum, programme, lang)),
                 t(lang, "grant.how", formula=formula(grant, programme, lang))]
        costs = facts.get("eligible_costs")
        if isinstance(costs, int | float) and not isinstance(costs, bool) and costs > grant.maximum:
            lines.append(t(lang, "grant.own_part", own=_money(costs - grant.maximum, programme, lang),
                           costs=_money(costs, programme, lang)))
        lines += _aid_route_lines(grant, programme, lang)
        parts.append(("funding.personal", lines))
    elif funding.max_per_project:
        parts.append(("funding.max_per_project",
                      [t(lang, "grant.general_cap", amount=_money(funding.max_per_project.amount, programme, lang))]))
    if funding.max_share_of_eligible_costs and not personal:
        share = funding.max_share_of_eligible_costs.share
        parts.append(("funding.max_share_of_eligible_costs",
                      [t(lang, "grant.general_share", pct=texts.percent(share, lang),
                         own=texts.percent(1 - share, lang))]))
    if grant.requested is not None:
        parts += _requested_parts(grant, programme, lang)
    if funding.total_pot:
        pot = _money(funding.total_pot.amount, programme, lang)
        per = texts.raw(lang, f"grant.per.{funding.total_pot.per}")
        key = "grant.pot" if funding.max_per_project else "grant.no_cap"
        parts.append(("funding.total_pot", [t(lang, key, pot=pot, per=per)]))
    if funding.notes:
        parts.append(("funding.notes", [s.text.get(lang) for s in funding.notes]))
    if funding.aid_levels:
        aid = funding.aid_levels
        levels = ", ".join(f"{texts.raw(lang, f'grant.sizes.{size}')} {texts.percent(share, lang)}"
                           for size, share in aid.shares.items())
        line = (t(lang, "grant.aid_levels_conditional", levels=levels, condition=aid.condition.get(lang))
                if aid.condition else t(lang, "grant.aid_levels", levels=levels))
        size = facts.get(aid.fact)
        yours = ([t(lang, "grant.aid_level_yours", size=texts.raw(lang, f"grant.sizes.{size}"),
                    pct=texts.percent(aid.shares[size], lang))]
                 if isinstance(size, str) and size in aid.shares else [])
        parts.append(("funding.aid_levels", [*yours, line]))
    if funding.de_minimis:
        parts.append(("funding.de_minimis", [t(lang, "grant.de_minimis", years=funding.de_minimis_years or 3,
                                               amount=texts.money(funding.de_minimis.amount,
                                                                  funding.de_minimis.currency, lang))]))
    if funding.expected_projects:
        parts.append(("funding.expected_projects", [t(lang, "grant.expected_projects", owner=programme.owner.get(lang),
                                                      count=funding.expected_projects.count)]))
    else:
        parts.append(("funding.expected_projects.missing", [t(lang, "grant.no_expected_projects", doc=doc)]))
    if not funding.total_pot:
        parts.append(("funding.total_pot.missing", [t(lang, "grant.no_total", doc=doc)]))
    if "eligible_costs" in grant.needs:
        parts.append(("funding.ask", [t(lang, "grant.ask_costs")]))
    elif funding.aid_levels and funding.aid_levels.fact in grant.needs:
        parts.append(("funding.ask", [t(lang, "grant.ask_company")]))
    return parts


def _aid_route_lines(grant: GrantEstimate, programme: Programme, lang: Lang) -> list[str]:
    """When company parties' aid level would lower the maximum: that route, and de minimis as the other."""
    route, aid = grant.aid_route, programme.funding.aid_levels
    if route is None or aid is None or not grant.aid_route_restricts:
        return []
    condition = f"({aid.condition.get(lang)})" if aid.condition else ""
    size = texts.raw(lang, f"grant.sizes.{route.company_size}")
    lines = [t(lang, "grant.aid_route", condition=condition, size=size,
               rest=_money((route.base or 0) - (route.company_costs or 0), programme, lang),
               pct=texts.percent(route.share or 0, lang), company=_money(route.company_costs or 0, programme, lang),
               amount=_money(route.amount, programme, lang)).replace(" :", ":")]
    if grant.de_minimis is not None:
        lines.append(t(lang, "grant.de_minimis_route", years=grant.de_minimis_years or 3,
                       de_minimis=texts.money(grant.de_minimis.amount, grant.de_minimis.currency, lang),
                       maximum=_money(grant.maximum or 0, programme, lang)))
    return lines


def _requested_parts(grant: GrantEstimate, programme: Programme, lang: Lang) -> list[tuple[str, list[str]]]:
    """The amount asked for against every limit at once: over the maximum (lower it), within it, or no cap."""
    assert grant.requested is not None
    requested = _money(grant.requested, programme, lang)
    if grant.maximum is None:
        if grant.over_pot and grant.pot is not None:
            per = texts.raw(lang, f"grant.per.{grant.pot.per}")
            return [("funding.requested", [t(lang, "grant.over_pot", requested=requested, per=per,
                                             pot=_money(grant.pot.amount, programme, lang))])]
        return [("funding.requested", [t(lang, "grant.requested_no_cap", requested=requested)])]
    maximum = _money(grant.maximum, programme, lang)
    if grant.over_cap:
        over = _money(grant.requested - grant.maximum, programme, lang)
        return [("funding.requested", [t(lang, "grant.over_cap", requested=requested, maximum=maximum, over=over)])]
    lines = [t(lang, "grant.within_cap", requested=requested)]
    if grant.over_aid_level and grant.aid_route is not None:
        lines.append(t(lang, "grant.over_aid_level", amount=_money(grant.aid_route.amount, programme, lang)))
    return [("funding.requested", lines)]


def grant_lines(programme: Programme, facts: Mapping[str, FactValue], lang: Lang) -> list[str]:
    """How much the applicant can get: personal when costs are known, with the formula and the source."""
    parts = grant_parts(programme, facts, lang)
    lines = [line for part, part_lines in parts if not part.endswith(".missing") for line in part_lines]
    return [*lines, source_line(programme, lang)]


# ---------------------------------------------------------------- topics, contacts, lists


def topic_lines(programme: Programme, topic: str, lang: Lang) -> list[str]:
    """What the document says on one topic, or that it says nothing."""
    statements = programme.topics.get(topic, ())
    doc = texts.raw(lang, f"doc_kind.{programme.kind}")
    if not statements:
        topic_name = texts.raw(lang, f"topic.names.{topic}")
        return [t(lang, "topic.not_stated", doc=doc, topic=topic_name), source_line(programme, lang)]
    return [*(texts.item(s.text.get(lang), lang) for s in statements), source_line(programme, lang)]


def contact_lines(programme: Programme, lang: Lang) -> list[str]:
    """The people the document names, with phone numbers, or that it names none."""
    if not programme.contacts:
        doc = texts.raw(lang, f"doc_kind.{programme.kind}")
        return [t(lang, "contacts.none", doc=doc, owner=programme.owner.get(lang)), source_line(programme, lang)]
    lines = [t(lang, "contacts.heading", programme=name(programme, lang))]
    lines += [texts.item(t(lang, "contacts.item", name=c.name, role=c.role.get(lang), phone=c.phone), lang)
              for c in programme.contacts]
    return [*lines, source_line(programme, lang)]


def state_phrase(programme: Programme, today: date, lang: Lang) -> str:
    """"open", "closed on 30 October 2020", "not an open call (press release)"..."""
    report = deadline_report(programme, today)
    if report.state == "no_call":
        kind = texts.raw(lang, f"programmes.kind.{programme.kind}")
        return str(texts.raw(lang, "programmes.state.no_call")).format(kind=kind)
    if report.state == "closed" and report.closed_since:
        return str(texts.raw(lang, "programmes.state.closed")).format(date=texts.day(report.closed_since, lang))
    if report.presumed_closed:
        return str(texts.raw(lang, "programmes.state.presumed_closed"))
    return str(texts.raw(lang, f"programmes.state.{report.state}"))


def programme_list_lines(catalogue: Catalogue, today: date, lang: Lang, ids: bool = False) -> list[str]:
    """Every programme with its owner and state; open calls first. With `ids` (the CLI), each programme's id,
    which is what `check`, `show`, `amount` and `deadline` take."""
    lines = [t(lang, "programmes.heading")]
    ordered = sorted(catalogue.programmes.values(), key=lambda p: (not p.open_call, p.id))
    for p in ordered:
        line = t(lang, "programmes.item", name=name(p, lang), owner=p.owner.get(lang),
                 state=state_phrase(p, today, lang))
        lines.append(texts.item(t(lang, "programmes.item_with_id", item=line, id=p.id) if ids else line, lang))
    return lines


def overview_lines(programme: Programme, today: date, lang: Lang) -> list[str]:
    """A short description: full name, owner, purpose, state and source."""
    owner_key = "overview.recipient" if programme.kind == "eu_project" else "overview.owner"
    lines = [programme.name.get(lang), t(lang, owner_key, owner=programme.owner.get(lang))]
    lines += [s.text.get(lang) for s in programme.topics.get("purpose", ())[:2]]
    lines.append(state_phrase(programme, today, lang)[:1].upper() + state_phrase(programme, today, lang)[1:] + ".")
    return [*lines, source_line(programme, lang)]


def verdict_for(catalogue: Catalogue, programme_id: str, facts: Mapping[str, FactValue], today: date,
                lang: Lang) -> tuple[Verdict, list[str]]:
    """Evaluate and phrase in one call (the CLI's `check` and the chat's verdict)."""
    verdict = evaluate(catalogue.get(programme_id), facts, today)
    return verdict, verdict_lines(verdict, catalogue, lang)
