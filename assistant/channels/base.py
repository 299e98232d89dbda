"""What both chat channels share: start-up checks, the health routes and the security headers."""

from __future__ import annotations

import inspect
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.catalogue import load
from assistant.channels.handler import bound_action_server_wait
from assistant.channels.health import HealthCache, check

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


class GuardedChannel(InputChannel):
    """Base of our channels; subclasses add their routes to `new_blueprint()`."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedChannel:
        """Called once when Rasa starts: a broken catalogue stops it here, naming file and field."""
        load()
        bound_action_server_wait()
        return cls()

    def new_blueprint(self) -> Blueprint:
        """A blueprint under /webhooks/<name>/ with `GET /` ({"status": "ok"}) and `GET /health` (health.py)."""
        bp = Blueprint(f"applicant_assistant_{self.name()}", inspect.getmodule(self).__name__)  # type: ignore[union-attr]
        cache = HealthCache()

        @bp.route("/", methods=["GET"])
        async def alive(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"}, headers=SECURITY_HEADERS)

        @bp.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
            if request.args.get("probe") == "liveness":
                return response.json({"status": "alive"}, headers=headers)
            result = await cache.get(lambda: check(request.app.ctx.agent))
            return response.json(result.body(), status=result.http_status, headers=headers)

        return bp
