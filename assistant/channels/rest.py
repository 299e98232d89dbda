"""The REST channel (/webhooks/rest/webhook) with the same guards as the website channel.

Replaces Rasa's stock `rest:` channel so `assistant chat`, `rasa shell` and API clients get the same limits,
redaction of personal identifiers, rate limits and the apology instead of silence. It is for servers and
terminals, not for browsers: pages of other sites are refused (they use the website channel), and
ASSISTANT_REST_TOKEN, if set, is required in X-Assistant-Token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import config
from assistant.channels.base import SECURITY_HEADERS, GuardedChannel
from assistant.channels.handler import handle_chat
from assistant.channels.protocol import Access


class GuardedRestInput(GuardedChannel):
    """`POST /webhooks/rest/webhook` {"sender", "message", "metadata"} -> the bot's messages."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/rest/."""
        bp = self.new_blueprint()
        access = Access(token=config.rest_token(), token_setting="ASSISTANT_REST_TOKEN")

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await handle_chat(request, on_new_message, self.name(), dict(SECURITY_HEADERS), access)

        return bp
