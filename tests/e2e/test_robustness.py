"""Reliability, security and privacy of the running bot: bad input, faults, personal data, deletion.

Each bad input gets a clear short reply in the user's language (or a 4xx with a JSON error) and the
conversation goes on; identifiers never reach the stored conversation; the action server dying is answered
with an apology and the conversation continues when it is back; a broken catalogue stops the bot at start.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import BIN, QUIET, ROOT, Bot, free_port, start_action_server, start_rasa, stop, wait_until

pytestmark = pytest.mark.e2e


def post_raw(bot: Bot, body: bytes | str, content_type: str = "application/json") -> requests.Response:
    data = body.encode() if isinstance(body, str) else body
    return requests.post(bot.url, data=data, headers={"Content-Type": content_type}, timeout=30)


def reply_text(response: requests.Response) -> str:
    return "\n".join(m.get("text", "") for m in response.json())


BAD_MESSAGES = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "control characters": "hej\x00\x07\x1b[31m med dig\x7f",
    "emoji only": "😀🎉🙈",
    "html/script": "<script>alert('x')</script><b>hej</b>",
    "sql-ish": "'; DROP TABLE events; --",
    "mixed scripts": "Привет こんにちは مرحبا kan vi søge?",
    "another language": "Können wir uns für das Förderprogramm bewerben?",
    "very long word": "a" * 1999,
}


@pytest.mark.parametrize("kind", list(BAD_MESSAGES))
def test_odd_messages_get_a_short_clear_reply_and_the_conversation_goes_on(bot: Bot, sender: str, kind: str) -> None:
    response = requests.post(bot.url, json={"sender": sender, "message": BAD_MESSAGES[kind],
                                            "metadata": {"language": "da"}}, timeout=30)
    assert response.status_code == 200
    text = reply_text(response)
    assert text.strip(), f"no reply to {kind}"
    assert "<script" not in text and "DROP TABLE" not in text  # never echoed back
    assert "350.000 kr." in bot.text(sender, "hvor meget kan man søge i AI-puljen?")


@pytest.mark.parametrize(("kind", "body", "status"), [
    ("invalid json", "{not json", 400),
    ("not an object", "[1, 2, 3]", 400),
    ("wrong field types", '{"sender": 12, "message": ["a"]}', 400),
    ("missing message", '{"sender": "test-0123456789"}', 400),
    ("20 000 characters", '{"sender": "test-0123456789", "message": "' + "x" * 20_000 + '"}', 413),
    ("oversized body", '{"sender": "test-0123456789", "message": "hi", "pad": "' + "y" * 100_000 + '"}', 413),
])
def test_malformed_requests_get_a_4xx_with_a_json_error(bot: Bot, kind: str, body: str, status: int) -> None:
    response = post_raw(bot, body)
    assert response.status_code == status, kind
    error = response.json()
    assert error["error"] and error["message"]


@given(st.text(max_size=300))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_messages_always_get_an_answer(bot: Bot, text: str) -> None:
    response = requests.post(bot.url, json={"sender": f"fuzz-{uuid.uuid4().hex[:12]}", "message": text}, timeout=30)
    assert response.status_code == 200
    assert any(m.get("text") for m in response.json())


def stored_text(db: Path, sender: str) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(str(row[0]) for row in conn.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)))


IDENTIFIERS = ["010190-1234", "19900101-1234", "900161-5678", "anna.bjorn@kommune.dk", "+46 70 123 45 67",
               "12 34 56 78"]


def test_identifiers_are_removed_before_storage_and_the_user_is_told(bot: Bot, sender: str) -> None:
    replies = [bot.text(sender, message, "da") for message in (
        "mit cpr er 010190-1234, kan jeg søge AI-puljen?", "mit svenske personnummer er 19900101-1234",
        "samordningsnummer 900161-5678", "skriv til anna.bjorn@kommune.dk", "ring +46 70 123 45 67",
        "eller 12 34 56 78")]
    notices = ("fjernet personoplysninger", "tog bort personuppgifter", "removed personal information")
    assert all(any(n in r for n in notices) for r in replies), replies
    stored = stored_text(bot.db, sender)
    assert stored, "the conversation should be stored"
    assert [i for i in IDENTIFIERS if i in stored] == []
    assert "[cpr]" in stored and "[email]" in stored
    logs = "\n".join(path.read_text(errors="replace") for path in bot.logs.values())
    assert [i for i in IDENTIFIERS if i in logs] == []  # nor in the logs of Rasa or the action server


def test_delete_my_conversation_really_deletes_it(bot: Bot, sender: str) -> None:
    bot.text(sender, "hvornår er fristen for AI-puljen?", "da")
    assert stored_text(bot.db, sender)
    reply = bot.text(sender, "slet min samtale")
    assert "slettet" in reply
    assert stored_text(bot.db, sender) == ""  # type: ignore[attr-defined]
    assert "Jeg kender disse programmer" in bot.text(sender, "hvornår er fristen?")  # no programme remembered


def test_sending_too_fast_gets_a_friendly_429(bot: Bot, sender: str) -> None:
    statuses = [requests.post(bot.url, json={"sender": sender, "message": "hej"}, timeout=30) for _ in range(25)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "20 messages a minute per sender is the default limit"
    assert limited[0].headers["Retry-After"].isdigit()
    assert "wait" in limited[0].json()["message"] or "Vent" in limited[0].json()["message"]


def test_only_the_chat_is_reachable(bot: Bot) -> None:
    base = bot.url.replace("/webhooks/rest/webhook", "")
    assert requests.get(f"{base}/status", timeout=10).status_code == 404  # the HTTP API is off
    assert requests.get(f"{base}/conversations/x/tracker", timeout=10).status_code == 404
    assert requests.post(f"{base}/model/parse", json={"text": "hej"}, timeout=10).status_code == 404
    with pytest.raises(requests.ConnectionError):  # the action server listens on 127.0.0.1 only
        requests.get(bot.action_url.replace("127.0.0.1", _non_loopback_address()) + "/health", timeout=3)


def _non_loopback_address() -> str:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            pytest.skip("no non-loopback address to test the action server's binding from")
    return "0.0.0.0"


@pytest.fixture()
def fragile_bot(tmp_path: Path) -> Iterator[Bot]:
    """A bot with its own action server that the test may kill and restart."""
    from tests.e2e.conftest import ensure_model

    model = ensure_model()
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
           "ASSISTANT_TRACKER_DB": str(tmp_path / "conversations.sqlite"), "ASSISTANT_ACTION_TIMEOUT": "5"}
    bot = Bot(url=f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", action_url=f"http://127.0.0.1:{action_port}",
              logs={"actions": tmp_path / "actions.log", "rasa": tmp_path / "rasa.log"})

    def start_actions() -> None:
        bot.processes["actions"] = start_action_server(action_port, env, bot.logs["actions"])
        wait_until(lambda: requests.get(f"{bot.action_url}/health", timeout=2).ok, 60, "action server",
                   bot.processes["actions"])

    start_actions()
    bot.processes["rasa"] = start_rasa(rasa_port, model, env, bot.logs["rasa"])
    wait_until(lambda: requests.post(bot.url, json={"sender": "probe-000000", "message": "/greet"}, timeout=10).ok,
               180, "rasa", bot.processes["rasa"])
    bot.start_actions = start_actions  # type: ignore[attr-defined]
    yield bot
    for process in bot.processes.values():
        stop(process)


def test_action_server_down_gets_an_apology_and_the_conversation_continues(fragile_bot: Bot) -> None:
    sender = f"test-{uuid.uuid4().hex[:10]}"
    assert "lukkede den 30. oktober 2020" in fragile_bot.text(sender, "hvornår er fristen for AI-puljen?", "da")
    stop(fragile_bot.processes["actions"])
    started = time.time()
    apology = fragile_bot.text(sender, "hvor meget kan man søge?")
    assert time.time() - started < 20
    assert "Undskyld, jeg kan ikke svare lige nu" in apology and "+46 8 473 30 89" in apology
    fragile_bot.start_actions()  # type: ignore[attr-defined]
    assert "350.000 kr." in fragile_bot.text(sender, "hvor meget kan man søge?")  # still about AI-puljen


def test_a_broken_catalogue_stops_the_bot_at_start_naming_file_and_field(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    broken = data / "programmes" / "regionsthlm-innovationsfond-2024.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("closes: 2024-02-02", "closes: 2024-02-31"),
                      encoding="utf-8")
    env = {**os.environ, **QUIET, "ASSISTANT_DATA_DIR": str(data), "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook",
           "ASSISTANT_TRACKER_DB": str(tmp_path / "c.sqlite")}
    for argv in ([str(BIN / "rasa"), "run", "actions", "--port", str(free_port()), "--actions", "actions"],
                 [str(BIN / "rasa"), "run", "--model", str(ROOT / "models" / "assistant.tar.gz"), "--port",
                  str(free_port()), "-i", "127.0.0.1", "--credentials", "credentials.yml",
                  "--endpoints", "endpoints.yml"]):
        result = subprocess.run(argv, cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"}, capture_output=True,
                                text=True, timeout=180, check=False)
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "regionsthlm-innovationsfond-2024.yml" in output and "periods[1].closes" in output



def test_a_hanging_action_server_gets_an_apology_within_the_bound(tmp_path: Path) -> None:
    """An action server that accepts connections but never answers: the user still hears back in time."""
    import socket
    import threading

    from tests.e2e.conftest import ensure_model

    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(64)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: [accepted.append(hole.accept()[0]) for _ in iter(int, 1)], daemon=True).start()
    port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25", "ASSISTANT_ACTION_TIMEOUT": "4",
           "ASSISTANT_REPLY_TIMEOUT": "8", "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{hole.getsockname()[1]}/webhook",
           "ASSISTANT_TRACKER_DB": str(tmp_path / "c.sqlite")}
    rasa = start_rasa(port, ensure_model(), env, tmp_path / "rasa.log")
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    try:
        wait_until(lambda: requests.get(url.rsplit("/", 1)[0] + "/", timeout=5).ok, 180, "rasa", rasa)
        started = time.time()
        response = requests.post(url, json={"sender": "slow-0123456789", "message": "hvornår er fristen for AI-puljen?",
                                            "metadata": {"language": "da"}}, timeout=60)
        elapsed = time.time() - started
        assert response.status_code == 200
        assert "Undskyld, jeg kan ikke svare lige nu" in reply_text(response)
        assert elapsed < 12, f"the apology took {elapsed:.1f} s"
    finally:
        stop(rasa)
        for conn in accepted:
            conn.close()
        hole.close()
