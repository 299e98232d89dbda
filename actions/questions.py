"""Questions about a programme (amount, deadline, topics, contacts) and lists of programmes."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import context, latest_entities, latest_intent, send
from assistant import replies


class ActionAnswerQuestion(Action):
    """Answers ask_amount, ask_deadline, ask_programme_info, ask_contact and every topic intent."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = latest_intent(tracker) or "ask_programme_info"
        if intent not in replies.PROGRAMME_QUESTIONS:
            intent = "ask_programme_info"
        named = [e.get("value") for e in latest_entities(tracker) if e.get("entity") == "programme" and e.get("value")]
        send(dispatcher, replies.answer_question(intent, context(tracker, programme=named[0] if named else None)))
        return []


class ActionListProgrammes(Action):
    """Every programme and whether it is open; "what can one apply for in X?" names X, so it answers about X."""

    def name(self) -> str:
        return "action_list_programmes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        named = any(e.get("entity") == "programme" for e in latest_entities(tracker))
        if named and ctx.programme is not None:
            send(dispatcher, replies.answer_question("ask_costs", ctx))
        else:
            send(dispatcher, [replies.programme_list(ctx)])
        return []
