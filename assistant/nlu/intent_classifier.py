"""Intent classifier: TF-IDF over accent-folded lemmas (1-2 grams) and characters (1-5 grams), logistic regression.

On our data it classifies held-out messages better than the stock DIET pipeline and trains in seconds, not
minutes (see `make nlu-report`). The model is stored as plain arrays and JSON (no pickle), so loading a model
never runs code from it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.catalogue import load
from assistant.facts import fold
from assistant.naming import merged_spans, resolve

# Where one message may say two things: "svar på svensk – hvem kan søge?", "Ja. Hvornår er fristen?"
CLAUSE_BREAK = re.compile(r"(?<=[.?!;:])\s+|\s+[-–—]+\s+|\n+|,\s+(?=(?:og|och|and|men|but)\s+(?:hv|hur|var|vad|när|"
                          r"nar|vem|vilk|how|what|when|who|which|where|kan|can|må|får|far|skal|ska|is|are|do|does)\w*\b)",
                          re.IGNORECASE)
ARRAYS_FILE = "intent_model.npz"
META_FILE = "intent_model.json"


PROGRAMME_TOKEN = " xprogrammex "


def without_programme_names(text: str) -> str:
    """The text with every programme's own name replaced by one token: "what is the max in AI-puljen 2020?" and
    "what is the max in Starta er AI-resa?" are the same question, whichever programme it names."""
    # load() is cached per process; overlapping names ("Vinnova AI", "AI journey") become one token
    for start, end in reversed(merged_spans(resolve(load(), text).title_spans)):
        text = text[:start] + PROGRAMME_TOKEN + text[end:]
    return text


def lemma_text(message: Message) -> str:
    """The message as folded lemmas (from LemmaTokenizer), or its folded text when it has no tokens."""
    tokens = message.get("text_tokens") or []
    lemmas = [t.lemma for t in tokens if getattr(t, "lemma", None)]
    return " ".join(lemmas) if lemmas else fold(message.get(TEXT) or "")


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True)
    return words, chars


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TfidfIntentClassifier(GraphComponent):
    """Predicts the intent with a confidence and a ranking, like Rasa's own classifiers."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`C`: inverse regularisation strength; `ranking_length`: intents kept in the ranking."""
        return {"C": 20.0, "max_iter": 2000, "ranking_length": 10, "words_from": "lemmas"}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = storage
        self._resource = resource
        self.words, self.chars = _vectorizers()
        self.clf = LogisticRegression(C=float(self.config["C"]), max_iter=int(self.config["max_iter"]),
                                      class_weight="balanced")
        self.trained = False
        self._coef_t: Any = None

    def _compile(self) -> None:
        """Keep the coefficients transposed and contiguous: scipy copied all of them on every message (~4 ms)."""
        self._coef_t = np.ascontiguousarray(self.clf.coef_.T)

    def probabilities(self, features: Any) -> Any:
        """Multinomial logistic regression, as LogisticRegression.predict_proba computes it."""
        return softmax(np.asarray(features @ self._coef_t) + self.clf.intercept_, axis=1)

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TfidfIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def _word_text(self, message: Message) -> str:
        """The text the word n-grams are taken from: folded lemmas, the folded message, or both."""
        source = self.config["words_from"]
        text = fold(without_programme_names(message.get(TEXT) or ""))
        if source == "lemmas":
            return lemma_text(message)
        return f"{text} {lemma_text(message)}" if source == "both" else text

    def _features(self, messages: list[Message]) -> Any:
        texts = [self._word_text(m) for m in messages]
        raw = [fold(without_programme_names(m.get(TEXT) or "")) for m in messages]
        return hstack([self.words.transform(texts), self.chars.transform(raw)]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the vectorisers and the classifier on the intent examples, then store them as arrays."""
        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        self.words.fit([self._word_text(m) for m in examples])
        self.chars.fit([fold(without_programme_names(m.get(TEXT) or "")) for m in examples])
        self.clf.fit(self._features(examples), [m.get(INTENT) for m in examples])
        self.trained = True
        self._compile()
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Vocabularies and classes as JSON; idf weights and coefficients as arrays."""
        with self._storage.write_to(self._resource) as path:
            meta = {"words": self.words.vocabulary_, "chars": self.chars.vocabulary_,
                    "classes": [str(c) for c in self.clf.classes_]}
            (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            np.savez(path / ARRAYS_FILE, words_idf=self.words.idf_, chars_idf=self.chars.idf_,
                     coef=self.clf.coef_, intercept=self.clf.intercept_)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> TfidfIntentClassifier:
        """Rebuild the fitted objects from the stored arrays (allow_pickle=False)."""
        component = cls(config, model_storage, resource)
        with model_storage.read_from(resource) as path:
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            arrays = np.load(path / ARRAYS_FILE, allow_pickle=False)
            component.words.vocabulary_ = {k: int(v) for k, v in meta["words"].items()}
            component.words.idf_ = arrays["words_idf"]
            component.chars.vocabulary_ = {k: int(v) for k, v in meta["chars"].items()}
            component.chars.idf_ = arrays["chars_idf"]
            component.clf.classes_ = np.array(meta["classes"])
            component.clf.coef_ = arrays["coef"]
            component.clf.intercept_ = arrays["intercept"]
        component.trained = True
        component._compile()
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `intent` and `intent_ranking` on each message, and `clauses` when it says more than one thing."""
        if not self.trained or not messages:
            return messages
        probabilities = self.probabilities(self._features(messages))
        classes = self.clf.classes_
        for message, probs in zip(messages, probabilities, strict=True):
            order = np.argsort(probs)[::-1][: int(self.config["ranking_length"])]
            ranking = [{INTENT_NAME_KEY: str(classes[i]), PREDICTED_CONFIDENCE_KEY: float(probs[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            message.set("clauses", self.clauses(message.get(TEXT) or ""), add_to_output=True)
        return messages

    def clauses(self, text: str) -> list[dict[str, Any]]:
        """Each clause of a message with its own intent, when the message has more than one clause."""
        parts = [p.strip() for p in CLAUSE_BREAK.split(text) if re.search(r"\w\w", p or "")]
        if len(parts) < 2 or text.startswith("/"):
            return []
        probabilities = self.probabilities(self._features([Message(data={TEXT: p}) for p in parts]))
        out = []
        for part, probs in zip(parts, probabilities, strict=True):
            best = int(np.argmax(probs))
            out.append({"text": part, "intent": str(self.clf.classes_[best]), "confidence": float(probs[best])})
        return out
