"""What every action needs: the conversation's context from the tracker and a way to send replies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant import config
from assistant.catalogue import Catalogue, load
from assistant.facts import FactValue
from assistant.localized import as_lang
from assistant.replies import ChatContext, Reply


def catalogue() -> Catalogue:
    """The programme catalogue (loaded once per process)."""
    return load()


def facts_of(tracker: Tracker) -> dict[str, FactValue]:
    """The applicant's facts stored in the `facts` slot."""
    value = tracker.get_slot("facts")
    return dict(value) if isinstance(value, dict) else {}


def context(tracker: Tracker, facts: dict[str, FactValue] | None = None, programme: str | None = None) -> ChatContext:
    """The conversation's context; `facts`/`programme` override the slots when an action just changed them."""
    return ChatContext(
        catalogue=catalogue(),
        lang=as_lang(tracker.get_slot("language")),
        programme_id=programme if programme is not None else tracker.get_slot("programme"),
        facts=facts if facts is not None else facts_of(tracker),
        today=config.today(),
    )


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    """Send replies, with buttons where they have any."""
    for reply in replies:
        buttons: list[dict[str, Any]] = [b.as_dict() for b in reply.buttons]
        if buttons:
            dispatcher.utter_message(text=reply.text, buttons=buttons)
        else:
            dispatcher.utter_message(text=reply.text)


def latest_intent(tracker: Tracker) -> str | None:
    """The intent of the latest user message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name")


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    """The entities of the latest user message."""
    return list((tracker.latest_message or {}).get("entities") or [])


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message."""
    return str((tracker.latest_message or {}).get("text") or "")
