"""What the action needs besides the dialogue: the catalogue and a way to send replies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from assistant.catalogue import Catalogue, load
from assistant.replies import Reply


def catalogue() -> Catalogue:
    """The programme catalogue (loaded once per process)."""
    return load()


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    """Send replies, with buttons where they have any."""
    for reply in replies:
        buttons: list[dict[str, Any]] = [b.as_dict() for b in reply.buttons]
        if buttons:
            dispatcher.utter_message(text=reply.text, buttons=buttons)
        else:
            dispatcher.utter_message(text=reply.text)
