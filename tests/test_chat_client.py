"""`assistant chat` tells a refusing bot from an absent one, in the user's language, with the right advice.

The HTTP layer is replaced by real `requests.Response` objects here; tests/e2e/test_chat_terminal.py runs the
command in a pseudo-terminal against a running bot.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from assistant import chat_client, cli

URL = "http://127.0.0.1:5005/webhooks/rest/webhook"


def answer(status: int, body: Any, raw: bool = False) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body if raw else json.dumps(body).encode()  # what a server sends: \u escapes included
    return response


class FakeBot:
    """Answers each post with the next prepared response and remembers what was sent."""

    def __init__(self, *responses: requests.Response | Exception) -> None:
        self.responses = list(responses)
        self.sent: list[dict[str, Any]] = []

    def post(self, url: str, json: dict[str, Any], headers: dict[str, str], timeout: float) -> requests.Response:
        self.sent.append({"url": url, "json": json, "headers": headers})
        result = self.responses.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def install(*responses: requests.Response | Exception) -> FakeBot:
        bot = FakeBot(*responses)
        monkeypatch.setattr(chat_client.requests, "post", bot.post)
        return bot
    yield install


def run(lines: list[str], lang: str = "en", token: str = "") -> tuple[int, str]:
    out = io.StringIO()
    feed = iter(lines)
    code = chat_client.chat(URL, lang, token=token, read=lambda _prompt: next(feed), out=out)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_a_refused_key_is_printed_as_the_bots_own_sentence_with_what_to_do_and_the_chat_stops(fake: Any) -> None:
    fake(answer(401, {"error": "unauthorised", "message": "Adgangsnøglen til assistenten mangler eller er forkert.",
                      "detail": "no X-Assistant-Token: send the value of ASSISTANT_REST_TOKEN"}))
    code, printed = run(["hej", "never sent"], lang="da")
    assert code == 1
    assert "Adgangsnøglen til assistenten mangler eller er forkert." in printed
    assert "--token" in printed and "ASSISTANT_REST_TOKEN" in printed
    assert "\\u00" not in printed and "{" not in printed
    assert "Kører den" not in printed and "running" not in printed


def test_the_key_is_sent_in_the_token_header(fake: Any) -> None:
    bot = fake(answer(200, [{"recipient_id": "x", "text": "Hej!"}]))
    code, printed = run(["hej", "/quit"], token="k7Qv-secret")
    assert code == 0 and "bot> Hej!" in printed
    assert bot.sent[0]["headers"] == {"X-Assistant-Token": "k7Qv-secret"}


def test_no_key_sends_no_token_header(fake: Any) -> None:
    bot = fake(answer(200, []))
    run(["hej", "/quit"])
    assert bot.sent[0]["headers"] == {}


def test_a_message_refused_for_its_length_is_explained_and_the_chat_goes_on(fake: Any) -> None:
    fake(answer(413, {"error": "too_large", "message": "Meddelandet är för långt."}),
         answer(200, [{"recipient_id": "x", "text": "Hej!"}]))
    code, printed = run(["x" * 3000, "hej", "/quit"], lang="sv")
    assert code == 0
    assert "Meddelandet är för långt." in printed and "bot> Hej!" in printed


def test_only_a_bot_that_does_not_answer_gets_asked_whether_it_is_running(fake: Any) -> None:
    fake(requests.ConnectionError("refused"), answer(200, [{"recipient_id": "x", "text": "Hej!"}]))
    code, printed = run(["hej", "hej igen", "/quit"], lang="sv")
    assert "svarar inte (ConnectionError). Är den igång? Starta den med `make run`." in printed
    assert "bot> Hej!" in printed and code == 0


def test_a_server_error_without_a_readable_body_says_so_in_the_users_language(fake: Any) -> None:
    fake(answer(502, b"<html><body>Bad Gateway</body></html>", raw=True))
    _, printed = run(["hej", "/quit"], lang="da")
    assert "Assistenten svarede med en fejl (HTTP 502)" in printed
    assert "<html>" not in printed


def test_a_wrong_url_is_named_with_the_setting_that_fixes_it(fake: Any) -> None:
    fake(answer(404, b"Not Found", raw=True))
    code, printed = run(["hej"])
    assert code == 1
    assert f"There is no chat at {URL}. Fix --url or ASSISTANT_URL" in printed


def test_the_token_option_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_REST_TOKEN", "from-env")
    assert cli.build_parser().parse_args(["chat"]).token == "from-env"
    assert cli.build_parser().parse_args(["chat", "--token", "given"]).token == "given"
