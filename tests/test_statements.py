"""What applicants say about themselves in free text (assistant.statements): the words are data."""

from __future__ import annotations

import pytest

from assistant.catalogue import load
from assistant.statements import stated_facts


@pytest.mark.parametrize(("text", "facts"), [
    ("Vi er en kommune i Sverige og er ikke gået i gang endnu",
     {"organisation_type": "municipality", "country": "SE", "project_started": False}),
    ("We have already started, can we still apply?", {"project_started": True}),
    ("sorry, wrong answer: we have NOT started", {"project_started": False}),
    ("Nothing has started yet. The project would use data we already have",
     {"project_started": False, "uses_existing_data": True}),
    ("No - we won't collect new data, we'll use what's already in our systems.", {"uses_existing_data": True}),
    ("Vi har inga data ännu, vi måste först samla in data", {"uses_existing_data": False}),
    ("Jeg er sygeplejerske, ansat i Region Hovedstaden, og vores afdelingsledelse har godkendt projektet.",
     {"employer": "region_hovedstaden", "management_approval": True}),
    ("min chef vil ikke godkende projektet", {"management_approval": False}),
    ("Jag jobbar 40 % på Karolinska", {"employer": "region_stockholm", "employment_share": 40.0}),
    ("I work at Rigshospitalet and want 500 000, is that OK?",
     {"employer": "region_hovedstaden", "requested_amount": 500000}),
    ("Vi söker 450 000 kr av en total budget på 600 000 kr.",
     {"requested_amount": 450000, "eligible_costs": 600000}),
    ("Our organisation is an AB with a special profit distribution restriction (SVB).",
     {"organisation_type": "svb_company"}),
    ("Vi er to afdelinger på et hospital i Region Hovedstaden", {"employer": "region_hovedstaden"}),
    ("Vi bygger på medlemsdata som vi har samlat sedan 2015", {"uses_existing_data": True}),
    ("Vi är en kommun och projektet bedrivs i vår icke-ekonomiska verksamhet",
     {"organisation_type": "municipality", "non_economic_activity": True, "country": "SE"}),
    ("Projektet drivs i förvaltningen, inte i något kommunalt bolag.", {"non_economic_activity": True}),
    ("We are not a municipal company but a municipality", {"organisation_type": "municipality"}),
    ("Jeg arbejder på en privatklinik", {"employer": "private_employer"}),
    ("we'd use sensor data we already collect", {"uses_existing_data": True}),
    ("vi använder data vi redan samlat in", {"uses_existing_data": True}),
    ("chefen är med på det", {"management_approval": True}),
    ("vi vill använda maskininlärning på befintliga ärendedata", {"uses_existing_data": True}),
    ("Budget would be 750k total and we'd ask Vinnova for 600k.", {"eligible_costs": 750000,
                                                                  "requested_amount": 600000}),
    ("fint, det skal blive i regionen", {"results_owned_by_region": True}),
    ("min chef er ikke med på det", {"management_approval": False}),
    ("Är frilansande ML-konsult i Köpenhamn med egen firma.",  # "egen firma" says whose firm it is
     {"organisation_type": "sole_trader", "employer": "private_employer"}),
    ("Jeg er speciallæge i Region Hovedstaden og vil søge 200.000", {"employer": "region_hovedstaden"}),
    ("Jag är forskare på KTH och vill söka Vinnovas AI-resa som huvudsökande, går det?",
     {"employer": "university", "organisation_type": "university"}),  # KTH would be the coordinator
    ("Vi är en kommun som vill forska fram nya maskininlärningsmetoder – passar det i AI-resan?",
     {"develops_ml_methods": True}),  # what comes before the dash is said, not asked
    ("We're already six months into our project at Södersjukhuset", {"project_started": True}),
    ("The project will run 12 months in total", {"project_started": None}),
    ("Region Stockholm får äga resultatet och lösningen stannar i regionen.",
     {"results_owned_by_region": True, "continue_outside_region": False}),
])
def test_facts_are_read_from_what_people_write(text: str, facts: dict[str, object]) -> None:
    found = stated_facts(load(), text)
    assert {k: found.get(k) for k in facts} == facts


@pytest.mark.parametrize("text", [
    "kan kommuner søge?",                                   # asks about municipalities, does not say it is one
    "can I apply to the AI pool in Region Hovedstaden?",    # the programme's owner, not the employer
    "Kan jag söka pengar från Vinnova eller regionen?",     # a funder, not the applicant
    "hvornår besluttede regionsrådet at bruge de 2 millioner?",  # the programme's money, not our budget
    "får vi anlita ett AI-konsultbolag, och kan de få del av pengarna?",  # whom we hire, not what we are
    "Vad var maxbeloppet i utlysningen för kommuner?",  # Swedish "var" (was) is not "vår" (our)
])
def test_a_mention_that_is_not_about_the_applicant_states_nothing(text: str) -> None:
    assert stated_facts(load(), text) == {}


def test_a_partner_asking_about_its_aid_level_is_not_taken_for_the_coordinator() -> None:
    text = "Vi er en mellemstor virksomhed (ca. 120 ansatte) og skal være projektpart i en kommunes AI-resa projekt"
    assert "organisation_type" not in stated_facts(load(), text)
    ours = "vi er en svensk kommune, konsulentfirmaet er bare vores partner"
    assert stated_facts(load(), ours)["organisation_type"] == "municipality"


def test_the_word_for_ones_own_organisation_tells_the_country_and_can_be_corrected() -> None:
    assert stated_facts(load(), "Vi är en ideell förening")["country"] == "SE"
    assert stated_facts(load(), "Vi er en forening")["country"] == "DK"
    assert stated_facts(load(), "Vi er Aarhus Kommune")["country"] == "DK"
    assert stated_facts(load(), "Jag är projektledare på Gävle kommun")["country"] == "SE"


def test_a_bare_amount_corrects_the_amount_stated_before() -> None:
    assert stated_facts(load(), "Undskyld, jeg mente 300.000 kr.", known={"requested_amount": 500000}) == {
        "requested_amount": 300000}


def test_a_kind_named_with_like_ours_after_it_is_the_applicants_own() -> None:
    facts = stated_facts(load(), "Kan ett aktiebolag som vårt vara huvudsökande i Starta er AI-resa?")
    assert facts["organisation_type"] == "company"


def test_a_company_applicant_is_not_employed_by_a_region() -> None:
    facts = stated_facts(load(), "Kan jeg som virksomhed søge puljen?")
    assert facts["organisation_type"] == "company"
    assert facts["employer"] == "private_employer"


@pytest.mark.parametrize(("text", "known", "facts"), [
    ("undskyld, vi er mellemstor, ikke lille", {"company_size": "small"}, {"company_size": "medium"}),
    ("förlåt, jag menade 60 %", {"employment_share": 40}, {"employment_share": 60.0}),
    ("vi vill att Vinnova täcker 90 %", {"employment_share": 40}, {}),
])
def test_a_known_fact_is_corrected_by_a_bare_new_value(text: str, known: dict[str, object],
                                                       facts: dict[str, object]) -> None:
    assert stated_facts(load(), text, None, known) == facts  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "owned", "outside"), [
    ("The region would own the result and I have no plans to take it further outside Region Stockholm", True, False),
    ("the result would belong to the region and I dont intend to take it anywhere outside the region", True, False),
    ("regionen får äga allt och jag ska inte driva den vidare utanför regionen", True, False),
    ("the company would own part of the result, and we want to sell it outside the region", False, True),
])
def test_who_owns_the_result_and_whether_it_leaves_the_region_are_read_with_their_negations(
        text: str, owned: bool, outside: bool) -> None:
    facts = stated_facts(load(), text)
    assert facts["results_owned_by_region"] is owned
    assert facts["continue_outside_region"] is outside


@pytest.mark.parametrize(("text", "size"), [
    ("Vi er en lille virksomhed der er projektpart", "small"),
    ("we are a medium-sized company in the consortium", "medium"),
    ("vi är ett stort företag med över 250 anställda", "large"),
    ("kan små virksomheder være med?", None),        # asks about small companies, says nothing about us
    ("vi er ikke en stor virksomhed", None),          # says what we are not
    ("vi er en stor kommune", None),                  # "stor" alone is not a company size
])
def test_a_company_size_said_in_full_about_ourselves_is_read_outside_the_question(text: str,
                                                                                 size: str | None) -> None:
    assert stated_facts(load(), text).get("company_size") == size


def test_a_sentence_written_in_lower_case_still_ends_at_its_full_stop() -> None:
    text = "no wait, the applicant would be our client, a Swedish kommun. we are just the expert partner"
    assert stated_facts(load(), text)["organisation_type"] == "municipality"  # "partner" is the next sentence


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    text = "Vi er en mellemstor virksomhed (ca. 120 ansatte) og skal være projektpart"
    assert "organisation_type" not in stated_facts(load(), text)  # one sentence: we are the partner


def test_a_word_in_quotation_marks_is_talked_about_not_said_of_oneself() -> None:
    text = "Does a region count as a 'kommun' in Vinnova's call? We're a Swedish region and want to coordinate."
    assert stated_facts(load(), text)["organisation_type"] == "region"
    assert stated_facts(load(), "we're a kommun and it's our project")["organisation_type"] == "municipality"


def test_a_known_employer_is_corrected_without_saying_again_where_one_works() -> None:
    known = {"employer": "other"}
    text = "ups skrev forkert – jeg mener Region Hovedstaden"
    assert stated_facts(load(), text, known=known)["employer"] == "region_hovedstaden"
    assert "employer" not in stated_facts(load(), "hvad med Region Hovedstaden?", known=known)


@pytest.mark.parametrize(("text", "facts"), [
    ("Does my manager have to approve the project?", {}),                        # asks what is required
    ("hvor mange projekter har fonden støttet siden den startede?", {}),         # a wh-question about the fund
    ("My manager doesn't read Danish.", {}),                                      # a language, not a country
    ("Vi har allerede startet projektet, kan vi stadig søge?", {"project_started": True}),
    ("Could I have applied for a project we already started last year?", {"project_started": True}),
    ("is it ok that my manager has approved it?", {"management_approval": True}),
])
def test_a_question_about_a_fact_does_not_state_it_but_what_it_presupposes_does(
        text: str, facts: dict[str, object]) -> None:
    assert stated_facts(load(), text) == facts


@pytest.mark.parametrize(("text", "months"), [
    ("We're planning an 18 month project with a university", 18.0),
    ("Vi planlægger et 18-måneders projekt", 18.0),
    ("ett 18 månaders projekt med kommunen", 18.0),
    ("et projekt på 18 måneder", 18.0),
    ("Vårt kommunprojekt är planerat till 18 månader.", 18.0),
    ("a project of about 2 years", 24.0),
])
def test_a_duration_written_as_a_projects_length_is_its_duration(text: str, months: float) -> None:
    assert stated_facts(load(), text).get("duration_months") == months


@pytest.mark.parametrize("text", ["we have 3 years of data for the project", "the 12 month limit",
                                  "data from 2020-12 months ago"])
def test_a_duration_that_is_not_the_projects_length_is_not_its_duration(text: str) -> None:
    assert "duration_months" not in stated_facts(load(), text)


@pytest.mark.parametrize(("text", "facts"), [
    ("Vi är en liten kommun och vill bara köpa in en AI-server och sen driva den löpande. Kan Vinnova betala det?",
     {"equipment_purchase": True, "running_costs": True}),
    ("Vi är en kommun som vill forska fram nya maskininlärningsmetoder tillsammans med Chalmers",
     {"develops_ml_methods": True}),
    ("Vores projekt går ud på at begynde at indsamle data, så vi senere kan bruge AI.", {"uses_existing_data": False}),
])
def test_what_a_project_will_do_is_read_from_a_statement(text: str, facts: dict[str, object]) -> None:
    stated = stated_facts(load(), text)
    assert {k: stated.get(k) for k in facts} == facts


@pytest.mark.parametrize("text", ["Får kommunen förresten köpa servrar för pengarna?",
                                  "dækker Vinnovas AI-resa løbende drift af et system?",
                                  "Can we use the grant to buy servers?"])
def test_a_question_about_what_the_money_may_pay_for_states_no_plan(text: str) -> None:
    stated = stated_facts(load(), text)
    assert not {"equipment_purchase", "running_costs", "develops_ml_methods"} & set(stated)


@pytest.mark.parametrize("text", [
    "Nej vänta, jag formulerade mig fel – det är Borås kommun som ska vara huvudsökande, vi på bolaget är bara "
    "underleverantör.",
    "nej vent, jeg skrev forkert – det er kommunen, der er hovedansøger. Vi er bare med som eksperter.",
    "the municipality will be the lead applicant, we are a partner",
])
def test_naming_the_coordinator_states_the_coordinators_type(text: str) -> None:
    assert stated_facts(load(), text).get("organisation_type") == "municipality"


@pytest.mark.parametrize("text", ["kan kommunen være hovedansøger?", "kommunen kan inte vara huvudsökande"])
def test_asking_whether_or_denying_that_one_is_coordinator_states_nothing(text: str) -> None:
    assert "organisation_type" not in stated_facts(load(), text)


def test_a_firm_named_in_danish_is_not_thereby_a_danish_firm() -> None:
    stated = stated_facts(load(), "Vi er et lille konsulentfirma")
    assert stated.get("organisation_type") == "company"
    assert "country" not in stated


@pytest.mark.parametrize(("text", "owned"), [
    ("Okej, då ändrar vi det: Region Stockholm får äga resultatet och lösningen stannar i regionen.", True),
    ("vi vill äga resultatet själva", False),
    ("företaget får äga resultatet", False),
])
def test_the_longer_phrase_decides_who_owns_the_result(text: str, owned: bool) -> None:
    assert stated_facts(load(), text).get("results_owned_by_region") is owned


def test_doing_research_at_a_hospital_says_where_one_works() -> None:
    stated = stated_facts(load(), "jag forskar på Karolinska Universitetssjukhuset i Stockholm och har en AI-algoritm")
    assert stated.get("employer") == "region_stockholm"


def test_a_percentage_beside_a_job_is_the_share_of_full_time() -> None:
    stated = stated_facts(load(), "Jag är sjuksköterska på Södersjukhuset, 80 %, min chef har godkänt projektet.")
    assert stated.get("employment_share") == 80.0
    assert "employment_share" not in stated_facts(load(), "Vi söker 80 % av kostnaderna")


@pytest.mark.parametrize("text", ["My manager has approved the project, and the results will stay within Region "
                                  "Stockholm.", "Hun har godkendt det, og resultaterne skal blive i Region Stockholm."])
def test_results_that_stay_in_the_region_are_owned_by_it_and_not_taken_outside(text: str) -> None:
    stated = stated_facts(load(), text)
    assert stated.get("results_owned_by_region") is True
    assert stated.get("continue_outside_region") is False


def test_a_country_word_before_a_fund_describes_the_fund_not_the_applicant() -> None:
    assert "country" not in stated_facts(load(), "Kan pengar från danska regionens AI-pulje användas till det?")
    assert stated_facts(load(), "vi er fra en dansk region").get("country") == "DK"


@pytest.mark.parametrize(("text", "fact", "value"), [
    ("Vi vill köra ett samutvecklingsprojekt där företaget får rättigheterna till resultatet.",
     "results_owned_by_region", False),
    ("Nej, jag har inte pratat med ledningen än.", "management_approval", False),
    ("I haven't talked to my manager yet", "management_approval", False),
])
def test_co_development_and_not_having_asked_the_manager_are_read_as_no(text: str, fact: str, value: bool) -> None:
    assert stated_facts(load(), text).get(fact) is value
