"""The scaled-out deployment for tests: a fresh PostgreSQL database, our own Redis (so a test may restart it),
an action server with several workers and Rasa replicas on free ports, all started and stopped here.

PostgreSQL (127.0.0.1:5432) and Redis must be reachable: under CI=true their absence fails the tests,
elsewhere it skips them with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import (
    BIN,
    QUIET,
    ROOT,
    ensure_model,
    free_port,
    start_action_server,
    stop,
    unavailable,
    wait_until,
)

PG_HOST, PG_PORT = os.environ.get("ASSISTANT_PG_HOST", "127.0.0.1"), int(os.environ.get("ASSISTANT_PG_PORT", "5432"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, port)) == 0


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped at the end."""
    if not _port_open(PG_HOST, PG_PORT):
        unavailable(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}")
    if not _port_open("127.0.0.1", 6379):
        unavailable("Redis is not reachable at 127.0.0.1:6379")
    if not Path(REDIS_SERVER).exists():
        unavailable("redis-server is not installed (the restart test runs its own Redis)")
    import psycopg2

    name = f"assistant_test_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@dataclass
class Redis:
    """A redis-server of our own on a free port."""

    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _port_open("127.0.0.1", self.port), 20, "redis")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@pytest.fixture(scope="session")
def redis(tmp_path_factory: pytest.TempPathFactory, database: str) -> Iterator[Redis]:
    server = Redis(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@dataclass
class Cluster:
    """Replicas sharing one database and one lock store."""

    env: dict[str, str]
    model: Path
    logs: Path
    replicas: dict[str, tuple[int, subprocess.Popen[bytes]]] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.replicas[name][0]}/webhooks/rest/webhook"

    def start_replica(self, name: str, env: dict[str, str] | None = None, wait: bool = True) -> None:
        port = free_port()
        process = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--model", str(self.model), "--port", str(port), "-i", "127.0.0.1",
             "--credentials", "credentials.yml", "--endpoints", "deploy/endpoints.scaled.yml"],
            cwd=ROOT, env={**self.env, **(env or {})}, stdout=(self.logs / f"{name}.log").open("wb"),
            stderr=subprocess.STDOUT)
        self.replicas[name] = (port, process)
        if wait:
            wait_until(lambda: requests.post(self.url(name), json={"sender": "probe-000000", "message": "/greet"},
                                             timeout=10).ok, 180, f"replica {name}", process)

    def kill(self, name: str) -> None:
        process = self.replicas.pop(name)[1]
        process.kill()
        process.wait(timeout=20)

    def say(self, name: str, sender: str, text: str, language: str | None = None) -> str:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if language:
            body["metadata"] = {"language": language}
        response = requests.post(self.url(name), json=body, timeout=60)
        response.raise_for_status()
        return "\n".join(m.get("text", "") for m in response.json())


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory, database: str, redis: Redis) -> Iterator[Cluster]:
    """An action server (2 workers) and replicas "a" and "b" on PostgreSQL + Redis."""
    model = ensure_model()
    logs = tmp_path_factory.mktemp("cluster-logs")
    action_port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook", "ACTION_SERVER_SANIC_WORKERS": "2",
           "ASSISTANT_PG_HOST": PG_HOST, "ASSISTANT_PG_PORT": str(PG_PORT), "ASSISTANT_PG_DB": database,
           "ASSISTANT_PG_USER": "postgres", "ASSISTANT_PG_PASSWORD": "", "ASSISTANT_REDIS_HOST": "127.0.0.1",
           "ASSISTANT_REDIS_PORT": str(redis.port), "ASSISTANT_REDIS_DB": "0", "ASSISTANT_REDIS_PASSWORD": ""}
    cluster = Cluster(env, model, logs)
    actions = start_action_server(action_port, env, logs / "actions.log")
    cluster.processes.append(actions)
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok, 60, "actions",
                   actions)
        cluster.start_replica("a")
        cluster.start_replica("b")
        yield cluster
    finally:
        for _, process in cluster.replicas.values():
            stop(process)
        for process in cluster.processes:
            stop(process)


def events_of(database: str, sender: str) -> list[tuple[str, str]]:
    """(type, text) of every stored event of a conversation, in order."""
    import json

    import psycopg2

    with psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=database) as conn, conn.cursor() as cur:
        cur.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [(t, json.loads(d).get("text") or "") for t, d in cur.fetchall()]
