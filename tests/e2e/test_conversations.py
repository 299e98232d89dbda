"""The bot over its REST channel, as the website and `assistant chat` use it: questions in Danish and Swedish,
follow-ups, a language switch, and a whole eligibility conversation per open call (eligible and not)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Bot

pytestmark = pytest.mark.e2e

# (page language, message, phrases the reply must contain). One new conversation each.
SINGLE_QUESTIONS = [
    ("da", "hvor meget kan man søge i AI-puljen?", ["350.000 kr.", "2.000.000 kr.", "000_345c3b95556e081f.txt"]),
    ("da", "hvornår er fristen for AI-puljen?", ["lukkede den 30. oktober 2020", "Kilde:"]),
    ("da", "hvem kan søge AI-puljen?", ["ansat i Region Hovedstaden"]),
    ("da", "hvad kan pengene fra AI-puljen bruges til?", ["løn, drift, software, data, udstyr"]),
    ("da", "hvordan bliver ansøgningerne til AI-puljen bedømt?", ["medfinansiering", "tværfaglighed"]),
    ("da", "skal vi rapportere hvis vi får penge fra AI-puljen?", ["hvert halve år"]),
    ("da", "hvem ejer resultaterne i AI-puljen?", ["siger intet om hvem der ejer resultaterne"]),
    ("da", "hvem kan jeg ringe til om Starta er AI-resa?", ["Anna Bjurström", "+46 8 473 30 89"]),
    ("da", "hvor meget kan vi få fra Vinnova AI-resan?", ["600.000 SEK", "80 %"]),
    ("da", "hvornår er fristen for innovationsfonden?", ["2. februar 2024", "uge 16"]),
    ("da", "hvad er Sund Vægt?", ["Danish Life Science Cluster", "ikke et åbent opslag"]),
    ("da", "hvilke programmer kender du?", ["AI-puljen 2020", "Innovationsfonden", "Kraftsamling AI"]),
    ("da", "kan man klage over afgørelsen i AI-resan?", ["kan ikke klage over"]),
    ("da", "hvor længe må et projekt i AI-resan vare?", ["12 måneder"]),
    ("da", "hvad er vejret i morgen?", ["Jeg kan kun hjælpe med offentlig støtte"]),
    ("sv", "hur mycket kan man söka från innovationsfonden?", ["inget tak per projekt", "15 000 000 kr"]),
    ("sv", "när är sista ansökningsdag för innovationsfonden?", ["stängde 2 februari 2024", "vecka 1"]),
    ("sv", "vem kan söka innovationsfonden?", ["minst halvtid"]),
    ("sv", "vad får man inte söka pengar för i AI-resan?", ["Löpande drift", "Investeringar i utrustning"]),
    ("sv", "vilka bilagor behövs för AI-resan?", ["CV", "avsiktsförklaring"]),
    ("sv", "hur betalas pengarna ut från innovationsfonden?", ["rekvireras i efterhand"]),
    ("sv", "vem äger resultaten i innovationsfonden?", ["ägs av Region Stockholm"]),
    ("sv", "när stänger AI-resan?", ["anger varken öppnings- eller sista datum", "troligen stängt"]),
    ("sv", "kan företag vara med i AI-resan?", ["projektpart"]),
    ("sv", "vad är kraftsamlingen?", ["fyraårig", "ingen öppen utlysning"]),
    ("sv", "hur bedöms ansökningarna till AI-resan?", ["potential", "genomförbarhet"]),
    ("sv", "kan jag prata med en människa om AI-resan?", ["Fredrik Weisner", "+46 8 473 31 80"]),
    ("sv", "vilka program finns det?", ["Starta er AI-resa", "Sund Vægt"]),
    ("sv", "vi är en kommun i Sverige, vad kan vi söka?", ["Starta er AI-resa", "kommun"]),
    ("sv", "vem vann fotbolls-VM?", ["Jag kan bara hjälpa till med offentlig finansiering"]),
]


@pytest.mark.parametrize(("language", "message", "expected"), SINGLE_QUESTIONS,
                         ids=[q[1] for q in SINGLE_QUESTIONS])
def test_a_question_gets_a_sourced_answer_in_the_users_language(
        bot: Bot, sender: str, language: str, message: str, expected: list[str]) -> None:
    reply = bot.text(sender, message, language)
    for phrase in expected:
        assert phrase.lower() in reply.lower(), f"{phrase!r} not in reply to {message!r}:\n{reply}"


def test_follow_ups_refer_to_the_programme_already_talked_about(bot: Bot, sender: str) -> None:
    first = bot.text(sender, "hvad kan man søge i AI-puljen?", "da")
    assert "000_345c3b95556e081f.txt" in first
    assert "lukkede den 30. oktober 2020" in bot.text(sender, "og fristen?")
    assert "350.000 kr." in bot.text(sender, "og hvor meget?")
    switched = bot.text(sender, "hvornår er fristen for innovationsfonden?")
    assert "2. februar 2024" in switched
    assert "15.000.000" in bot.text(sender, "og beløbet?")


def test_a_language_switch_is_honoured_and_sticks(bot: Bot, sender: str) -> None:
    assert "350.000 kr." in bot.text(sender, "hvor meget kan man få fra AI-puljen?", "da")
    assert "svenska" in bot.text(sender, "kan du svara på svenska?")
    reply = bot.text(sender, "og fristen?")
    assert "stängde 30 oktober 2020" in reply, reply


def test_replies_follow_the_language_of_the_latest_clear_message(bot: Bot, sender: str) -> None:
    assert "Kilde:" in bot.text(sender, "hvornår er fristen for AI-puljen?", "sv")
    assert "Källa:" in bot.text(sender, "och hur mycket kan man söka där?")


def test_the_name_of_a_programme_we_do_not_cover_does_not_switch_the_language(bot: Bot, sender: str) -> None:
    bot.text(sender, "hur mycket kan man söka i innovationsfonden?", "sv")
    reply = bot.text(sender, "och Horizon Europe?")
    assert "Horizon Europe känner jag inte till" in reply


def test_region_h_employee_with_approved_ai_project_is_eligible_in_danish(bot: Bot, sender: str) -> None:
    first = bot.text(sender, "kan jeg søge AI-puljen?", "da")
    assert "opslaget lukkede den 30. oktober 2020" in first  # the call's state comes first
    assert "Er du ansat i Region Hovedstaden?" in first
    assert "godkendt af den relevante ledelse" in bot.text(sender, "ja")
    verdict = bot.text(sender, "ja, det er godkendt")
    assert verdict.startswith("Ja: ud fra det, du har fortalt, ville I have opfyldt kravene i AI-puljen 2020")
    assert "opslaget lukkede den 30. oktober 2020" in verdict
    assert "kunstig intelligens i sundhedsvæsenet" in verdict  # the pool's purpose, listed to check
    assert "Kilde: opslaget »Kunstig intelligens pulje 2020«" in verdict


def test_someone_employed_elsewhere_is_told_no_with_the_quote_in_danish(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan jeg søge AI-puljen?", "da")
    verdict = bot.text(sender, "nej, jeg er ansat i en kommune")
    assert "Nej: I kan ikke søge AI-puljen 2020." in verdict
    assert "»Ansøger skal være ansat i Region Hovedstaden«" in verdict


def test_municipality_with_data_gets_eligible_and_600000_for_ai_resan_in_swedish(bot: Bot, sender: str) -> None:
    assert "Vilken typ av organisation" in bot.text(sender, "kan vi söka AI-resan?", "sv")
    noted = bot.text(sender, "vi är en kommun")
    assert "land: Sverige" in noted  # "kommun" is the Swedish word: shown, so it can be corrected
    assert "icke-ekonomiska verksamhet" in noted  # the call's definition of a municipality, asked
    assert "påbörjats" in bot.text(sender, "ja, i förvaltningen")
    assert "data" in bot.text(sender, "nej, inte än")
    verdict = bot.text(sender, "ja, vi har data")
    assert verdict.startswith("Ja: utifrån det du har berättat skulle ni uppfylla kraven i Starta er AI-resa")
    assert "troligen stängt" in verdict
    amount = bot.text(sender, "hur mycket kan vi få? våra kostnader är 750 000 kr")
    assert "Ni kan som mest få 600 000 kr." in amount
    assert "80 % × 750 000 kr = 600 000 kr" in amount


def test_limited_company_is_told_no_and_a_correction_updates_the_verdict(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan vi söka AI-resan?", "sv")
    verdict = bot.text(sender, "vi är ett aktiebolag")
    assert "Nej: ni kan inte söka Starta er AI-resa." in verdict
    assert "”Universitet, högskola, institut och företag med sådan expertis" in verdict
    corrected = bot.text(sender, "förlåt, vi är en ideell förening")
    assert "ideell organisation" in corrected
    assert "påbörjats" in corrected  # the check continues with the facts still missing


def test_region_stockholm_employee_working_60_percent_is_eligible_in_swedish(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan jag söka innovationsfonden?", "sv")
    answers = ["jag jobbar på Region Stockholm", "60 procent", "ja", "ja", "ja", "nej"]
    replies = [bot.text(sender, a) for a in answers]
    assert replies[-1].startswith("Ja: utifrån det du har berättat hade ni uppfyllt kraven i Innovationsfonden")
    assert "stängde 2 februari 2024" in replies[-1]


def test_half_time_is_enough_but_less_is_not_for_innovationsfonden(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan jag söka innovationsfonden?", "sv")
    bot.text(sender, "ja, jag är anställd i Region Stockholm")
    verdict = bot.text(sender, "jag jobbar 40 procent")
    assert verdict.startswith("Nej: ni kan inte söka Innovationsfonden.")
    assert "minst 50 %" in verdict


def test_a_question_during_the_check_is_answered_and_the_check_goes_on(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan jeg søge AI-puljen?", "da")
    reply = bot.text(sender, "hvornår er fristen?")
    assert "lukkede den 30. oktober 2020" in reply
    assert "Er du ansat i Region Hovedstaden?" in reply


def test_an_answer_the_bot_cannot_read_gets_a_hint_and_the_question_again(bot: Bot, sender: str) -> None:
    bot.text(sender, "kan vi söka AI-resan?", "sv")
    bot.text(sender, "vi är en kommun")
    reply = bot.text(sender, "hmm, kanske")
    assert "Svara ja eller nej." in reply
    assert "icke-ekonomiska verksamhet" in reply


def test_buttons_are_offered_and_a_button_payload_answers(bot: Bot, sender: str) -> None:
    replies = bot.say(sender, "kan vi söka AI-resan?", "sv")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert {"title": "Kommun", "payload": '/inform{"organisation_type":"municipality"}'} in buttons
    assert "I vilket land" in bot.text(sender, '/inform{"organisation_type":"municipality"}')
    assert "icke-ekonomiska verksamhet" in bot.text(sender, '/inform{"country":"SE"}')
    assert "påbörjats" in bot.text(sender, "/affirm")
