"""A real bot for end-to-end tests: the trained model (trained only when its data changed), the action server
and Rasa, each on a free port, started once per test session and stopped afterwards; and two web sites of other
origins (a municipality that may embed the widget, and a site that may not) on free ports of their own."""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
# No telemetry, no crash reports to Rasa's servers, quiet TensorFlow; a high per-address limit because every
# test comes from 127.0.0.1 (the per-sender limit stays at its default and is tested).
QUIET = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "ASSISTANT_RATE_IP": "100000"}
# The keys of the guarded bot (an intranet's set-up): one for the website channel, another for REST.
WEB_TOKEN = "intranet-web-key-7Qv2"
REST_TOKEN = "tester-rest-key-9Xw4"


# A Swedish municipality's eligibility check answered by buttons: (button title, what the next reply says); the
# verdict's button ("Ja", data exists) comes last and each way in checks the verdict as its user sees it.
SWEDISH_MUNICIPALITY_BUTTONS = (("Kommun", "I vilket land"), ("Sverige", "icke-ekonomiska"), ("Ja", "påbörjats"),
                                ("Nej", "data"))


AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"  # pinned by tests/browser/package-lock


def serious_axe_violations(page: Any) -> list[tuple[str, str, int]]:
    """Run axe-core (already on the page) and keep what a screen-reader user would trip over."""
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def choose_by_number(child: Any, title: str) -> None:
    """In a terminal chat: answer the buttons just shown by typing the number printed next to `title`."""
    child.expect(rf"\[(\d+)\] {re.escape(title)}\r\n")
    number = child.match.group(1)
    child.expect_exact("you> ")
    child.sendline(number)


def unavailable(reason: str) -> None:
    """A service a test needs is missing: fail under CI=true, where everything must run; skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, seconds: float, what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll `check` until it is true, or fail naming `what` (and the process's output if it died)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: process exited with {process.returncode}")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{what} not ready after {seconds:.0f} s")


def ensure_model() -> Path:
    """Train only if the training data changed since the last training."""
    subprocess.run(["bash", str(ROOT / "scripts" / "train_if_needed.sh")], check=True, cwd=ROOT)
    return ROOT / "models" / "assistant.tar.gz"


@dataclass
class Bot:
    """A running bot and helpers to talk to it."""

    url: str
    action_url: str
    db: Path = Path("/nonexistent")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    rest_token: str = ""  # sent with every REST message when the bot requires one

    @property
    def web(self) -> str:
        """Where the website channel lives: widget.js, the demo pages, the webhook."""
        return self.url.replace("/webhooks/rest/webhook", "/webhooks/web")

    def say(self, sender: str, text: str, language: str | None = None, timeout: float = 30) -> list[dict[str, Any]]:
        """Send one message as `sender`; return the replies."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if language:
            body["metadata"] = {"language": language}
        headers = {"X-Assistant-Token": self.rest_token} if self.rest_token else {}
        response = requests.post(self.url, json=body, headers=headers, timeout=timeout)
        response.raise_for_status()
        return list(response.json())

    def text(self, sender: str, message: str, language: str | None = None) -> str:
        """All reply texts to one message, joined by newlines."""
        return "\n".join(r.get("text", "") for r in self.say(sender, message, language))


def start_action_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`rasa run actions` bound to localhost on `port`."""
    return subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"}, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )


def start_rasa(port: int, model: Path, env: dict[str, str], log: Path,
               extra_args: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
    """`rasa run` with the REST channel on `port`."""
    return subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port), "-i", "127.0.0.1",
         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", *extra_args],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started, by its id."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Site:
    """A web server of another origin (a municipality's site, an intranet) serving the pages a test writes."""

    root: Path
    server: ThreadingHTTPServer

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, name: str, html: str) -> str:
        """Publish `html` as /`name` on this site; return its address."""
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without writing an access log line to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """Two sites on free ports: "kommune" is in the bot's ASSISTANT_CORS_ORIGINS, "elsewhere" is not."""
    started = {}
    for name in ("kommune", "elsewhere"):
        root = tmp_path_factory.mktemp(f"site-{name}")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
        threading.Thread(target=server.serve_forever, name=f"site-{name}", daemon=True).start()
        started[name] = Site(root, server)
    yield started
    for site in started.values():
        site.server.shutdown()
        site.server.server_close()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory, sites: dict[str, Site]) -> Iterator[Bot]:
    """The whole bot, started once for all e2e tests; pages of the "kommune" site may use its website channel."""
    model = ensure_model()
    logs = tmp_path_factory.mktemp("bot-logs")
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": TODAY,
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
           "ASSISTANT_TRACKER_DB": str(logs / "conversations.sqlite"),
           "ASSISTANT_CORS_ORIGINS": sites["kommune"].origin}
    bot = Bot(url=f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
              action_url=f"http://127.0.0.1:{action_port}", db=logs / "conversations.sqlite",
              logs={"actions": logs / "actions.log", "rasa": logs / "rasa.log"})
    bot.processes["actions"] = start_action_server(action_port, env, bot.logs["actions"])
    bot.processes["rasa"] = start_rasa(rasa_port, model, env, bot.logs["rasa"])
    try:
        wait_until(lambda: requests.get(f"{bot.action_url}/health", timeout=2).ok, 60, "action server",
                   bot.processes["actions"])
        wait_until(lambda: requests.post(bot.url, json={"sender": "probe-000000", "message": "/greet"}, timeout=10).ok,
                   180, "rasa", bot.processes["rasa"])
        yield bot
    except Exception:
        for name, path in bot.logs.items():
            sys.stderr.write(f"--- {name} log ---\n{path.read_text(errors='replace')[-4000:]}\n")
        raise
    finally:
        for process in bot.processes.values():
            stop(process)


@pytest.fixture(scope="session")
def guarded_bot(bot: Bot, sites: dict[str, Site], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """An intranet's set-up: a second Rasa (sharing the action server) that requires WEB_TOKEN on the website
    channel and REST_TOKEN on REST. It is also started with Rasa's own `--cors "*"`, which must not add a
    second copy of the website channel's CORS headers."""
    logs = tmp_path_factory.mktemp("guarded-bot-logs")
    port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": TODAY, "ACTION_ENDPOINT_URL": f"{bot.action_url}/webhook",
           "ASSISTANT_TRACKER_DB": str(logs / "conversations.sqlite"),
           "ASSISTANT_CORS_ORIGINS": sites["kommune"].origin,
           "ASSISTANT_WEB_TOKEN": WEB_TOKEN, "ASSISTANT_REST_TOKEN": REST_TOKEN}
    guarded = Bot(url=f"http://127.0.0.1:{port}/webhooks/rest/webhook", action_url=bot.action_url,
                  db=logs / "conversations.sqlite", logs={"rasa": logs / "rasa.log"}, rest_token=REST_TOKEN)
    guarded.processes["rasa"] = start_rasa(port, ROOT / "models" / "assistant.tar.gz", env, guarded.logs["rasa"],
                                           extra_args=("--cors", "*"))
    try:
        wait_until(lambda: requests.post(guarded.url, json={"sender": "probe-000000", "message": "/greet"},
                                         headers={"X-Assistant-Token": REST_TOKEN}, timeout=10).ok,
                   180, "guarded rasa", guarded.processes["rasa"])
        yield guarded
    except Exception:
        sys.stderr.write(f"--- guarded rasa log ---\n{guarded.logs['rasa'].read_text(errors='replace')[-4000:]}\n")
        raise
    finally:
        stop(guarded.processes["rasa"])


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (skipped with a reason where it cannot start; fails under CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (make setup installs it)")
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} missing: install Debian's chromium package")
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:
            unavailable(f"Chromium did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture()
def sender() -> str:
    """A fresh conversation id."""
    return f"test-{uuid.uuid4().hex[:10]}"
