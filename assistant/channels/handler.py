"""One chat turn through a guarded channel: checks, redaction, a bounded wait, and never silence.

Shared by the website channel and the REST channel:
1. refuse malformed, oversized, foreign-origin or unauthorised requests with a JSON 4xx (protocol.py);
2. rate-limit per sender and per address, with a friendly 429;
3. remove CPR/personnummer, e-mail and phone numbers before Rasa sees (and stores or logs) anything;
4. wait at most ASSISTANT_REPLY_TIMEOUT seconds; the turn goes on in the background and is kept;
5. if nothing came back (action server down or slow), apologise in the user's language with contacts;
6. after a "delete my conversation" turn, delete the stored conversation (outside the turn, as it must be).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import texts
from assistant.catalogue import load
from assistant.channels.protocol import Access, ChannelError, ChatRequest, parse_request
from assistant.channels.ratelimit import RateLimits, client_address
from assistant.insights import deletions
from assistant.localized import Lang, as_lang
from assistant.privacy import redact
from assistant.replies import unavailable
from assistant.stores import fell_back, store_reachable

logger = logging.getLogger(__name__)
DELETE_MARKER = "delete_conversation"
REPLY_TIMEOUT = float(os.environ.get("ASSISTANT_REPLY_TIMEOUT", "15"))
ACTION_TIMEOUT = float(os.environ.get("ASSISTANT_ACTION_TIMEOUT", "10"))
_RATE_LIMITS = RateLimits()
_LAST_LANGUAGE: dict[str, Lang] = {}  # per conversation, for messages when the store itself is down
_BACKGROUND: set[asyncio.Task[Any]] = set()


def bound_action_server_wait() -> None:
    """Rasa waits 300 s (hard-coded) for the action server; wait ASSISTANT_ACTION_TIMEOUT seconds instead."""
    import rasa.core.actions.action as rasa_action
    import rasa.utils.endpoints as rasa_endpoints

    rasa_action.DEFAULT_REQUEST_TIMEOUT = int(ACTION_TIMEOUT)
    rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = int(ACTION_TIMEOUT)


async def _conversation_language(request: Request, chat: ChatRequest) -> Lang:
    """The conversation's language slot if the store has one, else the page language the client sent."""
    try:
        tracker = await request.app.ctx.agent.tracker_store.retrieve(chat.sender)
        slot = tracker.get_slot("language") if tracker else None
    except Exception:  # the store may be the very thing that is down
        slot = None
    return as_lang(slot or chat.metadata.get("language"), default="en")


async def delete_conversation(request: Request, sender: str) -> None:
    """Remove every stored event of `sender`, holding the conversation's lock."""
    agent = request.app.ctx.agent
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)  # unwrap FailSafeTrackerStore
    async with agent.lock_store.lock(sender):
        if hasattr(store, "session_scope") and hasattr(store, "SQLEvent"):
            with store.session_scope() as session:
                removed = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).delete()
                session.commit()
            if removed:  # counted per day for `assistant insights`, never who; after the deletion, which never waits
                try:
                    with store.engine.begin() as connection:
                        deletions.record(connection, "user", 1)
                except Exception:
                    logger.warning("delete_conversation: the deletion was done but could not be counted")
        elif hasattr(store, "store") and isinstance(store.store, dict):
            store.store.pop(sender, None)
        else:
            logger.error("delete_conversation: unsupported tracker store %s", type(store).__name__)


def _storage_down(chat: ChatRequest, headers: dict[str, str]) -> HTTPResponse:
    """503 with a clear message: the widget keeps the message and retries; nothing goes to a memory copy."""
    logger.error("conversation database unreachable: refusing the turn instead of answering from memory")
    lang = _LAST_LANGUAGE.get(chat.sender, chat.lang)
    return response.json({"error": "storage_unavailable", "message": texts.t(lang, "chat.storage_down")},
                         status=503, headers={**headers, "Retry-After": "5"})


def _client_address(request: Request) -> str:
    """The client's address; X-Forwarded-For only counts behind our own proxy (ASSISTANT_TRUSTED_PROXY=1)."""
    return client_address(str(request.ip or ""), request.headers.get("x-forwarded-for"),
                          os.environ.get("ASSISTANT_TRUSTED_PROXY") == "1")


async def handle_chat(request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]], channel: str,
                      extra_headers: dict[str, str], access: Access) -> HTTPResponse:
    """Run one guarded chat turn and return the bot's messages as JSON."""
    try:
        chat = parse_request(request.body or b"", request.headers.get("origin"), request.host,
                             request.headers.get("x-assistant-token"), access)
    except ChannelError as error:
        return response.json(error.body(), status=error.status, headers=extra_headers)
    wait = _RATE_LIMITS.check(chat.sender, _client_address(request))
    if wait:  # in the conversation's language once known: a flooding sender rarely repeats the page's metadata
        text = texts.t(_LAST_LANGUAGE.get(chat.sender, chat.lang), "chat.rate_limited", seconds=int(wait) + 1)
        return response.json({"error": "rate_limited", "message": text}, status=429,
                             headers={**extra_headers, "Retry-After": str(int(wait) + 1)})
    store = request.app.ctx.agent.tracker_store
    if not store_reachable(store):
        return _storage_down(chat, extra_headers)
    cleaned = redact(chat.message)
    metadata = {k: redact(str(v)).text for k, v in chat.metadata.items()}
    if not cleaned.text:
        return response.json([{"recipient_id": chat.sender, "text": texts.t(chat.lang, "chat.empty_message")}],
                             headers=extra_headers)
    collector = CollectingOutputChannel()
    turn = asyncio.ensure_future(on_new_message(UserMessage(
        cleaned.text, collector, chat.sender, input_channel=channel, metadata=metadata)))
    _BACKGROUND.add(turn)
    turn.add_done_callback(_BACKGROUND.discard)
    try:
        await asyncio.wait_for(asyncio.shield(turn), timeout=REPLY_TIMEOUT)
    except asyncio.TimeoutError:
        logger.warning("turn of a conversation took longer than %.0f s; answered with an apology", REPLY_TIMEOUT)
    except Exception:
        logger.exception("turn failed")
    if turn.done() and fell_back(store, chat.sender):
        return _storage_down(chat, extra_headers)
    messages = [m for m in collector.messages if not (m.get("custom") or {}).get(DELETE_MARKER)]
    replied = any(m.get("text") or m.get("buttons") for m in messages)
    if cleaned.changed or not replied:  # only then do we need the conversation's language (one store read)
        lang = await _conversation_language(request, chat)
        _LAST_LANGUAGE[chat.sender] = lang
    else:
        lang = _LAST_LANGUAGE.setdefault(chat.sender, chat.lang)
    if len(_LAST_LANGUAGE) > 50_000:
        _LAST_LANGUAGE.clear()
    if cleaned.changed:
        kinds = ", ".join(str(texts.raw(lang, f"chat.identifier.{k}")) for k in cleaned.kinds)
        messages.insert(0, {"recipient_id": chat.sender, "text": texts.t(lang, "chat.redacted", kinds=kinds)})
    if not replied:
        messages.append({"recipient_id": chat.sender, "text": unavailable(load(), lang)})
    if any((m.get("custom") or {}).get(DELETE_MARKER) for m in collector.messages):
        await turn
        await delete_conversation(request, chat.sender)
    return response.json(messages, headers=extra_headers)
