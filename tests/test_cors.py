"""The website channel alone answers CORS for its routes: Rasa's own Sanic-CORS is kept off them.

These tests build Rasa's real app (as `rasa run` does, with and without `--cors`) and call Sanic-CORS's own
middleware on it, so they fail if Rasa or Sanic-CORS change the mechanism the channel relies on. That a
browser accepts the result is shown in tests/e2e/test_embedding_browser.py.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core import run
from sanic import Sanic, response
from sanic_cors.extension import unapplied_cors_request_middleware, unapplied_cors_response_middleware

from assistant.channels import cors
from assistant.channels.rest import GuardedRestInput
from assistant.channels.web import WebChannel

WEBHOOK = "/webhooks/web/webhook"
ORIGIN = "https://www.kommune.example"


@pytest.fixture(autouse=True)
def _several_apps_of_one_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sanic refuses a second app named like the first, except in its test mode."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def rasa_app(cors_flag: str | None) -> Any:
    """Rasa's server without the HTTP API, with our two channels, as `rasa run [--cors ...]` builds it."""
    return run.configure_app([WebChannel(), GuardedRestInput()], cors=cors_flag, enable_api=False)


def request(method: str, path: str) -> Any:
    """The parts of a Sanic request that Sanic-CORS reads."""
    return SimpleNamespace(method=method, path=path, ctx=SimpleNamespace(),
                           headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})


def sanic_cors_preflight(app: Any, path: str) -> Any:
    """What Sanic-CORS answers to a preflight before any route runs (None: the route answers)."""
    return unapplied_cors_request_middleware(request("OPTIONS", path), context=app.ctx.sanic_cors)


def sanic_cors_adds_headers(app: Any, path: str) -> bool:
    """Whether Sanic-CORS adds its own Access-Control-Allow-Origin to a route's response."""
    resp = response.json([])
    asyncio.run(unapplied_cors_response_middleware(request("POST", path), resp, context=app.ctx.sanic_cors))
    return "Access-Control-Allow-Origin" in resp.headers


@pytest.mark.parametrize("cors_flag", [None, "*"])
def test_rasa_answers_the_website_channels_preflight_itself_until_the_channel_takes_it(cors_flag: str | None) -> None:
    app = rasa_app(cors_flag)
    answered = sanic_cors_preflight(app, WEBHOOK)
    assert answered is not None and answered.status == 200  # the bug: a 200 before our route is ever asked
    assert cors.keep_sanic_cors_off(app, "/webhooks/web/")
    assert sanic_cors_preflight(app, WEBHOOK) is None


def test_with_rasas_cors_flag_the_headers_would_be_doubled_unless_the_channel_takes_its_routes() -> None:
    app = rasa_app("*")
    assert sanic_cors_adds_headers(app, WEBHOOK)  # on top of the channel's own: the header twice
    cors.keep_sanic_cors_off(app, "/webhooks/web/")
    assert not sanic_cors_adds_headers(app, WEBHOOK)
    assert not sanic_cors_adds_headers(app, "/webhooks/web/widget.js")


def test_routes_outside_the_website_channel_keep_rasas_cors_handling() -> None:
    app = rasa_app("*")
    cors.keep_sanic_cors_off(app, "/webhooks/web/")
    assert sanic_cors_adds_headers(app, "/webhooks/rest/webhook")
    assert sanic_cors_adds_headers(app, "/")
    assert sanic_cors_preflight(app, "/webhooks/rest/webhook") is not None


def test_an_app_without_sanic_cors_is_reported() -> None:
    assert not cors.keep_sanic_cors_off(SimpleNamespace(ctx=SimpleNamespace()), "/webhooks/web/")


def test_answers_to_a_page_name_its_origin_once_and_vary_on_origin() -> None:
    assert cors.response_headers(ORIGIN) == {"Vary": "Origin", "Access-Control-Allow-Origin": ORIGIN,
                                             "Access-Control-Expose-Headers": "Retry-After"}
    assert cors.response_headers(None) == {"Vary": "Origin"}
    preflight = cors.preflight_headers(ORIGIN)
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Assistant-Token" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Allow-Methods"] == "POST"
