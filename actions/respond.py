"""The one custom action: every user turn is read and answered by assistant.dialogue (plain Python).

Rasa's NLU has already put the intent, each clause's intent and the language into the parse data; this
action turns that and the conversation's state (slots) into replies and the new state.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import catalogue, send
from assistant import config
from assistant.dialogue import Dialogue, State, turn_from_parse, turn_summary


def state_of(tracker: Tracker) -> State:
    """The conversation's state from the `dialogue` slot; a conversation stored before that slot existed keeps
    its language, programme and facts from their own slots."""
    stored = tracker.get_slot("dialogue")
    if not isinstance(stored, dict):
        stored = {"language": tracker.get_slot("language"), "programme": tracker.get_slot("programme"),
                  "facts": tracker.get_slot("facts") or {}}
    return State.from_dict(stored, catalogue())


def slot_events(before: State, after: State) -> list[EventType]:
    """SlotSet events for what changed; `language`, `programme` and `facts` are mirrored for the channel."""
    events: list[EventType] = []
    if after.as_dict() != before.as_dict():
        events.append(SlotSet("dialogue", after.as_dict()))
    if after.language != before.language:
        events.append(SlotSet("language", after.language))
    if after.programme != before.programme:
        events.append(SlotSet("programme", after.programme))
    if dict(after.facts) != dict(before.facts):
        events.append(SlotSet("facts", dict(after.facts)))
    return events


class ActionRespond(Action):
    """Answers one user message."""

    def name(self) -> str:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        before = state_of(tracker)
        message = tracker.latest_message or {}
        turn = turn_from_parse(message)
        outcome = Dialogue(catalogue(), config.today()).respond(turn, before)
        send(dispatcher, outcome.replies)
        if outcome.delete:
            dispatcher.utter_message(json_message={"delete_conversation": True})
        summary = turn_summary(turn, outcome, best_guess(message))
        return [*slot_events(before, outcome.state), SlotSet("turn_summary", summary)]


def best_guess(message: dict[str, Any]) -> str | None:
    """The classifier's top intent when the fallback replaced it (what the message most likely asked)."""
    if (message.get("intent") or {}).get("name") != "nlu_fallback":
        return None
    ranking = [r.get("name") for r in message.get("intent_ranking") or [] if isinstance(r, dict)]
    return next((str(name) for name in ranking if name and name != "nlu_fallback"), None)
