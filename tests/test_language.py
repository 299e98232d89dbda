"""Language of a message and of the conversation: measured on held-out messages, and the switching rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.language import Detection, NgramLanguageModel, decide, detect, explicit_request
from assistant.nlu.language_detector import _examples_by_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model() -> NgramLanguageModel:
    """The detector trained on data/nlu, as in the Rasa model."""
    return NgramLanguageModel.train(_examples_by_language(ROOT / "data" / "nlu"))


def _heldout() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted((ROOT / "tests" / "language").glob("heldout_*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs += [(data["lang"], str(m)) for m in data["messages"]]
    return pairs


def test_heldout_messages_are_not_training_examples() -> None:
    training = {t.lower() for texts in _examples_by_language(ROOT / "data" / "nlu").values() for t in texts}
    heldout = _heldout()
    assert len(heldout) >= 100
    assert not [text for _, text in heldout if text.lower() in training]


def test_danish_and_swedish_short_messages_are_told_apart(model: NgramLanguageModel) -> None:
    pairs = [(lang, text) for lang, text in _heldout() if lang in ("da", "sv")]
    decided = [(detect(model, text).language, lang) for lang, text in pairs]
    wrong = [(g, lang) for g, lang in decided if g is not None and g != lang]
    abstained = sum(1 for g, _ in decided if g is None)
    assert len(wrong) / len(pairs) <= 0.05, wrong
    assert abstained / len(pairs) <= 0.10


@pytest.mark.parametrize(("text", "lang"), [
    ("kan du svara på svenska?", "sv"), ("på dansk tak", "da"), ("can you answer in English?", "en"),
    ("Kan du skrive på dansk?", "da"), ("svenska tack", "sv"), ("kan vi ta det på engelska", "en"),
    ("ok english pls. can a rejection be appealed?", "en"), ("tack, nu svenska igen: vad ger de inte stöd till?", "sv"),
])
def test_explicit_requests_name_the_language(text: str, lang: str) -> None:
    assert explicit_request(text) == lang


@pytest.mark.parametrize("text", ["ja", "tak", "ok", "12", "hej"])
def test_messages_too_short_to_tell_do_not_decide(model: NgramLanguageModel, text: str) -> None:
    assert detect(model, text).language is None


def test_an_unclear_message_keeps_the_conversations_language() -> None:
    assert decide(Detection(None, 0.5), current="da", explicit_before=False, page="sv").language == "da"


def test_the_page_language_is_the_prior_for_the_first_message() -> None:
    assert decide(Detection(None, 0.5), current=None, explicit_before=False, page="da").language == "da"
    assert decide(Detection("sv", 0.99), current=None, explicit_before=False, page="da").language == "sv"


def test_a_clear_message_switches_the_language() -> None:
    assert decide(Detection("sv", 0.99), current="da", explicit_before=False, page=None).language == "sv"


def test_an_explicit_request_wins_and_sticks() -> None:
    asked = decide(Detection("da", 0.99, explicit="sv"), current="da", explicit_before=False, page=None)
    assert (asked.language, asked.explicit) == ("sv", True)
    later = decide(Detection("da", 0.99), current="sv", explicit_before=True, page=None)
    assert (later.language, later.explicit) == ("sv", True)
