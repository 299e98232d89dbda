"""The website channel's CORS headers, and the one place that keeps Rasa's own CORS handling off its routes.

Rasa puts Sanic-CORS on every route of its server (`rasa.server.configure_cors`, called with or without
`--cors`). Without `--cors` it answers every preflight `OPTIONS` itself, with 200 and no
`Access-Control-Allow-Origin`; with `--cors` it adds a second copy of the headers to the channel's own. Chromium
refuses both, so no message from a page of another site ever got through. The channel therefore takes its
routes out of Sanic-CORS when the server starts and answers preflights and requests itself, headers once.

The policy: ASSISTANT_CORS_ORIGINS decides, and it is checked on every message (protocol.py), not in the
preflight. The preflight lets any page ask, so that every answer, a refusal included, reaches the page readably:
the widget can then say "this page may not use the assistant" instead of retrying as if the bot were down.
"""

from __future__ import annotations

import re
from typing import Any

# What the widget sends besides simple headers, and what it reads from a response.
ALLOW_HEADERS = "Content-Type, X-Assistant-Token"
EXPOSE_HEADERS = "Retry-After"


def response_headers(origin: str | None) -> dict[str, str]:
    """Headers for an answer to a page: readable by that page (its origin echoed); caches keyed on Origin."""
    headers = {"Vary": "Origin"}
    if origin:
        headers.update({"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS})
    return headers


def preflight_headers(origin: str | None) -> dict[str, str]:
    """Headers for the answer to a preflight: a POST with JSON and the token header may be sent."""
    headers = {"Vary": "Origin"}
    if origin:
        headers.update({"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": "POST",
                        "Access-Control-Allow-Headers": ALLOW_HEADERS, "Access-Control-Max-Age": "600"})
    return headers


def _without(prefix: str, pattern: Any) -> re.Pattern[str]:
    """Sanic-CORS's resource `pattern` (a regex, a regex-like string or a plain path) minus paths under `prefix`."""
    if isinstance(pattern, re.Pattern):
        source, flags = pattern.pattern, pattern.flags
    elif any(c in pattern for c in "*\\]?"):  # how Sanic-CORS tells a regex from a plain path (probably_regex)
        source, flags = pattern, re.IGNORECASE
    else:
        source, flags = re.escape(pattern) + r"\Z", re.IGNORECASE
    return re.compile(f"(?!{re.escape(prefix)})(?:{source})", flags)


def keep_sanic_cors_off(app: Any, prefix: str) -> bool:
    """Take every path under `prefix` out of Rasa's Sanic-CORS resources; False if Sanic-CORS is not there.

    Sanic-CORS reads `app.ctx.sanic_cors.resources` on every request (its preflight answer, its response
    headers and its error handler), so a path no resource matches is left entirely to the route.
    """
    context = getattr(app.ctx, "sanic_cors", None)
    if context is None or not hasattr(context, "resources"):
        return False
    context.resources = [(_without(prefix, pattern), options) for pattern, options in context.resources]
    return True
