"""Users for `make soak`: colleagues who hold whole conversations with the bot, reading and typing between turns.

Each user walks one conversation at a time (the held-out conversations, else a small built-in set) as a new
conversation, waits 3-15 s between its turns and 10-40 s between conversations, and behaves like the widget when
the bot cannot be reached: it keeps the message and tries again after 2, 4, 8, 16, 30, 30 … s (or after
Retry-After), giving up only after SOAK_GIVE_UP seconds. Every turn is written as one JSON line to SOAK_OUT:
answered, apologised (the bot's apology with contacts) or lost (no answer at all), its latency and its retries.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from locust import HttpUser, between, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = Path(os.environ.get("SOAK_OUT", "/tmp/soak-turns.jsonl"))
CONVERSATIONS_DIR = Path(os.environ.get("SOAK_CONVERSATIONS", ROOT / "tests" / "heldout" / "a"))
GIVE_UP = float(os.environ.get("SOAK_GIVE_UP", "300"))
END = float(os.environ.get("SOAK_END", "inf"))  # no new conversation after this moment (epoch seconds)
DELAYS = (2, 4, 8, 16, 30)  # the widget's retry delays (assistant/channels/static/widget.js)
REQUEST_TIMEOUT = 30  # the widget aborts a request after 30 s
BUILT_IN = [
    ("da", ["hej", "kan jeg søge AI-puljen?", "ja", "ja", "ja", "hvornår er fristen?"]),
    ("da", ["hvilke programmer kender du?", "hvor meget kan man søge i AI-puljen?", "hvem kan søge?", "tak"]),
    ("sv", ["kan vi söka AI-resan?", "vi är en kommun", "nej, inte än", "ja, vi har data", "hur mycket kan vi få?"]),
    ("sv", ["när stänger innovationsfonden?", "och beloppet?", "vilka bilagor behövs?",
            "kan jag prata med en människa?"]),
    ("en", ["hello", "can we apply for the AI journey?", "we are a municipality", "no", "yes", "thanks, bye"]),
    ("en", ["which programmes are there?", "when is the deadline for the innovation fund?", "who can apply?"]),
]


def conversations() -> list[tuple[str, list[str]]]:
    """(page language, user turns) of every held-out conversation, or the built-in set when there are none."""
    found: list[tuple[str, list[str]]] = []
    for path in sorted(CONVERSATIONS_DIR.glob("*.yml")) if CONVERSATIONS_DIR.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for conversation in data.get("conversations") or []:
            lang = str((conversation.get("page") or {}).get("language") or path.stem)
            turns = [str(t["user"]) for t in conversation.get("turns") or [] if isinstance(t, dict) and t.get("user")]
            if turns:
                found.append((lang, turns))
    return found or BUILT_IN


CONVERSATIONS = conversations()


@lru_cache(maxsize=1)
def apologies() -> tuple[str, ...]:
    """The bot's apology when part of the service is away, in each language (from the code, not copied)."""
    from assistant.catalogue import load
    from assistant.replies import unavailable

    catalogue = load()
    return tuple(unavailable(catalogue, lang) for lang in ("da", "sv", "en"))


def _record(**turn: Any) -> None:
    with OUT.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(turn, ensure_ascii=False) + "\n")


class Colleague(HttpUser):
    """One person on the intranet asking about funding, a conversation at a time."""

    wait_time = between(10, 40)
    active = 0  # users still holding conversations; the last one to finish ends the run

    def on_start(self) -> None:
        Colleague.active += 1

    @task
    def conversation(self) -> None:
        if time.time() >= END:  # time is up: finish cleanly instead of being cut off in the middle of a turn
            Colleague.active -= 1
            if Colleague.active == 0 and self.environment.runner is not None:
                self.environment.runner.quit()
            raise StopUser()
        lang, turns = random.choice(CONVERSATIONS)
        sender = f"soak-{uuid.uuid4().hex[:16]}"
        for i, text in enumerate(turns):
            self.turn(sender, text, lang if i == 0 else None)
            time.sleep(random.uniform(3, 15))  # reading the answer, typing the next message (gevent-patched)

    def turn(self, sender: str, text: str, lang: str | None) -> None:
        """Send one message the way the widget does, until it is answered or the user gives up."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if lang:
            body["metadata"] = {"language": lang}
        started, tries, reasons = time.time(), 0, []
        _record(event="sent", sender=sender, sent_at=started)
        while True:
            tries += 1
            response = self.client.post("/webhooks/rest/webhook", json=body, timeout=REQUEST_TIMEOUT,
                                        name="turn")
            status = response.status_code
            if status == 200:
                messages = [m for m in _json(response) or [] if isinstance(m, dict)]
                texts = [str(m.get("text") or "") for m in messages]
                if any(a in t for t in texts for a in apologies()):
                    outcome = "apologised"
                elif any(m.get("text") or m.get("buttons") for m in messages):
                    outcome = "answered"
                else:
                    outcome, reasons = "lost", [*reasons, "empty reply"]
                break
            if 400 <= status < 500 and status != 429:
                outcome, reasons = "lost", [*reasons, f"HTTP {status}"]
                break
            reasons.append(f"HTTP {status}" if status else "no connection or timeout")
            retry_after = response.headers.get("Retry-After", "") if status else ""
            wait = int(retry_after) if retry_after.isdigit() else DELAYS[min(tries - 1, len(DELAYS) - 1)]
            if time.time() - started + wait > GIVE_UP:
                outcome = "lost"
                break
            time.sleep(wait)
        _record(event="done", sender=sender, lang=lang, text=text, sent_at=started, latency=time.time() - started,
                outcome=outcome, tries=tries, reasons=reasons)


def _json(response: Any) -> list[dict[str, Any]] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, list) else None
