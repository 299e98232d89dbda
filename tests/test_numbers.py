"""Amounts, percentages and durations are read the same way whatever language or style people write."""

from __future__ import annotations

import pytest

from assistant.numbers import find_amounts, parse_amount, parse_months, parse_percent


@pytest.mark.parametrize(("text", "value"), [
    ("600 000 kr", 600_000),
    ("350.000 kr.", 350_000),
    ("350.000", 350_000),
    ("600,000 SEK", 600_000),
    ("1,5 mio", 1_500_000),
    ("1.5 million", 1_500_000),
    ("2 mio. kr.", 2_000_000),
    ("15 miljoner kronor", 15_000_000),
    ("en halv miljon", 500_000),
    ("omkring en halv million kroner", 500_000),
    ("half a million", 500_000),
    ("750k", 750_000),
    ("750 tkr", 750_000),
    ("to millioner", 2_000_000),
    ("1.500.000 kr", 1_500_000),
    ("budgettet er 750000", 750_000),
    ("750000", 750_000),
])
def test_amounts_written_many_ways_are_read_as_whole_kroner(text: str, value: int) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["frist 2020", "vi er 12 personer", "tom", "80 procent", "12 måneder", "ja tak"])
def test_years_counts_percentages_and_words_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_two_amounts_in_one_message_are_found_in_order() -> None:
    found = find_amounts("vi har 750 000 i kostnader och söker 600 000 kr")
    assert [f.value for f in found] == [750_000, 600_000]


@pytest.mark.parametrize(("text", "value"), [
    ("80 %", 80), ("80%", 80), ("ja, 80 procent", 80), ("75 percent", 75), ("halvtid", 50),
    ("jeg arbejder halv tid", 50), ("heltid", 100), ("fuldtid", 100), ("50", 50), ("62,5 %", 62.5),
])
def test_percentages(text: str, value: float) -> None:
    assert parse_percent(text) == value


def test_a_bare_number_over_100_is_not_a_percentage() -> None:
    assert parse_percent("150") is None


@pytest.mark.parametrize(("text", "months"), [
    ("12 måneder", 12), ("18 månader", 18), ("ett år", 12), ("1,5 år", 18), ("två år", 24),
    ("ett halvt år", 6), ("24 months", 24), ("2 years", 24), ("12", 12),
])
def test_durations_in_months(text: str, months: float) -> None:
    assert parse_months(text) == months
