"""Every user turn: decide the reply language, follow the programme in focus, pick up facts the user states.

Runs as the custom slot mapping of `language`, `language_explicit`, `programme` and `facts`, so the slots are
right before any response is chosen.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import facts_of, latest_entities, latest_intent, latest_text
from assistant.language import Detection, decide
from assistant.localized import LANGUAGES, as_lang
from assistant.replies import PROGRAMME_QUESTIONS
from assistant.understanding import facts_in_entities

FORM = "eligibility_form"


def _detection(tracker: Tracker) -> Detection | None:
    raw = (tracker.latest_message or {}).get("language_detection")
    if not isinstance(raw, dict):
        return None
    language = raw.get("language")
    explicit = raw.get("explicit")
    return Detection(language if language in LANGUAGES else None, float(raw.get("confidence") or 0.0),
                     explicit if explicit in LANGUAGES else None)


def _page_language(tracker: Tracker) -> str | None:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language[:2].lower() if isinstance(language, str) and language[:2].lower() in LANGUAGES else None


class ActionReadMessage(Action):
    """Sets language, programme and facts from the latest message."""

    def name(self) -> str:
        return "action_read_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = []
        current = tracker.get_slot("language")
        page = _page_language(tracker)
        chosen = decide(_detection(tracker), current if current in LANGUAGES else None,
                        bool(tracker.get_slot("language_explicit")), as_lang(page) if page else None)
        if chosen.language != current:
            events.append(SlotSet("language", chosen.language))
        if chosen.explicit != bool(tracker.get_slot("language_explicit")):
            events.append(SlotSet("language_explicit", chosen.explicit))
        entities = latest_entities(tracker)
        programmes = [e.get("value") for e in entities if e.get("entity") == "programme" and e.get("value")]
        in_check = tracker.active_loop.get("name") == FORM
        asking_aside = in_check and latest_intent(tracker) in PROGRAMME_QUESTIONS  # answered, then the check goes on
        if programmes and programmes[0] != tracker.get_slot("programme") and not asking_aside:
            events.append(SlotSet("programme", programmes[0]))
        if not in_check:
            stated = facts_in_entities(entities, latest_text(tracker))
            facts = facts_of(tracker)
            if stated and any(facts.get(k) != v for k, v in stated.items()):
                events.append(SlotSet("facts", {**facts, **stated}))
        return events
