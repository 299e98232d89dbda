"""Compare our NLU pipeline with the stock `rasa init` pipeline on one fixed held-out split, per language.

Usage: python scripts/nlu_report.py [--configs config.yml scripts/stock_config.yml] [--test-share 0.2]
Prints intent accuracy and macro-F1 per language, entity F1 (type + overlapping span, over the test examples
that carry entity markup) per language,
and training time, for each pipeline, trained on the same 80 % and tested on the same 20 %.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
LANGS = ("da", "sv", "en")


@dataclass
class Example:
    """One held-out message with its gold intent and entities."""

    lang: str
    text: str
    intent: str
    entities: list[dict[str, Any]]


def split_data(nlu_dir: Path, test_share: float, seed: int) -> tuple[Any, list[Example]]:
    """Stratified split by (language, intent); returns the training TrainingData and the test examples."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    rng = random.Random(seed)
    train_parts = []
    test: list[Example] = []
    for lang in LANGS:
        data = load_data(str(nlu_dir / lang))
        by_intent: dict[str, list[Any]] = defaultdict(list)
        for message in data.intent_examples:
            by_intent[message.get("intent")].append(message)
        keep = []
        for _intent, messages in sorted(by_intent.items()):
            rng.shuffle(messages)
            cut = max(1, round(len(messages) * test_share))
            test += [Example(lang, m.get("text"), m.get("intent"), m.get("entities") or []) for m in messages[:cut]]
            keep += messages[cut:]
        train_parts.append(TrainingData(training_examples=keep, entity_synonyms=data.entity_synonyms))
    return TrainingData().merge(*train_parts), test


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["entity"] == b["entity"] and a["start"] < b["end"] and b["start"] < a["end"]


def evaluate(predictions: list[dict[str, Any]], test: list[Example]) -> dict[str, dict[str, float]]:
    """Intent accuracy, macro-F1 and entity F1 per language."""
    from sklearn.metrics import f1_score

    results: dict[str, dict[str, float]] = {}
    for lang in (*LANGS, "all"):
        pairs = [(p, e) for p, e in zip(predictions, test, strict=True) if lang in ("all", e.lang)]
        gold = [e.intent for _, e in pairs]
        pred = [p["intent"]["name"] if p.get("intent") else "" for p, _ in pairs]
        tp = fp = fn = 0
        for p, e in pairs:
            if not e.entities:
                continue  # entity F1 over annotated examples only (data/nlu/*/more.yml carries no markup)
            found = [x for x in p.get("entities", []) if x["entity"] != "language"]
            matched = [g for g in e.entities if any(_overlap(g, x) for x in found)]
            tp += len(matched)
            fn += len(e.entities) - len(matched)
            fp += sum(1 for x in found if not any(_overlap(g, x) for g in e.entities))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        results[lang] = {
            "n": len(pairs),
            "intent_acc": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(pairs), 1),
            "intent_f1": f1_score(gold, pred, average="macro", zero_division=0),
            "entity_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        }
    return results


def heldout_examples() -> list[tuple[str, str, str | None, str]]:
    """Single held-out messages (tests/heldout, written by people who never saw data/nlu): language, text,
    expected topic, expected programme."""
    from tests.heldout.judge import load_cases

    return [(c.lang, c.turns[0][0], c.turns[0][1].get("topic"), str(c.turns[0][1].get("programme") or "none"))
            for c in load_cases() if not c.conversation]


def evaluate_heldout(predictions: list[dict[str, Any]], examples: list[tuple[str, str, str | None, str]]
                     ) -> dict[str, dict[str, float]]:
    """Intent accuracy (an intent that answers the writer's topic) and programme accuracy per language."""
    from tests.heldout.topics import intents_for

    results: dict[str, dict[str, float]] = {}
    for lang in (*LANGS, "all"):
        intent_hits = intent_n = programme_hits = programme_n = 0
        for p, (ex_lang, _text, topic, programme) in zip(predictions, examples, strict=True):
            if lang not in ("all", ex_lang):
                continue
            wanted = intents_for(topic)
            if wanted:
                intent_n += 1
                intent_hits += (p.get("intent") or {}).get("name") in wanted
            found = [e for e in p.get("entities", []) if e.get("entity") == "programme"]
            named = [e.get("value") for e in found if e.get("extractor") == "CatalogueEntityExtractor"] or [
                e.get("value") for e in found]
            if programme != "ambiguous":
                programme_n += 1
                known = programme not in ("none", "unknown")
                programme_hits += (named[:1] == [programme]) if known else not named
        results[lang] = {"intent_n": intent_n, "intent_acc": intent_hits / max(intent_n, 1),
                         "programme_n": programme_n, "programme_acc": programme_hits / max(programme_n, 1)}
    return results


def train_and_predict(config: Path, train_file: Path, workdir: Path, test: list[Example],
                      extra: list[str] = ()) -> tuple[list[Any], float, list[Any]]:
    """Train an NLU-only model with `config` and parse every test message with it."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    start = time.time()
    model = train_nlu(config=str(config), nlu_data=str(train_file), output=str(workdir),
                      fixed_model_name=config.stem, domain=str(ROOT / "domain.yml"))
    seconds = time.time() - start
    agent = Agent.load(model)

    async def parse_all(texts: list[str]) -> list[Any]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse_all([e.text for e in test])), seconds, asyncio.run(parse_all(list(extra)))


def main() -> int:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=[str(ROOT / "config.yml"),
                                                         str(ROOT / "scripts" / "stock_config.yml")])
    parser.add_argument("--test-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

    train, test = split_data(ROOT / "data" / "nlu", args.test_share, args.seed)
    heldout = heldout_examples()
    rows = []
    heldout_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        train_file = Path(tmp) / "train.yml"
        RasaYAMLWriter().dump(train_file, train)
        for config in map(Path, args.configs):
            predictions, seconds, on_heldout = train_and_predict(config, train_file, Path(tmp), test,
                                                                 [text for _, text, _, _ in heldout])
            rows.append((config.name, evaluate(predictions, test), seconds))
            heldout_rows.append((config.name, evaluate_heldout(on_heldout, heldout)))
    print(f"\nNLU report: {len(train.intent_examples)} training / {len(test)} held-out examples "
          f"(fixed split, seed {args.seed})\n")
    print("| pipeline | language | n | intent accuracy | intent macro-F1 | entity F1 | train s |")
    print("|---|---|---|---|---|---|---|")
    for name, results, seconds in rows:
        for lang, r in results.items():
            print(f"| {name} | {lang} | {int(r['n'])} | {r['intent_acc']:.3f} | {r['intent_f1']:.3f} | "
                  f"{r['entity_f1']:.3f} | {seconds:.0f} |")
    print(f"\nHeld-out set (tests/heldout, {len(heldout)} single messages written by people who never saw "
          "data/nlu; intent right = an intent that answers the writer's topic):\n")
    print("| pipeline | language | intent n | intent accuracy | programme n | programme accuracy |")
    print("|---|---|---|---|---|---|")
    for name, results in heldout_rows:
        for lang, r in results.items():
            print(f"| {name} | {lang} | {int(r['intent_n'])} | {r['intent_acc']:.3f} | {int(r['programme_n'])} | "
                  f"{r['programme_acc']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
