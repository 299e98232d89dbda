"""The held-out set is big enough, never trained on, and judged the way a reader reads a reply."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.facts import fold
from tests.heldout.judge import Judgement, dates_in, judge, language_of, load_cases, numbers_in

ROOT = Path(__file__).resolve().parents[1]


def _training_texts() -> set[str]:
    texts: set[str] = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                example = re.sub(r"\[([^\]]+)\]\{[^}]*\}|\[([^\]]+)\]\([^)]*\)", r"\1\2", line.strip().lstrip("- "))
                texts.add(" ".join(fold(example).split()))
    return texts


def test_the_set_has_at_least_100_messages_per_language_and_30_conversations() -> None:
    cases = load_cases()
    singles = [c for c in cases if not c.conversation]
    for lang in ("da", "sv", "en"):
        assert sum(c.lang == lang for c in singles) >= 100, lang
    assert sum(c.conversation for c in cases) >= 30


def test_no_held_out_message_is_a_training_example() -> None:
    training = _training_texts()
    trained_on = [text for case in load_cases() for text, _ in case.turns
                  if " ".join(fold(text).split()) in training]
    assert not trained_on


def test_every_expectation_names_a_known_programme_a_language_and_real_dates() -> None:
    from assistant.catalogue import load
    known = {*load().programmes, "none", "unknown", "ambiguous"}
    for case in load_cases():
        for _, expect in case.turns:
            assert (expect.get("programme") or "none") in known, case.id
            assert expect.get("lang") in ("da", "sv", "en"), case.id
            for item in expect.get("facts") or []:
                if isinstance(item, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                    date.fromisoformat(item)


@pytest.mark.parametrize(("text", "number"), [("Der kan søges max 350.000 kr.", 350000), ("SEK 600,000", 600000),
                                              ("15 000 000 kr", 15000000), ("2 mio. kr.", 2000000),
                                              ("80 %", 80), ("vurderes af tre bedømmere", 3),
                                              ("six pilot projects", 6)])
def test_numbers_are_read_in_every_language_s_format(text: str, number: int) -> None:
    assert number in numbers_in(text)


def test_dates_are_read_in_words_and_digits() -> None:
    assert date(2020, 10, 30) in dates_in("lukket siden 30. oktober 2020")
    assert date(2024, 2, 2) in dates_in("closed since 2 February 2024")
    assert date(2024, 2, 2) in dates_in("stängd sedan 2 februari 2024")


def test_the_reply_language_ignores_quotes_names_and_source_lines() -> None:
    reply = ("Nej: I kan ikke søge Starta er AI-resa (Vinnova).\n✗ Virksomheder kan ikke være koordinator.\n"
             "Teksten siger: »Universitet, högskola, institut och företag med sådan expertis kan medverka«\n"
             "Kilde: opslaget »Starta er AI-resa« (001_4452f986d98d4eaf.txt).")
    assert language_of(reply) == "da"


def test_another_programmes_source_is_a_wrong_fact_worse_than_not_knowing() -> None:
    expect = {"lang": "en", "programme": "regionh-ai-2020", "facts": [350000]}
    wrong = judge(expect, "You can apply for at most SEK 600,000.\nSource: call text (001_4452f986d98d4eaf.txt).")
    assert wrong == Judgement("wrong_fact", wrong.why)
    assert judge(expect, "Which programme do you mean?").outcome == "dont_know"
    right = judge(expect, "You can apply for at most DKK 350,000 per project.\n"
                          "Source: call text “Kunstig intelligens pulje 2020” (000_345c3b95556e081f.txt).")
    assert right.right


def test_an_unknown_programme_must_not_be_answered_with_a_known_ones_facts() -> None:
    expect = {"lang": "da", "programme": "unknown", "facts": []}
    assert judge(expect, "I alt er der 2.000.000 kr. (000_345c3b95556e081f.txt)").outcome == "wrong_fact"
    listed = "Innobooster kender jeg ikke.\n• AI-puljen 2020\n• Innovationsfonden (Region Stockholm)\n• Sund Vægt"
    assert judge(expect, listed).right


def test_a_verdict_given_before_it_can_be_known_is_a_wrong_fact() -> None:
    expect = {"lang": "en", "programme": "vinnova-starta-ai-resa-2022", "verdict": "asks"}
    early = "Yes: from what you have told me, you meet the requirements of Start your AI journey (Vinnova)."
    assert judge(expect, early).outcome == "wrong_fact"
    assert judge(expect, "Have the project's activities already started?").right
