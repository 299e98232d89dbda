"""Whether this Rasa process can answer users: is the action server up, can the conversation store be reached.

Served at `GET /webhooks/<channel>/health` (assistant/channels/base.py) for the supervisor, Docker Compose and
Kubernetes. Readiness (the default) checks both and answers 503 only when the conversation store is out of reach:
then every turn would be refused, whereas with only the action server away the process still answers (with the
apology and contacts), so it stays in rotation. `?probe=liveness` checks nothing but that the process answers,
so a database outage never makes a supervisor restart healthy processes. Results are reused for one second, so
the route stays cheap however often it is asked.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from assistant.stores import store_reachable

CHECK_TIMEOUT = 2.0  # seconds per check: a probe must answer well within the probes' own timeouts
REUSE_SECONDS = 1.0

Status = Literal["ok", "degraded", "unavailable"]


@dataclass(frozen=True)
class Health:
    """What one health check found."""

    action_server: bool
    conversation_store: bool

    @property
    def status(self) -> Status:
        """ok: full answers; degraded: answers are apologies (action server away); unavailable: turns refused."""
        if not self.conversation_store:
            return "unavailable"
        return "ok" if self.action_server else "degraded"

    @property
    def http_status(self) -> int:
        """200 while this process can take turns, 503 when it must refuse them (readiness)."""
        return 200 if self.conversation_store else 503

    def body(self) -> dict[str, str]:
        """The JSON answer of the route."""
        def word(up: bool) -> str:
            return "reachable" if up else "unreachable"

        return {"status": self.status, "action_server": word(self.action_server),
                "conversation_store": word(self.conversation_store)}


def action_server_health_url(webhook_url: str) -> str:
    """The action server's own health route, next to the webhook Rasa calls (…/webhook → …/health)."""
    parts = urlsplit(webhook_url)
    path = parts.path.rsplit("/", 1)[0] + "/health"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


async def _action_server_up(webhook_url: str | None) -> bool:
    """One GET of the action server's /health; no action endpoint configured counts as not reachable."""
    if not webhook_url:
        return False
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(
                action_server_health_url(webhook_url)) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


async def _store_up(tracker_store: Any) -> bool:
    """One `SELECT 1` on the conversation store, off the event loop and bounded in time."""
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(None, store_reachable, tracker_store), CHECK_TIMEOUT)
    except asyncio.TimeoutError:
        return False


async def check(agent: Any) -> Health:
    """Both checks at once for the agent this process serves."""
    endpoint = getattr(agent, "action_endpoint", None)
    action_up, store_up = await asyncio.gather(_action_server_up(getattr(endpoint, "url", None)),
                                               _store_up(agent.tracker_store))
    return Health(action_server=action_up, conversation_store=store_up)


class HealthCache:
    """The last result for REUSE_SECONDS, so a burst of probes (or of strangers) costs one check."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: tuple[float, Health] | None = None

    async def get(self, run_check: Callable[[], Awaitable[Health]]) -> Health:
        """A fresh result, or the one from less than REUSE_SECONDS ago."""
        now = self._clock()
        if self._last is not None and now - self._last[0] < REUSE_SECONDS:
            return self._last[1]
        health = await run_check()
        self._last = (self._clock(), health)
        return health
