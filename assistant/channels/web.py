"""The website channel: serves the widget and its demo pages, and relays chat messages to Rasa.

Mounted by credentials.yml at /webhooks/web/: GET widget.js, demo-da.html, demo-sv.html; POST webhook.
Request checks (size, origin allow-list, optional token, metadata that may be stored) live in protocol.py.
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

from assistant.channels.base import SECURITY_HEADERS, GuardedChannel
from assistant.channels.handler import handle_chat
from assistant.channels.protocol import allowed_origins, origin_allowed

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"widget.js": "application/javascript; charset=utf-8",
                "demo-da.html": "text/html; charset=utf-8",
                "demo-sv.html": "text/html; charset=utf-8"}
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
            "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _cors_headers(request: Request) -> dict[str, str]:
    """CORS headers for an allowed cross-origin caller (none for same-origin requests)."""
    origin = request.headers.get("origin")
    if not origin or not origin_allowed(origin, request.host, allowed_origins()):
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Allow-Headers": "Content-Type, X-Assistant-Token",
            "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Max-Age": "600"}


class WebChannel(GuardedChannel):
    """Chat for the `<applicant-assistant>` widget on public sites and intranets."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/web/."""
        bp = self.new_blueprint()

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
            headers = _cors_headers(request)
            return response.empty(status=204 if headers else 403, headers={**SECURITY_HEADERS, **headers})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            headers = {**SECURITY_HEADERS, **_cors_headers(request),
                       "Access-Control-Expose-Headers": "Retry-After"}
            return await handle_chat(request, on_new_message, self.name(), headers)

        return bp
