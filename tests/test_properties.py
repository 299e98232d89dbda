"""Property-based tests: whatever people type, the engine, the extractors and the channel stay well-behaved."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.amounts import estimate
from assistant.answers import headline_key
from assistant.catalogue import Catalogue, load
from assistant.channels.protocol import ChannelError, parse_request
from assistant.facts import parse_boolean
from assistant.numbers import find_amounts, find_durations, find_percentages, parse_amount
from assistant.rules import evaluate
from assistant.understanding import find_entities

CATALOGUE: Catalogue = load()
OPEN_CALLS = [p.id for p in CATALOGUE.open_calls()]


def facts_strategy() -> st.SearchStrategy[dict[str, object]]:
    """Any combination of valid values for the applicant facts."""
    options: dict[str, st.SearchStrategy[object]] = {}
    for fact in CATALOGUE.facts.facts.values():
        if fact.type == "boolean":
            options[fact.id] = st.booleans()
        elif fact.type == "choice":
            options[fact.id] = st.sampled_from(sorted(fact.choices))
        elif fact.type == "percent":
            options[fact.id] = st.integers(0, 100)
        elif fact.type == "months":
            options[fact.id] = st.integers(1, 60)
        else:
            options[fact.id] = st.integers(0, 50_000_000)
    return st.fixed_dictionaries({}, optional=options)  # type: ignore[arg-type]


@given(st.sampled_from(OPEN_CALLS), facts_strategy(), st.dates(date(2015, 1, 1), date(2035, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_the_verdict_is_consistent_for_any_facts(programme_id: str, facts: dict[str, object], today: date) -> None:
    programme = CATALOGUE.get(programme_id)
    verdict = evaluate(programme, facts, today)  # type: ignore[arg-type]
    assert verdict.status in ("eligible", "not_eligible", "unknown")
    if verdict.status == "not_eligible":  # a failed requirement, or a plan to change ("not as planned")
        assert (verdict.failed or verdict.to_fix) and verdict.missing == ()
        assert verdict.still_to_ask == () or not verdict.failed
    if verdict.status == "unknown":
        assert verdict.missing and not verdict.failed
        assert all(f not in facts for f in verdict.missing)
    if verdict.status == "eligible":
        required = {c.fact for c in programme.criteria if c.kind == "required"}
        assert required <= set(facts)
    # a known fact is never asked again, and adding facts never un-fails a failed criterion
    more = evaluate(programme, {**facts, "country": "SE"}, today)  # type: ignore[arg-type]
    assert {r.criterion for r in verdict.failed if r.fact != "country"} <= {r.criterion for r in more.failed}
    # a limit the applicant sets (amount, duration) is fixed, never a failed requirement ("you cannot apply")
    assert (verdict.status == "not_eligible") == bool(verdict.failed or verdict.to_fix)
    assert all(r.fix is not None for r in verdict.to_fix)
    if verdict.to_fix and not verdict.failed:
        assert headline_key(verdict, programme).startswith("not_eligible_as_planned")
    # the verdict and the amount answer agree: the request passes exactly when it fits every limit at once
    grant = estimate(programme, facts)  # type: ignore[arg-type]
    for reason in verdict.reasons:
        if reason.fact == "requested_amount":
            assert (reason.outcome == "pass") == (not grant.over_cap)
    # a call that has closed, or most likely closed, never gets a bare "yes"
    over = verdict.deadline.state == "closed" or verdict.deadline.presumed_closed
    if over and verdict.status == "eligible":
        assert headline_key(verdict, programme) != "eligible"


@given(st.sampled_from(OPEN_CALLS), facts_strategy())
@settings(max_examples=300, deadline=None)
def test_the_maximum_never_exceeds_any_stated_limit(programme_id: str, facts: dict[str, object]) -> None:
    programme = CATALOGUE.get(programme_id)
    grant = estimate(programme, facts)  # type: ignore[arg-type]
    if grant.maximum is not None:
        assert grant.maximum >= 0
        assert all(grant.maximum <= limit.amount for limit in grant.limits)
        costs = facts.get("eligible_costs")
        share = programme.funding.max_share_of_eligible_costs
        if share is not None and isinstance(costs, int):
            assert grant.maximum <= costs * share.share + 1e-6
        if programme.funding.max_per_project:
            assert grant.maximum <= programme.funding.max_per_project.amount
        if grant.aid_route is not None:  # the aid-level route never promises more than the maximum
            assert grant.aid_route.amount <= grant.maximum
    funding = programme.funding
    if funding.total_pot and not funding.max_per_project and not funding.max_share_of_eligible_costs:
        assert grant.maximum is None and not grant.over_cap  # a fund's total is never "your maximum"


@given(st.integers(1, 99_999_999), st.sampled_from(["{:,}", "{:_}", "{}"]),
       st.sampled_from([" kr", " kr.", "", " SEK"]))
@settings(max_examples=300, deadline=None)
def test_amounts_written_with_any_separator_read_back_exactly(value: int, pattern: str, suffix: str) -> None:
    for sep in (" ", ".", ","):
        text = pattern.format(value).replace(",", sep).replace("_", sep) + suffix
        if value < 1000 and not suffix.strip():
            continue  # a bare small number is not an amount
        if 1900 <= value <= 2100 and not suffix.strip():
            continue  # a bare year is not an amount
        assert parse_amount(text) == value, text


@given(st.text(max_size=400))
@settings(max_examples=400, deadline=None)
def test_extractors_never_fail_and_spans_point_into_the_text(text: str) -> None:
    for found in (*find_amounts(text), *find_percentages(text), *find_durations(text)):
        assert 0 <= found.start < found.end <= len(text)
        assert found.value >= 0
    for entity in find_entities(CATALOGUE, text):
        assert 0 <= entity.start < entity.end <= len(text)
    assert parse_boolean(text) in (True, False, None)


@given(st.one_of(st.binary(max_size=3000),
                 st.dictionaries(st.text(max_size=10), st.recursive(
                     st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=10), max_size=5).map(lambda d: json.dumps(d).encode())))
@settings(max_examples=500, deadline=None)
def test_the_channel_accepts_or_refuses_any_body_with_a_4xx(body: bytes) -> None:
    try:
        chat = parse_request(body)
    except ChannelError as error:
        assert 400 <= error.status < 500
        assert error.body()["message"]
    else:
        assert isinstance(chat.message, str) and len(chat.message) <= 2000
        assert set(chat.metadata) <= {"language", "page", "programme"}
