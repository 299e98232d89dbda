"""evaluate(programme, facts, today) -> Verdict: can this applicant apply, why, and what do we still need?

Criteria are data (data/programmes/*.yml). A `required` criterion must be known to decide; a `condition`
is checked when known and otherwise listed as something to keep in mind; a criterion with `applies` counts
only when another fact has one of some values (an economic association must be asked whether it is
self-governing and non-profit; a municipality need not). One failed criterion is enough to say no, so the
chat stops asking as soon as that happens. A limit the applicant sets (`fix`: the amount, the duration) is
not a reason to say "you cannot apply": exceeding it is an outcome of its own, "fix", with what to change; the
verdict is then "not as planned" (status not_eligible, no failed requirement) and is given at once, listing the
requirements still to ask. The requested
amount is held against every limit of the grant (cap per project and share of costs), so the verdict and the
amount answer never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant import texts
from assistant.amounts import REQUESTED, GrantEstimate, Limit, estimate
from assistant.catalogue import Catalogue, Criterion, Programme, Source
from assistant.deadlines import DeadlineReport, deadline_report
from assistant.facts import FactValue
from assistant.localized import LANGUAGES, Lang, Localized

Status = Literal["eligible", "not_eligible", "unknown"]
Outcome = Literal["pass", "fail", "unknown", "fix"]


@dataclass(frozen=True)
class Reason:
    """One criterion's outcome for this applicant, with the sentence that explains it and its source."""

    criterion: str
    fact: str
    outcome: Outcome
    kind: str
    text: Localized
    source: Source
    fix: Localized | None = None  # outcome "fix": what to change so the limit is met

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """For JSON output; all languages unless `lang` is given."""
        text: object = self.text.as_dict() if lang is None else self.text.get(lang)  # type: ignore[arg-type]
        out: dict[str, object] = {"criterion": self.criterion, "fact": self.fact, "outcome": self.outcome,
                                  "kind": self.kind, "text": text, "source": self.source.as_dict()}
        if self.fix is not None:
            out["fix"] = self.fix.as_dict() if lang is None else self.fix.get(lang)  # type: ignore[arg-type]
        return out


@dataclass(frozen=True)
class Verdict:
    """The answer to "can we apply?": never a bare bool."""

    programme: str
    status: Status
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    unchecked: tuple[Reason, ...]
    deadline: DeadlineReport
    not_a_call: bool = False
    still_to_ask: tuple[str, ...] = ()  # "not as planned": required facts the verdict did not wait for

    @property
    def failed(self) -> tuple[Reason, ...]:
        """The reasons that rule the applicant out."""
        return tuple(r for r in self.reasons if r.outcome == "fail")

    @property
    def to_fix(self) -> tuple[Reason, ...]:
        """Limits the applicant's plan exceeds but can change (ask for less, run shorter)."""
        return tuple(r for r in self.reasons if r.outcome == "fix")

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the verdict rests on, without repeats."""
        return tuple(dict.fromkeys(r.source for r in (*self.reasons, *self.unchecked)))


def check(criterion: Criterion, value: FactValue) -> bool:
    """Whether a known fact value meets the criterion."""
    op, expected = criterion.operator, criterion.value
    if op == "equals":
        return value == expected
    if op == "one_of":
        return isinstance(expected, tuple) and str(value) in expected
    if isinstance(value, bool) or not isinstance(value, int | float) or not isinstance(expected, int | float):
        return False
    return value >= expected if op == "at_least" else value <= expected


def _failure_text(criterion: Criterion, value: FactValue) -> tuple[Localized, Source]:
    """The sharpest explanation of a failure: a value-specific one when the data has it."""
    for explanation in criterion.explain:
        if str(value) in explanation.values:
            return explanation.fails, explanation.source
    return criterion.fails, criterion.source


def applies(criterion: Criterion, facts: Mapping[str, FactValue]) -> bool:
    """Whether a criterion counts for these facts: always, or only when another fact has one of some values."""
    if criterion.applies is None:
        return True
    value = facts.get(criterion.applies.fact)
    return value is not None and str(value) in criterion.applies.values


def _ruled_out(criterion: Criterion, facts: Mapping[str, FactValue]) -> bool:
    """An unknown fact the criterion needs that another known fact already rules out (a Swedish organisation
    is not employed by Region Hovedstaden)."""
    other = criterion.ruled_out_by
    return other is not None and facts.get(other.fact) is not None and str(facts[other.fact]) in other.values


def _limit_phrase(limit: Limit, currency: str, lang: Lang) -> str:
    """"the cap per project" / "80 % of your eligible costs of SEK 700,000"."""
    template = str(texts.raw(lang, f"verdict.limit.{limit.kind}"))
    return template.format(pct=texts.percent(limit.share or 0, lang), base=texts.money(limit.base or 0, currency, lang))


def _amount_over(criterion: Criterion, grant: GrantEstimate) -> Reason:
    """Asking for more than the grant allows: the most one can ask for and which limit sets it; when the
    criterion is a limit the applicant sets (`fix`), the outcome is "lower the amount", not "no"."""
    assert grant.requested is not None and grant.maximum is not None and grant.binding is not None
    binding = grant.binding
    text = Localized(**{lang: texts.t(lang, "verdict.amount_over",
                                      requested=texts.money(grant.requested, grant.currency, lang),
                                      maximum=texts.money(grant.maximum, grant.currency, lang),
                                      limit=_limit_phrase(binding, grant.currency, lang))
                        for lang in LANGUAGES})
    fix = Localized(**{lang: texts.t(lang, "verdict.lower_amount",
                                     maximum=texts.money(grant.maximum, grant.currency, lang))
                       for lang in LANGUAGES})
    if criterion.fix is None:
        return Reason(criterion.id, criterion.fact, "fail", criterion.kind, text, binding.source)
    return Reason(criterion.id, criterion.fact, "fix", criterion.kind, text, binding.source, fix)


def _judge(criterion: Criterion, value: FactValue, grant: GrantEstimate) -> Reason:
    """One known fact against one criterion: pass, fail, or (for a limit the applicant sets) fix."""
    passed = check(criterion, value)
    if criterion.fact == REQUESTED and grant.over_cap:
        return _amount_over(criterion, grant)  # over the cap, or within it but over the share of costs
    if passed:
        return Reason(criterion.id, criterion.fact, "pass", criterion.kind, criterion.passes, criterion.source)
    text, source = _failure_text(criterion, value)
    if criterion.fix is not None:
        return Reason(criterion.id, criterion.fact, "fix", criterion.kind, text, source, criterion.fix)
    return Reason(criterion.id, criterion.fact, "fail", criterion.kind, text, source)


def _provisional_passes_withheld(programme: Programme, facts: Mapping[str, FactValue],
                                 reasons: list[Reason]) -> list[Reason]:
    """A value that passes only once a follow-up question passes ("ekonomisk förening": is it non-profit?) is
    not shown as met before that: the pass of the fact the follow-up depends on waits for the follow-up."""
    passed = {r.criterion for r in reasons if r.outcome == "pass"}
    pending = {c.applies.fact for c in programme.criteria
               if c.applies is not None and applies(c, facts) and c.id not in passed}
    return [r for r in reasons if not (r.outcome == "pass" and r.fact in pending)]


def evaluate(programme: Programme, facts: Mapping[str, FactValue], today: date) -> Verdict:
    """Judge the applicant's known facts against every criterion of the programme, in asking order."""
    deadline = deadline_report(programme, today)
    if not programme.open_call:
        return Verdict(programme.id, "not_eligible", (), (), (), deadline, not_a_call=True)
    grant = estimate(programme, facts)
    reasons: list[Reason] = []
    unchecked: list[Reason] = []
    missing: list[str] = []
    for criterion in programme.criteria:
        if not applies(criterion, facts):
            continue
        value = facts.get(criterion.fact)
        if value is None and _ruled_out(criterion, facts):
            reasons.append(Reason(criterion.id, criterion.fact, "fail", criterion.kind, criterion.fails,
                                  criterion.source))
            continue
        if value is None:
            placeholder = Reason(criterion.id, criterion.fact, "unknown", criterion.kind, criterion.fails,
                                 criterion.source)
            if criterion.kind == "required":
                if criterion.fact not in missing:
                    missing.append(criterion.fact)
            else:
                unchecked.append(placeholder)
            continue
        reasons.append(_judge(criterion, value, grant))
    reasons = _provisional_passes_withheld(programme, facts, reasons)
    if any(r.outcome == "fail" for r in reasons):
        return Verdict(programme.id, "not_eligible", tuple(reasons), (), tuple(unchecked), deadline)
    if any(r.outcome == "fix" for r in reasons):  # "not as planned": said at once, with what to change
        return Verdict(programme.id, "not_eligible", tuple(reasons), (), tuple(unchecked), deadline,
                       still_to_ask=tuple(missing))
    status: Status = "unknown" if missing else "eligible"
    return Verdict(programme.id, status, tuple(reasons), tuple(missing), tuple(unchecked), deadline)


def next_question(programme: Programme, facts: Mapping[str, FactValue], today: date) -> Criterion | None:
    """The criterion whose fact to ask next, or None when the verdict no longer depends on anything unknown."""
    verdict = evaluate(programme, facts, today)
    if not verdict.missing:
        return None
    return next(c for c in programme.criteria if c.fact == verdict.missing[0])


@dataclass(frozen=True)
class Match:
    """How one programme fits an applicant, for "what can we apply for?"."""

    programme: Programme
    verdict: Verdict


def rank_programmes(catalogue: Catalogue, facts: Mapping[str, FactValue], today: date) -> list[Match]:
    """Open calls ordered by fit: eligible first, then undecided (fewest unknowns), then ruled out."""
    order = {"eligible": 0, "unknown": 1, "not_eligible": 2}
    matches = [Match(p, evaluate(p, facts, today)) for p in catalogue.open_calls()]
    return sorted(matches, key=lambda m: (order[m.verdict.status], len(m.verdict.missing), m.programme.id))
