"""The `assistant` command, as a user runs it: verdicts, amounts, deadlines and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

ASSISTANT = Path(sys.executable).parent / "assistant"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and capture its output."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_is_installed_and_runs() -> None:
    result = subprocess.run([str(ASSISTANT), "deadline", "regionh-ai-2020", "--today", "2026-11-25"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "closed since 30 October 2020" in result.stdout


def test_vinnova_without_facts_is_unknown_and_lists_what_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "unknown"
    assert [m["fact"] for m in data["missing"]] == ["organisation_type", "country", "project_started",
                                                    "uses_existing_data"]
    assert {"value": "municipality", "label": "municipality"} in data["missing"][0]["allowed"]


def test_a_swedish_municipality_that_has_not_started_gets_600000_with_the_formula(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json", "--lang", "sv",
                       "--fact", "organisation_type=kommun", "--fact", "country=Sverige",
                       "--fact", "project_started=nej", "--fact", "uses_existing_data=ja",
                       "--fact", "requested_amount=600 000 kr", "--fact", "duration_months=12",
                       "--fact", "eligible_costs=750 000 kr")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "eligible"
    assert data["grant"]["maximum"] == 600_000
    assert data["grant"]["formula"] == ("det minsta av 600 000 kr (tak per projekt); 80 % × 750 000 kr = 600 000 kr "
                                        "(andel av de stödberättigande kostnaderna) = 600 000 kr")
    assert "Ni kan som mest få 600 000 kr." in data["text"]


def test_a_limited_company_as_coordinator_is_not_eligible_with_reason_and_quote(
        capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json",
                        "--fact", "organisation_type=aktiebolag")
    data = json.loads(out)
    assert data["status"] == "not_eligible"
    (reason,) = [r for r in data["reasons"] if r["outcome"] == "fail"]
    assert "cannot be the coordinator" in reason["text"]
    assert reason["source"] == {
        "seed": "001_4452f986d98d4eaf.txt",
        "quote": "Universitet, högskola, institut och företag med sådan expertis kan medverka i projekten som "
                 "projektpart och/eller underleverantör, men inte vara koordinator (huvudsökande)."}
    assert data["missing"] == []


def test_the_text_verdict_quotes_the_source_in_its_own_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--lang", "da",
                    "--fact", "organisation_type=company")
    assert out.startswith("Nej: I kan ikke søge Starta er AI-resa (Vinnova).")
    assert "Teksten siger: »Universitet, högskola, institut och företag" in out
    assert "Kilde: opslaget »Starta er AI-resa: För organisatoriskt lärande" in out


def test_region_h_deadline_closed_since_30_october_2020(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "regionh-ai-2020", "--today", "2026-11-25", "--json")
    data = json.loads(out)
    assert (code, data["state"], data["closed_since"]) == (0, "closed", "2020-10-30")
    assert "The 2020 round: closed since 30 October 2020." in "\n".join(data["text"])


def test_region_stockholm_open_on_the_last_day_of_period_2(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "deadline", "regionsthlm-innovationsfond-2024", "--today", "2024-02-02", "--lang", "sv")
    assert "Ansökningsperiod 2: öppen nu, sista dag 2 februari 2024 (stänger i dag)." in out
    assert "senast vecka 16 (texten anger inte året)" in out


def test_today_comes_from_the_environment(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TODAY", "2020-10-29")
    _, out, _ = run(capsys, "deadline", "regionh-ai-2020")
    assert "open now, last day 30 October 2020 (1 day left)" in out


def test_questions_lists_facts_with_type_and_allowed_values(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "questions", "regionsthlm-innovationsfond-2024", "--json")
    data = json.loads(out)
    assert [q["fact"] for q in data][:3] == ["employer", "employer_has_region_agreement", "employment_share"]
    assert data[1]["applies"] == {"fact": "employer", "values": ["university"]}
    share = data[2]
    assert share["type"] == "percent" and "percentage from 0 to 100" in share["allowed"]


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "no-such-call"], "unknown programme 'no-such-call'; known: regionh-ai-2020"),
    (["check", "regionh-ai-2020", "--fact", "shoe_size=42"], "unknown fact 'shoe_size'; known facts:"),
    (["check", "regionh-ai-2020", "--fact", "requested_amount=lots"], "cannot read 'lots' as an amount"),
    (["check", "regionh-ai-2020", "--fact", "employer"], "expected name=value"),
    (["deadline", "regionh-ai-2020", "--today", "yesterday"], "expected YYYY-MM-DD"),
    (["check", "regionh-ai-2020", "--lang", "de"], "invalid choice: 'de'"),
])
def test_bad_input_exits_2_with_one_line_naming_the_problem(argv: list[str], message: str) -> None:
    result = subprocess.run([str(ASSISTANT), *argv], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_validate_reports_checked_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_catalogue import seeds_or_skip

    seeds = seeds_or_skip()
    code, out, _ = run(capsys, "validate", "--seeds", str(seeds))
    assert code == 0 and "5 programmes OK" in out
