"""Conversation housekeeping: not understood, out of scope, starting over."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import context, latest_intent, send
from assistant import replies


class ActionFallback(Action):
    """Low confidence or out of scope: say so in the user's language and offer the main questions."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, [replies.fallback(context(tracker), out_of_scope=latest_intent(tracker) == "out_of_scope")])
        return []


class ActionStartOver(Action):
    """Forget the facts and the programme, keep the language."""

    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        send(dispatcher, [replies.Reply(replies.t(ctx.lang, "chat.start_over")),
                          replies.Reply(replies.t(ctx.lang, "chat.ask_anything"), replies.menu_buttons(ctx.lang))])
        return [Restarted(), SlotSet("language", ctx.lang),
                SlotSet("language_explicit", bool(tracker.get_slot("language_explicit")))]


class ActionDeleteConversation(Action):
    """"Delete my conversation": confirm, and ask the channel to delete the stored tracker after this turn.

    Deleting inside the action would be undone when Rasa saves the turn, so the channel does it afterwards.
    """

    def name(self) -> str:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ctx = context(tracker)
        dispatcher.utter_message(text=replies.t(ctx.lang, "chat.deleted"))
        dispatcher.utter_message(json_message={"delete_conversation": True})
        return []
