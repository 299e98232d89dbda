"""Which programme a message means, named the way people name programmes (assistant.naming)."""

from __future__ import annotations

import pytest

from assistant.catalogue import load
from assistant.naming import resolve, word_matches


@pytest.mark.parametrize(("text", "programme"), [
    ("regionens pulje til kunstig intelligens", "regionh-ai-2020"),        # by description
    ("the Capital Region's AI fund", "regionh-ai-2020"),                    # in English, by owner
    ("2020-puljen", "regionh-ai-2020"),                                     # by year only
    ("Region Stockholms pengar", "regionsthlm-innovationsfond-2024"),      # by owner only
    ("innovasjonsfonden i Stockholm", "regionsthlm-innovationsfond-2024"),  # two letters wrong
    ("Vinnovas AI-utlysning för kommuner", "vinnova-starta-ai-resa-2022"),  # owner and description
    ("sund vagt", "sund-vaegt"),                                            # without æ
    ("kraftsamlingn", "vinnova-kraftsamling-ai"),                           # a typo
    ("från Stockholmsfonden", "regionsthlm-innovationsfond-2024"),          # owner and fund in one word
    ("regionens pulje med de 2 mio.", "regionh-ai-2020"),                   # by the size of its pot
])
def test_a_programme_is_found_by_the_words_people_use(text: str, programme: str) -> None:
    assert resolve(load(), text).meant == programme


def test_an_owner_with_two_programmes_leaves_both_as_candidates() -> None:
    naming = resolve(load(), "hvad laver Vinnova?")
    assert naming.meant is None
    assert set(naming.candidates) == {"vinnova-starta-ai-resa-2022", "vinnova-kraftsamling-ai"}


@pytest.mark.parametrize(("text", "unknown"), [
    ("hvad er fristen for Innobooster?", "Innobooster"),
    ("Hur mycket kan man söka från Danmarks Innovationsfond?", "Danmarks Innovationsfond"),  # not Stockholm's
    ("Hvem kan søge Region Midtjyllands pulje til kunstig intelligens?", "Region Midtjylland"),
])
def test_a_programme_we_do_not_cover_is_recognised_as_unknown(text: str, unknown: str) -> None:
    naming = resolve(load(), text)
    assert naming.unknown == unknown
    assert naming.meant is None


def test_where_someone_works_is_not_a_programme_they_ask_about() -> None:
    assert resolve(load(), "jeg er ansat i Region Sjælland").unknown is None
    asked = resolve(load(), "Jeg arbejder i Region Hovedstaden. Kan jeg søge Region Stockholms innovationsfond?")
    assert asked.meant == "regionsthlm-innovationsfond-2024"


def test_an_owner_in_a_description_of_ourselves_is_what_we_are_not_what_we_ask_about() -> None:
    text = "Vi er en dansk region (Region Hovedstaden) og vil søge Vinnovas AI-resa som koordinator. Går det?"
    assert resolve(load(), text).meant == "vinnova-starta-ai-resa-2022"
    assert resolve(load(), "vi er interesseret i Region Hovedstadens pulje").meant == "regionh-ai-2020"


@pytest.mark.parametrize("text", ["Hvor mange milliarder kan AI skabe ifølge DIGG?",
                                  "enligt DIGG-rapporten som Vinnova hänvisar till"])
def test_a_source_a_programme_cites_is_not_an_unknown_programme(text: str) -> None:
    assert resolve(load(), text).unknown is None
    assert resolve(load(), "kan vi søge penge hos DIGG?").unknown == "Digitaliseringsstyrelsen"


def test_a_hint_inside_a_name_adds_nothing_and_a_word_that_only_looks_alike_does_not_match() -> None:
    assert word_matches("puljen", "pulje") and word_matches("fondens", "fond")
    assert not word_matches("formålet", "formas")  # a funder we do not cover must not hide in ordinary words
    assert resolve(load(), "Hvad er egentlig formålet med puljen?").unknown is None


@pytest.mark.parametrize(("text", "meant", "alternatives"), [
    ("hvornår er fristen for AI-puljen?", "regionh-ai-2020",
     {"vinnova-starta-ai-resa-2022", "vinnova-kraftsamling-ai"}),
    ("how much is in the region's innovation money?", "regionsthlm-innovationsfond-2024", {"regionh-ai-2020"}),
    ("hvor meget kan man søge i AI-puljen 2020?", "regionh-ai-2020", set()),  # the year identifies it
    ("hur mycket ger Region Stockholms innovationsfond?", "regionsthlm-innovationsfond-2024", set()),
    ("how much is in the regional fund?", "regionsthlm-innovationsfond-2024", {"regionh-ai-2020", "sund-vaegt"}),
])
def test_a_programme_meant_without_an_identifying_name_keeps_the_others_it_could_be(
        text: str, meant: str, alternatives: set[str]) -> None:
    naming = resolve(load(), text)
    assert naming.meant == meant
    assert set(naming.alternatives) == alternatives


def test_a_region_named_beside_a_programme_named_by_name_is_an_applicant_not_an_unknown_programme() -> None:
    naming = resolve(load(), "Could Region Skåne be the coordinator of a Starta er AI-resa project?")
    assert naming.unknown is None and naming.meant == "vinnova-starta-ai-resa-2022"


@pytest.mark.parametrize("text", ["Hvad med Region Skånes pulje?",
                                  "Hvad med Erhvervsfyrtårn Midtjylland – er der penge at søge der?",
                                  "Hur söker man finansiering från EDIH:en för life science i Köpenhamn?",
                                  "Hvem kan søge Region Midtjyllands pulje til kunstig intelligens?",
                                  "Vem kan söka Västra Götalandsregionens innovationsfond?"])
def test_a_regions_own_fund_is_a_programme_we_do_not_know(text: str) -> None:
    assert resolve(load(), text).unknown is not None


def test_a_programme_name_is_found_as_the_first_part_of_a_compound() -> None:
    assert resolve(load(), "Hur lång tid får ett innovationsfondsprojekt hålla på?").meant == \
        "regionsthlm-innovationsfond-2024"


def test_a_region_asked_about_as_coordinator_of_a_described_programme_is_an_applicant_not_a_fund() -> None:
    naming = resolve(load(), "For the Vinnova one, could Region Uppsala be the coordinator instead of us?")
    assert naming.unknown is None
    assert "vinnova-starta-ai-resa-2022" in naming.candidates
