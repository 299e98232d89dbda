"""`make run-scaled`: replicas behind nginx on one public port serve the REST channel and the widget; under
supervisord a killed replica or nginx comes back while the other replica goes on answering, and Ctrl-C leaves
no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests

from tests.e2e.conftest import QUIET, ROOT, free_port, unavailable, wait_until
from tests.scaled.conftest import PG_HOST, PG_PORT, Redis

pytestmark = pytest.mark.scaled


def test_run_scaled_serves_rest_and_the_widget_through_nginx_and_survives_killed_processes(
        database: str, redis: Redis, tmp_path: Path) -> None:
    if not (Path("/usr/sbin/nginx").exists() or shutil.which("nginx")):
        unavailable("nginx is not installed (make setup installs it)")
    public = free_port()
    replica_ports = [free_port(), free_port()]
    env = {**os.environ, **QUIET, "REPLICAS": "2", "ASSISTANT_PUBLIC_PORT": str(public),
           "ACTION_PORT": str(free_port()), "ASSISTANT_REPLICA_PORTS": ",".join(map(str, replica_ports)),
           "ASSISTANT_RUN_DIR": str(tmp_path / "run"),
           "ASSISTANT_PG_HOST": PG_HOST, "ASSISTANT_PG_PORT": str(PG_PORT), "ASSISTANT_PG_DB": database,
           "ASSISTANT_REDIS_PORT": str(redis.port), "ASSISTANT_REDIS_DB": "2", "ASSISTANT_TODAY": "2026-11-25"}
    log = (tmp_path / "run-scaled.log").open("wb")
    process = subprocess.Popen(["bash", "scripts/run_scaled.sh"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{public}"
    try:
        sender = f"nginx-{uuid.uuid4().hex[:10]}"
        body = {"sender": sender, "message": "hvornår er fristen for AI-puljen?", "metadata": {"language": "da"}}
        wait_until(lambda: requests.post(f"{url}/webhooks/rest/webhook", json=body, timeout=10).status_code == 200,
                   240, "run-scaled", process)
        widget = requests.get(f"{url}/webhooks/web/widget.js", timeout=10)
        assert widget.status_code == 200 and "customElements.define" in widget.text
        page = requests.get(f"{url}/webhooks/web/demo-sv.html", timeout=10)
        assert page.status_code == 200 and 'lang="sv"' in page.text
        replies = [requests.post(f"{url}/webhooks/web/webhook", json={"sender": sender, "message": "og beløbet?"},
                                 timeout=30).json() for _ in range(2)]  # least_conn spreads these over replicas
        assert all("350.000 kr." in "\n".join(m.get("text", "") for m in r) for r in replies)
        assert requests.get(f"{url}/status", timeout=10).status_code == 404  # nothing but the chat
        assert requests.get(f"{url}/webhooks/rest/health", timeout=10).status_code == 404  # for probes only
        for port in replica_ports:  # nginx answered as soon as one replica did; both must be up from here on
            wait_until(lambda port=port: requests.get(f"http://127.0.0.1:{port}/webhooks/rest/health",
                                                      timeout=10).status_code == 200, 240, f"replica on {port}")
        health = requests.get(f"http://127.0.0.1:{replica_ports[0]}/webhooks/rest/health", timeout=10)
        assert health.json() == {"status": "ok", "action_server": "reachable", "conversation_store": "reachable"}

        ctl = [str(Path(sys.executable).parent / "supervisorctl"), "-c", str(tmp_path / "run" / "supervisord.conf")]

        def pid(program: str) -> int:
            out = subprocess.run([*ctl, "pid", program], capture_output=True, text=True, timeout=30).stdout.strip()
            return int(out) if out.isdigit() else 0

        killed = {name: pid(name) for name in ("rasa-1", "nginx")}
        assert all(killed.values())
        os.kill(killed["rasa-1"], signal.SIGKILL)
        for i in range(3):  # the other replica answers while rasa-1 reloads
            assert "350.000 kr." in "\n".join(m.get("text", "") for m in requests.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": f"og beløbet? ({i})"},
                timeout=30).json())
        os.kill(killed["nginx"], signal.SIGKILL)
        wait_until(lambda: requests.post(f"{url}/webhooks/rest/webhook", json=body, timeout=10).status_code == 200,
                   30, "nginx restarted by the supervisor")
        wait_until(lambda: requests.get(f"http://127.0.0.1:{replica_ports[0]}/webhooks/rest/health",
                                        timeout=10).status_code == 200, 240, "rasa-1 restarted by the supervisor")
        assert all(pid(name) not in (0, old) for name, old in killed.items())
        before = _session(process.pid)
        assert len(before) >= 6  # supervisord, actions, 2 replicas, nginx, 2 health checks (+ their log labels)
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        process.wait(timeout=90)
    deadline = time.time() + 10
    while _session(process.pid) and time.time() < deadline:
        time.sleep(0.5)
    assert _session(process.pid) == []


def _session(sid: int) -> list[str]:
    """The command lines of every live process in session `sid` (the one `make run-scaled` was started in)."""
    found = []
    for proc in psutil.process_iter(["status", "cmdline"]):
        try:
            if os.getsid(proc.pid) == sid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(" ".join(proc.info["cmdline"] or []))
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return found
