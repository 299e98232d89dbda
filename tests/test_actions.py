"""The Rasa SDK actions, run against rasa-sdk's Tracker and CollectingDispatcher (no server)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import ActionReadMessage
from actions.conversation import ActionFallback, ActionStartOver
from actions.eligibility import (
    ActionAcknowledgeFacts,
    ActionAskFactAnswer,
    ActionEligibilityVerdict,
    ValidateEligibilityForm,
)
from actions.questions import ActionAnswerQuestion

DOMAIN: dict[str, Any] = {"forms": {"eligibility_form": {"required_slots": ["programme", "facts", "fact_answer"]}},
                          "slots": {}}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-25")


def tracker(text: str = "", intent: str | None = None, entities: list[dict[str, Any]] | None = None,
            slots: dict[str, Any] | None = None, form_active: bool = False, detection: dict[str, Any] | None = None,
            metadata: dict[str, Any] | None = None, events: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest message is `text` with the given parse data."""
    message: dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9} if intent else {},
                               "entities": entities or [], "metadata": metadata or {}}
    if detection is not None:
        message["language_detection"] = detection
    all_slots = {"language": "da", "language_explicit": False, "facts": {}, **(slots or {})}
    return Tracker("test", all_slots, message, events or [], False, None,
                   {"name": "eligibility_form"} if form_active else {}, "action_listen")


def run(action: Any, trk: Tracker) -> tuple[list[Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, DOMAIN))
    return events, dispatcher


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_clear_swedish_message_switches_the_conversation_to_swedish() -> None:
    events, _ = run(ActionReadMessage(), tracker("när är sista dag?", detection={"language": "sv", "confidence": 1}))
    assert SlotSet("language", "sv") in events


def test_the_page_language_is_used_when_the_first_message_is_unclear() -> None:
    trk = tracker("ja", detection={"language": None, "confidence": 0.5}, slots={"language": None},
                  metadata={"language": "sv-SE"})
    events, _ = run(ActionReadMessage(), trk)
    assert SlotSet("language", "sv") in events


def test_a_named_programme_becomes_the_programme_in_focus() -> None:
    entity = {"entity": "programme", "value": "regionsthlm-innovationsfond-2024", "start": 0, "end": 5}
    events, _ = run(ActionReadMessage(), tracker("og innovationsfonden?", entities=[entity],
                                                 slots={"programme": "regionh-ai-2020"}))
    assert SlotSet("programme", "regionsthlm-innovationsfond-2024") in events


def test_facts_stated_outside_the_check_are_remembered() -> None:
    entity = {"entity": "organisation_type", "value": "municipality", "start": 9, "end": 16}
    events, _ = run(ActionReadMessage(), tracker("vi er en kommune", intent="inform", entities=[entity]))
    assert SlotSet("facts", {"organisation_type": "municipality"}) in events


def test_yes_to_the_employment_question_records_the_employer() -> None:
    trk = tracker("ja", intent="affirm", form_active=True,
                  slots={"programme": "regionh-ai-2020", "requested_slot": "fact_answer", "asked_fact": "employer"})
    result = asyncio.run(ValidateEligibilityForm().extract_fact_answer(CollectingDispatcher(), trk, DOMAIN))
    assert result == {"facts": {"employer": "region_hovedstaden"}, "fact_answer": None}


def test_an_unreadable_answer_gets_a_hint_in_the_users_language() -> None:
    trk = tracker("hmm", intent="inform", form_active=True, slots={
        "programme": "vinnova-starta-ai-resa-2022", "requested_slot": "fact_answer", "asked_fact": "project_started",
        "facts": {"organisation_type": "municipality"}, "language": "sv"})
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateEligibilityForm().extract_fact_answer(dispatcher, trk, DOMAIN))
    assert result == {"fact_answer": None}
    assert texts(dispatcher) == "Förlåt, det förstod jag inte. Svara ja eller nej."


def test_a_question_during_the_check_is_left_to_the_rules() -> None:
    trk = tracker("hvornår er fristen?", intent="ask_deadline", form_active=True,
                  slots={"programme": "regionh-ai-2020", "requested_slot": "fact_answer"})
    assert asyncio.run(ValidateEligibilityForm().extract_fact_answer(CollectingDispatcher(), trk, DOMAIN)) == {}


def test_the_form_needs_no_more_answers_once_a_fact_rules_the_applicant_out() -> None:
    form = ValidateEligibilityForm()
    slots = {"programme": "vinnova-starta-ai-resa-2022"}
    asking = asyncio.run(form.required_slots([], CollectingDispatcher(), tracker(slots=slots), DOMAIN))
    ruled_out = asyncio.run(form.required_slots([], CollectingDispatcher(), tracker(
        slots={**slots, "facts": {"organisation_type": "company"}}), DOMAIN))
    assert asking == ["programme", "facts", "fact_answer"]
    assert ruled_out == ["programme", "facts"]


def test_the_next_question_comes_from_the_engine_with_buttons() -> None:
    events, dispatcher = run(ActionAskFactAnswer(), tracker(slots={
        "programme": "vinnova-starta-ai-resa-2022", "facts": {"organisation_type": "municipality"}, "language": "sv",
        "checking": "vinnova-starta-ai-resa-2022"}))
    assert dispatcher.messages[-1]["text"] == "Har projektets aktiviteter redan påbörjats?"
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == ["/affirm", "/deny"]
    assert SlotSet("asked_fact", "project_started") in events


def test_the_verdict_quotes_the_failing_rule() -> None:
    _, dispatcher = run(ActionEligibilityVerdict(), tracker(slots={
        "programme": "regionh-ai-2020", "facts": {"employer": "other"}}))
    reply = texts(dispatcher)
    assert reply.startswith("Nej: I kan ikke søge AI-puljen 2020.")
    assert "»Ansøger skal være ansat i Region Hovedstaden«" in reply


def test_a_correction_after_the_verdict_continues_the_check_when_facts_are_missing() -> None:
    before = [{"event": "slot", "name": "facts", "value": {"organisation_type": "company"}},
              {"event": "user", "text": "vi är en förening"}]
    trk = tracker("vi är en förening", intent="inform", events=before, slots={
        "programme": "vinnova-starta-ai-resa-2022", "verdict_for": "vinnova-starta-ai-resa-2022", "language": "sv",
        "facts": {"organisation_type": "nonprofit"}})
    events, dispatcher = run(ActionAcknowledgeFacts(), trk)
    assert "Noterat: organisationstyp: ideell organisation." in texts(dispatcher)
    assert events == [FollowupAction("eligibility_form")]


def test_how_much_uses_the_costs_the_user_gave() -> None:
    _, dispatcher = run(ActionAnswerQuestion(), tracker("hvor meget?", intent="ask_amount", slots={
        "programme": "vinnova-starta-ai-resa-2022", "facts": {"eligible_costs": 700_000}}))
    assert "I kan højst få 560.000 svenske kr." in texts(dispatcher)


def test_fallback_offers_the_main_questions_as_buttons() -> None:
    _, dispatcher = run(ActionFallback(), tracker("asdf", intent="nlu_fallback", slots={"language": "en"}))
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]][:3] == [
        "Can we apply?", "How much can we get?", "When is the deadline?"]


def test_starting_over_forgets_facts_but_keeps_the_language() -> None:
    events, _ = run(ActionStartOver(), tracker(slots={"language": "sv", "facts": {"employer": "other"}}))
    assert events[0] == Restarted()
    assert SlotSet("language", "sv") in events
