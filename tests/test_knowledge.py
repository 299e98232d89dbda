"""Which of a programme's facts a question asks for (assistant.knowledge over assistant.retrieval)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.catalogue import load
from assistant.knowledge import parts, select

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("programme", "question", "intent", "fact"), [
    ("regionh-ai-2020", "hvor stor er puljen i alt?", "ask_amount", "funding.total_pot"),
    ("regionh-ai-2020", "hvor ofte skal man rapportere?", "ask_reporting", "reporting.0"),
    ("regionh-ai-2020", "skal min chef godkende projektet?", "ask_who_can_apply", "criteria.approved_by_management"),
    ("regionh-ai-2020", "hvornår åbner ansøgningen?", "ask_deadline", "deadline.opening"),
    ("regionh-ai-2020", "hvem ejer resultaterne?", "ask_ownership", "ownership.missing"),
    ("vinnova-starta-ai-resa-2022", "hur stor andel måste vi finansiera själva?", "ask_amount",
     "funding.max_share_of_eligible_costs"),
    ("vinnova-starta-ai-resa-2022", "what aid level does a medium-sized company get?", "ask_amount",
     "funding.aid_levels"),
    ("vinnova-starta-ai-resa-2022", "hur många projekt får pengar?", "ask_amount", "funding.expected_projects"),
    ("regionsthlm-innovationsfond-2024", "måste chefen godkänna?", "ask_who_can_apply", "criteria.manager_approves"),
    ("vinnova-starta-ai-resa-2022", "hvor lang tid må projektet vare?", "ask_duration", "duration.0"),
    ("vinnova-starta-ai-resa-2022", "hur lång tid tar det att skriva ansökan?", "ask_application", "how_to_apply.4"),
    ("regionh-ai-2020", "kan jag fortfarande skicka in?", "ask_application", "deadline.period.2020"),
    ("vinnova-starta-ai-resa-2022", "när får man besked?", "ask_decision", "deadline.no_decision"),
    ("regionh-ai-2020", "hvor stor en del af budgettet må det dække?", "ask_amount", "co_funding.0"),
    ("vinnova-starta-ai-resa-2022", "skal min chef godkende det?", "ask_who_can_apply", "application_content.2"),
    ("regionh-ai-2020", "vem på regionen kan man ringa om man har frågor?", "ask_contact", "contact"),
    ("regionsthlm-innovationsfond-2024", "hvor mange projekter har fonden støttet, siden den startede?", "ask_amount",
     "history.0"),
    ("regionsthlm-innovationsfond-2024", "hur många projekt får stöd?", "ask_amount",
     "funding.expected_projects.missing"),
    ("vinnova-starta-ai-resa-2022", "hvad sker der hvis vi ikke overholder vilkårene for bidraget?",
     "ask_programme_info", "reporting.1"),
    ("vinnova-starta-ai-resa-2022", "måste kommunen söka ensam, eller kan vi gå ihop med grannkommunen?",
     "ask_who_can_apply", "target_group.5"),
    ("sund-vaegt", "so who got the money then?", "ask_programme_info", "facts_sheet.1"),
    ("regionsthlm-innovationsfond-2024", "var hittar jag ansökningsformuläret?", "ask_application", "how_to_apply.0"),
    ("regionsthlm-innovationsfond-2024", "hur bedöms ansökningarna?", "ask_programme_info", "assessment.4"),
    ("regionsthlm-innovationsfond-2024", "om vi beviljas pengar, måste de användas under samma år?", "ask_amount",
     "payout.2"),
    ("sund-vaegt", "mellan vilka datum pågick projektet?", "ask_programme_info", "deadline.project_period"),
    ("regionh-ai-2020", "vi har en färdig algoritm som ska testas och implementeras, går det?", "ask_costs",
     "target_group.1"),
    ("regionh-ai-2020", "does it have to be a brand new project?", "ask_who_can_apply", "activities.0"),
    ("vinnova-starta-ai-resa-2022", "kan vem som helst läsa vår ansökan? den har känsliga uppgifter",
     "ask_application", "confidentiality.0"),
    ("vinnova-starta-ai-resa-2022", "what kind of stuff will they NOT fund?", "ask_programme_info",
     "excluded_activities.0"),
    ("vinnova-starta-ai-resa-2022", "Måste vi tänka på jämställdhet i vår ansökan?", "ask_application", "purpose.3"),
])
def test_a_plainly_worded_question_finds_its_fact_first(programme: str, question: str, intent: str,
                                                        fact: str) -> None:
    catalogue = load()
    selection = select(catalogue, catalogue.get(programme), question, intent, {}, TODAY, "en")
    assert selection.specific
    assert selection.parts[0].id == fact


def test_a_question_about_one_period_gets_that_periods_decision_week() -> None:
    catalogue = load()
    selection = select(catalogue, catalogue.get("regionsthlm-innovationsfond-2024"),
                       "when will we hear back if we applied in period 2?", "ask_decision", {}, TODAY, "en")
    assert "16" in selection.parts[0].lines[0]


def test_every_topic_statement_in_the_catalogue_can_be_found_by_its_own_keywords() -> None:
    catalogue = load()
    for programme in catalogue.programmes.values():
        for topic, statements in programme.topics.items():
            for i, statement in enumerate(statements):
                question = " ".join(statement.keywords[:4])
                selection = select(catalogue, programme, question, "ask_programme_info", {}, TODAY, "en")
                found = [p.id for p in selection.parts]
                assert f"{topic}.{i}" in found, (programme.id, topic, i, question, found)


@pytest.mark.parametrize(("programme", "question", "intent", "lang", "silent", "then"), [
    ("vinnova-starta-ai-resa-2022", "hvor tit skal man rapportere til Vinnova?", "ask_reporting", "da",
     "Opslaget siger intet om hvor ofte der skal rapporteres.", "reporting.0"),
    ("vinnova-starta-ai-resa-2022", "får vi pengarna i förskott eller i efterhand?", "ask_payout", "sv",
     "säger inget om huruvida pengarna betalas ut i förskott eller i efterhand", "payout.0"),
    ("regionsthlm-innovationsfond-2024", "how long may a project last at most?", "ask_duration", "en",
     "says nothing about how long a project may last at most", "duration.0"),
])
def test_a_detail_the_text_leaves_out_is_said_to_be_left_out_before_what_the_text_does_say(
        programme: str, question: str, intent: str, lang: str, silent: str, then: str) -> None:
    catalogue = load()
    selection = select(catalogue, catalogue.get(programme), question, intent, {}, TODAY, lang)  # type: ignore[arg-type]
    assert silent in selection.parts[0].lines[0]
    assert then in [p.id for p in selection.parts[1:]]


def test_a_detail_the_text_states_is_answered_with_the_fact_not_with_a_silence() -> None:
    catalogue = load()
    selection = select(catalogue, catalogue.get("regionh-ai-2020"), "hvor ofte skal vi rapportere?", "ask_reporting",
                       {}, TODAY, "da")
    assert selection.parts[0].id == "reporting.0"
    assert not any("siger intet" in line for p in selection.parts for line in p.lines)


@pytest.mark.parametrize(("programme", "question", "intent", "lang", "said"), [
    ("vinnova-starta-ai-resa-2022", "ska projektet knyta an till vår egen AI-strategi?", "ask_costs", "sv",
     "egna mål och strategi"),
    ("vinnova-starta-ai-resa-2022", "räknas jämställdhet när ansökningarna bedöms?", "ask_assessment", "sv",
     "jämställdhet"),
    ("vinnova-starta-ai-resa-2022", "får vi en bekräftelse när ansökan är registrerad?", "ask_application", "sv",
     "bekräftelse"),
    ("vinnova-starta-ai-resa-2022", "what if we have no confirmation 24 hours after closing?", "ask_application",
     "en", "24 hours"),
    ("vinnova-starta-ai-resa-2022", "can we change the application after the call has closed?", "ask_application",
     "en", "cannot change"),
    ("vinnova-starta-ai-resa-2022", "where can we find other municipalities working on AI?", "ask_who_can_apply",
     "en", "my.ai.se"),
    ("vinnova-kraftsamling-ai", "is there a platform where municipalities share experience?", "ask_programme_info",
     "en", "289"),
    ("regionh-ai-2020", "hvornår besluttede regionsrådet at give de 2 millioner?", "ask_programme_info", "da",
     "22. september 2020"),
    ("regionsthlm-innovationsfond-2024", "vem gör förhandsgranskningen?", "ask_assessment", "sv", "strategisk IT"),
    ("sund-vaegt", "hvad vil Sund Vægt gøre ved ulighed i sundhed?", "ask_programme_info", "da", "ulighed"),
    ("sund-vaegt", "what is the OPI platform and will it be scaled?", "ask_programme_info", "en", "OPI"),
])
def test_facts_the_audit_found_missing_are_in_the_catalogue_and_found_by_a_plain_question(
        programme: str, question: str, intent: str, lang: str, said: str) -> None:
    catalogue = load()
    selection = select(catalogue, catalogue.get(programme), question, intent, {}, TODAY, lang)  # type: ignore[arg-type]
    assert said in "\n".join(line for part in selection.parts[:3] for line in part.lines)


def test_every_entry_of_the_question_words_file_belongs_to_some_fact() -> None:
    from assistant.retrieval import question_words
    catalogue = load()
    ids: set[str] = {"funding.personal"}
    for programme in catalogue.programmes.values():
        ids |= {p.id for p in parts(programme, {}, TODAY, "da")} | {p.family for p in parts(programme, {}, TODAY, "da")}
        ids |= {f"criteria.{c.fact}" for c in programme.criteria}
    prefixes = {i.rsplit(".", 1)[0] for i in ids} | {".".join(i.split(".")[:2]) for i in ids}
    assert [k for k in question_words() if k not in ids | prefixes] == []  # a misspelt key is never used


def test_a_stated_fact_that_matches_clearly_better_beats_the_text_saying_nothing() -> None:
    catalogue = load()
    fund = catalogue.programmes["regionsthlm-innovationsfond-2024"]
    past = select(catalogue, fund, "How many projects has the innovation fund funded so far?", "ask_amount", {},
                  TODAY, "en", confidence=0.9)
    assert past.parts[0].id == "history.0"
    future = select(catalogue, fund, "How many projects will be funded?", "ask_amount", {}, TODAY, "en",
                    confidence=0.9)
    assert future.parts[0].id == "funding.expected_projects.missing"
