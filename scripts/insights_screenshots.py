"""Refresh docs/screenshots/insights-<lang>.png: the staff insights page (`assistant insights --html`) in Chromium.

Made from a conversation store given with --store (default: the held-out run's, see README "Staff insights"),
in Danish, Swedish and English; only what the report itself shows (K-anonymous groups) appears in the pictures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    """Write one HTML report per language and take a full-page screenshot of each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True, help="the SQLite conversation store to report on")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="insights-"))
    env = {**os.environ, "ASSISTANT_TRACKER_DB": str(args.store)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang in ("da", "sv", "en"):
            page_file = work / f"insights-{lang}.html"
            subprocess.run([str(ROOT / ".venv" / "bin" / "assistant"), "insights", "--lang", lang, "--html",
                            str(page_file)], env=env, check=True, cwd=ROOT)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(page_file.as_uri())
            page.screenshot(path=str(OUT / f"insights-{lang}.png"), full_page=True)
            page.close()
        browser.close()
    for png in sorted(OUT.glob("insights-*.png")):
        print(f"{png.relative_to(ROOT)}: {png.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
