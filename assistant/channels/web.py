"""The website channel: serves the widget and its demo pages, and relays chat messages to Rasa.

Mounted by credentials.yml at /webhooks/web/: GET widget.js, demo-da.html, demo-sv.html; POST webhook; and, only
when ASSISTANT_STAFF_TOKEN is set, GET insights (the staff report, staff.py). Request checks (size, origin
allow-list, optional token, metadata that may be stored) live in protocol.py, the CORS headers in cors.py. Who may
use it: ASSISTANT_CORS_ORIGINS (other sites) and ASSISTANT_WEB_TOKEN.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import config
from assistant.channels import cors, staff
from assistant.channels.base import SECURITY_HEADERS, GuardedChannel
from assistant.channels.handler import handle_chat
from assistant.channels.protocol import Access

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"widget.js": "application/javascript; charset=utf-8",
                "demo-da.html": "text/html; charset=utf-8",
                "demo-sv.html": "text/html; charset=utf-8"}
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
            "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def web_access() -> Access:
    """Who may use the website channel, read once when Rasa builds the routes (a bad origin stops the start)."""
    for note in config.retired_settings():
        logger.warning(note)
    return Access(origins=config.web_origins(), token=config.web_token(),
                  origins_setting="ASSISTANT_CORS_ORIGINS", token_setting="ASSISTANT_WEB_TOKEN")


class WebChannel(GuardedChannel):
    """Chat for the `<applicant-assistant>` widget on public sites and intranets."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/web/; this channel alone answers CORS for them (see cors.py)."""
        bp = self.new_blueprint()
        access = web_access()

        @bp.listener("before_server_start")
        async def own_cors(app: Any, _loop: Any) -> None:
            prefix = app.url_for(f"{bp.name}.receive").rsplit("/", 1)[0] + "/"
            if not cors.keep_sanic_cors_off(app, prefix):
                logger.warning("Rasa's Sanic-CORS not found: check that %s answers CORS preflights itself", prefix)

        @bp.route("/<filename:str>", methods=["GET"])
        async def static_file(_: Request, filename: str) -> HTTPResponse:
            if filename not in STATIC_FILES:
                return response.json({"error": "not_found"}, status=404, headers=SECURITY_HEADERS)
            headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
            if filename.endswith(".html"):
                headers["Content-Security-Policy"] = PAGE_CSP
            else:
                headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # the widget embeds on other sites
            return await response.file(STATIC_DIR / filename, mime_type=STATIC_FILES[filename], headers=headers)

        @bp.route("/webhook", methods=["OPTIONS"])
        async def preflight(request: Request) -> HTTPResponse:
            return response.empty(status=204, headers={**SECURITY_HEADERS,
                                                       **cors.preflight_headers(request.headers.get("origin"))})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            headers = {**SECURITY_HEADERS, **cors.response_headers(request.headers.get("origin"))}
            return await handle_chat(request, on_new_message, self.name(), headers, access)

        add_staff_insights(bp)
        return bp


def add_staff_insights(bp: Blueprint) -> None:
    """`GET insights` for staff, only when ASSISTANT_STAFF_TOKEN is set: without it the route does not exist and
    the static route answers 404 as for any unknown file. No CORS headers: no other site may read it."""
    token = config.staff_token()
    if not token:
        return
    from assistant.retention import store_url

    guard, url = staff.StaffGuard(token), store_url()  # the store `assistant insights` reads: the one Rasa writes

    @bp.route(staff.ROUTE, methods=["GET"])
    async def staff_insights(request: Request) -> HTTPResponse:
        address = staff.request_address(str(request.ip or ""), request.headers.get("x-forwarded-for"))
        # Every value of each parameter (Sanic's .get() would give only the first): "?lang=" and twice are refused.
        args = {name: list(values) for name, values in request.get_args(keep_blank_values=True).items()}
        return await staff.insights_page(guard, request.headers.get("authorization"), address, args,
                                         request.headers.get("accept-language"), url)
