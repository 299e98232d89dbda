"""Rasa component that marks each message with its language (assistant.language does the work)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.catalogue import Catalogue, load
from assistant.config import REPO_ROOT
from assistant.language import Detection, NgramLanguageModel, detect
from assistant.localized import LANGUAGES
from assistant.naming import other_programmes, resolve
from assistant.understanding import fold_keep_length, programme_entities

LANGUAGE_KEY = "language_detection"
MODEL_FILE = "language_model.yml"


def _examples_by_language(nlu_dir: Path) -> dict[str, list[str]]:
    """Plain example texts from data/nlu/<lang>/*.yml, entity markup removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        folder = nlu_dir / lang
        if folder.is_dir():
            data = load_data(str(folder))
            examples[lang] = [m.get("text") for m in data.training_examples if m.get("text")]
    return examples


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds `language_detection` (language or None when unclear, confidence, explicit request) to every message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`nlu_dir`: where the per-language training folders are (relative to the project)."""
        return {"nlu_dir": "data/nlu"}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource,
                 model: NgramLanguageModel | None = None, known: dict[str, str] | None = None) -> None:
        self._config = config
        self._storage = storage
        self._resource = resource
        self.model = model or NgramLanguageModel()
        self.known = known or {}
        self._catalogue: Catalogue | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        """A new, untrained detector."""
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn n-gram statistics from each language's own training folder."""
        nlu_dir = Path(self._config["nlu_dir"])
        examples = _examples_by_language(nlu_dir if nlu_dir.is_absolute() else REPO_ROOT / nlu_dir)
        self.model = NgramLanguageModel.train(examples)
        self.known = {text: lang for lang, texts in examples.items() for text in texts}
        with self._storage.write_to(self._resource) as path:
            (path / MODEL_FILE).write_text(yaml.safe_dump(self.model.to_dict(), allow_unicode=True), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LanguageDetector:
        """Restore the trained statistics."""
        with model_storage.read_from(resource) as path:
            data = yaml.safe_load((path / MODEL_FILE).read_text(encoding="utf-8"))
        return cls({**cls.get_default_config(), **config}, model_storage, resource, NgramLanguageModel.from_dict(data))

    def detect(self, text: str) -> Detection:
        """The language of one text, with programme names blanked out ("Innovationsfonden" is not Swedish)."""
        if self._catalogue is None:
            self._catalogue = load()
        spans = [(e.start, e.end) for e in programme_entities(self._catalogue, text)]
        naming = resolve(self._catalogue, text)
        spans += list(naming.name_spans)  # owners and names written with typos too
        if naming.unknown:  # "och Horizon Europe?" is Swedish: a programme we do not cover has a name, not a language
            folded = fold_keep_length(text)
            for display, words in other_programmes():
                if display == naming.unknown and words:
                    pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)"
                    spans += [m.span() for m in re.finditer(pattern, folded)]
        for start, end in spans:
            text = text[:start] + " " * (end - start) + text[end:]
        return detect(self.model, text)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples get the language of the folder they came from (so lemmas use the right table)."""
        for example in training_data.training_examples:
            text = example.get("text")
            if text:
                lang = self.known.get(text) or self.detect(text).language
                example.set(LANGUAGE_KEY, {"language": lang, "confidence": 1.0, "explicit": None})
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each incoming message; the key reaches the tracker's parse data."""
        for message in messages:
            text = message.get("text") or ""
            message.set(LANGUAGE_KEY, self.detect(text).as_dict(), add_to_output=True)
        return messages
