"""`make shell` as a tester meets it: a real (pseudo-)terminal, a bot of its own on 127.0.0.1 behind the guarded
channel, numbered answers, a personnummer that must not be stored, and nothing left running afterwards."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pexpect
import pytest

from tests.e2e.conftest import ROOT, SWEDISH_MUNICIPALITY_BUTTONS, choose_by_number, ensure_model, free_port

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    """Whether anything accepts connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0



def test_a_tester_checks_eligibility_in_the_shell_and_a_planted_personnummer_is_not_stored(tmp_path: Path) -> None:
    ensure_model()
    port, action_port = free_port(), free_port()
    store = tmp_path / "shell.sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_REST_TOKEN", "ASSISTANT_URL")}
    env.update(SHELL_PORT=str(port), SHELL_ACTION_PORT=str(action_port), SHELL_TRACKER_DB=str(store),
               SHELL_LANG="sv", ASSISTANT_RATE_IP="100000")
    child = pexpect.spawn("bash", [str(ROOT / "scripts" / "shell.sh")], cwd=ROOT, env=env, encoding="utf-8",
                          timeout=240, dimensions=(40, 120))
    try:
        child.expect_exact("you> ")
        assert "Traceback" not in child.before and "Warning" not in child.before  # a clean screen
        child.timeout = 60
        child.sendline("kan vi söka AI-resan? mitt personnummer är 19800101-1234")
        child.expect_exact("Vilken typ av organisation")
        for title, expect in (*SWEDISH_MUNICIPALITY_BUTTONS, ("Ja", "Ja: utifrån det du har berättat")):
            choose_by_number(child, title)
            child.expect_exact(expect)
        child.expect_exact("you> ")
        child.sendcontrol("c")  # Ctrl-C ends the chat and stops both servers
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    stored = sqlite3.connect(store).execute("SELECT group_concat(data, ' ') FROM events").fetchone()[0]
    assert "AI-resan" in stored  # the conversation was kept, in the shell's own file
    assert "19800101-1234" not in stored and "800101" not in stored
    assert not listening(port) and not listening(action_port)


def test_a_port_in_use_is_named_with_the_setting_that_moves_it() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = pexpect.run(f"{ROOT}/.venv/bin/python {ROOT}/scripts/ports_free.py 127.0.0.1 {port}:SHELL_PORT",
                             withexitstatus=True, encoding="utf-8")
    out, status = result
    assert status == 1
    assert f"port {port} on 127.0.0.1 is already in use" in out and "SHELL_PORT=" in out
    assert "Traceback" not in out
