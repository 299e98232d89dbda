"""Rate limits: bursts up to the limit, then a wait that shrinks as time passes; per-sender limits do the work,
the per-address default lets a whole intranet behind one NAT through."""

from __future__ import annotations

import random

import pytest

from assistant.channels.ratelimit import RateLimits, RateLimitSettingError, TokenBucket, client_address


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


def _default_limits(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> RateLimits:
    """The limits a deployment gets when it sets nothing, on a clock the test moves."""
    monkeypatch.delenv("ASSISTANT_RATE_SENDER", raising=False)
    monkeypatch.delenv("ASSISTANT_RATE_IP", raising=False)
    limits = RateLimits()
    limits.per_sender.clock = clock
    limits.per_address.clock = clock
    return limits


def test_a_hundred_colleagues_behind_one_address_chatting_at_a_realistic_pace_are_never_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    limits = _default_limits(monkeypatch, clock)
    rng = random.Random(14)
    next_message = {f"colleague-{i:03d}": rng.uniform(0, 5) for i in range(100)}  # they all start within 5 s
    refused = sent = 0
    while clock.now < 30 * 60:  # half an hour: read the answer and type the next question, 3-30 s
        sender, clock.now = min(next_message.items(), key=lambda item: item[1])
        sent += 1
        refused += limits.check(sender, "192.0.2.10") > 0
        next_message[sender] = clock.now + rng.uniform(3, 30)
    assert sent > 10_000
    assert refused == 0


def test_a_whole_intranet_of_2000_behind_one_address_stays_under_the_per_address_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    limits = _default_limits(monkeypatch, clock)
    senders = [f"employee-{i:04d}" for i in range(2000)]
    for second in range(0, 10 * 60, 45):  # everyone at once, one message each 45 s, for ten minutes
        for i, sender in enumerate(senders):
            clock.now = second + i * 45 / len(senders)
            assert limits.check(sender, "192.0.2.10") == 0.0, (second, sender)


def test_one_sender_flooding_is_refused_while_its_colleagues_at_the_same_address_are_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    limits = _default_limits(monkeypatch, clock)
    waits = []
    for i in range(40):  # 40 messages in 4 seconds
        clock.now = i / 10
        waits.append(limits.check("flooder-01", "192.0.2.10"))
    assert waits[:20] == [0.0] * 20 and waits[20] > 0
    assert sum(w > 0 for w in waits) >= 18  # the bucket refills one message each 3 s
    assert limits.check("colleague-1", "192.0.2.10") == 0.0


def test_the_per_address_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_RATE_IP", "5")
    clock = Clock()
    limits = RateLimits()
    limits.per_address.clock = clock
    assert [limits.check(f"sender-{i}", "192.0.2.10") for i in range(6)][-1] > 0


@pytest.mark.parametrize("value", ["sixty", "0", "-5"])
def test_a_bad_limit_setting_is_an_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ASSISTANT_RATE_IP", value)
    with pytest.raises(RateLimitSettingError, match="ASSISTANT_RATE_IP"):
        RateLimits()


def test_x_forwarded_for_counts_only_behind_our_own_proxy() -> None:
    assert client_address("198.51.100.7", "10.1.1.1", behind_our_proxy=False) == "198.51.100.7"
    assert client_address("127.0.0.1", "198.51.100.7", behind_our_proxy=True) == "198.51.100.7"


def test_behind_our_proxy_the_address_it_saw_wins_over_what_the_client_wrote() -> None:
    # nginx replaces the header with $remote_addr; if a proxy appends instead, its own entry is the last one
    assert client_address("127.0.0.1", "10.9.9.9, 198.51.100.7", behind_our_proxy=True) == "198.51.100.7"
    assert client_address("127.0.0.1", "", behind_our_proxy=True) == "127.0.0.1"
    assert client_address(None, None, behind_our_proxy=False) == "unknown"
