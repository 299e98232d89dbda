"""The health route's verdicts: what each combination of reachable dependencies means for users and probes.
(The route itself is exercised against running processes in tests/e2e/test_supervision.py and tests/scaled.)"""

from __future__ import annotations

import asyncio

import pytest

from assistant.channels.health import Health, HealthCache, action_server_health_url


def test_everything_reachable_is_ok_and_ready() -> None:
    health = Health(action_server=True, conversation_store=True)
    assert (health.status, health.http_status) == ("ok", 200)
    assert health.body() == {"status": "ok", "action_server": "reachable", "conversation_store": "reachable"}


def test_without_the_action_server_the_process_stays_ready_because_it_still_answers_with_the_apology() -> None:
    health = Health(action_server=False, conversation_store=True)
    assert (health.status, health.http_status) == ("degraded", 200)
    assert health.body()["action_server"] == "unreachable"


@pytest.mark.parametrize("action_server", [True, False])
def test_without_the_conversation_store_the_process_is_not_ready(action_server: bool) -> None:
    health = Health(action_server=action_server, conversation_store=False)
    assert (health.status, health.http_status) == ("unavailable", 503)
    assert health.body()["conversation_store"] == "unreachable"


@pytest.mark.parametrize(("webhook", "health"), [
    ("http://127.0.0.1:5055/webhook", "http://127.0.0.1:5055/health"),
    ("http://assistant-actions:5055/webhook", "http://assistant-actions:5055/health"),
    ("https://actions.example/bot/webhook?x=1", "https://actions.example/bot/health"),
])
def test_the_action_server_is_checked_on_its_own_health_route_next_to_its_webhook(webhook: str, health: str) -> None:
    assert action_server_health_url(webhook) == health


def test_probes_within_a_second_share_one_check_and_later_ones_check_again() -> None:
    now = [100.0]
    cache = HealthCache(clock=lambda: now[0])
    calls = []

    async def run_check() -> Health:
        calls.append(now[0])
        return Health(action_server=len(calls) == 1, conversation_store=True)

    async def probes() -> list[str]:
        statuses = []
        for t in (100.0, 100.3, 100.9, 101.2):
            now[0] = t
            statuses.append((await cache.get(run_check)).status)
        return statuses

    assert asyncio.run(probes()) == ["ok", "ok", "ok", "degraded"]
    assert calls == [100.0, 101.2]
