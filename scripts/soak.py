"""`make soak`: realistic conversations for SOAK_MINUTES (20) against `make run` and `make run-scaled REPLICAS=2`,
each started as a user starts it (under supervisord), with a fault every SOAK_FAULT_SECONDS (120): the action
server killed, a Rasa replica killed, Redis restarted, PostgreSQL restarted, in turn.

Prints, per set-up: turns sent, answered, apologised for and lost (lost must be 0), p50/p95 latency of a turn as the
user waits for it (retries included), each fault and how long until the service was back, and the RSS of every
supervised process at the start (after a minute of load) and at the end. Not a test: it prints figures.
Settings: SOAK_MINUTES, SOAK_FAULT_SECONDS, SOAK_USERS (12), SOAK_SETUPS (embedded,scaled), SOAK_CONVERSATIONS
(folder of held-out conversations, default tests/heldout/a). PostgreSQL and Redis are always left running.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
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

from tests.e2e.conftest import BIN, QUIET, free_port, wait_until  # noqa: E402

MINUTES = float(os.environ.get("SOAK_MINUTES", "20"))
FAULT_SECONDS = float(os.environ.get("SOAK_FAULT_SECONDS", "120"))
USERS = int(os.environ.get("SOAK_USERS", "12"))
SETUPS = [s.strip() for s in os.environ.get("SOAK_SETUPS", "embedded,scaled").split(",") if s.strip()]
RSS_START_SECONDS = 60  # the "start" RSS is taken after a minute of load (first calls load code and caches)
PG_RESTART = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart"
REDIS_STOP = "redis-cli -p 6379 shutdown nosave"
REDIS_START = ('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
               "--dir /var/lib/redis --logfile /var/log/redis/ci.log")


@dataclass
class Running:
    """A set-up started by scripts/run.sh or run_scaled.sh: its session, supervisor and addresses."""

    name: str
    process: subprocess.Popen[bytes]
    url: str  # where users send messages
    replica_ports: dict[str, int]  # supervised program name -> port of its health route
    conf: Path
    rss: dict[str, list[tuple[float, int, float]]] = field(default_factory=dict)  # program -> (t, pid, MB)
    faults: list[tuple[float, str, float | None]] = field(default_factory=list)  # (t, fault, seconds until back)
    left_behind: int = -1  # processes of its session still alive after Ctrl-C (known once stopped)

    def ctl(self, *args: str) -> str:
        result = subprocess.run([str(BIN / "supervisorctl"), "-c", str(self.conf), *args], capture_output=True,
                                text=True, timeout=30, check=False)
        return result.stdout

    def pids(self) -> dict[str, int]:
        """Program name -> pid of every running supervised program, and supervisord itself."""
        found = {"supervisord": self.process.pid}
        for line in self.ctl("status").splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[1] == "RUNNING" and parts[2] == "pid":
                found[parts[0]] = int(parts[3].rstrip(","))
            elif len(parts) >= 2 and parts[1] == "STARTING":  # up, but not yet for `startsecs`
                pid = self.ctl("pid", parts[0]).strip()
                if pid.isdigit() and pid != "0":
                    found[parts[0]] = int(pid)
        return found

    def sample_rss(self, t: float) -> None:
        for name, pid in self.pids().items():
            try:
                mb = psutil.Process(pid).memory_info().rss / 2**20
            except psutil.Error:
                continue
            self.rss.setdefault(name, []).append((t, pid, mb))

    def healthy(self, program: str) -> bool:
        port = self.replica_ports[program]
        return requests.get(f"http://127.0.0.1:{port}/webhooks/rest/health", timeout=5).status_code == 200

    def action_server_up(self) -> bool:
        port = next(iter(self.replica_ports.values()))
        body = requests.get(f"http://127.0.0.1:{port}/webhooks/rest/health", timeout=5).json()
        return bool(body.get("action_server") == "reachable")


def _shell(command: str) -> None:
    """A machine command in a session of its own (the daemons it starts are not ours to stop)."""
    subprocess.run(["bash", "-c", command], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   start_new_session=True, timeout=120)


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ensure_shared_services() -> None:
    """PostgreSQL and Redis must be running when the soak ends, whatever happened."""
    if subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True,
                      check=False).stdout.strip() != "PONG":
        _shell(REDIS_START)
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True, check=False).returncode:
        _shell(PG_RESTART)


@contextmanager
def start(name: str, workdir: Path) -> Iterator[Running]:
    """One set-up, started the way `make run` / `make run-scaled` start it, on free ports; stopped with Ctrl-C."""
    run_dir = workdir / f"run-{name}"
    env = {k: v for k, v in {**os.environ, **QUIET}.items() if k != "ASSISTANT_RATE_IP"}  # real limits
    env.update({"ASSISTANT_RUN_DIR": str(run_dir), "ACTION_PORT": str(free_port())})
    env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{env['ACTION_PORT']}/webhook"
    database = f"assistant_soak_{uuid.uuid4().hex[:8]}"
    if name == "embedded":
        port = free_port()
        env.update({"RASA_PORT": str(port), "ASSISTANT_TRACKER_DB": str(workdir / "conversations.sqlite")})
        script, url, replicas = "scripts/run.sh", f"http://127.0.0.1:{port}", {"rasa": port}
    else:
        ports = [free_port(), free_port()]
        public = free_port()
        env.update({"REPLICAS": "2", "ASSISTANT_PUBLIC_PORT": str(public),
                    "ASSISTANT_REPLICA_PORTS": ",".join(map(str, ports)), "ASSISTANT_PG_DB": database,
                    "ASSISTANT_REDIS_DB": "5"})
        script, url = "scripts/run_scaled.sh", f"http://127.0.0.1:{public}"
        replicas = {f"rasa-{i}": p for i, p in enumerate(ports, start=1)}
    log = workdir / f"{name}.log"
    process = subprocess.Popen(["bash", script], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    running = Running(name, process, url, replicas, run_dir / "supervisord.conf")
    try:
        for program in replicas:
            wait_until(lambda program=program: running.healthy(program), 300, program, process)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                print(f"soak: {name} did not stop within 90 s after Ctrl-C", flush=True)
        left = [p.pid for p in psutil.process_iter() if _in_session(p.pid, process.pid)]
        running.left_behind = len(left)
        print(f"soak: {name} stopped by Ctrl-C; processes left behind: {len(left)}", flush=True)
        if name != "embedded":
            _drop_database(database)


def _in_session(pid: int, sid: int) -> bool:
    try:
        return os.getsid(pid) == sid and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (OSError, psutil.Error):
        return False


def _drop_database(name: str) -> None:
    import psycopg2

    try:
        conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    except psycopg2.Error:
        return
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def _until(check: Callable[[], bool], seconds: float = 115) -> float | None:
    """Seconds until `check` holds (None if it did not within `seconds`)."""
    started = time.time()
    while time.time() - started < seconds:
        try:
            if check():
                return time.time() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    return None


def inject(running: Running, fault: str) -> float | None:
    """One fault; returns how long until the part that failed was back (from the moment of the fault)."""
    started = time.time()
    back = _inject(running, fault)
    return None if back is None else time.time() - started


def _inject(running: Running, fault: str) -> float | None:
    if fault == "kill the action server":
        os.kill(running.pids()["actions"], signal.SIGKILL)
        time.sleep(0.5)
        return _until(running.action_server_up)
    if fault == "kill a replica":
        program = list(running.replica_ports)[-1]  # always the same one: the others show growth over 20 minutes
        old = running.pids()[program]
        os.kill(old, signal.SIGKILL)
        return _until(lambda: running.pids().get(program, old) != old and running.healthy(program))
    if fault == "restart Redis":
        _shell(REDIS_STOP)
        _shell(REDIS_START)
        return _until(lambda: subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True,
                                             check=False).stdout.strip() == "PONG")
    _shell(PG_RESTART)
    return _until(lambda: all(running.healthy(p) for p in running.replica_ports))


FAULTS = ["kill the action server", "kill a replica", "restart Redis", "restart PostgreSQL"]


def soak(running: Running, workdir: Path) -> Path:
    """Load for MINUTES with a fault every FAULT_SECONDS; returns the file of turns."""
    turns = workdir / f"{running.name}-turns.jsonl"
    started = time.time()
    # users start no conversation after MINUTES and end the run when all have finished theirs; -t is a safety net
    locust = subprocess.Popen(
        [str(BIN / "locust"), "-f", str(ROOT / "scripts" / "soak_locustfile.py"), "--headless", "-u", str(USERS),
         "-r", "1", "-t", f"{int(MINUTES * 60) + 900}s", "--stop-timeout", "600", "--host", running.url,
         "--only-summary"], cwd=ROOT, stdout=(workdir / f"{running.name}-locust.log").open("wb"),
        stderr=subprocess.STDOUT, env={**os.environ, "SOAK_OUT": str(turns), "SOAK_END": str(started + MINUTES * 60)})
    next_fault, n = FAULT_SECONDS, 0
    running.sample_rss(0.0)
    sampled_start = False
    while locust.poll() is None:
        t = time.time() - started
        if not sampled_start and t >= RSS_START_SECONDS:
            running.sample_rss(t)
            sampled_start = True
        if t >= next_fault and t < MINUTES * 60 - 5:
            fault = FAULTS[n % len(FAULTS)]
            print(f"soak: {running.name} {t / 60:5.1f} min: {fault}", flush=True)
            back = inject(running, fault)
            running.faults.append((t, fault, back))
            n += 1
            next_fault += FAULT_SECONDS
        elif int(t) % 30 == 0:
            running.sample_rss(t)
        time.sleep(1)
    running.sample_rss(time.time() - started)
    return turns


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(running: Running, turns: Path) -> list[str]:
    """Markdown lines: turns, faults and RSS for one set-up."""
    records = [json.loads(line) for line in turns.read_text(encoding="utf-8").splitlines()] if turns.exists() else []
    sent = [r for r in records if r["event"] == "sent"]
    done = [r for r in records if r["event"] == "done"]
    counts = {k: sum(r["outcome"] == k for r in done) for k in ("answered", "apologised", "lost")}
    unfinished = len(sent) - len(done)
    latencies = [r["latency"] * 1000 for r in done if r["outcome"] != "lost"]
    first_try = [r["latency"] * 1000 for r in done if r["outcome"] != "lost" and r["tries"] == 1]
    retried = [r for r in done if r["tries"] > 1]
    reasons: dict[str, int] = {}
    for r in retried:
        for reason in set(r["reasons"]):
            reasons[reason] = reasons.get(reason, 0) + 1
    lines = [f"### {running.name}: {MINUTES:g} min, {USERS} users, a fault every {FAULT_SECONDS:g} s", "",
             "| turns sent | answered | apologised | lost | retried by the client | p50 / p95 ms | "
             "p50 / p95 ms, first try |", "|---|---|---|---|---|---|---|",
             f"| {len(sent)} | {counts['answered']} | {counts['apologised']} | {counts['lost'] + unfinished} "
             f"| {len(retried)} ({', '.join(f'{k}: {v}' for k, v in sorted(reasons.items())) or 'none'}) "
             f"| {_percentile(latencies, 50):.0f} / {_percentile(latencies, 95):.0f} "
             f"| {_percentile(first_try, 50):.0f} / {_percentile(first_try, 95):.0f} |", "",
             "| at min | fault | back after s |", "|---|---|---|"]
    lines += [f"| {t / 60:.1f} | {fault} | {'not within 115 s' if back is None else f'{back:.1f}'} |"
              for t, fault, back in running.faults]
    lines += ["", "| process | RSS start MB | RSS end MB | growth | restarts | growth over its longest life |",
              "|---|---|---|---|---|---|"]
    for name, samples in sorted(running.rss.items()):
        restarts = len({pid for _, pid, _ in samples}) - 1
        warm = [s for s in samples if s[0] >= RSS_START_SECONDS] or samples
        lives: dict[int, list[tuple[float, int, float]]] = {}
        for sample in warm:
            lives.setdefault(sample[1], []).append(sample)
        longest = max(lives.values(), key=lambda life: life[-1][0] - life[0][0])
        life_growth = (longest[-1][2] / longest[0][2] - 1) * 100
        life_minutes = (longest[-1][0] - longest[0][0]) / 60
        growth = (warm[-1][2] / warm[0][2] - 1) * 100
        lines.append(f"| {name} | {warm[0][2]:.0f} | {warm[-1][2]:.0f} | {growth:+.1f} % | {restarts} "
                     f"| {life_growth:+.1f} % over {life_minutes:.0f} min |")
    lost = [f"- {r['text']!r}: {', '.join(r['reasons'])}" for r in done if r["outcome"] == "lost"]
    finished = {(r["sender"], r["sent_at"]) for r in done}
    lost += [f"- a turn of {r['sender']} sent at {time.strftime('%H:%M:%S', time.localtime(r['sent_at']))} never "
             "finished (the load generator stopped first)" for r in sent if (r["sender"], r["sent_at"]) not in finished]
    if lost:
        lines += ["", "Lost turns:", *lost[:20]]
    return lines


def main() -> int:
    """Every set-up in turn; the tables at the end (also written to the work folder)."""
    workdir = Path(tempfile.mkdtemp(prefix="assistant-soak-"))
    subprocess.run(["bash", str(ROOT / "scripts" / "train_if_needed.sh")], check=True, cwd=ROOT)
    print(f"soak: {MINUTES:g} min per set-up ({', '.join(SETUPS)}), {USERS} users, a fault every {FAULT_SECONDS:g} s;"
          f" work files in {workdir}", flush=True)
    lines: list[str] = []
    try:
        for name in SETUPS:
            with start(name, workdir) as running:
                print(f"soak: {name} up; load starts", flush=True)
                turns = soak(running, workdir)
            lines += [*report(running, turns), f"Stopped with Ctrl-C: {running.left_behind} processes left behind.",
                      ""]
    finally:
        ensure_shared_services()
    text = "\n".join(lines)
    (workdir / "soak.md").write_text(text)
    print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
