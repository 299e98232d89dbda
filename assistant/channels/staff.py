"""The staff insights page: `GET /webhooks/web/insights`, the same HTML report as `assistant insights --html`.

It exists only when ASSISTANT_STAFF_TOKEN is set (otherwise the website channel answers 404 as for any unknown
file) and answers only a request carrying `Authorization: Bearer <that token>`. Why the website channel: it
already serves pages with a Content-Security-Policy, and it alone owns CORS on its routes (cors.py keeps Rasa's
Sanic-CORS off them, even with `rasa run --cors "*"`), so no other site's page can read this one. Why a header: a
token in the address ends up in access logs, proxy logs and browser history; a cookie is sent by the browser on
its own, so any page could make a signed-in browser fetch the report (and it would need a login page).

Every decision (token, failed-attempt limit, parameters, headers) is a plain function here, tested without a
server; the report itself is built in a thread, so Rasa's event loop keeps answering chats meanwhile.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sanic import response
from sanic.response import HTTPResponse

from assistant.channels.ratelimit import TokenBucket, client_address
from assistant.insights.aggregate import DEFAULT_K
from assistant.insights.collect import StoreError
from assistant.localized import LANGUAGES, Lang

logger = logging.getLogger(__name__)
ROUTE = "/insights"
FAILED_ATTEMPTS, FAILURE_WINDOW = 10, 600.0  # per address: 10 wrong tokens, then one more a minute
MAX_SINCE_DAYS = 36_500
PARAMETERS = ("lang", "since", "k")
# The page is one file with inline CSS and SVG: it may fetch nothing, run nothing, be framed by nobody.
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
STAFF_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer",
                 "X-Content-Type-Options": "nosniff", "Content-Security-Policy": PAGE_CSP,
                 "Cross-Origin-Resource-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
HOW_TO_AUTHENTICATE = ("send the value of ASSISTANT_STAFF_TOKEN as the header 'Authorization: Bearer <token>' "
                       "(never in the address)")


class QueryError(ValueError):
    """A query parameter we cannot use; the message names it and what is expected."""


@dataclass(frozen=True)
class Query:
    """What staff asked for: the page's language, the period in days (None: everything kept) and K."""

    lang: Lang = "da"
    since: int | None = None
    k: int = DEFAULT_K


def refusal(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> HTTPResponse:
    """A JSON refusal with the staff headers: never cached, never indexed, never a stack trace."""
    return response.json({"error": code, "message": message}, status=status,
                         headers={**STAFF_HEADERS, **(headers or {})})


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme in any case), else None."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def token_matches(given: str | None, expected: str) -> bool:
    """Constant time, and hashed first so that not even the token's length shows in the timing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


@dataclass
class StaffGuard:
    """Who may read the report: the staff token, with failed attempts limited per client address."""

    token: str
    failures: TokenBucket = field(default_factory=lambda: TokenBucket(FAILED_ATTEMPTS, FAILURE_WINDOW))

    def check(self, authorization: str | None, address: str) -> HTTPResponse | None:
        """None when the request may go on; else the 429 or 401 to answer (an exhausted address is refused
        before its token is even compared, so guessing gains nothing)."""
        wait = self.failures.wait(address)
        if wait:
            return refusal(429, "too_many_attempts", "Too many wrong staff tokens from this address; try later.",
                           {"Retry-After": str(int(wait) + 1)})
        if token_matches(bearer_token(authorization), self.token):
            return None
        self.failures.take(address)
        what = "a wrong" if authorization else "no"
        return refusal(401, "unauthorised", f"{what} staff token: {HOW_TO_AUTHENTICATE}",
                       {"WWW-Authenticate": 'Bearer realm="staff insights"'})


def _single(args: Mapping[str, Sequence[str]], name: str) -> str | None:
    """The one value of parameter `name`, None when absent; QueryError when given twice."""
    values = args.get(name) or []
    if len(values) > 1:
        raise QueryError(f"{name}: given {len(values)} times; give it once")
    return values[0].strip() if values else None


def preferred_language(accept_language: str | None) -> Lang:
    """The first of da/sv/en in the browser's Accept-Language, by q-value then order; Danish otherwise."""
    choices: list[tuple[float, int, Lang]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0].lower()
        for lang in LANGUAGES:
            if primary == lang and quality > 0:
                choices.append((-quality, position, lang))
    return min(choices)[2] if choices else "da"


def _language(text: str) -> Lang:
    """`lang` as one of the report's languages, or QueryError naming them."""
    for code in LANGUAGES:
        if text.lower() == code:
            return code
    raise QueryError(f"lang: '{text[:20]}' is not a language of the report; expected da, sv or en")


def _whole_number(name: str, text: str, smallest: int, largest: int, why: str) -> int:
    """A whole number of `name` in [smallest, largest], or QueryError saying what is expected and `why`."""
    if not re.fullmatch(r"[0-9]{1,6}", text) or not smallest <= int(text) <= largest:  # ASCII digits only
        raise QueryError(f"{name}: '{text[:20]}' is not allowed; expected a whole number from {smallest} to "
                         f"{largest} ({why})")
    return int(text)


def parse_query(args: Mapping[str, Sequence[str]], accept_language: str | None = None) -> Query:
    """`lang` (da/sv/en, default from Accept-Language, else da), `since` (days) and `k` (never below the
    default: the web must not make the report less private than the command line's default)."""
    unknown = sorted(set(args) - set(PARAMETERS))
    if unknown:
        raise QueryError(f"unknown parameter {unknown[0][:40]!r}: allowed are lang, since and k"
                         + ("; the staff token is read only from the Authorization header" if
                            any("token" in u.lower() or "key" in u.lower() for u in unknown) else ""))
    lang, since, k = (_single(args, name) for name in PARAMETERS)
    return Query(
        lang=preferred_language(accept_language) if lang is None else _language(lang),
        since=None if since is None else _whole_number("since", since, 1, MAX_SINCE_DAYS, "days back from now; "
                                                        "leave it out for every stored conversation"),
        k=DEFAULT_K if k is None else _whole_number("k", k, DEFAULT_K, 1000, f"at least {DEFAULT_K} conversations "
                                                    "must share a message before it is shown"))


def report_page(url: str, query: Query) -> str:
    """The page `assistant insights --html` writes, from the store at `url` (blocking: run it in a thread)."""
    from assistant.catalogue import load
    from assistant.insights import aggregate, render_html
    from assistant.insights.collect import read

    catalogue = load()
    report = aggregate.build(read(url, query.since), k=query.k, since_days=query.since, catalogue=catalogue)
    return render_html.render(report, catalogue, query.lang)


def request_address(peer: str, forwarded_for: str | None) -> str:
    """The address failed attempts are counted for, as the chat's rate limits count it (handler.py)."""
    return client_address(peer, forwarded_for, os.environ.get("ASSISTANT_TRUSTED_PROXY") == "1")


async def insights_page(guard: StaffGuard, authorization: str | None, address: str,
                        args: Mapping[str, Sequence[str]], accept_language: str | None, store_url: str,
                        build: Callable[[str, Query], str] = report_page) -> HTTPResponse:
    """Answer one request: 429/401 before anything else, then 400 for bad parameters, then the page."""
    refused = guard.check(authorization, address)
    if refused is not None:
        return refused
    try:
        query = parse_query(args, accept_language)
    except QueryError as error:
        return refusal(400, "bad_parameter", str(error))
    try:
        page = await asyncio.get_running_loop().run_in_executor(None, build, store_url, query)
    except StoreError as error:
        logger.error("staff insights: %s", error)
        return refusal(503, "store_unavailable", "The conversation store cannot be read now; the bot's log says why.")
    except Exception:
        logger.exception("staff insights: the report could not be built")
        return refusal(500, "report_failed", "The report could not be built; the bot's log says why.")
    return response.html(page, headers=STAFF_HEADERS)
