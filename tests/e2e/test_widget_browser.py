"""The website widget in a real browser (Debian's Chromium via Playwright), served by the bot itself.

Keyboard-only and mouse-only conversations in Danish and Swedish, reload with history, an automated
accessibility check (axe-core, zero serious or critical violations), and the bot going away and coming back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import (
    AXE,
    QUIET,
    ROOT,
    SWEDISH_MUNICIPALITY_BUTTONS,
    Bot,
    free_port,
    serious_axe_violations,
    start_rasa,
    stop,
    unavailable,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def base_url(bot: Bot) -> str:
    return bot.web


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and "Failed to load resource" not in msg.text
            and page.errors.append(msg.text))  # type: ignore[attr-defined]
    yield page
    context.close()


def bot_messages(page: Any) -> list[str]:
    return page.locator("applicant-assistant .msg.bot").all_inner_texts()


def wait_for_reply(page: Any, count_before: int, contains: str, timeout: float = 30_000) -> str:
    """Wait until a new bot message containing `contains` appears; return all new bot text."""
    page.wait_for_function(
        """([n, needle]) => { const el = document.querySelector('applicant-assistant');
            const msgs = [...el.shadowRoot.querySelectorAll('.msg.bot')].slice(n).map(m => m.innerText);
            return msgs.some(t => t.includes(needle)); }""", arg=[count_before, contains], timeout=timeout)
    return "\n".join(bot_messages(page)[count_before:])


def open_by_keyboard(page: Any) -> None:
    """Tab through the page until the launcher has focus, then press Enter."""
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement && document.activeElement.tagName")
        inner = page.evaluate("""() => { const el = document.querySelector('applicant-assistant');
            const a = el && el.shadowRoot.activeElement; return a ? a.className : ''; }""")
        if focused == "APPLICANT-ASSISTANT" and "launcher" in inner:
            page.keyboard.press("Enter")
            page.wait_for_selector("applicant-assistant [role=dialog]:not([hidden])")
            return
    raise AssertionError("the launcher is not reachable with Tab")


def type_and_send(page: Any, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def open_widget(page: Any, url: str) -> None:
    """Load a demo page and open the chat with the launcher button."""
    page.goto(url)
    page.locator("applicant-assistant .launcher").click()


def fill_and_send(page: Any, text: str) -> None:
    """Put the whole message in the text box and send it with Enter."""
    page.locator("applicant-assistant textarea").fill(text)
    page.keyboard.press("Enter")


def test_demo_pages_serve_the_widget_without_errors(bot: Bot, page: Any) -> None:
    for lang in ("da", "sv"):
        page.goto(f"{base_url(bot)}/demo-{lang}.html")
        page.wait_for_selector("applicant-assistant .launcher")
        assert page.evaluate("() => document.documentElement.lang") == lang
    assert page.errors == []  # type: ignore[attr-defined]


def test_keyboard_only_eligibility_conversation_in_danish(bot: Bot, page: Any) -> None:
    page.goto(f"{base_url(bot)}/demo-da.html")
    open_by_keyboard(page)
    n = len(bot_messages(page))
    type_and_send(page, "kan jeg søge AI-puljen?")
    assert "Er du ansat i Region Hovedstaden?" in wait_for_reply(page, n, "Region Hovedstaden?")
    n = len(bot_messages(page))
    page.keyboard.press("Tab")  # buttons follow the message: choose the first ("Region Hovedstaden") by keyboard
    page.locator("applicant-assistant .choices button").first.focus()
    page.keyboard.press("Enter")
    wait_for_reply(page, n, "godkendt")
    n = len(bot_messages(page))
    page.locator("applicant-assistant textarea").focus()
    type_and_send(page, "ja")
    verdict = wait_for_reply(page, n, "Kilde:")
    assert "Ja: ud fra det, du har fortalt, ville I have opfyldt kravene" in verdict
    assert "lukkede den 30. oktober 2020" in verdict
    page.keyboard.press("Escape")
    page.wait_for_selector("applicant-assistant [role=dialog][hidden]", state="attached")
    assert "launcher" in page.evaluate("() => document.querySelector('applicant-assistant').shadowRoot.activeElement"
                                       ".className")
    assert page.errors == []  # type: ignore[attr-defined]


def test_mouse_only_eligibility_conversation_in_swedish(bot: Bot, page: Any) -> None:
    open_widget(page, f"{base_url(bot)}/demo-sv.html")
    page.locator("applicant-assistant textarea").click()
    page.locator("applicant-assistant textarea").fill("kan vi söka AI-resan?")
    page.locator("applicant-assistant button.sendb").click()
    wait_for_reply(page, 0, "Vilken typ av organisation")
    for title, expect in (*SWEDISH_MUNICIPALITY_BUTTONS, ("Ja", "Källa:")):
        n = len(bot_messages(page))
        page.locator("applicant-assistant .choices button", has_text=re.compile(f"^{title}$")).last.click()
        reply = wait_for_reply(page, n, expect)
    assert "Ja: utifrån det du har berättat skulle ni uppfylla kraven" in reply
    assert "troligen stängt" in reply


def test_history_survives_a_reload_and_new_conversation_clears_it(bot: Bot, page: Any) -> None:
    open_widget(page, f"{base_url(bot)}/demo-sv.html")
    fill_and_send(page, "när stänger innovationsfonden?")
    wait_for_reply(page, 0, "2 februari 2024")
    sender = page.evaluate("() => document.querySelector('applicant-assistant').state.sender")
    page.reload()
    page.wait_for_selector("applicant-assistant .msg.bot")
    assert any("2 februari 2024" in m for m in bot_messages(page))
    assert page.evaluate("() => document.querySelector('applicant-assistant').state.sender") == sender
    n = len(bot_messages(page))
    fill_and_send(page, "och beloppet?")
    assert "15 000 000 kr" in wait_for_reply(page, n, "15 000 000")  # the follow-up still knows the programme
    page.get_by_role("button", name=re.compile("Ny konversation|Nytt samtal", re.I)).click()
    assert bot_messages(page) == []
    assert page.evaluate("() => document.querySelector('applicant-assistant').state.sender") != sender


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_no_serious_or_critical_accessibility_violations_with_the_widget_open(bot: Bot, browser: Any,
                                                                                lang: str) -> None:
    if not AXE.exists():
        unavailable(f"{AXE} missing: make setup installs axe-core with npm")
    context = browser.new_context(bypass_csp=True)  # the demo pages' CSP forbids injecting axe itself
    page = context.new_page()
    open_widget(page, f"{base_url(bot)}/demo-{lang}.html")
    fill_and_send(page, "hvor meget kan man søge?" if lang == "da" else "vem kan söka?")
    page.wait_for_selector("applicant-assistant .msg.bot")
    page.add_script_tag(path=str(AXE))
    serious = serious_axe_violations(page)
    context.close()
    assert serious == []


def test_small_screens_have_no_horizontal_scroll(bot: Bot, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_widget(page, f"{base_url(bot)}/demo-da.html")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("applicant-assistant [role=dialog]").bounding_box()
    assert box is not None and box["width"] <= 320
    context.close()


@pytest.fixture()
def own_bot(bot: Bot, tmp_path: Path) -> Iterator[Bot]:
    """A second Rasa, sharing the running action server, that the test may stop and start again."""
    port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25",
           "ACTION_ENDPOINT_URL": f"{bot.action_url}/webhook",
           "ASSISTANT_TRACKER_DB": str(tmp_path / "conversations.sqlite")}  # survives the restart
    mine = Bot(url=f"http://127.0.0.1:{port}/webhooks/rest/webhook", action_url=bot.action_url,
               logs={"rasa": tmp_path / "rasa.log"})
    model = ROOT / "models" / "assistant.tar.gz"
    import requests

    def up() -> None:
        mine.processes["rasa"] = start_rasa(port, model, env, mine.logs["rasa"])
        wait_until(lambda: requests.post(mine.url, json={"sender": "probe-000000", "message": "/greet"}, timeout=10).ok,
                   180, "rasa", mine.processes["rasa"])

    up()
    mine.restart = up  # type: ignore[attr-defined]
    yield mine
    stop(mine.processes["rasa"])


def test_the_bot_going_away_is_announced_and_nothing_typed_is_lost(own_bot: Bot, page: Any) -> None:
    open_widget(page, f"{base_url(own_bot)}/demo-da.html")
    fill_and_send(page, "hvornår er fristen for AI-puljen?")
    wait_for_reply(page, 0, "30. oktober 2020")
    stop(own_bot.processes["rasa"])
    n = len(bot_messages(page))
    fill_and_send(page, "og hvor meget kan man søge?")
    page.wait_for_selector("applicant-assistant .status:not([hidden])", timeout=20_000)
    notice = page.locator("applicant-assistant .status").inner_text()
    assert "kan ikke nås" in notice
    assert "og hvor meget kan man søge?" in page.locator("applicant-assistant .msg.user").last.inner_text()
    own_bot.restart()  # type: ignore[attr-defined]
    reply = wait_for_reply(page, n, "350.000 kr.", timeout=90_000)
    assert reply.count("350.000 kr.") >= 1
    page.wait_for_selector("applicant-assistant .status", state="hidden", timeout=20_000)
    assert len([m for m in bot_messages(page)[n:] if "350.000" in m]) == 1  # sent exactly once
