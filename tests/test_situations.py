"""Runs every situation in tests/situations/*.yml: an applicant's facts and what the engine must answer.

Each situation reads as a sentence; its `expect` block may state the status, the verdict's headline (which
says when the call has closed, and when the plan only needs changing), the missing facts in asking order,
which criteria fail, pass or need fixing (a limit the applicant sets, e.g. the amount: "not as planned", with
the requirements still to ask), the personal maximum
and the maximum if company parties get their aid level, and the deadline state on a given day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.amounts import estimate
from assistant.answers import headline_key
from assistant.catalogue import Catalogue
from assistant.deadlines import deadline_report
from assistant.rules import evaluate

SITUATIONS_DIR = Path(__file__).parent / "situations"
DEFAULT_TODAY = date(2026, 11, 25)
EXPECT_KEYS = {"status", "headline", "missing", "still_to_ask", "failed", "passed", "fixed", "unchecked", "maximum",
               "over_cap", "binding", "aid_level_maximum", "over_aid_level", "needs", "deadline", "days_left",
               "closed_since", "presumed_closed"}


def _situations() -> list[Any]:
    cases = []
    for path in sorted(SITUATIONS_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


SITUATIONS = _situations()


def test_there_are_at_least_sixty_situations_across_the_three_open_calls(catalogue: Catalogue) -> None:
    open_calls = {p.id for p in catalogue.open_calls()}
    covered = {case.values[0]["programme"] for case in SITUATIONS}
    assert len(SITUATIONS) >= 60
    assert open_calls <= covered


def test_every_criterion_has_a_passing_and_a_failing_situation(catalogue: Catalogue) -> None:
    seen: dict[str, set[str]] = {}
    for param in SITUATIONS:
        expect = param.values[0]["expect"]
        for key, outcome in (("failed", "fail"), ("passed", "pass"), ("fixed", "fix")):
            for criterion in expect.get(key, []):
                seen.setdefault(criterion, set()).add(outcome)
    for programme in catalogue.open_calls():
        for criterion in programme.criteria:
            other = "fix" if criterion.fix is not None else "fail"  # a limit the applicant sets is fixed, not failed
            assert seen.get(criterion.id) == {"pass", other}, f"{programme.id}: {criterion.id} lacks pass or {other}"


@pytest.mark.parametrize("case", SITUATIONS)
def test_situation(case: dict[str, Any], catalogue: Catalogue) -> None:
    expect = case["expect"]
    assert set(expect) <= EXPECT_KEYS, f"unknown expectation(s): {set(expect) - EXPECT_KEYS}"
    programme = catalogue.get(case["programme"])
    facts = {name: catalogue.facts.parse(name, value) for name, value in (case.get("facts") or {}).items()}
    today = date.fromisoformat(str(case.get("today", DEFAULT_TODAY)))
    verdict = evaluate(programme, facts, today)
    reasons = {r.criterion: r.outcome for r in verdict.reasons}
    if "status" in expect:
        assert verdict.status == expect["status"]
    if "headline" in expect:
        assert headline_key(verdict, programme) == expect["headline"]
    if "missing" in expect:
        assert list(verdict.missing) == expect["missing"]
    if "still_to_ask" in expect:
        assert list(verdict.still_to_ask) == expect["still_to_ask"]
    if expect.get("failed") == []:
        assert verdict.failed == ()
    for criterion in expect.get("failed", []):
        assert reasons.get(criterion) == "fail", f"{criterion} should fail: {reasons}"
    for criterion in expect.get("passed", []):
        assert reasons.get(criterion) == "pass", f"{criterion} should pass: {reasons}"
    for criterion in expect.get("fixed", []):
        assert reasons.get(criterion) == "fix", f"{criterion} should need a fix: {reasons}"
    if "unchecked" in expect:
        assert [r.criterion for r in verdict.unchecked] == expect["unchecked"]
    grant = estimate(programme, facts)
    if "maximum" in expect:
        assert grant.maximum == expect["maximum"]
    if "over_cap" in expect:
        assert grant.over_cap is expect["over_cap"]
    if "binding" in expect:
        assert (grant.binding.kind if grant.binding else None) == expect["binding"]
    if "aid_level_maximum" in expect:
        assert (grant.aid_route.amount if grant.aid_route_restricts and grant.aid_route else None) \
            == expect["aid_level_maximum"]
    if "over_aid_level" in expect:
        assert grant.over_aid_level is expect["over_aid_level"]
    if "needs" in expect:
        assert list(grant.needs) == expect["needs"]
    report = deadline_report(programme, today)
    if "deadline" in expect:
        assert report.state == expect["deadline"]
    if "days_left" in expect:
        assert report.next_open is not None and report.next_open.days_left == expect["days_left"]
    if "closed_since" in expect:
        assert str(report.closed_since) == str(expect["closed_since"])
    if "presumed_closed" in expect:
        assert report.presumed_closed is expect["presumed_closed"]
