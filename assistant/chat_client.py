"""`assistant chat`: talk to a running bot over its REST channel, with buttons shown as numbered choices."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import requests

DEFAULT_URL = "http://127.0.0.1:5005/webhooks/rest/webhook"


class BotUnreachableError(RuntimeError):
    """The bot did not answer; the message says where we tried."""


def send(url: str, sender: str, message: str, metadata: dict[str, Any], timeout: float = 30.0) -> list[dict[str, Any]]:
    """Post one message and return the bot's replies."""
    try:
        response = requests.post(url, json={"sender": sender, "message": message, "metadata": metadata},
                                 timeout=timeout)
    except requests.RequestException as exc:
        raise BotUnreachableError(f"cannot reach the bot at {url}: {exc.__class__.__name__}") from None
    if response.status_code != 200:
        raise BotUnreachableError(f"the bot at {url} answered HTTP {response.status_code}: {response.text[:200]}")
    replies = response.json()
    return replies if isinstance(replies, list) else []


def render(replies: Sequence[dict[str, Any]], out: TextIO) -> list[dict[str, str]]:
    """Print replies; return the buttons offered, numbered from 1 in the order printed."""
    buttons: list[dict[str, str]] = []
    for reply in replies:
        if reply.get("text"):
            out.write("bot> " + str(reply["text"]).replace("\n", "\n     ") + "\n")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            out.write(f"     [{len(buttons)}] {button.get('title')}\n")
    return buttons


def chat(url: str, lang: str | None, read: Callable[[str], str] = input, out: TextIO = sys.stdout) -> int:
    """The read-send-print loop; a number picks a button; /quit or end of input stops."""
    sender = f"cli-{uuid.uuid4().hex[:12]}"
    metadata = {"language": lang} if lang else {}
    out.write(f"Chatting with {url} (type /quit to stop; a number picks a button)\n")
    buttons: list[dict[str, str]] = []
    while True:
        try:
            text = read("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            buttons = render(send(url, sender, text, metadata), out)
        except BotUnreachableError as exc:
            out.write(f"error: {exc}. Is it running? Start it with `make run`.\n")
