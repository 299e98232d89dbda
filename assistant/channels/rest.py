"""The REST channel (/webhooks/rest/webhook) with the same guards as the website channel.

Replaces Rasa's stock `rest:` channel so `assistant chat`, `rasa shell` and API clients get the same limits,
redaction of personal identifiers, rate limits and the apology instead of silence.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.catalogue import load
from assistant.channels.handler import bound_action_server_wait, handle_chat
from assistant.channels.web import SECURITY_HEADERS


class GuardedRestInput(InputChannel):
    """`POST /webhooks/rest/webhook` {"sender", "message", "metadata"} -> the bot's messages."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        """Called once when Rasa starts: a broken catalogue stops it here, naming file and field."""
        load()
        bound_action_server_wait()
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/rest/."""
        bp = Blueprint("applicant_assistant_rest", inspect.getmodule(self).__name__)  # type: ignore[union-attr]

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"}, headers=SECURITY_HEADERS)

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await handle_chat(request, on_new_message, self.name(), dict(SECURITY_HEADERS))

        return bp
