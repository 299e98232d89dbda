"""`make run` as a user meets it: scripts/run.sh under supervisord on free ports, with the default limits.

A killed action server is apologised for, restarted by the supervisor and answering form questions again within
60 s; a hung Rasa process is restarted by its health check; a hundred colleagues behind one address are never
refused while one flooding sender is, in its language; Ctrl-C leaves no process behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests

from assistant import texts
from assistant.catalogue import load
from assistant.replies import unavailable
from tests.e2e.conftest import QUIET, ROOT, ensure_model, free_port, wait_until

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


@dataclass
class Supervised:
    """`make run` started by this test: where it answers and how to reach its supervisor."""

    process: subprocess.Popen[bytes]
    url: str
    conf: Path
    log: Path

    def ctl(self, *args: str) -> str:
        result = subprocess.run([str(BIN / "supervisorctl"), "-c", str(self.conf), *args], capture_output=True,
                                text=True, timeout=30, check=False)
        return result.stdout.strip()

    def pid(self, program: str) -> int:
        out = self.ctl("pid", program)
        return int(out) if out.isdigit() else 0

    def health(self, probe: str = "") -> requests.Response:
        query = f"?probe={probe}" if probe else ""
        return requests.get(self.url.rsplit("/", 1)[0] + f"/health{query}", timeout=10)

    def say(self, sender: str, text: str, language: str | None = None) -> requests.Response:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if language:
            body["metadata"] = {"language": language}
        return requests.post(self.url, json=body, timeout=60)

    def text(self, sender: str, text: str, language: str | None = None) -> str:
        response = self.say(sender, text, language)
        response.raise_for_status()
        return "\n".join(m.get("text", "") for m in response.json())

    def session_processes(self) -> list[psutil.Process]:
        """Every live process of the session `make run` was started in (children, grandchildren, orphans)."""
        found = []
        for process in psutil.process_iter(["status"]):
            try:
                if os.getsid(process.pid) == self.process.pid and process.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(process)
            except (ProcessLookupError, PermissionError, psutil.Error):
                continue
        return found


@pytest.fixture(scope="module")
def supervised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervised]:
    """scripts/run.sh (what `make run` runs after setup and training) in a session of its own."""
    ensure_model()
    work = tmp_path_factory.mktemp("sv")
    rasa_port, action_port = free_port(), free_port()
    env = {k: v for k, v in {**os.environ, **QUIET}.items()
           if k not in ("ASSISTANT_RATE_IP", "ASSISTANT_RATE_SENDER")}  # the defaults are under test here
    env.update({"RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "ASSISTANT_RUN_DIR": str(work / "run"),
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook", "ASSISTANT_TODAY": "2026-11-25",
                "ASSISTANT_TRACKER_DB": str(work / "conversations.sqlite"), "ASSISTANT_ACTION_TIMEOUT": "5"})
    log = work / "run.log"
    process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    bot = Supervised(process, f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", work / "run" / "supervisord.conf",
                     log)
    try:
        wait_until(lambda: bot.say("probe-000000", "/greet").ok, 240, "make run", process)
        yield bot
    except Exception:
        sys.stderr.write(f"--- make run log ---\n{log.read_text(errors='replace')[-6000:]}\n")
        raise
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        for leftover in bot.session_processes():  # only ever processes of the session this fixture started
            leftover.kill()


def test_the_health_route_says_the_action_server_and_the_conversation_store_are_reachable(
        supervised: Supervised) -> None:
    response = supervised.health()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "action_server": "reachable", "conversation_store": "reachable"}
    assert supervised.health("liveness").json() == {"status": "alive"}


def test_a_hundred_colleagues_behind_one_address_are_never_refused(supervised: Supervised) -> None:
    senders = [f"colleague-{uuid.uuid4().hex[:10]}" for _ in range(100)]
    questions = ["hej", "hvornår er fristen for AI-puljen?"]

    def colleague(sender: str) -> list[int]:
        statuses = []
        for i, question in enumerate(questions):
            statuses.append(supervised.say(sender, question, "da" if i == 0 else None).status_code)
            time.sleep(2)  # reading the answer (a person takes longer: this is the harder case)
        return statuses

    with ThreadPoolExecutor(max_workers=20) as pool:  # 200 messages from 127.0.0.1 in well under a minute
        statuses = [s for result in pool.map(colleague, senders) for s in result]
    assert len(statuses) == 200
    assert statuses.count(429) == 0
    assert set(statuses) == {200}


def test_one_sender_flooding_is_refused_with_a_clear_message_in_its_language(supervised: Supervised) -> None:
    sender = f"flood-{uuid.uuid4().hex[:10]}"
    assert supervised.say(sender, "hej", "sv").status_code == 200  # the widget sends the page language once
    responses = [supervised.say(sender, "hej igen") for _ in range(25)]
    refused = [r for r in responses if r.status_code == 429]
    assert refused, "20 messages a minute per sender is the default"
    seconds = int(refused[0].headers["Retry-After"])
    assert refused[0].json()["message"] == texts.t("sv", "chat.rate_limited", seconds=seconds)
    assert refused[0].json()["message"] != texts.t("en", "chat.rate_limited", seconds=seconds)


def test_a_killed_action_server_is_apologised_for_then_restarted_and_answers_a_form_question_within_60_s(
        supervised: Supervised) -> None:
    sender = f"test-{uuid.uuid4().hex[:10]}"
    old = supervised.pid("actions")
    assert old
    killed_at = time.time()
    os.kill(old, signal.SIGKILL)
    health = supervised.health()
    assert health.status_code == 200 and health.json()["action_server"] == "unreachable"  # still answering
    apologies = [unavailable(load(), lang) for lang in ("da", "sv", "en")]
    assert apologies[0] in supervised.text(sender, "kan jeg søge AI-puljen?", "da")
    while True:
        reply = supervised.text(sender, "kan jeg søge AI-puljen?", "da")
        if not any(apology in reply for apology in apologies):
            break
        assert time.time() - killed_at < 60, "the action server was not back within 60 s"
        time.sleep(2)
    assert time.time() - killed_at < 60
    assert "?" in reply  # the eligibility check asks its first question
    assert supervised.pid("actions") not in (0, old)  # restarted by the supervisor, not by this test
    assert supervised.health().json()["status"] == "ok"


def test_a_hung_rasa_process_is_restarted_by_its_health_check(supervised: Supervised) -> None:
    old = supervised.pid("rasa")
    assert old
    os.kill(old, signal.SIGSTOP)  # alive but answering nothing, as a deadlocked process would be
    try:
        wait_until(lambda: supervised.pid("rasa") not in (0, old), 120, "restart of the hung Rasa process")
    finally:
        if psutil.pid_exists(old):
            os.kill(old, signal.SIGCONT)
    wait_until(lambda: supervised.health().status_code == 200, 180, "the new Rasa process")
    assert "?" in supervised.text(f"test-{uuid.uuid4().hex[:10]}", "kan jeg søge AI-puljen?", "da")
    assert not psutil.pid_exists(old) or psutil.Process(old).status() == psutil.STATUS_ZOMBIE


def test_ctrl_c_stops_every_process_it_started(supervised: Supervised) -> None:
    before = supervised.session_processes()
    names = " ".join(" ".join(p.cmdline()) for p in before)
    assert "supervisord" in names and "run actions" in names and "rasa run --model" in names and "httpok" in names
    os.killpg(supervised.process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends to `make run`
    supervised.process.wait(timeout=60)
    deadline = time.time() + 10
    while supervised.session_processes() and time.time() < deadline:
        time.sleep(0.5)
    assert [" ".join(p.cmdline()) for p in supervised.session_processes()] == []
