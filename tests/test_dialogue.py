"""The conversation rules, turn by turn, with the NLU's intent given (assistant.dialogue is plain Python).

Each test is one thing an applicant may do; the intent stands for what the classifier says, so these
specifications hold whatever the training data. The held-out set (tests/heldout/) measures the whole bot.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assistant.catalogue import load
from assistant.dialogue import Clause, Dialogue, Outcome, State, Turn
from assistant.language import Detection

TODAY = date(2026, 11, 25)


class Chat:
    """One conversation: say something, read the reply, keep the state."""

    def __init__(self, lang: str = "da", page_programme: str | None = None) -> None:
        self.dialogue = Dialogue(load(), TODAY)
        self.state = State(language=lang)  # type: ignore[arg-type]
        self.page_programme = page_programme
        self.last: Outcome | None = None

    def say(self, text: str, intent: str | None, confidence: float = 0.9, clauses: tuple[Clause, ...] = (),
            explicit: str | None = None, given: dict[str, object] | None = None) -> str:
        detection = Detection(None, 0.0, explicit) if explicit else None  # type: ignore[arg-type]
        turn = Turn(text, intent, confidence, clauses, detection, None, self.page_programme, given or {})
        self.last = self.dialogue.respond(turn, self.state)
        self.state = self.last.state
        return "\n".join(r.text for r in self.last.replies)


def test_a_programme_named_by_description_is_answered_not_asked_about() -> None:
    reply = Chat().say("hvor meget kan man maks søge i regionens pulje til kunstig intelligens?", "ask_amount")
    assert "350.000 kr." in reply
    assert "000_345c3b95556e081f.txt" in reply


@pytest.mark.parametrize("text", ["Region Stockholms pengar, när är sista dag?", "frist for 2020-puljen?",
                                  "deadline for the Capital Region's AI fund?", "sista dag för innovasjonsfonden?"])
def test_programmes_named_by_owner_year_or_with_typos_are_found(text: str) -> None:
    reply = Chat().say(text, "ask_deadline")
    assert "Hvilket program" not in reply and "Vilket program" not in reply and "Which programme" not in reply
    assert ".txt)" in reply


def test_the_total_pot_is_answered_before_the_cap_per_project() -> None:
    reply = Chat().say("hvor mange penge er der i alt i AI-puljen?", "ask_amount")
    assert reply.splitlines()[0].startswith("I alt er der 2.000.000 kr.")


def test_the_cap_per_project_is_answered_first_when_asked_for() -> None:
    reply = Chat("en").say("what is the most one project can get from the AI pool?", "ask_amount")
    assert reply.splitlines()[0] == "You can apply for at most DKK 350,000 per project."


def test_a_question_the_text_does_not_answer_says_so() -> None:
    reply = Chat("sv").say("vem äger resultaten i AI-potten i Region Hovedstaden?", "ask_ownership")
    assert "säger inget om vem som äger resultaten" in reply


def test_a_fact_that_rules_out_gets_the_verdict_at_once_not_the_first_question() -> None:
    reply = Chat("en").say("We have already started the project, can we still apply to Starta er AI-resa?",
                           "ask_eligibility")
    assert "No: you cannot apply" in reply
    assert "not started" in reply


def test_an_amount_with_a_question_gets_an_answer_about_the_amount() -> None:
    reply = Chat("en").say("I work at Rigshospitalet and want 500 000, is that OK?", "inform")
    assert "350,000" in reply
    assert "500,000" in reply


def test_an_organisation_type_said_outside_the_check_is_applied_to_the_programme_in_focus() -> None:
    chat = Chat("en")
    chat.say("who can apply to Starta er AI-resa?", "ask_who_can_apply")
    reply = chat.say("We are a limited company", "inform")
    assert "No: you cannot apply to Start your AI journey" in reply


def test_a_region_named_in_a_question_is_not_taken_as_the_applicants_employer() -> None:
    chat = Chat("en")
    chat.say("can I apply to the AI pool in Region Hovedstaden?", "ask_eligibility")
    assert "employer" not in chat.state.facts
    assert chat.state.asked == "employer"


def test_a_request_waits_for_the_answer_to_which_programme() -> None:
    chat = Chat("sv")
    assert "Vilket program" in chat.say("Kan jag söka pengar från Vinnova eller regionen?", "ask_eligibility")
    reply = chat.say("den från Region H", "inform")
    assert "Är du anställd i Region Hovedstaden?" in reply
    assert chat.state.check == "regionh-ai-2020"


def test_a_language_request_and_a_question_in_one_message_are_both_done() -> None:
    chat = Chat("da")
    reply = chat.say("svar på svensk – vem kan söka innovationsfonden?", "switch_language", explicit="sv",
                     clauses=(Clause("svar på svensk", "switch_language", 0.9),
                              Clause("vem kan söka innovationsfonden?", "ask_who_can_apply", 0.9)))
    assert "jag svarar på svenska" in reply
    assert "minst halvtid" in reply
    assert chat.state.language == "sv"


def test_a_yes_no_answer_can_be_corrected_in_free_text_and_the_verdict_changes() -> None:
    chat = Chat("en")
    chat.say("We are a non-profit association in Sweden. Can we apply to Starta er AI-resa?", "ask_eligibility")
    assert chat.state.asked == "project_started"
    assert "No: you cannot apply" in chat.say("yes", "affirm")
    reply = chat.say("sorry, wrong answer: we have not started", "inform")
    assert "No: you cannot apply" not in reply
    assert chat.state.facts["project_started"] is False


def test_a_municipality_is_asked_whether_the_project_runs_outside_municipal_companies() -> None:
    chat = Chat("sv")
    asked = chat.say("Vi är en kommun i Sverige. Kan vi söka Starta er AI-resa?", "ask_eligibility")
    assert chat.state.asked == "non_economic_activity"
    assert "icke-ekonomiska verksamhet" in asked
    reply = chat.say("nej, det drivs i vårt kommunala bolag", "deny")
    assert chat.state.facts["non_economic_activity"] is False
    assert "Nej: ni kan inte söka Starta er AI-resa." in reply
    assert "inte i kommunala bolag" in reply


def test_a_municipality_that_says_the_project_runs_in_its_administration_is_not_asked_again() -> None:
    chat = Chat("sv")
    chat.say("Vi är en kommun i Sverige och projektet bedrivs i vår icke-ekonomiska verksamhet, inte i något "
             "kommunalt bolag. Kan vi söka AI-resan?", "ask_eligibility")
    assert chat.state.facts["non_economic_activity"] is True
    assert chat.state.asked == "project_started"


def test_a_question_inside_the_check_is_answered_and_the_check_goes_on() -> None:
    chat = Chat("da")
    chat.say("kan jeg søge AI-puljen?", "ask_eligibility")
    asked = chat.state.asked
    reply = chat.say("hvad er fristen egentlig?", "ask_deadline")
    assert "30. oktober 2020" in reply
    assert chat.state.check == "regionh-ai-2020" and chat.state.asked == asked
    assert reply.rstrip().endswith("?")


def test_not_a_call_says_what_it_is_and_that_there_is_nothing_to_apply_for() -> None:
    reply = Chat("da").say("kan vi søge penge fra Sund Vægt?", "ask_eligibility")
    assert "ikke et opslag" in reply
    assert "Danish Life Science Cluster" in reply
    assert "Regionalfonden" in reply


def test_a_programme_we_do_not_know_is_said_to_be_unknown_never_answered_with_another() -> None:
    reply = Chat("da").say("hvad er fristen for Innobooster?", "ask_deadline")
    assert "Innobooster kender jeg ikke" in reply
    assert ".txt)" not in reply


def test_starting_over_needs_a_yes_and_a_no_keeps_everything() -> None:
    chat = Chat("da")
    chat.say("vi er en kommune i Sverige", "inform")
    assert "Vil du begynde forfra?" in chat.say("ny", "start_over")
    chat.say("nej", "deny")
    assert chat.state.facts.get("organisation_type") == "municipality"
    chat.say("start forfra", "start_over")
    chat.say("ja", "affirm")
    assert not chat.state.facts


def test_a_follow_up_naming_another_programme_asks_the_same_question_about_it() -> None:
    chat = Chat("da")
    assert "350.000 kr." in chat.say("hvor meget kan man søge i AI-puljen?", "ask_amount")
    reply = chat.say("og hvad med Innovationsfonden i Stockholm?", "ask_programme_info", 0.4)
    assert "15.000.000" in reply


def test_the_pages_programme_is_the_conversations_programme_until_another_is_named() -> None:
    chat = Chat("sv", page_programme="vinnova-starta-ai-resa-2022")
    assert "001_4452f986d98d4eaf.txt" in chat.say("Vilka kan söka?", "ask_who_can_apply")
    assert "002_88fb5445b86f3cf5.txt" in chat.say("och vilka kan söka innovationsfonden?", "ask_who_can_apply")


def test_english_questions_get_english_answers() -> None:
    reply = Chat("en").say("how often do grant holders report in the Region H AI pool?", "ask_reporting")
    assert "about every six months" in reply


def test_a_question_that_names_no_particular_fact_gets_every_date_the_text_gives() -> None:
    reply = Chat("da").say("hvornår er fristen for innovationsfonden i Stockholm?", "ask_deadline", 0.99)
    for expected in ("23. oktober 2023", "2. februar 2024", "uge 1", "uge 16"):
        assert expected in reply


def test_a_leading_no_that_belongs_to_the_statement_after_it_does_not_answer_another_question() -> None:
    chat = Chat("en")
    chat.say("We're a Swedish municipality looking at Vinnova's Starta er AI-resa. Can we apply?", "ask_eligibility")
    assert chat.state.asked == "non_economic_activity"
    chat.say("No - we won't collect new data, we'll use what's already in our systems.", "inform")
    assert chat.state.facts["uses_existing_data"] is True
    assert "non_economic_activity" not in chat.state.facts  # still to be asked, not answered "no"
    assert chat.state.asked == "non_economic_activity"


def test_a_no_followed_by_and_still_answers_the_question_asked() -> None:
    chat = Chat("sv")
    chat.say("Vi är en kommun i Sverige. Kan vi söka AI-resan?", "ask_eligibility")
    chat.say("nej, och vi har data sedan flera år", "deny")
    assert chat.state.facts["non_economic_activity"] is False
    assert chat.state.facts["uses_existing_data"] is True


def test_an_owner_named_in_the_genitive_before_the_fund_is_not_where_the_writer_works() -> None:
    chat = Chat("da")
    reply = chat.say("Jeg arbejder i et privat medtech-firma i Lyngby. Må vi søge Region Hovedstadens pulje til "
                     "kunstig intelligens?", "ask_eligibility")
    assert chat.state.facts.get("organisation_type") != "region"
    assert chat.state.facts["employer"] == "private_employer"
    assert "Nej: I kan ikke søge AI-puljen 2020." in reply


def test_someone_at_a_private_clinic_is_asked_about_the_agreement_for_region_stockholm_not_told_no() -> None:
    chat = Chat("sv")
    reply = chat.say("Jag jobbar på en privatklinik i Stockholm. Kan jag söka Region Stockholms innovationsfond?",
                     "ask_eligibility")
    assert chat.state.facts["employer"] == "private_employer"
    assert chat.state.asked == "employer_has_region_agreement"
    assert "Nej:" not in reply


def test_someone_at_a_private_clinic_is_told_no_for_region_hovedstaden() -> None:
    reply = Chat("en").say("I work for a private clinic in Copenhagen, not for the region. Can I still apply to "
                           "RegH's AI pulje?", "ask_eligibility")
    assert "No: you cannot apply to the Region Hovedstaden AI pool 2020." in reply


@pytest.mark.parametrize(("lang", "text", "said"), [
    ("da", "Vores projekt er allerede i gang og har kørt et halvt år. Kan vi stadig søge Region Stockholms "
           "innovationsfond?", "både nye og igangværende projekter"),
    ("da", "Vi er allerede i gang med vores AI-projekt på afdelingen. Kan vi stadig søge regionens 2020-pulje?",
     "færdiggøre et eksisterende projekt"),
])
def test_a_started_project_hears_at_once_what_a_call_without_such_a_rule_says_about_running_projects(
        lang: str, text: str, said: str) -> None:
    chat = Chat(lang)
    reply = chat.say(text, "ask_eligibility")
    assert said in reply
    assert chat.state.facts["project_started"] is True
    assert "organisation_type" not in chat.state.facts  # "regionens pulje" is the region's fund, not my employer


def test_a_kind_of_applicant_named_in_general_hears_the_calls_rule_for_it_first_then_the_check_asks() -> None:
    chat = Chat("en")
    reply = chat.say("Can companies apply to Starta er AI-resa?", "ask_eligibility")
    assert reply.startswith("No: a company cannot be the applicant for Start your AI journey (Vinnova).\n"
                            "✗ Companies, universities, colleges and institutes can take part as project partner")
    assert "Universitet, högskola, institut och företag" in reply  # the call's own words
    assert "organisation_type" not in chat.state.facts  # asking is not saying what one is
    assert chat.state.asked == "organisation_type"


def test_associations_asked_about_in_general_hear_who_can_apply() -> None:
    reply = Chat("da").say("Kan foreninger søge Vinnovas Starta er AI-resa?", "ask_eligibility")
    assert "civilsamfundsorganisation skal være koordinator" in reply.split("\n")[0]


def test_same_question_for_another_programme_asks_the_last_question_again_about_it() -> None:
    chat = Chat("en")
    chat.say("How much can one apply for in Region Stockholm's innovation fund?", "ask_amount")
    reply = chat.say("Same question for Vinnova's one for municipalities?", "ask_who_can_apply")
    assert "SEK 600,000 per project" in reply


def test_facts_given_after_the_offer_to_check_start_the_check() -> None:
    chat = Chat("sv")
    chat.say("Vad kostar det att söka Region Stockholms innovationsfond, är ansökan hemlig?", "ask_application")
    chat.state = replace(chat.state, offer="ask_eligibility", programme="regionsthlm-innovationsfond-2024")
    chat.say("Jag är anställd på heltid i Region Stockholm, vår chef har godkänt och resultatet ägs av regionen.",
             "inform")
    assert chat.state.check == "regionsthlm-innovationsfond-2024"
    assert chat.state.asked == "innovative_solution"


def test_an_unsure_question_beside_an_answer_in_the_check_is_answered_when_the_call_has_a_rule_on_it() -> None:
    chat = Chat("en")
    chat.say("can I apply to the AI pool?", "ask_eligibility")
    reply = chat.say("I'm employed at one of Region Hovedstaden's hospitals. Wait, does the project have to be "
                     "brand new or can it be one we've been running for a while?", "inform",
                     clauses=(Clause("I'm employed at one of Region Hovedstaden's hospitals.", "inform", 0.98),
                              Clause("Wait, does the project have to be brand new or can it be one we've been "
                                     "running for a while?", "ask_duration", 0.33)))
    assert "finishing an existing one" in reply
    assert chat.state.asked == "management_approval"


def test_a_bare_percentage_after_a_no_corrects_the_work_share_and_the_check_goes_on() -> None:
    chat = Chat("en")
    assert "No: you cannot apply" in chat.say("I work 40% at a Region Stockholm clinic. Can I apply to the "
                                               "innovation fund?", "ask_eligibility")
    reply = chat.say("sorry typo, I meant 60 %", "inform")
    assert chat.state.facts["employment_share"] == 60
    assert "No: you cannot apply" not in reply
    assert chat.state.asked == "management_approval"


@pytest.mark.parametrize(("lang", "first", "intent", "follow", "said"), [
    ("en", "when does the Stockholm innovation fund close?", "ask_deadline", "and the danish one?",
     "30 October 2020"),
    ("sv", "när stänger innovationsfonden?", "ask_deadline", "den danska", "30 oktober 2020"),
    ("sv", "hur mycket pengar kan man få från AI-potten?", "ask_amount", "vinnovas", "600 000 kr"),
    ("da", "hvor meget kan man søge i AI-puljen?", "ask_amount", "og hvad med den svenske for kommuner?",
     "600.000 SEK"),
])
def test_a_short_follow_up_asks_the_last_question_about_the_programme_it_points_to(
        lang: str, first: str, intent: str, follow: str, said: str) -> None:
    chat = Chat(lang)
    chat.say(first, intent)
    assert said in chat.say(follow, "ask_who_can_apply" if "kommuner" in follow else "inform", confidence=0.5)


def test_derfra_points_back_at_the_programme_just_talked_about_not_at_hints() -> None:
    chat = Chat("da")
    chat.say("hvad er Sund Vægt?", "ask_programme_info")
    reply = chat.say("kan man søge penge derfra til et AI projekt paa hospitalet?", "ask_eligibility")
    assert "ikke et opslag" in reply
    assert "350.000" not in reply


def test_a_corrected_budget_after_the_amount_answer_gets_the_amount_again() -> None:
    chat = Chat("en")
    chat.say("our budget is 500 000 kr, how much can Vinnova give us in Starta er AI-resa?", "ask_amount")
    reply = chat.say("sorry, I meant 900 000 total, not 500", "inform")
    assert "You can get at most SEK 600,000." in reply
    assert "80 % × SEK 900,000 = SEK 720,000" in reply


@pytest.mark.parametrize(("lang", "plural"), [("sv", "saker till"), ("en", "more things"), ("da", "ting mere")])
def test_what_is_still_to_know_is_counted_in_words_not_with_a_bracketed_plural(lang: str, plural: str) -> None:
    from assistant.replies import ChatContext, find_programmes
    reply = find_programmes(ChatContext(load(), lang, None, {"country": "SE"}, TODAY)).text  # type: ignore[arg-type]
    assert plural in reply
    assert "(er)" not in reply and "(s)" not in reply


def test_a_name_that_fits_several_programmes_is_answered_and_the_others_are_named() -> None:
    reply = Chat("da").say("hvor mange penge er der i regionens pulje?", "ask_amount")
    assert reply.splitlines()[0].startswith("I alt er der 2.000.000 kr.")  # the likeliest: Region H's pool
    assert reply.splitlines()[-1] == ("(Jeg gik ud fra, at du mente AI-puljen 2020 (Region Hovedstaden) – "
                                      "eller mente du Innovationsfonden (Region Stockholm)?)")


def test_a_programme_named_by_its_own_name_is_answered_without_naming_others() -> None:
    reply = Chat("da").say("hvor mange penge er der i Region Hovedstadens AI-pulje?", "ask_amount")
    assert "gik ud fra" not in reply


def test_a_deadline_question_names_only_other_calls_as_what_else_was_meant() -> None:
    reply = Chat("en").say("when is the deadline for the AI pool?", "ask_deadline")
    assert "Start your AI journey (Vinnova)" in reply.splitlines()[-1]
    assert "Kraftsamling" not in reply  # a press release has no deadline to ask about


def test_saying_another_programme_was_meant_during_a_check_switches_the_check() -> None:
    chat = Chat("da")
    chat.say("kan jeg søge AI-puljen?", "ask_eligibility")
    assert chat.state.check == "regionh-ai-2020" and chat.state.asked == "employer"
    reply = chat.say("nej, jeg mente Vinnovas", "deny")
    assert chat.state.check == "vinnova-starta-ai-resa-2022"
    assert "employer" not in chat.state.facts and "Nej:" not in reply


def test_a_no_with_another_employer_during_a_check_is_an_answer_not_a_switch() -> None:
    chat = Chat("da")
    chat.say("kan jeg søge AI-puljen?", "ask_eligibility")
    reply = chat.say("nej, i Region Stockholm", "inform", 0.5)
    assert reply.startswith("Nej: I kan ikke søge AI-puljen 2020.")


def test_a_question_the_classifier_is_unsure_of_is_answered_when_its_words_name_one_fact() -> None:
    chat = Chat("da", page_programme="regionsthlm-innovationsfond-2024")
    reply = chat.say("skal min chef godkende det?", "inform", 0.28)
    assert reply.startswith("Din chef skal godkende")


def test_an_unsure_question_whose_words_name_no_fact_still_gets_the_fallback() -> None:
    chat = Chat("da", page_programme="regionsthlm-innovationsfond-2024")
    reply = chat.say("hvad bliver vejret i morgen?", "inform", 0.28)
    assert reply.startswith("Undskyld, det forstod jeg ikke.")


def test_a_company_that_gives_its_size_gets_its_own_aid_level_first_and_a_correction_changes_it() -> None:
    chat = Chat("da", page_programme="vinnova-starta-ai-resa-2022")
    clauses = (Clause("Vi er en lille virksomhed der er projektpart i et projekt her.", "inform", 0.9),
               Clause("hvor stor en støtteprocent kan vi få?", "ask_amount", 1.0))
    reply = chat.say("Vi er en lille virksomhed der er projektpart i et projekt her. hvor stor en støtteprocent "
                     "kan vi få?", "ask_amount", 0.9, clauses)
    assert reply.splitlines()[1] == "For en lille virksomhed er støtteniveauet 60 %."
    reply = chat.say("undskyld, vi er mellemstor, ikke lille", "inform", 0.84)
    assert "For en mellemstor virksomhed er støtteniveauet 50 %." in reply.splitlines()


def test_sorry_i_meant_another_number_gets_the_last_questions_answer_again() -> None:
    chat = Chat("sv", page_programme="vinnova-starta-ai-resa-2022")
    first = chat.say("kan vinnova täcka 90 % av kostnaderna för vårt projekt?", "ask_amount", 0.9)
    again = chat.say("förlåt, jag menade 60 %", "inform", 0.85)
    assert again.splitlines()[0] == first.splitlines()[0]
    assert "80 %" in again.splitlines()[0]


def test_who_may_apply_gets_who_may_apply_not_the_cap_on_the_amount() -> None:
    reply = Chat("en").say("Who is allowed to apply for the Kunstig intelligens pulje in Region H?",
                           "ask_who_can_apply")
    assert "employed by Region Hovedstaden" in reply and "at most DKK 350,000" not in reply


def test_a_project_already_running_gets_what_the_call_says_about_that_during_the_check() -> None:
    chat = Chat("da", page_programme="regionsthlm-innovationsfond-2024")
    chat.say("kan jeg søge?", "ask_eligibility")
    reply = chat.say("Vores projekt er allerede i gang, det har kørt siden foråret.", "inform", 0.72)
    assert "både nye og igangværende projekter" in reply
    assert reply.splitlines()[-1].endswith("?")  # and the check goes on


def test_naming_the_programme_that_was_assumed_answers_the_question_again() -> None:
    chat = Chat("en")
    first = chat.say("When's the deadline for the region's innovation money?", "ask_deadline")
    assert "did you mean" in first.splitlines()[-1]
    again = chat.say("Stockholm", "ask_programme_info", 0.32)
    assert "2 February 2024" in again


def test_same_in_another_programme_asks_the_last_question_about_it() -> None:
    chat = Chat("en")
    chat.say("do I need my manager's ok for the innovation fund in Stockholm?", "ask_who_can_apply")
    reply = chat.say("same in region hovedstaden?", "ask_who_can_apply", 0.54)
    assert "approved by the relevant management" in reply


def test_a_question_inside_the_check_that_the_classifier_misses_is_answered_by_its_words() -> None:
    chat = Chat("en")
    chat.say("we're a swedish non-profit association, can we apply to the vinnova AI call?", "ask_eligibility")
    asked = chat.state.asked
    reply = chat.say("can we bring in a university as a partner btw?", "inform", 0.39)
    assert "universities" in reply and chat.state.asked == asked
    assert reply.splitlines()[-1].endswith("?")  # the check's question again


def test_a_kind_of_applicant_the_call_rules_out_gets_no_and_the_calls_words() -> None:
    reply = Chat("sv").say("Kan en region, t.ex. Region Västerbotten, vara koordinator i Starta er AI-resa?",
                           "ask_who_can_apply")
    assert reply.startswith("Nej: som region kan man inte vara sökande i Starta er AI-resa.")
    assert "ej region" in reply  # the call's own words


def test_a_kind_of_applicant_the_call_accepts_gets_who_can_apply_not_a_no() -> None:
    reply = Chat("en").say("can municipalities apply to Starta er AI-resa?", "ask_who_can_apply")
    assert not reply.startswith("No:")


def test_a_duration_is_noted_in_months_not_as_a_bare_number() -> None:
    reply = Chat("sv").say("projektet tar 12 månader och vi söker 400 000", "inform", 0.99)
    assert "projektets längd: 12 månader" in reply


def test_which_programmes_do_you_know_names_them() -> None:
    reply = Chat("sv").say("Vilka program kan du svara på frågor om?", "help", 0.98)
    assert "Innovationsfonden" in reply and "Starta er AI-resa" in reply


def test_a_language_named_in_a_request_is_not_a_kind_of_applicant() -> None:
    chat = Chat("en", page_programme="vinnova-starta-ai-resa-2022")
    reply = chat.say("translate the part about who can't be coordinator into Danish", "ask_who_can_apply", 0.6)
    assert not reply.startswith("No:")


def test_a_side_question_the_classifier_misses_beside_an_answer_in_the_check_is_answered() -> None:
    chat = Chat("en", page_programme="regionh-ai-2020")
    chat.say("can I apply?", "ask_eligibility")
    text = ("I'm employed by Region Hovedstaden as a biomedical engineer. quick q first: does it have to be a "
            "brand new project?")
    clauses = (Clause("I'm employed by Region Hovedstaden as a biomedical engineer.", "inform", 0.94),
               Clause("does it have to be a brand new project?", "ask_who_can_apply", 0.34))
    reply = chat.say(text, "inform", 0.6, clauses)
    assert "seed capital for a new project or for finishing an existing one" in reply
    assert chat.state.facts["employer"] == "region_hovedstaden"


def test_an_unclassified_question_with_no_programme_in_focus_asks_which_programme() -> None:
    reply = Chat("da").say("Skal min chef godkende projektet?", "inform", 0.66)
    assert reply.startswith("Hvilket program mener du?")


def test_an_amount_question_gets_the_close_second_fact_of_its_kind_too() -> None:
    reply = Chat("en").say("How many projects is Region H going to fund from the 2 million?", "ask_amount")
    lines = reply.splitlines()
    assert lines[0] == "The call text does not say how many projects will be funded."  # what was asked
    assert "In all, DKK 2,000,000 is available in this round." in lines[:3]  # and the pot it named ("2 mio")


def test_back_to_a_programme_with_a_question_of_its_own_asks_that_question() -> None:
    chat = Chat("sv")
    chat.say("behöver vi medfinansiering i innovationsfonden?", "ask_amount")
    chat.say("och i Vinnovas AI-resa?", "ask_amount", 0.4)
    reply = chat.say("Tillbaka till innovationsfonden: måste chefen godkänna där?", "ask_who_can_apply", 0.8)
    assert "chef" in reply.splitlines()[0] and "medfinansiering" not in reply


def test_a_project_planned_longer_than_the_call_allows_gets_the_limit_at_once() -> None:
    reply = Chat("sv").say("Vårt kommunprojekt är planerat till 18 månader. Kan vi söka Starta er AI-resa ändå?",
                           "ask_eligibility")
    assert "Inte som det är planerat" in reply
    assert "högst 12 månader" in reply


def test_a_project_that_only_buys_and_runs_equipment_is_told_no() -> None:
    reply = Chat("sv").say("Vi är en liten kommun och vill bara köpa in en AI-server och sen driva den löpande. "
                           "Kan Vinnovas AI-resa betala det?", "ask_costs", 0.46)
    assert "Nej: ni kan inte söka Starta er AI-resa" in reply
    assert "löpande drift" in reply and "utrustning" in reply


def test_a_question_about_running_costs_gets_the_call_s_exclusion_not_a_verdict() -> None:
    reply = Chat("da").say("dækker Vinnovas AI-resa løbende drift af et system?", "ask_costs", 0.97)
    assert reply.splitlines()[0].startswith("• Løbende drift")
    assert "Nej:" not in reply


def test_naming_the_municipality_as_coordinator_corrects_a_company_and_goes_on() -> None:
    chat = Chat("sv", "vinnova-starta-ai-resa-2022")
    assert "Nej: ni kan inte söka" in chat.say("Kan vi söka? Vi är ett aktiebolag som bygger AI-lösningar åt kommuner.",
                                                "ask_eligibility")
    reply = chat.say("Nej vänta, jag formulerade mig fel – det är Borås kommun som ska vara huvudsökande, vi på "
                     "bolaget är bara underleverantör.", "inform", 0.43)
    assert "Nej:" not in reply
    assert chat.state.facts["organisation_type"] == "municipality"
    assert reply.rstrip().endswith("?")


@pytest.mark.parametrize(("lang", "text", "intent", "headline"), [
    ("sv", "Går AI-puljen i Region Hovedstaden att söka nu?", "ask_deadline",
     "Nej: AI-potten 2020 i Region Hovedstaden går inte att söka nu; utlysningen stängde 30 oktober 2020"),
    ("en", "can we still apply to the Stockholm innovation fund?", "ask_eligibility",
     "No: you cannot apply to the Innovation Fund (Region Stockholm) now; the call closed on 2 February 2024"),
])
def test_asking_whether_a_closed_call_can_be_applied_to_now_gets_no_first(lang: str, text: str, intent: str,
                                                                          headline: str) -> None:
    reply = Chat(lang).say(text, intent)
    assert reply.splitlines()[0].startswith(headline)


def test_a_call_without_a_closing_date_gets_no_headline_about_now() -> None:
    reply = Chat("en").say("can we still apply to Starta er AI-resa?", "ask_deadline")
    assert not reply.startswith("No:")


def test_a_fact_only_one_call_asks_about_names_that_call_when_none_is_in_focus() -> None:
    reply = Chat("sv").say("Får man söka om man bara jobbar 30 % i regionen?", "ask_who_can_apply")
    assert "Nej: ni kan inte söka Innovationsfonden" in reply
    assert "minst 50 %" in reply


def test_a_fact_only_one_call_asks_about_does_not_pull_the_conversation_away_from_its_programme() -> None:
    chat = Chat("sv")
    chat.say("innovationsfonden i region stockholm, när var sista dag?", "ask_deadline")
    reply = chat.say("Går det att söka för ett projekt som redan är igång?", "ask_eligibility", 0.49)
    assert "Starta er AI-resa" not in reply
    assert "pågående projekt" in reply and "Region Stockholm" in reply


def test_the_rest_of_a_message_says_which_fact_its_question_asks_for() -> None:
    text = "Blir vår ansökan till Vinnova offentlig? Den innehåller känsliga uppgifter om vår verksamhet."
    clauses = (Clause("Blir vår ansökan till Vinnova offentlig?", "ask_application", 0.95),
               Clause("Den innehåller känsliga uppgifter om vår verksamhet.", "inform", 0.6))
    reply = Chat("sv").say(text, "ask_application", 0.95, clauses)
    assert reply.startswith("• Ansökningar blir allmänna handlingar")
    assert "sekretessbelägger" in reply  # the second statement of the topic follows the first


def test_a_sole_trader_or_a_swedish_workplace_is_told_no_for_region_hovedstaden_without_being_asked() -> None:
    firm = Chat("sv").say("Är frilansande ML-konsult i Köpenhamn med egen firma. Kan jag söka kunstig "
                          "intelligens-puljen själv?", "ask_eligibility")
    lund = Chat("sv").say("Jag jobbar på Skånes universitetssjukhus i Lund. Kan jag söka Region Hovedstadens "
                          "AI-pulje?", "ask_eligibility")
    for reply in (firm, lund):
        assert "Nej: ni kan inte söka AI-potten 2020 i Region Hovedstaden." in reply
        assert "Är du anställd i Region Hovedstaden?" not in reply


@pytest.mark.parametrize(("lang", "text"), [
    ("da", "Hvor mange milliarder kan AI skabe i den offentlige sektor ifølge DIGG?"),  # no programme named
    ("sv", "Hur mycket värde kan AI skapa enligt DIGG-rapporten som Vinnova hänvisar till?"),  # Vinnova: two
])
def test_of_the_programmes_that_fit_the_one_whose_text_answers_is_answered(lang: str, text: str) -> None:
    reply = Chat(lang).say(text, "ask_amount", 0.6)
    assert "140" in reply and "003_fb189093763b88c9.txt" in reply
    assert "001_4452f986d98d4eaf.txt" not in reply  # not Starta er AI-resa's amounts beside it


@pytest.mark.parametrize(("intent", "confidence"), [("ask_who_can_apply", 0.9), ("nlu_fallback", 0.12)])
def test_asking_for_the_requirements_gets_every_requirement_then_an_offer_to_check(intent: str,
                                                                                   confidence: float) -> None:
    chat = Chat("sv")
    reply = chat.say("Vad krävs för att vara behörig att söka Region H:s AI-pulje?", intent, confidence)
    assert reply.startswith("Det här kräver AI-potten 2020 i Region Hovedstaden av den sökande:")
    assert "• Bara anställda i Region Hovedstaden kan söka ur potten." in reply
    assert "• Projektet måste vara godkänt av berörd ledning i Region Hovedstaden innan ni kan söka." in reply
    assert reply.endswith("Ska jag kontrollera om ni kan söka AI-potten 2020 i Region Hovedstaden?")
    assert chat.state.facts == {}  # "Region H:s" is the fund's owner, not what we are


def test_a_question_about_one_requirement_is_not_answered_with_the_list() -> None:
    reply = Chat("da").say("Er der krav om en bestemt egenfinansiering i AI-puljen 2020?", "ask_amount")
    assert "Det kræver" not in reply


def test_an_ambiguous_start_over_says_what_a_yes_would_forget() -> None:
    chat = Chat("da")
    chat.say("Jeg er ansat i Region Hovedstaden og vil søge AI-puljen", "ask_eligibility")
    reply = chat.say("ny", "start_over", 0.65)
    assert reply.startswith("Vil du begynde forfra?")
    assert "Vi er i gang med AI-puljen 2020, og du har fortalt mig: " in reply
    assert "arbejdsgiver: Region Hovedstaden" in reply
    assert "Er projektet godkendt af den relevante ledelse" in chat.say("nej", "deny")  # the check goes on


def test_thanks_and_nothing_more_does_not_answer_the_pending_question() -> None:
    chat = Chat("sv")
    chat.say("Kan jag söka Innovationsfonden? Jag jobbar heltid i Region Stockholm.", "ask_eligibility")
    assert chat.state.check and chat.state.asked
    reply = chat.say("Nej, inget mer. Tack för hjälpen!", "thank")
    assert "Nej: ni kan inte söka" not in reply
    assert chat.state.asked not in chat.state.facts


def test_a_long_question_read_as_goodbye_with_low_confidence_does_not_end_the_conversation() -> None:
    reply = Chat("da").say("Hvad var det nu for et beløb, jeg skrev, vi søger?", "goodbye", confidence=0.27)
    assert "Farvel" not in reply


def test_an_unsure_eligibility_intent_without_words_of_applying_answers_the_fact_its_words_name() -> None:
    reply = Chat("en").say("Who decides which projects get money from the Region Stockholm innovation fund?",
                           "ask_eligibility", confidence=0.6)
    assert "expert group" in reply
    assert "Can I" not in reply


@pytest.mark.parametrize(("lang", "text"), [
    ("da", "kan vi søge penge fra Vinnovas kraftsamling for AI?"),
    ("en", "Can we apply to Sund Vægt?"),
])
def test_can_we_apply_to_something_that_is_not_a_call_gets_no_first_and_what_it_is(lang: str, text: str) -> None:
    reply = Chat(lang).say(text, "ask_eligibility")
    assert reply.startswith("Nej: Kraftsamling AI er en pressemeddelelse" if lang == "da" else "No: Sund Vægt")


def test_asking_whether_one_is_eligible_inside_the_check_says_where_the_check_stands() -> None:
    chat = Chat("en")
    chat.say("I work full time at a Region Stockholm hospital and want to apply to the innovation fund.",
             "ask_eligibility")
    asked = chat.state.asked
    reply = chat.say("So based on what I told you earlier, am I eligible or not?", "ask_eligibility", 0.95)
    assert "I still need to know" in reply
    assert "✓ You work at least half time (50 %)" in reply
    assert chat.state.check and chat.state.asked == asked  # the check goes on where it was


def test_a_region_named_as_would_be_coordinator_does_not_turn_the_question_to_another_region() -> None:
    chat = Chat("en")
    chat.say("We're a Swedish municipality, Norrtälje.", "inform")
    chat.say("Could we apply to the Region H AI pool as well?", "ask_eligibility")
    assert chat.state.programme == "regionh-ai-2020"
    reply = chat.say("For the Vinnova one, could Region Uppsala be the coordinator instead of us?", "ask_eligibility")
    assert "000_345c3b95556e081f.txt" not in reply
    assert "Start your AI journey" in reply
