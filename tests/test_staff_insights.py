"""The staff insights page (GET /webhooks/web/insights): the token, the failed-attempt limit, the parameters, the
headers, and the route existing only when ASSISTANT_STAFF_TOKEN is set. Without a server: every decision is a
function of staff.py, and the route is called through Rasa's real app. The running bot is in
tests/e2e/test_insights.py."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core import run
from sanic import Sanic
from sanic.response import HTTPResponse

from assistant import config
from assistant.channels import cors, staff
from assistant.channels.ratelimit import TokenBucket
from assistant.channels.rest import GuardedRestInput
from assistant.channels.staff import Query, QueryError, StaffGuard, parse_query
from assistant.channels.web import WebChannel
from assistant.insights.collect import StoreError
from tests.test_cors import sanic_cors_adds_headers, sanic_cors_preflight

TOKEN = "staff-token-0123456789-abcdef"
PAGE = "<!DOCTYPE html>\n<html lang=\"da\"><title>r</title></html>\n"
HTML_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def call(guard: StaffGuard, authorization: str | None = f"Bearer {TOKEN}", args: Mapping[str, Sequence[str]] = {},
         accept_language: str | None = None, build: Callable[[str, Query], str] = lambda _url, _q: PAGE,
         address: str = "10.0.0.1") -> HTTPResponse:
    """One request to the page, as the route makes it."""
    return asyncio.run(staff.insights_page(guard, authorization, address, args, accept_language,
                                           "sqlite:///store.sqlite", build))


def body(resp: HTTPResponse) -> dict[str, Any]:
    return dict(json.loads(resp.body or b"{}"))


def assert_staff_headers(resp: HTTPResponse) -> None:
    """Never cached, never indexed, no referrer, nothing fetched, framed by nobody, readable by no other site."""
    for name, value in HTML_HEADERS.items():
        assert resp.headers[name] == value
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "http" not in csp
    assert "Access-Control-Allow-Origin" not in resp.headers


# ---------------------------------------------------------------- the token

@pytest.mark.parametrize(("header", "token"), [
    (f"Bearer {TOKEN}", TOKEN), (f"bearer  {TOKEN} ", TOKEN), (f"Basic {TOKEN}", None), (TOKEN, None),
    ("Bearer", None), ("Bearer ", None), ("", None), (None, None)])
def test_only_an_authorization_bearer_header_carries_the_token(header: str | None, token: str | None) -> None:
    assert staff.bearer_token(header) == token


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(staff.hmac, "compare_digest", spy)
    assert staff.token_matches(TOKEN, TOKEN)
    assert not staff.token_matches("x" * len(TOKEN), TOKEN)
    assert not staff.token_matches("", TOKEN) and not staff.token_matches(TOKEN, "")
    assert len(compared) == 2 and all(len(a) == len(b) == 32 for a, b in compared)  # hashed: length hidden too


def test_the_right_token_opens_the_page_with_the_security_headers() -> None:
    resp = call(StaffGuard(TOKEN))
    assert resp.status == 200 and resp.body == PAGE.encode()
    assert resp.content_type == "text/html; charset=utf-8"
    assert_staff_headers(resp)


@pytest.mark.parametrize(("header", "said"), [(None, "no staff token"), (f"Bearer {TOKEN}x", "a wrong staff token"),
                                              (f"Basic {TOKEN}", "a wrong staff token")])
def test_no_or_a_wrong_token_gets_401_asking_for_a_bearer_token(header: str | None, said: str) -> None:
    resp = call(StaffGuard(TOKEN), header)
    assert resp.status == 401
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert body(resp)["message"].startswith(said) and "Authorization: Bearer" in body(resp)["message"]
    assert TOKEN not in resp.body.decode()
    assert_staff_headers(resp)


def test_the_token_in_the_address_is_never_accepted() -> None:
    guard = StaffGuard(TOKEN)
    for name in ("token", "access_token"):
        assert call(guard, None, {name: [TOKEN]}).status == 401
        refused = call(guard, f"Bearer {TOKEN}", {name: [TOKEN]})
        assert refused.status == 400 and "Authorization header" in body(refused)["message"]


def test_wrong_tokens_are_limited_per_address_and_the_right_one_waits_too() -> None:
    clock = Clock()
    guard = StaffGuard(TOKEN, TokenBucket(staff.FAILED_ATTEMPTS, staff.FAILURE_WINDOW, clock))
    assert [call(guard, "Bearer guess").status for _ in range(staff.FAILED_ATTEMPTS)] == [401] * staff.FAILED_ATTEMPTS
    blocked = call(guard)  # the right token: refused before it is even compared
    assert blocked.status == 429 and int(blocked.headers["Retry-After"]) == 61
    assert_staff_headers(blocked)
    assert call(guard, address="10.0.0.2").status == 200  # another address is not affected
    clock.now = 60.0
    assert call(guard).status == 200  # and the right token does not use up the address's attempts
    assert call(guard).status == 200


def test_the_bucket_can_be_asked_without_using_a_token() -> None:
    bucket = TokenBucket(1, 60.0, Clock())
    assert bucket.wait("a") == 0.0 and bucket.wait("a") == 0.0
    assert bucket.take("a") == 0.0
    assert bucket.wait("a") == 60.0


# ---------------------------------------------------------------- the parameters

@pytest.mark.parametrize(("accept", "lang"), [
    (None, "da"), ("", "da"), ("sv-SE,sv;q=0.9,en;q=0.8", "sv"), ("de-DE, en;q=0.5, da;q=0.4", "en"),
    ("en;q=0, sv;q=0.1", "sv"), ("nb, *;q=0.5", "da"), ("da;q=oops, sv;q=0.2", "sv"), ("EN-gb", "en")])
def test_the_language_follows_accept_language_else_danish(accept: str | None, lang: str) -> None:
    assert parse_query({}, accept) == Query(lang=lang)  # type: ignore[arg-type]


def test_lang_since_and_k_are_read_and_lang_wins_over_the_browser() -> None:
    assert parse_query({"lang": ["SV"], "since": ["30"], "k": ["5"]}, "en") == Query("sv", 30, 5)


@pytest.mark.parametrize(("args", "names"), [
    ({"lang": ["de"]}, "lang: 'de'"), ({"lang": [""]}, "lang: ''"), ({"since": ["a week"]}, "since: 'a week'"),
    ({"since": ["0"]}, "since: '0'"), ({"since": ["-3"]}, "since: '-3'"), ({"since": [""]}, "since: ''"),
    ({"since": ["1e3"]}, "since"), ({"since": ["²"]}, "since: '²'"), ({"since": ["٣"]}, "since"),
    ({"since": ["9" * 400]}, "since"), ({"since": ["30", "7"]}, "given 2 times"),
    ({"k": ["2"]}, "k: '2'"), ({"k": ["1"]}, "k: '1'"), ({"k": ["three"]}, "k: 'three'"),
    ({"days": ["3"]}, "unknown parameter 'days'")])
def test_a_bad_parameter_is_refused_naming_it_and_what_is_allowed(args: dict[str, list[str]], names: str) -> None:
    with pytest.raises(QueryError, match=r"expected|allowed|give it once") as error:
        parse_query(args)
    assert names in str(error.value)
    resp = call(StaffGuard(TOKEN), args=args)
    assert resp.status == 400 and body(resp)["error"] == "bad_parameter" and names in body(resp)["message"]
    assert_staff_headers(resp)


def test_k_cannot_go_below_the_default_of_the_command_line() -> None:
    from assistant.insights.aggregate import DEFAULT_K

    assert parse_query({}).k == DEFAULT_K == 3
    assert parse_query({"k": [str(DEFAULT_K)]}).k == DEFAULT_K


def test_the_token_is_checked_before_the_parameters() -> None:
    assert call(StaffGuard(TOKEN), None, {"lang": ["de"]}).status == 401


# ---------------------------------------------------------------- building the page

def test_the_report_is_built_in_a_thread_while_the_event_loop_goes_on() -> None:
    seen: dict[str, Any] = {}

    def slow_build(url: str, query: Query) -> str:
        seen.update(thread=threading.get_ident(), url=url, query=query)
        time.sleep(0.3)
        return PAGE

    async def both() -> tuple[HTTPResponse, int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        resp = await staff.insights_page(StaffGuard(TOKEN), f"Bearer {TOKEN}", "10.0.0.1", {"since": ["7"]},
                                         "sv", "sqlite:///the-store.sqlite", slow_build)
        ticker.cancel()
        seen["loop_thread"] = threading.get_ident()
        return resp, ticks

    resp, ticks = asyncio.run(both())
    assert resp.status == 200 and ticks >= 10  # the loop was not blocked for the 0.3 s
    assert seen["thread"] != seen["loop_thread"]
    assert (seen["url"], seen["query"]) == ("sqlite:///the-store.sqlite", Query("sv", 7, 3))


def test_an_unreadable_store_or_a_failure_says_so_without_a_traceback_or_a_path(
        caplog: pytest.LogCaptureFixture) -> None:
    def no_store(_url: str, _q: Query) -> str:
        raise StoreError("no conversation store at /srv/secret/path.sqlite")

    def broken(_url: str, _q: Query) -> str:
        raise KeyError("/srv/secret/other")

    for build, status in ((no_store, 503), (broken, 500)):
        resp = call(StaffGuard(TOKEN), build=build)
        text = resp.body.decode()
        assert resp.status == status and "secret" not in text and "Traceback" not in text
        assert_staff_headers(resp)
    assert "/srv/secret/path.sqlite" in caplog.text  # the log says why


def test_the_page_is_the_one_the_command_line_writes(tmp_path: Path) -> None:
    from assistant import cli
    from tests.test_insights import _store

    lost = {"act": "fallback", "unanswered": "fallback", "language": "sv"}
    url = _store(tmp_path / "c.sqlite", {f"sender-{i}": [("vad kostar en kopp kaffe hos er?", lost)]
                                         for i in range(3)})
    assert cli.main(["insights", "--url", url, "--html", str(tmp_path / "cli.html"), "--lang", "sv"]) == 0
    page = staff.report_page(url, Query("sv"))
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.sub(stamp, "", page) == re.sub(stamp, "", (tmp_path / "cli.html").read_text(encoding="utf-8"))
    assert "kopp kaffe" in page and "sender-" not in page


# ---------------------------------------------------------------- the setting and the route

def test_the_staff_token_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_STAFF_TOKEN", raising=False)
    assert config.staff_token() == ""
    monkeypatch.setenv("ASSISTANT_STAFF_TOKEN", f"  {TOKEN}\n")
    assert config.staff_token() == TOKEN
    monkeypatch.setenv("ASSISTANT_STAFF_TOKEN", "short")
    with pytest.raises(config.ConfigError, match="ASSISTANT_STAFF_TOKEN: 5 characters is too short"):
        config.staff_token()
    monkeypatch.setenv("ASSISTANT_STAFF_TOKEN", TOKEN)
    monkeypatch.setenv("ASSISTANT_WEB_TOKEN", TOKEN)
    with pytest.raises(config.ConfigError, match="must differ from ASSISTANT_WEB_TOKEN"):
        config.staff_token()


def rasa_app(monkeypatch: pytest.MonkeyPatch, token: str | None, cors_flag: str | None = None) -> Any:
    """Rasa's server with our channels, as `rasa run` builds it, started with or without the staff token."""
    monkeypatch.setattr(Sanic, "test_mode", True)
    if token is None:
        monkeypatch.delenv("ASSISTANT_STAFF_TOKEN", raising=False)
    else:
        monkeypatch.setenv("ASSISTANT_STAFF_TOKEN", token)
    return run.configure_app([WebChannel(), GuardedRestInput()], cors=cors_flag, enable_api=False)


def request(headers: dict[str, str], query: str = "") -> Any:
    """The parts of a Sanic request the website channel's GET routes read."""
    from urllib.parse import parse_qs

    from sanic.request import RequestParameters

    return SimpleNamespace(ip="10.0.0.9", headers={k.lower(): v for k, v in headers.items()}, get_args=lambda
                           keep_blank_values: RequestParameters(parse_qs(query, keep_blank_values=keep_blank_values)))


def route(app: Any, *path: str) -> Any:
    return app.router.routes_all.get(("webhooks", "web", *path))


def test_without_the_setting_the_route_does_not_exist_and_insights_is_an_unknown_file_404(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = rasa_app(monkeypatch, None)
    assert route(app, "insights") is None
    static = route(app, "<filename:str>")
    resp = asyncio.run(static.handler(request({"Authorization": f"Bearer {TOKEN}"}), filename="insights"))
    assert resp.status == 404 and body(resp) == {"error": "not_found"}


def test_with_the_setting_the_route_reads_the_header_and_the_store_the_command_line_reads(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ASSISTANT_TRACKER_URL", raising=False)
    monkeypatch.delenv("ASSISTANT_PG_HOST", raising=False)
    monkeypatch.setenv("ASSISTANT_TRACKER_DB", str(tmp_path / "none.sqlite"))
    app = rasa_app(monkeypatch, TOKEN)
    handler = route(app, "insights").handler
    assert asyncio.run(handler(request({}, f"token={TOKEN}"))).status == 401
    refused = asyncio.run(handler(request({"Authorization": f"Bearer {TOKEN}"}, "lang=")))
    assert refused.status == 400 and "lang: ''" in body(refused)["message"]
    twice = asyncio.run(handler(request({"Authorization": f"Bearer {TOKEN}"}, "since=3&since=4")))
    assert twice.status == 400 and "since: given 2 times" in body(twice)["message"]
    missing = asyncio.run(handler(request({"Authorization": f"Bearer {TOKEN}"}, "lang=en")))
    assert missing.status == 503  # the store the settings name (none here) is the one read


@pytest.mark.parametrize("cors_flag", [None, "*"])
def test_rasas_cors_never_answers_for_the_staff_route(monkeypatch: pytest.MonkeyPatch, cors_flag: str | None) -> None:
    app = rasa_app(monkeypatch, TOKEN, cors_flag)
    cors.keep_sanic_cors_off(app, "/webhooks/web/")  # what the website channel does when the server starts
    assert not sanic_cors_adds_headers(app, "/webhooks/web/insights")
    assert sanic_cors_preflight(app, "/webhooks/web/insights") is None
