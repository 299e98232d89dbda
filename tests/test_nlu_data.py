"""The training data covers every intent in every language, with entities the assistant understands."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from assistant.catalogue import Catalogue

ROOT = Path(__file__).resolve().parent.parent
MINIMUM = {"da": 40, "sv": 40, "en": 15}


def domain_intents() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])


@pytest.mark.parametrize("lang", sorted(MINIMUM))
def test_every_intent_has_enough_examples(lang: str) -> None:
    data = load_data(str(ROOT / "data" / "nlu" / lang))
    counts = Counter(m.get("intent") for m in data.intent_examples)
    assert set(counts) == domain_intents()
    assert {i: n for i, n in counts.items() if n < MINIMUM[lang]} == {}


@pytest.mark.parametrize("lang", sorted(MINIMUM))
def test_annotated_entity_values_are_known_to_the_catalogue(lang: str, catalogue: Catalogue) -> None:
    data = load_data(str(ROOT / "data" / "nlu" / lang))
    allowed = {"programme": set(catalogue.programmes)}
    for name in ("organisation_type", "country", "employer"):
        allowed[name] = set(catalogue.facts.get(name).choices)
    bad = [(e["entity"], e["value"]) for m in data.training_examples for e in m.get("entities", [])
           if e["entity"] in allowed and e["value"] not in allowed[e["entity"]]]
    assert bad == []
