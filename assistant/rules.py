"""evaluate(programme, facts, today) -> Verdict: can this applicant apply, why, and what do we still need?

Criteria are data (data/programmes/*.yml). A `required` criterion must be known to decide; a `condition`
is checked when known and otherwise listed as something to keep in mind. One failed criterion is enough
to say no, so the chat stops asking as soon as that happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.catalogue import Catalogue, Criterion, Programme, Source
from assistant.deadlines import DeadlineReport, deadline_report
from assistant.facts import FactValue
from assistant.localized import Localized

Status = Literal["eligible", "not_eligible", "unknown"]
Outcome = Literal["pass", "fail", "unknown"]


@dataclass(frozen=True)
class Reason:
    """One criterion's outcome for this applicant, with the sentence that explains it and its source."""

    criterion: str
    fact: str
    outcome: Outcome
    kind: str
    text: Localized
    source: Source

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """For JSON output; all languages unless `lang` is given."""
        text: object = self.text.as_dict() if lang is None else self.text.get(lang)  # type: ignore[arg-type]
        return {"criterion": self.criterion, "fact": self.fact, "outcome": self.outcome, "kind": self.kind,
                "text": text, "source": self.source.as_dict()}


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

    @property
    def failed(self) -> tuple[Reason, ...]:
        """The reasons that rule the applicant out."""
        return tuple(r for r in self.reasons if r.outcome == "fail")

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


def evaluate(programme: Programme, facts: Mapping[str, FactValue], today: date) -> Verdict:
    """Judge the applicant's known facts against every criterion of the programme, in asking order."""
    deadline = deadline_report(programme, today)
    if not programme.open_call:
        return Verdict(programme.id, "not_eligible", (), (), (), deadline, not_a_call=True)
    reasons: list[Reason] = []
    unchecked: list[Reason] = []
    missing: list[str] = []
    for criterion in programme.criteria:
        value = facts.get(criterion.fact)
        if value is None:
            placeholder = Reason(criterion.id, criterion.fact, "unknown", criterion.kind, criterion.fails,
                                 criterion.source)
            if criterion.kind == "required":
                if criterion.fact not in missing:
                    missing.append(criterion.fact)
            else:
                unchecked.append(placeholder)
            continue
        if check(criterion, value):
            reasons.append(Reason(criterion.id, criterion.fact, "pass", criterion.kind, criterion.passes,
                                  criterion.source))
        else:
            text, source = _failure_text(criterion, value)
            reasons.append(Reason(criterion.id, criterion.fact, "fail", criterion.kind, text, source))
    if any(r.outcome == "fail" for r in reasons):
        return Verdict(programme.id, "not_eligible", tuple(reasons), (), tuple(unchecked), deadline)
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
