"""Who may use which channel, over HTTP against the running bots: one owner of CORS on the website channel,
the web key guarding only the website channel and the REST key only REST.

(The browser's view of the same is in test_embedding_browser.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.conftest import REST_TOKEN, WEB_TOKEN, Bot, Site

pytestmark = pytest.mark.e2e


def header_values(response: requests.Response, name: str) -> list[str]:
    """Every value of one header as sent, duplicates included (requests would join them with commas)."""
    return list(response.raw.headers.getlist(name))


def preflight(bot: Bot, origin: str) -> requests.Response:
    return requests.options(f"{bot.web}/webhook", timeout=10, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-assistant-token"})


def web_post(bot: Bot, origin: str | None, token: str | None = None, **body: Any) -> requests.Response:
    headers = {"Origin": origin} if origin else {}
    if token:
        headers["X-Assistant-Token"] = token
    return requests.post(f"{bot.web}/webhook", timeout=30, headers=headers,
                         json={"sender": "access-test-0001", "message": "hej", "metadata": {"language": "da"}, **body})


@pytest.mark.parametrize("which", ["bot", "guarded_bot"])
def test_the_preflight_is_answered_by_the_website_channel_with_each_header_once(
        which: str, sites: dict[str, Site], request: pytest.FixtureRequest) -> None:
    bot: Bot = request.getfixturevalue(which)  # the guarded bot also runs with Rasa's own --cors "*"
    origin = sites["kommune"].origin
    answer = preflight(bot, origin)
    assert answer.status_code == 204
    assert header_values(answer, "Access-Control-Allow-Origin") == [origin]
    assert header_values(answer, "Access-Control-Allow-Methods") == ["POST"]
    assert "X-Assistant-Token" in answer.headers["Access-Control-Allow-Headers"]
    assert header_values(answer, "Vary") == ["Origin"]
    assert "Access-Control-Allow-Credentials" not in answer.headers  # Sanic-CORS's would be there


def test_a_page_of_a_site_not_in_the_list_gets_a_refusal_it_can_read(bot: Bot, sites: dict[str, Site]) -> None:
    origin = sites["elsewhere"].origin
    answer = web_post(bot, origin)
    assert answer.status_code == 403
    assert header_values(answer, "Access-Control-Allow-Origin") == [origin]
    assert answer.json()["message"] == "Denne side må ikke bruge assistenten."
    assert f"add {origin} to ASSISTANT_CORS_ORIGINS" in answer.json()["detail"]


def test_an_allowed_site_gets_the_answer_with_the_header_once(guarded_bot: Bot, sites: dict[str, Site]) -> None:
    origin = sites["kommune"].origin
    answer = web_post(guarded_bot, origin, WEB_TOKEN)
    assert answer.status_code == 200 and answer.json()
    assert header_values(answer, "Access-Control-Allow-Origin") == [origin]


def test_the_web_key_guards_the_website_channel_and_only_it(guarded_bot: Bot, sites: dict[str, Site]) -> None:
    origin = sites["kommune"].origin
    refused = web_post(guarded_bot, origin)
    assert refused.status_code == 401
    assert header_values(refused, "Access-Control-Allow-Origin") == [origin]  # readable by the widget
    assert refused.json()["message"] == "Adgangsnøglen til assistenten mangler eller er forkert."
    assert web_post(guarded_bot, origin, REST_TOKEN).status_code == 401
    assert web_post(guarded_bot, origin, WEB_TOKEN).status_code == 200


def test_the_rest_key_guards_rest_and_only_it(guarded_bot: Bot, bot: Bot) -> None:
    body = {"sender": "access-test-0002", "message": "hej", "metadata": {"language": "sv"}}
    for key in (None, WEB_TOKEN):
        refused = requests.post(guarded_bot.url, json=body, timeout=30,
                                headers={"X-Assistant-Token": key} if key else {})
        assert refused.status_code == 401
        assert refused.json()["message"] == "Åtkomstnyckeln till assistenten saknas eller är fel."
        assert "ASSISTANT_REST_TOKEN" in refused.json()["detail"]
    assert requests.post(guarded_bot.url, json=body, headers={"X-Assistant-Token": REST_TOKEN}, timeout=30).ok
    assert requests.post(bot.url, json=body, timeout=30).ok  # a bot without keys needs none


def test_rest_takes_no_messages_from_other_sites_pages(bot: Bot, sites: dict[str, Site]) -> None:
    refused = requests.post(bot.url, timeout=30, headers={"Origin": sites["kommune"].origin},
                            json={"sender": "access-test-0003", "message": "hej"})
    assert refused.status_code == 403
    assert "use the website channel" in refused.json()["detail"]
