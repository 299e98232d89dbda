"""Per-sender and per-address rate limits for the chat channels (token buckets, in memory, per process)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """`rate` requests per `per` seconds on average, bursts up to `rate`."""

    rate: float
    per: float
    clock: Callable[[], float] = time.monotonic
    _state: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str) -> float:
        """0 when allowed (and one token is used), else the seconds to wait before the next request."""
        now = self.clock()
        tokens, last = self._state.get(key, (self.rate, now))
        tokens = min(self.rate, tokens + (now - last) * self.rate / self.per)
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
    """The chat's limits: ASSISTANT_RATE_SENDER (default 20) and ASSISTANT_RATE_IP (default 60) per minute."""

    per_sender: TokenBucket = field(default_factory=lambda: TokenBucket(
        float(os.environ.get("ASSISTANT_RATE_SENDER", "20")), 60.0))
    per_address: TokenBucket = field(default_factory=lambda: TokenBucket(
        float(os.environ.get("ASSISTANT_RATE_IP", "60")), 60.0))

    def check(self, sender: str, address: str) -> float:
        """Seconds to wait (0: go ahead) for one message from `sender` at `address`."""
        wait_ip = self.per_address.take(address)
        if wait_ip:
            return wait_ip
        return self.per_sender.take(sender)
