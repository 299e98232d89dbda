"""What the website channel accepts: plain Python checks of one chat request, with errors in the user's language.

The channels (assistant/channels/web.py, rest.py) only move bytes; every decision about a request is made here,
so it can be tested without a server: size and length limits, the sender id, the channel's optional shared token,
its origin allow-list, and which metadata may reach the conversation (the signed-in user's department never does).
"""

from __future__ import annotations

import hmac
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from assistant.localized import Lang, as_lang

MAX_MESSAGE_CHARS = int(os.environ.get("ASSISTANT_MAX_MESSAGE_CHARS", "2000"))
MAX_BODY_BYTES = int(os.environ.get("ASSISTANT_MAX_BODY_BYTES", "16384"))
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,80}$")
# Metadata the conversation may keep; anything else (e.g. department) is used for this request only.
KEPT_METADATA = ("language", "page", "programme")

_ERRORS: dict[str, dict[str, str]] = {
    "bad_json": {"da": "Beskeden kunne ikke læses.", "sv": "Meddelandet kunde inte läsas.",
                 "en": "The message could not be read."},
    "bad_field": {"da": "Beskeden mangler noget eller har et forkert felt.",
                  "sv": "Meddelandet saknar något eller har ett felaktigt fält.",
                  "en": "The message is missing something or has a wrong field."},
    "too_large": {"da": "Beskeden er for lang.", "sv": "Meddelandet är för långt.", "en": "The message is too long."},
    "forbidden": {"da": "Denne side må ikke bruge assistenten.", "sv": "Den här sidan får inte använda assistenten.",
                  "en": "This page may not use the assistant."},
    "unauthorised": {"da": "Adgangsnøglen til assistenten mangler eller er forkert.",
                     "sv": "Åtkomstnyckeln till assistenten saknas eller är fel.",
                     "en": "The access key for the assistant is missing or wrong."},
}


@dataclass(frozen=True)
class ChannelError(Exception):
    """A request we refuse: HTTP status, a code, and a short message in the user's language."""

    status: int
    code: str
    lang: Lang = "en"
    detail: str = ""

    def body(self) -> dict[str, str]:
        """The JSON error body."""
        return {"error": self.code, "message": _ERRORS[self.code][self.lang], **({"detail": self.detail}
                                                                               if self.detail else {})}


@dataclass(frozen=True)
class ChatRequest:
    """One accepted chat message."""

    sender: str
    message: str
    metadata: Mapping[str, Any] = field(default_factory=dict)  # only what may be stored
    transient: Mapping[str, Any] = field(default_factory=dict)  # for this request only (department)

    @property
    def lang(self) -> Lang:
        """The page language the widget sent, if any (for error messages before NLU)."""
        return as_lang(self.metadata.get("language"), default="en")


@dataclass(frozen=True)
class Access:
    """Who may use one channel: other origins besides the bot's own, and the shared token (empty: none).

    The setting names go into the refusal's `detail`, so whoever reads it knows what to change.
    """

    origins: tuple[str, ...] = ()
    token: str = ""
    origins_setting: str = ""  # empty: the channel takes no browser requests from other sites
    token_setting: str = ""


def origin_allowed(origin: str | None, host: str | None, allowed: tuple[str, ...]) -> bool:
    """Same-origin requests (or none, e.g. curl) always; other origins only when listed ("*" allows all)."""
    if not origin:
        return True
    if "*" in allowed or origin.rstrip("/").lower() in allowed:
        return True
    return bool(host) and urlsplit(origin).netloc == host


def token_ok(given: str | None, expected: str) -> bool:
    """With a token configured, the request must carry the same token (compared in constant time)."""
    if not expected:
        return True
    return hmac.compare_digest((given or "").encode(), expected.encode())


def _clean_text(text: str) -> str:
    """Drop control characters (except newlines and tabs) and trim."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0)).strip()


def parse_request(body: bytes, origin: str | None = None, host: str | None = None,
                  token: str | None = None, access: Access = Access()) -> ChatRequest:
    """Accept one chat request or raise ChannelError; never raises anything else."""
    if len(body) > MAX_BODY_BYTES:
        raise ChannelError(413, "too_large", detail=f"at most {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ChannelError(400, "bad_json", detail="expected a JSON object") from None
    if not isinstance(data, dict):
        raise ChannelError(400, "bad_json", detail="expected a JSON object")
    raw_meta = data.get("metadata") or {}
    if not isinstance(raw_meta, dict):
        raise ChannelError(400, "bad_field", detail="metadata must be an object")
    lang = as_lang(raw_meta.get("language"), default="en")
    if not origin_allowed(origin, host, access.origins):
        where = (f"add {origin} to {access.origins_setting}" if access.origins_setting
                 else "this channel takes no requests from other sites' pages; use the website channel")
        raise ChannelError(403, "forbidden", lang, detail=f"origin {origin} not allowed: {where}")
    if not token_ok(token, access.token):
        what = "a wrong" if token else "no"
        raise ChannelError(401, "unauthorised", lang,
                           detail=f"{what} X-Assistant-Token: send the value of {access.token_setting}")
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise ChannelError(400, "bad_field", lang, detail="sender: 8-80 characters of A-Z a-z 0-9 _ . : -")
    if not isinstance(message, str):
        raise ChannelError(400, "bad_field", lang, detail="message must be text")
    if len(message) > MAX_MESSAGE_CHARS:
        raise ChannelError(413, "too_large", lang, detail=f"at most {MAX_MESSAGE_CHARS} characters")
    metadata = {k: str(raw_meta[k])[:500] for k in KEPT_METADATA if isinstance(raw_meta.get(k), str)}
    if "page" in metadata:
        metadata["page"] = page_without_query(metadata["page"])
    transient = {"department": str(raw_meta["department"])[:200]} if isinstance(raw_meta.get("department"), str) else {}
    return ChatRequest(sender, _clean_text(message), metadata, transient)


def page_without_query(page: str) -> str:
    """The page's address without query or fragment: "?user=…" may identify a person, the path does not."""
    parts = urlsplit(page)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
