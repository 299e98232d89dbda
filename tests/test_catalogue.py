"""The catalogue refuses anything not backed by its source, and names the file, line and field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant import config
from assistant.catalogue import Catalogue, validate
from assistant.facts import match_choice

PROGRAMME_IDS = {
    "regionh-ai-2020": "000_345c3b95556e081f.txt",
    "vinnova-starta-ai-resa-2022": "001_4452f986d98d4eaf.txt",
    "regionsthlm-innovationsfond-2024": "002_88fb5445b86f3cf5.txt",
    "vinnova-kraftsamling-ai": "003_fb189093763b88c9.txt",
    "sund-vaegt": "004_0a939df3af015ebb.txt",
}


def seeds_or_skip() -> Path:
    """The seeds folder; required under CI, skipped with a reason elsewhere."""
    seeds = config.seeds_dir()
    if seeds is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no seeds folder: set ASSISTANT_SEEDS_DIR or provide ../shared/seeds")
        pytest.skip("no seeds folder (../shared/seeds or ASSISTANT_SEEDS_DIR): quotes cannot be checked here")
    return seeds


def test_every_seed_document_has_one_programme_file_with_the_agreed_id(catalogue: Catalogue) -> None:
    assert {pid: p.seed for pid, p in catalogue.programmes.items()} == PROGRAMME_IDS


def test_the_press_release_and_the_eu_project_are_not_open_calls(catalogue: Catalogue) -> None:
    assert not catalogue.get("vinnova-kraftsamling-ai").open_call
    assert not catalogue.get("sund-vaegt").open_call
    assert {p.id for p in catalogue.open_calls()} == {
        "regionh-ai-2020", "vinnova-starta-ai-resa-2022", "regionsthlm-innovationsfond-2024"}


def test_every_quote_is_found_verbatim_in_its_seed() -> None:
    seeds = seeds_or_skip()
    report = validate(seeds=seeds)
    assert report.problems == []
    assert report.quotes_checked > 100


def test_vinnova_states_no_closing_date_and_region_stockholm_no_cap(catalogue: Catalogue) -> None:
    vinnova = catalogue.get("vinnova-starta-ai-resa-2022")
    assert all(p.closes is None and p.opens is None for p in vinnova.periods)
    assert catalogue.get("regionsthlm-innovationsfond-2024").funding.max_per_project is None


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """A writable copy of data/ to break on purpose."""
    shutil.copytree(config.data_dir(), tmp_path / "data")
    return tmp_path / "data"


def _problems(data: Path, seeds: Path | None) -> list[str]:
    report = validate(data / "programmes", seeds=seeds, facts_path=data / "applicant_facts.yml",
                      check_seeds=seeds is not None)
    return [str(p) for p in report.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_silence_on_a_detail_that_is_not_defined_is_refused_with_the_known_ones(broken: Path) -> None:
    path = broken / "programmes" / "vinnova-starta-ai-resa-2022.yml"
    _edit(path, "silent_on: [reporting_frequency, payout_timing]", "silent_on: [reporting_frequency, page_count]")
    problems = _problems(broken, None)
    assert len(problems) == 1
    assert "silent_on: 'page_count' is not a detail in data/details.yml" in problems[0]
    assert "reporting_frequency" in problems[0]


def test_a_fact_without_a_source_is_refused_with_file_and_field(broken: Path) -> None:
    path = broken / "programmes" / "regionh-ai-2020.yml"
    _edit(path, '    amount: 350000\n    source: {seed: *seed, quote: "Der kan søges max 350.000 kr. pr. projekt"}\n',
          "    amount: 350000\n")
    problems = _problems(broken, None)
    assert len(problems) == 1
    assert "regionh-ai-2020.yml:" in problems[0] and "funding.max_per_project.source: missing" in problems[0]


def test_a_quote_that_is_not_in_the_seed_is_refused(broken: Path) -> None:
    seeds = seeds_or_skip()
    path = broken / "programmes" / "vinnova-starta-ai-resa-2022.yml"
    _edit(path, 'quote: "Projekten får pågå maximalt 12 månader."}',
          'quote: "Projekten får pågå maximalt 24 månader."}')
    problems = _problems(broken, seeds)
    assert problems and all("source.quote: not found verbatim in 001_4452f986d98d4eaf.txt" in p for p in problems)
    assert any("criteria[7]" in p for p in problems)


def test_a_date_that_does_not_parse_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "regionsthlm-innovationsfond-2024.yml"
    _edit(path, "closes: 2024-02-02", "closes: 2024-02-31")
    problems = _problems(broken, None)
    assert problems == [p for p in problems if "periods[1].closes: '2024-02-31' is not a date" in p]
    assert len(problems) == 1


def test_a_criterion_on_an_unknown_fact_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "regionh-ai-2020.yml"
    _edit(path, "fact: management_approval", "fact: boss_said_yes")
    (problem,) = _problems(broken, None)
    assert "criteria[1].fact: refers to unknown fact 'boss_said_yes'" in problem


def test_a_missing_translation_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "regionsthlm-innovationsfond-2024.yml"
    _edit(path, "\n        en: Whether users, patients or the unit have a substantial need for the solution.\n", "\n")
    (problem,) = _problems(broken, None)
    assert "topics.assessment[0].text.en: missing translation (en)" in problem


def test_a_criterion_value_that_is_not_allowed_for_its_fact_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "vinnova-starta-ai-resa-2022.yml"
    _edit(path, "value: [municipality, nonprofit,", "value: [kommun, nonprofit,")
    (problem,) = _problems(broken, None)
    assert "criteria[0].value: 'kommun' is not a value of fact 'organisation_type'" in problem


def test_line_numbers_point_at_the_broken_field(broken: Path) -> None:
    path = broken / "programmes" / "regionh-ai-2020.yml"
    _edit(path, "closes: 2020-10-30", "closes: 30/10/2020")
    (problem,) = _problems(broken, None)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "30/10/2020" in text)
    assert problem.startswith(f"{path}:{line}: periods[0].closes")


def test_a_badly_typed_number_is_a_named_problem_not_a_crash(broken: Path) -> None:
    path = broken / "programmes" / "regionsthlm-innovationsfond-2024.yml"
    _edit(path, "by_week: 16", "by_week: week 16")
    (problem,) = _problems(broken, None)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "week 16" in text)
    assert problem == f"{path}:{line}: periods[1].decision.by_week: expected a number, got 'week 16'"


def test_a_follow_up_criterion_on_an_unknown_value_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "vinnova-starta-ai-resa-2022.yml"
    _edit(path, "applies: {fact: organisation_type, values: [economic_association]}",
          "applies: {fact: organisation_type, values: [ekonomisk_forening]}")
    (problem,) = _problems(broken, None)
    assert "applies.values: 'ekonomisk_forening' is not a value of fact 'organisation_type'" in problem


def test_a_rule_out_on_an_unknown_fact_is_refused(broken: Path) -> None:
    path = broken / "programmes" / "regionh-ai-2020.yml"
    _edit(path, "ruled_out_by: {fact: country,", "ruled_out_by: {fact: land,")
    (problem,) = _problems(broken, None)
    assert "ruled_out_by.fact: refers to unknown fact 'land'" in problem


@pytest.mark.parametrize(("fact", "phrase", "value"), [
    # "Självstyrande kooperativa verksamheter med oegennyttigt uppdrag": a cooperative in general must be asked
    ("organisation_type", "vi är en ekonomisk förening", "economic_association"),
    ("organisation_type", "vi er et andelsselskab", "economic_association"),
    ("organisation_type", "we are a co-op", "economic_association"),
    ("organisation_type", "ett självstyrande kooperativ med oegennyttigt uppdrag", "cooperative"),
    ("organisation_type", "vi är en ideell förening", "nonprofit"),
    # Karolinska Institutet is a state university; the university hospital is Region Stockholm's
    ("employer", "jag forskar på Karolinska Institutet", "university"),
    ("employer", "jag är sjuksköterska på Karolinska Universitetssjukhuset", "region_stockholm"),
    ("employer", "jag jobbar 40 % på Karolinska och forskar på Karolinska Institutet", "university"),
    # a phrase that could mean two things is read as neither, so the chat asks
    ("employer", "jeg arbejder i Herlev", None),  # a municipality as well as a hospital
    ("employer", "jeg er læge på Herlev Hospital", "region_hovedstaden"),
    ("organisation_type", "vi arbetar på förvaltningen", None),
])
def test_phrases_map_to_facts_no_more_loosely_than_the_text(catalogue: Catalogue, fact: str, phrase: str,
                                                              value: str | None) -> None:
    assert match_choice(catalogue.facts.get(fact), phrase) == value
