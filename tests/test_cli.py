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
    assert "closed on 30 October 2020" in result.stdout


def test_vinnova_without_facts_is_unknown_and_lists_what_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "unknown"
    assert [m["fact"] for m in data["missing"]] == ["organisation_type", "country", "project_started",
                                                    "uses_existing_data"]
    assert {"value": "municipality", "label": "municipality"} in data["missing"][0]["allowed"]


# A Swedish municipality meeting every requirement of Starta er AI-resa, as `check` takes it.
SWEDISH_MUNICIPALITY = ("--fact", "organisation_type=kommun", "--fact", "country=Sverige",
                        "--fact", "non_economic_activity=ja", "--fact", "project_started=nej",
                        "--fact", "uses_existing_data=ja")


def test_a_swedish_municipality_that_has_not_started_gets_600000_with_the_formula(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json", "--lang", "sv", *SWEDISH_MUNICIPALITY,
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
    assert "The 2020 round: closed on 30 October 2020, the last day to apply." in "\n".join(data["text"])


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
    assert data[1]["applies"] == {"fact": "employer", "values": ["university", "private_employer"]}
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


# ---------------------------------------------------------------- issue 12: verdicts a caseworker would sign


def test_a_danish_municipality_is_asked_its_country_and_then_told_the_call_is_for_swedish_organisations(
        capsys: pytest.CaptureFixture[str]) -> None:
    facts = ["--fact", "organisation_type=kommune", "--fact", "project_started=nej", "--fact", "uses_existing_data=ja"]
    _, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--lang", "da", "--today", "2026-11-25", *facts)
    assert out.startswith("Jeg kan endnu ikke afgøre")
    assert "• I hvilket land ligger jeres organisation?" in out
    _, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--lang", "da", "--today", "2026-11-25", *facts,
                    "--fact", "country=Danmark")
    assert out.startswith("Nej: I kan ikke søge Starta er AI-resa (Vinnova).")
    assert "»Utlysningen riktar sig till svenska kommuner och organisationer i civilsamhället (var för sig)«" in out


def test_a_region_h_employee_today_hears_the_pool_closed_on_its_last_day_and_what_to_do_now(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "regionh-ai-2020", "--lang", "da", "--today", "2026-11-25",
                    "--fact", "employer=Region Hovedstaden", "--fact", "management_approval=ja",
                    "--fact", "uses_ai=ja", "--fact", "requested_amount=300000")
    lines = out.splitlines()
    assert lines[0] == ("Ja: ud fra det, du har fortalt, ville I have opfyldt kravene i AI-puljen 2020, men opslaget "
                        "lukkede den 30. oktober 2020, som var sidste ansøgningsdag.")
    assert "Det kan I gøre nu:" in lines
    assert "• Hold øje med en ny runde fra Region Hovedstaden." in lines
    assert "• Opslaget nævner ingen kontaktperson; kontakt Region Hovedstaden direkte." in lines
    assert not any(line.startswith("Bemærk:") for line in lines)  # the closing date is said once, in the headline


def test_the_same_employee_while_the_pool_was_open_gets_a_plain_yes_with_days_left(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "regionh-ai-2020", "--today", "2020-10-15", "--fact", "employer=Rigshospitalet",
                    "--fact", "management_approval=yes", "--fact", "requested_amount=300000")
    assert out.startswith("Yes: from what you have told me, you meet the requirements of the Region Hovedstaden AI "
                          "pool 2020.")
    assert "The call is open until 30 October 2020 (15 days left)." in out
    assert "What you can do now:" not in out


def test_a_fitting_applicant_to_the_spring_2022_call_hears_it_has_most_likely_closed_and_whom_to_ask(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--lang", "sv", "--today", "2022-09-01",
                    *SWEDISH_MUNICIPALITY)
    lines = out.splitlines()
    assert lines[0] == ("Ja: utifrån det du har berättat skulle ni uppfylla kraven i Starta er AI-resa, men "
                        "utlysningen har troligen stängt: texten anger inget sista datum, och utlysningen gäller "
                        "vårterminen 2022 (vt 2022), som tog slut 30 juni 2022.")
    assert "Det här kan ni göra nu:" in lines
    assert any("Under tre perioder blir det möjligt att söka medel" in line and "Kraftsamling AI" in line
               for line in lines)
    assert any(line.startswith("• Fråga om en ny omgång: Anna Bjurström (+46 8 473 30 89)") for line in lines)


def test_the_english_likely_closed_note_reads_as_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--today", "2026-11-25",
                    "--fact", "organisation_type=company")
    assert ("Note: the call text states no closing date, but the call is for the spring term of 2022 (vt 2022), "
            "which ended on 30 June 2022, so it has most likely closed.") in out
    assert "it is the call" not in out


def test_asking_600000_on_costs_of_700000_gets_one_answer_lower_it_to_560000(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "vinnova-starta-ai-resa-2022", "--json", "--lang", "sv", *SWEDISH_MUNICIPALITY,
                       "--fact", "eligible_costs=700 000 kr", "--fact", "requested_amount=600 000 kr")
    data = json.loads(out)
    assert (code, data["status"]) == (0, "not_eligible")  # as planned; no requirement fails
    assert [r["outcome"] for r in data["reasons"]].count("fail") == 0
    assert data["text"][0].startswith("Inte som det är planerat: för att söka Starta er AI-resa behöver ni ändra")
    (amount,) = [r for r in data["reasons"] if r["fact"] == "requested_amount"]
    assert amount["outcome"] == "fix"
    assert amount["text"] == ("Ni söker 600 000 kr, men ni kan söka högst 560 000 kr: 80 % av era stödberättigande "
                              "kostnader på 700 000 kr.")
    assert amount["fix"] == "Sänk beloppet till högst 560 000 kr."
    assert amount["source"]["quote"] == "Bidraget får motsvara maximalt 80% av projektets stödberättigande kostnader."
    text = "\n".join(data["text"])
    assert "Sökt belopp är högst 600 000 kronor" not in text  # never "✓ at most 600 000" next to "over 560 000"
    assert "det är 40 000 kr mer än ert maxbelopp på 560 000 kr. Sänk beloppet till högst 560 000 kr." in text
    assert data["grant"]["over_cap"] is True and data["grant"]["maximum"] == 560_000


@pytest.mark.parametrize(("lang", "no", "headline", "lower"), [
    ("da", "Nej:", "Ikke som planlagt: I kan søge AI-puljen 2020, når I ændrer det, der er markeret med ✎ nedenfor.",
     "Sæt beløbet ned til højst 350.000 kr."),
    ("sv", "Nej:", "Inte som det är planerat: ni kan söka AI-potten 2020 i Region Hovedstaden när ni har ändrat det "
     "som är markerat med ✎ nedan.", "Sänk beloppet till högst 350 000 DKK."),
    ("en", "No:", "Not as planned: you can apply to the Region Hovedstaden AI pool 2020 once you change what is "
     "marked ✎ below.", "Lower the amount to at most DKK 350,000."),
])
def test_asking_for_more_than_the_cap_is_told_to_lower_the_amount_never_no(
        capsys: pytest.CaptureFixture[str], lang: str, no: str, headline: str, lower: str) -> None:
    _, out, _ = run(capsys, "check", "regionh-ai-2020", "--lang", lang, "--today", "2020-10-15",
                    "--fact", "employer=region_hovedstaden", "--fact", "management_approval=true",
                    "--fact", "requested_amount=400000")
    assert not out.startswith(no)
    assert out.splitlines()[0] == headline
    assert any(line.startswith("✎ ") and line.endswith(lower) for line in out.splitlines())


def test_region_stockholm_has_no_cap_per_project_and_its_money_is_spent_the_year_it_is_granted(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "amount", "regionsthlm-innovationsfond-2024", "--json",
                    "--fact", "requested_amount=2 000 000 kr")
    data = json.loads(out)
    assert data["maximum"] is None and data["over_cap"] is False and data["limits"] == []
    text = "\n".join(data["text"])
    assert "your maximum" not in text and "You can get at most" not in text
    assert "You ask for SEK 2,000,000; as the text sets no cap per project, no limit rules that amount out." in text
    assert "The text states no maximum per project, only the fund's total of SEK 15,000,000 each year." in text
    assert "money granted for 2023 must be spent by the end of 2023" in text
    _, out, _ = run(capsys, "amount", "regionsthlm-innovationsfond-2024", "--lang", "sv",
                    "--fact", "requested_amount=16 miljoner kr")
    assert "Ni söker 16 000 000 kr: mer än fondens totala 15 000 000 kr per år" in out


def test_vinnova_aid_levels_apply_under_certain_conditions_and_de_minimis_is_another_route(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "amount", "vinnova-starta-ai-resa-2022", "--json", "--fact", "eligible_costs=500000",
                    "--fact", "company_party_costs=500000", "--fact", "company_size=large",
                    "--fact", "requested_amount=400000")
    data = json.loads(out)
    assert data["maximum"] == 400_000 and data["over_cap"] is False  # not "at most 200 000"
    assert data["aid_level_route"] == {"amount": 200_000, "share": 0.4, "company_size": "large"}
    text = "\n".join(data["text"])
    assert "You can get at most SEK 400,000." in text
    assert ("If the company parties' part is granted as experimental development, their aid level applies (under "
            "certain conditions, which the call says are set out in a table)") in text
    assert "As minor (de minimis) aid, the company parties can instead get up to 100 % of their own costs" in text
    assert "Above SEK 200,000, the company parties' part would have to be granted as minor (de minimis) aid." in text


@pytest.mark.parametrize(("programme", "lang", "expected", "absent"), [
    ("sund-vaegt", "da", ["Sund Vægt var et EU-støttet projekt, som er afsluttet; det er ikke et opslag, så der er "
                          "ikke noget at søge.", "Støttemodtager: Danish Life Science Cluster.",
                          "Projektet løb fra 23. november 2021 til 31. december 2023.", "Regionalfonden"],
     ["Udbydes af", "løber fra"]),
    ("vinnova-kraftsamling-ai", "en", ["Kraftsamling AI is a press release about an initiative, not a call, so "
                                       "there is nothing to apply for there.", "contact AI Sweden",
                                       "Source: press release “Nytt stöd till kommuner och civilsamhälle ska skapa "
                                       "samhällsnytta med hjälp av AI”"], []),
])
def test_a_non_call_says_what_it_is_and_that_there_is_nothing_to_apply_for(
        capsys: pytest.CaptureFixture[str], programme: str, lang: str, expected: list[str], absent: list[str]) -> None:
    code, out, _ = run(capsys, "check", programme, "--lang", lang, "--today", "2026-11-25")
    assert code == 0
    assert out.splitlines()[0] == expected[0]
    for text in expected[1:]:
        assert text in out
    for text in absent:
        assert text not in out


def test_danish_amounts_end_a_sentence_with_one_full_stop(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["check", "regionh-ai-2020", "--today", "2020-10-15", "--fact", "requested_amount=400000"],
                 ["amount", "regionh-ai-2020", "--fact", "requested_amount=200000"]):
        _, out, _ = run(capsys, *argv, "--lang", "da")
        assert "kr.." not in out, out
        assert "kr." in out


@pytest.mark.parametrize(("programme", "lang", "written", "not_written"), [
    ("regionsthlm-innovationsfond-2024", "da", "15.000.000 SEK", "svenske kr."),
    ("regionh-ai-2020", "sv", "350 000 DKK", "danska kr"),
    ("regionh-ai-2020", "da", "350.000 kr.", "DKK"),
    ("vinnova-starta-ai-resa-2022", "sv", "600 000 kr", "SEK"),
])
def test_the_other_countrys_kroner_are_written_as_its_currency_code(
        capsys: pytest.CaptureFixture[str], programme: str, lang: str, written: str, not_written: str) -> None:
    _, out, _ = run(capsys, "amount", programme, "--lang", lang)
    assert written in out and not_written not in out, out


def test_programmes_lists_the_id_that_check_show_amount_and_deadline_take(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "programmes", "--today", "2026-11-25")
    for programme_id in ("regionh-ai-2020", "vinnova-starta-ai-resa-2022", "regionsthlm-innovationsfond-2024",
                         "vinnova-kraftsamling-ai", "sund-vaegt"):
        assert f"(id: {programme_id})" in out
        code, _, _ = run(capsys, "deadline", programme_id)
        assert code == 0


def test_validate_names_file_line_and_field_of_a_badly_typed_number_without_a_traceback(tmp_path: Path) -> None:
    import os
    import shutil

    from assistant import config

    data = tmp_path / "data"
    shutil.copytree(config.data_dir(), data)
    path = data / "programmes" / "regionsthlm-innovationsfond-2024.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("by_week: 1\n", "by_week: week 1\n", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "week 1" in t)
    result = subprocess.run([str(ASSISTANT), "validate"], capture_output=True, text=True, check=False,
                            env={**os.environ, "ASSISTANT_DATA_DIR": str(data)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:{line}: periods[0].decision.by_week: expected a number, got 'week 1'" in result.stderr
