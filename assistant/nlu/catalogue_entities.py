"""Rasa component that adds deterministic entities (assistant.understanding) and normalises trained ones.

Runs after the trained entity extractor and the synonym mapper: where both found the same kind of entity at
the same place, the deterministic value wins (an amount becomes a number, a programme name its catalogue id);
trained entities whose value is not a known id are dropped.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from assistant.catalogue import Catalogue, load
from assistant.naming import resolve
from assistant.understanding import CHOICE_ENTITIES, NUMBER_ENTITIES, Entity, find_entities

EXTRACTOR = "CatalogueEntityExtractor"


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a.get("start", 0) < b.get("end", 0) and b.get("start", 0) < a.get("end", 0))


def merge_entities(catalogue: Catalogue, diet: list[dict[str, Any]],
                   ours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Trained entities checked against the catalogue, plus ours; ours win where they overlap."""
    valid: dict[str, set[str]] = {"programme": set(catalogue.programmes)}
    for name in CHOICE_ENTITIES:
        fact = catalogue.facts.facts.get(name)
        valid[name] = set(fact.choices) if fact else set()
    kept = []
    for ent in diet:
        name = str(ent.get("entity"))
        if name in NUMBER_ENTITIES or any(_overlaps(ent, o) for o in ours):
            continue  # numbers are only trusted when our parser can read them
        if name in valid and str(ent.get("value")) not in valid[name]:
            continue
        kept.append(ent)
    return sorted(kept + ours, key=lambda e: int(e.get("start", 0)))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CatalogueEntityExtractor(GraphComponent):
    """Programme names, organisation types, amounts, percentages and durations, read deterministically."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CatalogueEntityExtractor:
        """Loads the catalogue; a broken catalogue stops the bot here, naming file and field."""
        return cls(load())

    def process(self, messages: list[Message]) -> list[Message]:
        """Add and normalise entities of each message; the programme is the one assistant.naming resolves."""
        for message in messages:
            text = message.get("text") or ""
            ours = [e.as_rasa(EXTRACTOR) for e in find_entities(self.catalogue, text) if e.entity != "programme"]
            naming = resolve(self.catalogue, text)
            if naming.meant:
                spans = next((m.spans for m in naming.mentions if m.programme == naming.meant), ())
                start, end = (spans[0] if spans else (0, 0))
                ours.append(Entity("programme", naming.meant, start, end, text[start:end]).as_rasa(EXTRACTOR))
            message.set(ENTITIES, merge_entities(self.catalogue, message.get(ENTITIES, []) or [], ours),
                        add_to_output=True)
        return messages
