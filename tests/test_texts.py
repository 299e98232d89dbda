"""The three languages have the same templates, and every programme renders in each of them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant import answers, texts
from assistant.catalogue import TOPICS, Catalogue
from assistant.localized import LANGUAGES, Lang


def _keys(node: Any, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_keys(v, f"{prefix}.{k}" if prefix else str(k)) for k, v in node.items()))
    return {prefix}


def test_danish_swedish_and_english_templates_have_the_same_keys() -> None:
    english = _keys(texts.templates("en"))
    for lang in ("da", "sv"):
        assert _keys(texts.templates(lang)) == english, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_topic_has_a_name_in_every_language(lang: Lang) -> None:
    assert all(texts.raw(lang, f"topic.names.{topic}") for topic in TOPICS)


@pytest.mark.parametrize(("lang", "expected"),
                         [("da", "600.000 SEK"), ("sv", "600 000 kr"), ("en", "SEK 600,000")])
def test_money_is_written_the_local_way(lang: Lang, expected: str) -> None:
    assert texts.money(600_000, "SEK", lang) == expected


@pytest.mark.parametrize(("lang", "expected"),
                         [("da", "30. oktober 2020"), ("sv", "30 oktober 2020"), ("en", "30 October 2020")])
def test_dates_in_words(lang: Lang, expected: str) -> None:
    assert texts.day(date(2020, 10, 30), lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_programme_answer_renders_and_names_its_source(catalogue: Catalogue, lang: Lang) -> None:
    today = date(2026, 11, 25)
    for programme in catalogue.programmes.values():
        blocks = [answers.deadline_lines(programme, today, lang), answers.grant_lines(programme, {}, lang),
                  answers.contact_lines(programme, lang), answers.overview_lines(programme, today, lang)]
        blocks += [answers.topic_lines(programme, topic, lang) for topic in TOPICS]
        for lines in blocks:
            assert programme.seed in lines[-1]
            assert all("{" not in line for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_template_keys_are_all_text_not_yaml_booleans(lang: Lang) -> None:
    assert all(isinstance(key, str) for key in _flat_keys(texts.templates(lang)))


def _flat_keys(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    return [*node.keys(), *(k for v in node.values() for k in _flat_keys(v))]
