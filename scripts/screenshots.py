"""Refresh docs/screenshots/: the widget closed, open with a conversation, and at mobile width (320 px).

Starts its own bot (action server + Rasa on free ports, as the e2e tests do), drives Debian's Chromium with
Playwright, writes PNGs, stops everything it started.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import (  # noqa: E402
    QUIET,
    ensure_model,
    free_port,
    start_action_server,
    start_rasa,
    stop,
    wait_until,
)
from tests.e2e.test_widget_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    """Start the bot, take the screenshots, stop the bot."""
    OUT.mkdir(parents=True, exist_ok=True)
    model = ensure_model()
    logs = Path(tempfile.mkdtemp())
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
           "ASSISTANT_TRACKER_DB": str(logs / "conversations.sqlite")}
    actions = start_action_server(action_port, env, logs / "actions.log")
    rasa = start_rasa(rasa_port, model, env, logs / "rasa.log")
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok, 60, "actions")
        url = f"http://127.0.0.1:{rasa_port}"
        probe = {"sender": "probe-000000", "message": "/greet"}
        wait_until(lambda: requests.post(f"{url}/webhooks/rest/webhook", json=probe, timeout=10).ok, 180, "rasa", rasa)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{url}/webhooks/web/demo-da.html")
            page.wait_for_selector("applicant-assistant .launcher")
            page.screenshot(path=str(OUT / "widget-closed.png"))
            page.locator("applicant-assistant .launcher").click()
            for text in ("kan jeg søge AI-puljen?", "ja", "ja", "ja"):
                before = page.locator("applicant-assistant .msg.bot").count()
                page.locator("applicant-assistant textarea").fill(text)
                page.keyboard.press("Enter")
                page.wait_for_function("n => document.querySelector('applicant-assistant').shadowRoot"
                                       ".querySelectorAll('.msg.bot').length > n", arg=before)
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "widget-open-conversation.png"))
            mobile = browser.new_page(viewport={"width": 320, "height": 640}, device_scale_factor=2)
            mobile.goto(f"{url}/webhooks/web/demo-sv.html")
            mobile.locator("applicant-assistant .launcher").click()
            mobile.locator("applicant-assistant textarea").fill("kan vi söka AI-resan?")
            mobile.keyboard.press("Enter")
            mobile.wait_for_selector("applicant-assistant .msg.bot .choices button")
            mobile.wait_for_timeout(300)
            mobile.screenshot(path=str(OUT / "widget-mobile-320px.png"))
            browser.close()
    finally:
        stop(rasa)
        stop(actions)
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(ROOT)}: {png.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
