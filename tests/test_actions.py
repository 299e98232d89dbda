"""The one Rasa action, run against rasa-sdk's Tracker and CollectingDispatcher (no server): it reads the parse
data and the `dialogue` slot, answers, and stores the new state in slots."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.respond import ActionRespond


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-25")


def tracker(text: str, intent: str | None, slots: dict[str, Any] | None = None,
            metadata: dict[str, Any] | None = None, detection: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest message is `text` with the given parse data."""
    message: dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9} if intent else {},
                               "entities": entities or [], "metadata": metadata or {}}
    if detection is not None:
        message["language_detection"] = detection
    return Tracker("test", {"dialogue": None, "language": None, "programme": None, "facts": {}, **(slots or {})},
                   message, [], False, None, {}, "action_listen")


def run(trk: Tracker) -> tuple[list[Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionRespond().run(dispatcher, trk, {}))
    return events, dispatcher


def slot(events: list[Any], name: str) -> Any:
    return next(e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name)


def test_the_answer_is_sent_in_the_language_of_a_clear_message_and_the_language_is_stored() -> None:
    events, dispatcher = run(tracker("när är sista dag för innovationsfonden?", "ask_deadline",
                                     detection={"language": "sv", "confidence": 1.0, "explicit": None}))
    assert "stängde 2 februari 2024" in dispatcher.messages[0]["text"]
    assert SlotSet("language", "sv") in events
    assert slot(events, "programme") == "regionsthlm-innovationsfond-2024"


def test_the_conversation_state_round_trips_through_the_dialogue_slot() -> None:
    first, _ = run(tracker("kan jeg søge AI-puljen?", "ask_eligibility",
                           detection={"language": "da", "confidence": 1.0, "explicit": None}))
    state = slot(first, "dialogue")
    assert state["check"] == "regionh-ai-2020" and state["asked"] == "employer"
    second, dispatcher = run(tracker("ja", "affirm", slots={"dialogue": state, "language": "da"}))
    assert slot(second, "facts") == {"employer": "region_hovedstaden"}
    assert dispatcher.messages[-1]["text"].endswith("?")


def test_a_button_payload_answers_the_question_it_was_offered_for() -> None:
    _events, dispatcher = run(tracker('/ask_amount{"programme":"vinnova-starta-ai-resa-2022"}', "ask_amount",
                                     slots={"language": "en", "dialogue": {"language": "en"}},
                                     entities=[{"entity": "programme", "value": "vinnova-starta-ai-resa-2022"}]))
    assert "SEK 600,000" in dispatcher.messages[0]["text"]


def test_the_page_programme_from_metadata_is_used_for_a_question_that_names_none() -> None:
    _, dispatcher = run(tracker("Vilka kan söka?", "ask_who_can_apply", slots={"language": "sv"},
                                metadata={"language": "sv", "programme": "vinnova-starta-ai-resa-2022"}))
    assert "001_4452f986d98d4eaf.txt" in dispatcher.messages[0]["text"]


def test_delete_my_conversation_confirms_and_asks_the_channel_to_delete_after_the_turn() -> None:
    _events, dispatcher = run(tracker("slet min samtale", "delete_conversation", slots={"language": "da"}))
    assert "slettet" in dispatcher.messages[0]["text"]
    assert {"delete_conversation": True} in [m.get("custom") for m in dispatcher.messages]


def test_a_state_naming_a_removed_programme_is_read_without_it() -> None:
    events, dispatcher = run(tracker("hej", "greet", slots={"dialogue": {"programme": "no-such-programme",
                                                                          "language": "da"}}))
    assert dispatcher.messages
    assert not any(e.get("name") == "programme" and e.get("value") == "no-such-programme" for e in events)
