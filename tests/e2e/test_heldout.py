"""The held-out set (tests/heldout/) through the running bot: answered-right ratios per language and category.

The messages and conversations were written from the source documents by people who never saw the training
data or the reply texts; tests/heldout/judge.py reads each reply as an applicant would. The floors below are
what the assistant reaches today (see the README for the figures and the issue's target); a change that makes
understanding worse fails here. Wrong facts are counted apart: they are worse than "I don't know".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import Bot
from tests.heldout.judge import load_cases
from tests.heldout.runner import Report, run

pytestmark = pytest.mark.e2e

MIN_RIGHT = 0.91  # share of all held-out turns answered right (measured 0.924 on A-F, 2668 turns)
MIN_RIGHT_PER_LANGUAGE = 0.89  # measured da 0.943, en 0.919, sv 0.911
MAX_WRONG_FACTS = 0.01  # share of turns that state something false for the question (measured 21/2668: 0.79 %)


@pytest.fixture(scope="module")
def report(bot: Bot, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Every held-out case, each in a new conversation, through the REST channel."""

    def send(sender: str, text: str, metadata: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
        response = requests.post(bot.url, json={"sender": sender, "message": text, "metadata": dict(metadata)},
                                 timeout=60)
        response.raise_for_status()
        return list(response.json())

    result = run(load_cases(), send)
    out: Path = tmp_path_factory.mktemp("heldout") / "report.txt"
    out.write_text(result.table() + "\n\n" + result.failures(), encoding="utf-8")
    print("\n" + result.table() + f"\n(every failure: {out})")
    return result


def test_held_out_questions_are_answered_right_overall(report: Report) -> None:
    ratio, n = report.ratio(report.turns)
    assert n >= 300
    assert ratio >= MIN_RIGHT, report.table()


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_held_out_questions_are_answered_right_in_each_language(report: Report, language: str) -> None:
    ratio, n = report.ratio(r for r in report.turns if r.case.lang == language)
    assert n >= 100
    assert ratio >= MIN_RIGHT_PER_LANGUAGE, report.table()


def test_wrong_facts_stay_rare(report: Report) -> None:
    wrong = report.outcomes()["wrong_fact"]
    assert wrong <= MAX_WRONG_FACTS * len(report.turns), report.failures()
