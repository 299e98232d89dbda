"""The widget as a municipality's web team embeds it: one script tag on a page of ANOTHER site (another origin),
in a real browser (Debian's Chromium via Playwright).

The pages are served by the test's own web servers ("kommune", listed in ASSISTANT_CORS_ORIGINS, and
"elsewhere", not listed), the widget and the chat by the bot. The guarded bot is an intranet's set-up: it
requires ASSISTANT_WEB_TOKEN and was started with Rasa's own `--cors "*"` on top.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import SWEDISH_MUNICIPALITY_BUTTONS, WEB_TOKEN, Bot, Site
from tests.e2e.test_widget_browser import bot_messages, fill_and_send, open_widget, wait_for_reply

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PAGES = {
    "sv": ("Starta er AI-resa", "vinnova-starta-ai-resa-2022", "Kommunen hjälper företag att söka stöd."),
    "da": ("AI-puljen", "regionh-ai-2020", "Kommunen hjælper virksomheder med at søge støtte."),
}
FORBIDDEN = {"da": "Denne side må ikke bruge assistenten.", "sv": "Den här sidan får inte använda assistenten."}
UNAUTHORISED = "Siden har ikke en gyldig adgangsnøgle til assistenten."
NO_RETRY_WAIT_MS = 3500  # the widget retries an unreachable bot after 2 s, then 4 s: a retry would show by now


def embed_page(bot: Bot, lang: str, token: str | None = None) -> str:
    """A municipality's page about one programme, with the one-line embed from the README."""
    title, programme, text = PAGES[lang]
    token_attr = f' data-token="{token}"' if token is not None else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{text}</p></main>
<script src="{bot.web}/widget.js" data-lang="{lang}" data-programme="{programme}"{token_attr}></script>
</body></html>"""


@dataclass
class Watched:
    """A browser tab with what it did on the network and wrote to its console."""

    page: Any
    posts: list[dict[str, Any]] = field(default_factory=list)  # answers to the widget's messages
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def wait_for_answers(self, count: int, seconds: float = 30) -> None:
        """Let the tab run until the bot has answered `count` of the widget's messages."""
        for _ in range(int(seconds * 10)):
            if len(self.posts) >= count:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{len(self.posts)} answers after {seconds:.0f} s, expected {count}")


@pytest.fixture()
def tab(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page

    def answered(response: Any) -> None:
        if response.request.method == "POST" and response.url.endswith("/webhooks/web/webhook"):
            names = [h["name"].lower() for h in response.headers_array()]
            watched.posts.append({"status": response.status, "allow_origin": names.count("access-control-allow-origin"),
                                  "headers": response.headers})

    page.on("response", answered)
    page.on("console", lambda m: m.type == "warning" and watched.warnings.append(m.text))
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text
            and watched.errors.append(m.text))
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    yield watched
    context.close()


def stored_user_metadata(db: Path, sender: str) -> list[dict[str, Any]]:
    """The metadata kept with each of the conversation's user messages."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                            (sender,)).fetchall()
    return [json.loads(row[0]).get("metadata") or {} for row in rows]


def sender_of(page: Any) -> str:
    return str(page.evaluate("() => document.querySelector('applicant-assistant').state.sender"))


def test_a_page_on_an_allowed_site_has_a_whole_conversation_with_the_bot(bot: Bot, sites: dict[str, Site],
                                                                         tab: Watched) -> None:
    page = tab.page
    url = sites["kommune"].page("ai-resan.html", embed_page(bot, "sv"))
    assert not bot.web.startswith(sites["kommune"].origin)  # really another origin
    open_widget(page, url)
    fill_and_send(page, "kan vi söka AI-resan?")
    wait_for_reply(page, 0, "Vilken typ av organisation")
    for title, expect in (*SWEDISH_MUNICIPALITY_BUTTONS, ("Ja", "Källa:")):
        n = len(bot_messages(page))
        page.locator("applicant-assistant .choices button", has_text=re.compile(f"^{title}$")).last.click()
        reply = wait_for_reply(page, n, expect)
    assert "Ja: utifrån det du har berättat" in reply
    assert [p["status"] for p in tab.posts] == [200] * 6
    assert all(p["allow_origin"] == 1 and p["headers"]["access-control-allow-origin"] == sites["kommune"].origin
               for p in tab.posts)
    assert "Origin" in tab.posts[0]["headers"]["vary"]
    assert tab.errors == []


def test_the_pages_programme_reaches_the_bot_with_every_message(bot: Bot, sites: dict[str, Site],
                                                                 tab: Watched) -> None:
    open_widget(tab.page, sites["kommune"].page("ai-resan-2.html", embed_page(bot, "sv")))
    fill_and_send(tab.page, "hej")
    tab.wait_for_answers(1)
    fill_and_send(tab.page, "vem kan söka?")
    tab.wait_for_answers(2)
    kept = stored_user_metadata(bot.db, sender_of(tab.page))
    assert len(kept) == 2
    assert [m.get("programme") for m in kept] == ["vinnova-starta-ai-resa-2022"] * 2
    assert all(str(m.get("page", "")).startswith(sites["kommune"].origin) for m in kept)


def test_a_page_on_a_site_not_in_the_list_is_told_so_in_its_language_and_nothing_is_retried(
        bot: Bot, sites: dict[str, Site], tab: Watched) -> None:
    page = tab.page
    open_widget(page, sites["elsewhere"].page("ai-puljen.html", embed_page(bot, "da")))
    fill_and_send(page, "hvornår er fristen?")
    notice = page.locator("applicant-assistant .status")
    notice.wait_for(state="visible")
    assert notice.inner_text() == FORBIDDEN["da"]
    assert "Beskeden er ikke sendt." in page.locator("applicant-assistant .msg.user").last.inner_text()
    page.wait_for_timeout(NO_RETRY_WAIT_MS)
    assert [p["status"] for p in tab.posts] == [403]  # one request, readable (allow-origin once), not retried
    assert tab.posts[0]["allow_origin"] == 1
    assert notice.inner_text() == FORBIDDEN["da"]  # not "the assistant cannot be reached"
    fill_and_send(page, "og beløbet?")  # the user may try again: once, and refused the same way
    tab.wait_for_answers(2)
    page.wait_for_timeout(NO_RETRY_WAIT_MS)
    assert [p["status"] for p in tab.posts] == [403, 403]
    assert bot_messages(page) == []
    hints = [w for w in tab.warnings if "ASSISTANT_CORS_ORIGINS" in w]
    assert len(hints) == 1 and sites["elsewhere"].origin in hints[0]
    assert tab.errors == []


def test_an_intranet_page_with_the_key_has_a_conversation_and_rasas_own_cors_adds_no_second_header(
        guarded_bot: Bot, sites: dict[str, Site], tab: Watched) -> None:
    page = tab.page
    open_widget(page, sites["kommune"].page("intranet-ai.html", embed_page(guarded_bot, "da", token=WEB_TOKEN)))
    fill_and_send(page, "hvornår er fristen for AI-puljen?")
    wait_for_reply(page, 0, "30. oktober 2020")
    n = len(bot_messages(page))
    fill_and_send(page, "og hvor meget kan man søge?")
    wait_for_reply(page, n, "350.000 kr.")
    assert [(p["status"], p["allow_origin"]) for p in tab.posts] == [(200, 1), (200, 1)]
    assert tab.errors == []


@pytest.mark.parametrize(("token", "hint"), [("not-the-key", "refused this page's data-token"),
                                              (None, "this page sends none")])
def test_an_intranet_page_without_the_right_key_says_so_and_does_not_retry(
        guarded_bot: Bot, sites: dict[str, Site], tab: Watched, token: str | None, hint: str) -> None:
    page = tab.page
    open_widget(page, sites["kommune"].page(f"intranet-{token}.html", embed_page(guarded_bot, "da", token=token)))
    fill_and_send(page, "hvornår er fristen for AI-puljen?")
    notice = page.locator("applicant-assistant .status")
    notice.wait_for(state="visible")
    assert notice.inner_text() == UNAUTHORISED
    page.wait_for_timeout(NO_RETRY_WAIT_MS)
    assert [p["status"] for p in tab.posts] == [401]
    hints = [w for w in tab.warnings if "ASSISTANT_WEB_TOKEN" in w]
    assert len(hints) == 1 and hint in hints[0]
    assert bot_messages(page) == []
