"""Language detection on short held-out messages: our n-gram model vs. off-the-shelf libraries.

Usage: python scripts/lang_report.py
Prints, per detector, accuracy over tests/language/heldout_*.yml (messages not used for training), how often
it abstained (too short or too close to call: the conversation keeps its language), and accuracy on what it
did decide. Libraries are measured when installed (langdetect, lingua-language-detector).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.language import NgramLanguageModel, detect  # noqa: E402
from assistant.nlu.language_detector import _examples_by_language  # noqa: E402


def heldout() -> list[tuple[str, str]]:
    """(language, message) pairs from tests/language/heldout_*.yml."""
    pairs = []
    for path in sorted((ROOT / "tests" / "language").glob("heldout_*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs += [(data["lang"], str(m)) for m in data["messages"]]
    return pairs


def measure(name: str, guess: Callable[[str], str | None], pairs: list[tuple[str, str]]) -> str:
    """One table row."""
    start = time.perf_counter()
    guesses = [guess(text) for _, text in pairs]
    ms = (time.perf_counter() - start) * 1000 / len(pairs)
    decided = [(g, lang) for g, (lang, _) in zip(guesses, pairs, strict=True) if g is not None]
    right = sum(g == lang for g, lang in decided)
    da_sv = [(g, lang) for g, (lang, _) in zip(guesses, pairs, strict=True) if lang in ("da", "sv")]
    da_sv_right = sum(g == lang for g, lang in da_sv)
    return (f"| {name} | {len(pairs)} | {right / len(pairs):.3f} | {da_sv_right / len(da_sv):.3f} | "
            f"{1 - len(decided) / len(pairs):.3f} | {right / max(len(decided), 1):.3f} | {ms:.2f} |")


def main() -> int:
    """Print the comparison table."""
    pairs = heldout()
    model = NgramLanguageModel.train(_examples_by_language(ROOT / "data" / "nlu"))
    rows = [measure("ours: n-gram naive Bayes (abstains when unclear)", lambda t: detect(model, t).language, pairs),
            measure("ours, forced to decide", lambda t: max(model.probabilities(t).items(), key=lambda x: x[1])[0],
                    pairs)]
    try:
        from langdetect import DetectorFactory
        from langdetect import detect as ld_detect
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0

        def langdetect_guess(text: str) -> str | None:
            try:
                return ld_detect(text)
            except LangDetectException:
                return None

        rows.append(measure("langdetect 1.0.9 (all languages)", langdetect_guess, pairs))
    except ImportError:
        rows.append("| langdetect | not installed | | | | | |")
    try:
        from lingua import Language, LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_languages(Language.DANISH, Language.SWEDISH, Language.ENGLISH).build()
        codes = {Language.DANISH: "da", Language.SWEDISH: "sv", Language.ENGLISH: "en"}
        rows.append(measure("lingua (da/sv/en only)", lambda t: codes.get(lingua.detect_language_of(t)), pairs))
    except ImportError:
        rows.append("| lingua-language-detector | not installed | | | | | |")
    print(f"\nLanguage detection on {len(pairs)} held-out short messages "
          f"({sum(1 for lang, _ in pairs if lang == 'da')} da, {sum(1 for lang, _ in pairs if lang == 'sv')} sv, "
          f"{sum(1 for lang, _ in pairs if lang == 'en')} en)\n")
    print("| detector | n | accuracy (abstain = wrong) | da/sv accuracy | abstained | accuracy when deciding "
          "| ms/msg |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
