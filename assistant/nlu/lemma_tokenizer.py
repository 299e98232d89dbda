"""Rasa tokenizer that adds accent-folded lemmas from spaCy's lookup tables, per detected language.

"kommunen", "kommuner" and "kommune" share one lemma, and "ansøge"/"ansoge" share one folded form, so the
word features generalise across inflections and missing æøåäö. Only the table entries whose lemma occurs in
the training data are kept in the model, so inference needs neither spaCy's data nor its memory.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.facts import fold
from assistant.localized import LANGUAGES
from assistant.nlu.language_detector import LANGUAGE_KEY

TABLE_FILE = "lemmas.yml"
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'][^\W\d_]+)*|[%€$]", re.UNICODE)


def _lookup_table(lang: str) -> dict[str, str]:
    """spaCy's word -> lemma lookup table for a language, as shipped in spacy-lookups-data (no download)."""
    import gzip
    import json

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return {str(k).lower(): str(v).lower() for k, v in table.items()}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class LemmaTokenizer(Tokenizer):
    """Word tokens whose `lemma` is the folded dictionary form in the message's language."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Same options as Rasa's tokenizers."""
        return {"intent_tokenization_flag": False, "intent_split_symbol": "_", "token_pattern": None,
                "prefix_separator_symbol": None}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource,
                 tables: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(config)
        self._storage = storage
        self._resource = resource
        self.tables = tables or {}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LemmaTokenizer:
        """A tokenizer without tables yet (they are cut to size in `train`)."""
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep each language's lookup entries whose lemma appears in that language's training words."""
        words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for example in training_data.training_examples:
            lang = (example.get(LANGUAGE_KEY) or {}).get("language")
            if lang in words and example.get("text"):
                words[lang].update(w.lower() for w in _WORD.findall(example.get("text")))
        tables: dict[str, dict[str, str]] = {}
        for lang in LANGUAGES:
            table = _lookup_table(lang)
            wanted = {table.get(w, w) for w in words[lang]}
            tables[lang] = {w: lemma for w, lemma in table.items() if lemma in wanted and lemma != w}
        self.tables = tables
        with self._storage.write_to(self._resource) as path:
            (path / TABLE_FILE).write_text(yaml.safe_dump(tables, allow_unicode=True), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LemmaTokenizer:
        """Restore the trimmed tables."""
        with model_storage.read_from(resource) as path:
            tables = yaml.safe_load((path / TABLE_FILE).read_text(encoding="utf-8")) or {}
        return cls({**cls.get_default_config(), **config}, model_storage, resource, tables)

    def lemma(self, word: str, lang: str | None) -> str:
        """The folded lemma of a word in `lang`, or of the word itself."""
        lower = word.lower()
        table = self.tables.get(lang or "", {})
        return fold(table.get(lower, lower))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Split into words and numbers; each token carries its folded lemma."""
        text = message.get(attribute) or ""
        lang = (message.get(LANGUAGE_KEY) or {}).get("language")
        tokens = [Token(m.group(), m.start(), lemma=self.lemma(m.group(), lang)) for m in _WORD.finditer(text)]
        return self._apply_token_pattern(tokens)
