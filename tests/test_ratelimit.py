"""Rate limits: bursts up to the limit, then a wait that shrinks as time passes."""

from __future__ import annotations

from assistant.channels.ratelimit import RateLimits, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_passes_then_the_next_waits() -> None:
    clock = Clock()
    bucket = TokenBucket(5, 60.0, clock)
    assert [bucket.take("a") for _ in range(5)] == [0.0] * 5
    assert bucket.take("a") == 12.0  # one token every 60/5 s
    clock.now = 12.0
    assert bucket.take("a") == 0.0


def test_senders_do_not_share_a_bucket() -> None:
    bucket = TokenBucket(1, 60.0, Clock())
    assert bucket.take("a") == 0.0
    assert bucket.take("b") == 0.0
    assert bucket.take("a") > 0


def test_one_address_cannot_get_around_the_limit_with_new_sender_ids() -> None:
    clock = Clock()
    limits = RateLimits(TokenBucket(20, 60.0, clock), TokenBucket(3, 60.0, clock))
    assert [limits.check(f"sender-{i}", "10.0.0.1") for i in range(3)] == [0.0] * 3
    assert limits.check("sender-99", "10.0.0.1") > 0
    assert limits.check("sender-99", "10.0.0.2") == 0.0
