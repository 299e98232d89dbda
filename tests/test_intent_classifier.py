"""The intent classifier's fast path gives exactly scikit-learn's probabilities, before and after a reload."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.intent_classifier import TfidfIntentClassifier, without_programme_names

EXAMPLES = {
    "ask_deadline": ["hvornår er fristen", "när stänger ansökan", "sidste frist for ansøgning", "deadline?"],
    "ask_amount": ["hvor meget kan vi søge", "hur mycket kan vi få", "største beløb", "max belopp"],
    "greet": ["hej", "hejsan", "goddag", "hallo der"],
}
QUERIES = ["hvornår lukker puljen", "hur mycket pengar", "hej hej", "xyz", "frist beløb hej"]


@pytest.fixture()
def trained(tmp_path: Path) -> tuple[TfidfIntentClassifier, LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent")
    classifier = TfidfIntentClassifier.create({"words_from": "text"}, storage, resource,
                                              ExecutionContext(GraphSchema({}), "test"))
    data = TrainingData([Message(data={TEXT: text, INTENT: intent})
                         for intent, texts in EXAMPLES.items() for text in texts])
    classifier.train(data)
    return classifier, storage, resource


def test_probabilities_equal_scikit_learns(trained: tuple[TfidfIntentClassifier, LocalModelStorage, Resource]) -> None:
    classifier, _, _ = trained
    features = classifier._features([Message(data={TEXT: q}) for q in QUERIES])
    np.testing.assert_allclose(classifier.probabilities(features), classifier.clf.predict_proba(features),
                               rtol=1e-10, atol=1e-12)


def test_a_reloaded_model_ranks_intents_as_the_trained_one(
        trained: tuple[TfidfIntentClassifier, LocalModelStorage, Resource]) -> None:
    classifier, storage, resource = trained
    reloaded = TfidfIntentClassifier.load({"words_from": "text"}, storage, resource,
                                          ExecutionContext(GraphSchema({}), "test"))
    before = classifier.process([Message(data={TEXT: q}) for q in QUERIES])
    after = reloaded.process([Message(data={TEXT: q}) for q in QUERIES])
    assert [m.get("intent_ranking") for m in before] == [m.get("intent_ranking") for m in after]
    assert before[0].get(INTENT)["name"] == "ask_deadline"
    assert before[1].get(INTENT)["name"] == "ask_amount"


def test_a_programmes_own_name_is_one_token_to_the_classifier_whichever_programme_it_is() -> None:
    one = without_programme_names("hvad er maksbeløbet i Starta er AI-resa?")
    other = without_programme_names("hvad er maksbeløbet i Kunstig intelligens pulje 2020?")
    assert one.split() == other.split() == ["hvad", "er", "maksbeløbet", "i", "xprogrammex", "?"]
    assert without_programme_names("jeg arbejder i Region Hovedstaden") == "jeg arbejder i Region Hovedstaden"


def test_a_programme_name_becomes_one_token_the_same_in_every_process() -> None:
    import os
    import subprocess
    import sys

    text = "Does our management have to be on board for the Vinnova AI journey application?"
    assert without_programme_names(text).endswith("for the Vinnova  xprogrammex  application?")
    code = f"from assistant.nlu.intent_classifier import without_programme_names as w; print(w({text!r}))"
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1  # the classifier's input must not depend on Python's string hashing


def test_overlapping_name_spans_are_replaced_once_without_cutting_the_next_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    import assistant.nlu.intent_classifier as module

    text = "kan Vinnovas AI-resa betale løbende drift?"
    spans = ((4, 12), (4, 20))  # "Vinnovas" inside "Vinnovas AI-resa"
    monkeypatch.setattr(module, "resolve", lambda _catalogue, _text: SimpleNamespace(title_spans=spans))
    assert module.without_programme_names(text) == "kan  xprogrammex  betale løbende drift?"
