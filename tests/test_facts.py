"""Answers in Danish, Swedish or English become typed facts; anything else is refused with what is allowed."""

from __future__ import annotations

import pytest

from assistant.catalogue import Catalogue
from assistant.facts import FactValueError, UnknownFactError, parse_boolean


@pytest.mark.parametrize("text", ["ja", "Ja!", "jo", "yes", "japp", "ja, det har vi", "det har vi", "absolut", "true"])
def test_yes_in_three_languages(text: str) -> None:
    assert parse_boolean(text) is True


@pytest.mark.parametrize("text", ["nej", "Nej tak", "no", "inte än", "endnu ikke", "nej, det har vi ikke", "false"])
def test_no_in_three_languages(text: str) -> None:
    assert parse_boolean(text) is False


@pytest.mark.parametrize("text", ["måske", "kanske", "vet inte", ""])
def test_neither_yes_nor_no_is_unknown(text: str) -> None:
    assert parse_boolean(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("vi är en kommun", "municipality"),
    ("vi er en kommune", "municipality"),
    ("vi är ett kommunalt bolag", "municipal_company"),
    ("en ideell förening", "nonprofit"),
    ("vi är ett aktiebolag", "company"),
    ("Aktiebolag med särskild vinstutdelningsbegränsning", "svb_company"),
    ("socialt foretag", "social_enterprise"),
    ("we are a charity", "nonprofit"),
    ("hogskola", "university"),
    ("enskild firma", "sole_trader"),
])
def test_organisation_types_from_free_text(catalogue: Catalogue, text: str, value: str) -> None:
    assert catalogue.facts.parse("organisation_type", text) == value


def test_a_value_of_the_wrong_type_is_refused_with_what_is_allowed(catalogue: Catalogue) -> None:
    with pytest.raises(FactValueError, match="eligible_costs: cannot read 'lots' as an amount"):
        catalogue.facts.parse("eligible_costs", "lots")
    with pytest.raises(FactValueError, match="one of municipality, region"):
        catalogue.facts.parse("organisation_type", "a spaceship")


def test_an_unknown_fact_lists_the_known_ones(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownFactError, match="known facts: company_party_costs"):
        catalogue.facts.parse("shoe_size", "42")


def test_percent_above_100_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(FactValueError):
        catalogue.facts.parse("employment_share", "120")
