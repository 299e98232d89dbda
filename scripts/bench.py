"""`make bench`: load on the REST endpoint for four set-ups, 1, 8 and 32 users, printed as a table.

Set-ups: the embedded default (SQLite, one Rasa), 1 replica on PostgreSQL + Redis, 2 replicas behind nginx, and
the stock `rasa init` bot on this machine as the yardstick. Each set-up is warmed up for a few seconds, then
measured at 1 user (three times as long), 8 and 32 users reading 1-3 s between messages, and at capacity (16 users
who never wait). Also training time, start time and RSS per process, and the issue's targets, met or missed.
Not a test: it prints figures. BENCH_SECONDS sets the length of each run (default 20).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import requests  # noqa: E402

from tests.e2e.conftest import BIN, QUIET, free_port, start_action_server, stop, wait_until  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
USERS = (1, 8, 32)
WARM_UP_SECONDS = 5  # before measuring, both bots answer a few seconds of messages (first calls load code)
CAPACITY_USERS = 16  # users who never wait: the most messages per second a set-up answers
CAPACITY = f"{CAPACITY_USERS}, no wait"
STOCK = "stock `rasa init` bot"
PG = {"ASSISTANT_PG_HOST": "127.0.0.1", "ASSISTANT_PG_PORT": "5432", "ASSISTANT_PG_USER": "postgres",
      "ASSISTANT_PG_PASSWORD": "", "ASSISTANT_REDIS_HOST": "127.0.0.1", "ASSISTANT_REDIS_PORT": "6379",
      "ASSISTANT_REDIS_DB": "3", "ASSISTANT_REDIS_PASSWORD": ""}


@dataclass
class Setup:
    """A running set-up: where to send load and which processes to measure."""

    name: str
    url: str
    user_class: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    start_seconds: float = 0.0
    rss: dict[str, float] = field(default_factory=dict)

    def sample_rss(self) -> None:
        for name, process in self.processes.items():
            try:
                mb = psutil.Process(process.pid).memory_info().rss / 2**20
            except psutil.Error:
                continue
            self.rss[name] = max(self.rss.get(name, 0.0), mb)


def _ready(url: str, message: str = "/greet") -> bool:
    body = {"sender": f"bench-probe-{uuid.uuid4().hex[:6]}", "message": message}
    return requests.post(f"{url}/webhooks/rest/webhook", json=body, timeout=10).status_code == 200


@contextmanager
def ours(name: str, replicas: int, scaled: bool, nginx: bool, workdir: Path) -> Iterator[Setup]:
    """Our bot: embedded (SQLite) or on PostgreSQL + Redis, with 1..n replicas, optionally behind nginx."""
    database = f"assistant_bench_{uuid.uuid4().hex[:6]}"
    action_port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": "2026-11-25", "ASSISTANT_RATE_SENDER": "1000",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook", "ACTION_SERVER_SANIC_WORKERS": "2",
           "ASSISTANT_TRACKER_DB": str(workdir / f"{database}.sqlite"), "ASSISTANT_PG_DB": database, **PG}
    setup = Setup(name, "", "Applicant")
    started = time.time()
    setup.processes["actions"] = start_action_server(action_port, env, workdir / f"{database}-actions.log")
    ports = [free_port() for _ in range(replicas)]
    for i, port in enumerate(ports):
        endpoints = ROOT / ("deploy/endpoints.scaled.yml" if scaled else "endpoints.yml")
        setup.processes[f"rasa-{i + 1}"] = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--model", str(ROOT / "models" / "assistant.tar.gz"), "--port", str(port),
             "-i", "127.0.0.1", "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
            cwd=ROOT, env=env, stdout=(workdir / f"{database}-rasa{i}.log").open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{ports[0]}"
    if nginx:
        public, prefix = free_port(), workdir / f"nginx-{database}"
        prefix.mkdir()
        servers = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
        conf = (ROOT / "deploy" / "nginx.conf.template").read_text().replace("@PREFIX@", str(prefix)).replace(
            "@HOST@", "127.0.0.1").replace("@PORT@", str(public)).replace("@SERVERS@\n", servers)
        (prefix / "nginx.conf").write_text(conf)
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        setup.processes["nginx"] = subprocess.Popen([nginx_bin, "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
        url = f"http://127.0.0.1:{public}"
    try:
        for i, port in enumerate(ports):
            wait_until(lambda port=port: _ready(f"http://127.0.0.1:{port}"), 240, f"rasa-{i + 1}",
                       setup.processes[f"rasa-{i + 1}"])
        wait_until(lambda: _ready(url), 60, name)
        setup.start_seconds = time.time() - started
        setup.url = url
        yield setup
    finally:
        for process in setup.processes.values():
            stop(process)
        if scaled:
            _drop_database(database)


def _drop_database(name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def train_stock(workdir: Path) -> tuple[Path, float]:
    """`rasa init --no-prompt` in a scratch folder: the stock bot and its training time."""
    folder = workdir / "stock"
    folder.mkdir()
    started = time.time()
    subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder,
                   env={**os.environ, **QUIET}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return folder, time.time() - started


@contextmanager
def stock(folder: Path, workdir: Path) -> Iterator[Setup]:
    """The stock bot served by `rasa run` (REST channel)."""
    port = free_port()
    setup = Setup(STOCK, f"http://127.0.0.1:{port}", "StockUser")
    started = time.time()
    model = next((folder / "models").glob("*.tar.gz"))
    setup.processes["rasa-1"] = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port), "-i", "127.0.0.1"],
        cwd=folder, env={**os.environ, **QUIET}, stdout=(workdir / "stock.log").open("wb"),
        stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _ready(setup.url, "hi"), 240, "stock", setup.processes["rasa-1"])
        setup.start_seconds = time.time() - started
        yield setup
    finally:
        stop(setup.processes["rasa-1"])


def run_locust(setup: Setup, users: int, workdir: Path, think: bool = True,
               seconds: int = SECONDS) -> dict[str, dict[str, float]]:
    """One headless locust run (users read 1-3 s between messages, or never wait); the stats rows by name."""
    prefix = workdir / f"locust-{uuid.uuid4().hex[:6]}"
    proc = subprocess.Popen(
        [str(BIN / "locust"), "-f", str(ROOT / "scripts" / "locustfile.py"), setup.user_class, "--headless",
         "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", setup.url, "--csv", str(prefix),
         "--only-summary", "--stop-timeout", "10"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "BENCH_THINK": "1" if think else "0"})
    while proc.poll() is None:
        setup.sample_rss()
        time.sleep(1)
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {"count": float(row["Request Count"]), "failures": float(row["Failure Count"]),
                                 "rps": float(row["Requests/s"]), "p50": float(row["50%"]),
                                 "p95": float(row["95%"]), "p99": float(row["99%"])}
    return rows


def train_ours(workdir: Path) -> float:
    """A full training run of our model (forced, into a scratch folder)."""
    started = time.time()
    subprocess.run([str(BIN / "rasa"), "train", "--force", "--out", str(workdir / "ours"), "--fixed-model-name",
                    "bench"], cwd=ROOT, env={**os.environ, **QUIET, "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/x",
                                             "ASSISTANT_TRACKER_DB": str(workdir / "train.sqlite")},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.time() - started


def print_targets(results: list[tuple[str, str, dict[str, dict[str, float]]]], setups: list[Setup]) -> None:
    """Each of our set-ups against the issue's targets, with the stock bot's figures as the yardstick."""
    by = {(name, users): rows for name, users, rows in results}
    stock_p50 = by.get((STOCK, "1"), {}).get("stock message", {}).get("p50", 0.0)
    stock_capacity = by.get((STOCK, CAPACITY), {}).get("Aggregated", {}).get("rps", 0.0)
    print("\n| set-up | answer p50 at 1 user (stock) | capacity vs stock (target >= 1.2x) | p95 at 32 users "
          "(target <= 1000 ms) | max RSS of a Rasa process (target <= 1229 MB) |")
    print("|---|---|---|---|---|")
    for setup in setups:
        if setup.name == STOCK:
            continue
        p50 = by.get((setup.name, "1"), {}).get("question", {}).get("p50", 0.0)
        capacity = by.get((setup.name, CAPACITY), {}).get("Aggregated", {}).get("rps", 0.0)
        p95 = by.get((setup.name, "32"), {}).get("Aggregated", {}).get("p95", 0.0)
        rss = max((v for k, v in setup.rss.items() if k.startswith("rasa")), default=0.0)
        ratio = capacity / stock_capacity if stock_capacity else 0.0
        print(f"| {setup.name} | {p50:.0f} ms ({stock_p50:.0f}) {_verdict(p50 <= stock_p50)} "
              f"| {capacity:.1f} / {stock_capacity:.1f} msg/s = {ratio:.2f}x {_verdict(ratio >= 1.2)} "
              f"| {p95:.0f} ms {_verdict(p95 <= 1000)} | {rss:.0f} MB {_verdict(rss <= 1229)} |")


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> int:
    """Run every set-up at every load level and print the tables."""
    workdir = Path(tempfile.mkdtemp(prefix="assistant-bench-"))
    results: list[tuple[str, str, dict[str, dict[str, float]]]] = []
    setups: list[Setup] = []
    print(f"bench: {SECONDS} s per run, users {USERS}, work files in {workdir}", flush=True)
    ours_train = train_ours(workdir)
    stock_folder, stock_train = train_stock(workdir)
    factories: list[Callable[[], object]] = [
        lambda: ours("embedded (SQLite, 1 Rasa)", 1, False, False, workdir),
        lambda: ours("1 replica on PostgreSQL + Redis", 1, True, False, workdir),
        lambda: ours("2 replicas + nginx, PostgreSQL + Redis", 2, True, True, workdir),
        lambda: stock(stock_folder, workdir),
    ]
    for factory in factories:
        with factory() as setup:  # type: ignore[attr-defined]
            setups.append(setup)
            run_locust(setup, 2, workdir, think=False, seconds=WARM_UP_SECONDS)  # every code path once, not counted
            for users in USERS:
                print(f"bench: {setup.name}, {users} users...", flush=True)
                seconds = SECONDS * 3 if users == 1 else SECONDS  # one user sends few messages: run longer
                results.append((setup.name, str(users), run_locust(setup, users, workdir, seconds=seconds)))
            print(f"bench: {setup.name}, capacity ({CAPACITY_USERS} users, no waiting)...", flush=True)
            results.append((setup.name, CAPACITY, run_locust(setup, CAPACITY_USERS, workdir, think=False)))
    print("\n| set-up | users | msg/s | p50 ms | p95 ms | p99 ms | errors | p50 action-backed answer ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, users, rows in results:
        total = rows.get("Aggregated", {})
        answer = rows.get("question") or rows.get("stock message") or {}
        print(f"| {name} | {users} | {total.get('rps', 0):.1f} | {total.get('p50', 0):.0f} | {total.get('p95', 0):.0f} "
              f"| {total.get('p99', 0):.0f} | {int(total.get('failures', 0))}/{int(total.get('count', 0))} "
              f"| {answer.get('p50', 0):.0f} |")
    print("\n| set-up | start s | max RSS per process (MB) |")
    print("|---|---|---|")
    for setup in setups:
        rss = ", ".join(f"{k} {v:.0f}" for k, v in sorted(setup.rss.items()))
        print(f"| {setup.name} | {setup.start_seconds:.0f} | {rss} |")
    print(f"\ntraining: ours {ours_train:.0f} s (forced, full), stock `rasa init` {stock_train:.0f} s")
    print_targets(results, setups)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
