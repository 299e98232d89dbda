"""`make run-scaled`: replicas behind nginx on one public port serve the REST channel and the widget."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import QUIET, ROOT, free_port, unavailable, wait_until
from tests.scaled.conftest import PG_HOST, PG_PORT, Redis

pytestmark = pytest.mark.scaled


def test_run_scaled_serves_rest_and_the_widget_through_nginx(database: str, redis: Redis, tmp_path: Path) -> None:
    if not (Path("/usr/sbin/nginx").exists() or shutil.which("nginx")):
        unavailable("nginx is not installed (make setup installs it)")
    public = free_port()
    env = {**os.environ, **QUIET, "REPLICAS": "2", "ASSISTANT_PUBLIC_PORT": str(public),
           "ACTION_PORT": str(free_port()), "ASSISTANT_REPLICA_PORTS": f"{free_port()},{free_port()}",
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
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
