"""Per-sender and per-address rate limits for the chat channels (token buckets, in memory, per process).

Per-sender limits do the work: one conversation may send ASSISTANT_RATE_SENDER (20) messages a minute, far more
than a person types. The per-address limit only stops one machine that keeps inventing new conversations; a whole
municipality's intranet often reaches the bot from one address (NAT or proxy), so its default, 3 000 a minute,
is what 2 000 employees chatting at the same time at a calm pace (one message each 40 s) would send.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_PER_SENDER = 20
DEFAULT_PER_ADDRESS = 3000


class RateLimitSettingError(ValueError):
    """A rate limit variable that is not a positive number; the message names the variable."""


def _per_minute(variable: str, default: int) -> float:
    """A positive number of messages per minute from `variable`, or `default` when it is not set."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise RateLimitSettingError(f"{variable}: '{raw}' is not a positive number of messages per minute")
    return value


def client_address(peer: str | None, forwarded_for: str | None, behind_our_proxy: bool) -> str:
    """The address a limit applies to: the peer's, or the one our own proxy forwarded (it replaces the header, so
    its last entry is the one it saw). Without our proxy in front a client could pick any X-Forwarded-For."""
    if behind_our_proxy and forwarded_for:
        forwarded = forwarded_for.split(",")[-1].strip()
        if forwarded:
            return forwarded
    return peer or "unknown"


@dataclass
class TokenBucket:
    """`rate` requests per `per` seconds on average, bursts up to `rate`."""

    rate: float
    per: float
    clock: Callable[[], float] = time.monotonic
    _state: dict[str, tuple[float, float]] = field(default_factory=dict)

    def _tokens(self, key: str, now: float) -> float:
        """The tokens `key` has at `now`: what it had, refilled for the time since its last request."""
        tokens, last = self._state.get(key, (self.rate, now))
        return min(self.rate, tokens + (now - last) * self.rate / self.per)

    def wait(self, key: str) -> float:
        """Like `take` without using a token: a guard can refuse before it even looks at the request."""
        tokens = self._tokens(key, self.clock())
        return 0.0 if tokens >= 1 else (1 - tokens) * self.per / self.rate

    def take(self, key: str) -> float:
        """0 when allowed (and one token is used), else the seconds to wait before the next request."""
        now = self.clock()
        tokens = self._tokens(key, now)
        if tokens >= 1:
            self._state[key] = (tokens - 1, now)
            self._forget_idle(now)
            return 0.0
        self._state[key] = (tokens, now)
        return (1 - tokens) * self.per / self.rate

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop keys idle for longer than a full refill."""
        if len(self._state) > 10_000:
            self._state = {k: v for k, v in self._state.items() if now - v[1] < self.per}


@dataclass
class RateLimits:
    """The chat's limits: ASSISTANT_RATE_SENDER (default 20) and ASSISTANT_RATE_IP (default 3 000) per minute."""

    per_sender: TokenBucket = field(default_factory=lambda: TokenBucket(
        _per_minute("ASSISTANT_RATE_SENDER", DEFAULT_PER_SENDER), 60.0))
    per_address: TokenBucket = field(default_factory=lambda: TokenBucket(
        _per_minute("ASSISTANT_RATE_IP", DEFAULT_PER_ADDRESS), 60.0))

    def check(self, sender: str, address: str) -> float:
        """Seconds to wait (0: go ahead) for one message from `sender` at `address`."""
        wait_ip = self.per_address.take(address)
        if wait_ip:
            return wait_ip
        return self.per_sender.take(sender)
