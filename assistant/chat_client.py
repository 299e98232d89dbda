"""`assistant chat`: talk to a running bot over its REST channel, with buttons shown as numbered choices.

A bot that refuses a message is not a bot that is down: a refusal (wrong token, message too long, too many
messages) is printed as the bot's own sentence with what to do about it, in the user's language; "is it
running?" is asked only when nothing answered at all.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import requests

from assistant.localized import Lang

DEFAULT_URL = "http://127.0.0.1:5005/webhooks/rest/webhook"
TOKEN_HEADER = "X-Assistant-Token"

_TEXTS: dict[str, dict[Lang, str]] = {
    "intro": {"da": "Chatter med {url} (skriv /quit for at stoppe; et tal vælger en knap)",
              "sv": "Chattar med {url} (skriv /quit för att sluta; en siffra väljer en knapp)",
              "en": "Chatting with {url} (type /quit to stop; a number picks a button)"},
    "unreachable": {"da": "Assistenten på {url} svarer ikke ({why}). Kører den? Start den med `make run`.",
                    "sv": "Assistenten på {url} svarar inte ({why}). Är den igång? Starta den med `make run`.",
                    "en": "The assistant at {url} does not answer ({why}). Is it running? Start it with `make run`."},
    "unauthorised": {"da": "Giv nøglen med --token eller i ASSISTANT_REST_TOKEN (samme værdi som assistentens "
                           "ASSISTANT_REST_TOKEN).",
                     "sv": "Ange nyckeln med --token eller i ASSISTANT_REST_TOKEN (samma värde som assistentens "
                           "ASSISTANT_REST_TOKEN).",
                     "en": "Give the key with --token or in ASSISTANT_REST_TOKEN (the same value as the assistant's "
                           "ASSISTANT_REST_TOKEN)."},
    "forbidden": {"da": "Assistenten afviser denne klient.", "sv": "Assistenten avvisar den här klienten.",
                  "en": "The assistant refuses this client."},
    "not_found": {"da": "Der er ingen chat på {url}. Ret --url eller ASSISTANT_URL (normalt "
                        "http://<vært>:5005/webhooks/rest/webhook).",
                  "sv": "Det finns ingen chatt på {url}. Ändra --url eller ASSISTANT_URL (normalt "
                        "http://<värd>:5005/webhooks/rest/webhook).",
                  "en": "There is no chat at {url}. Fix --url or ASSISTANT_URL (normally "
                        "http://<host>:5005/webhooks/rest/webhook)."},
    "refused": {"da": "Assistenten afviste beskeden (HTTP {status}).",
                "sv": "Assistenten avvisade meddelandet (HTTP {status}).",
                "en": "The assistant refused the message (HTTP {status})."},
    "failed": {"da": "Assistenten svarede med en fejl (HTTP {status}); se dens log. Prøv igen om lidt.",
               "sv": "Assistenten svarade med ett fel (HTTP {status}); se dess logg. Försök igen om en stund.",
               "en": "The assistant answered with an error (HTTP {status}); see its log. Try again in a moment."},
}
# A refusal that no other message can get past ends the chat; the others only refuse that message.
_FATAL = {401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "not_found"}


def _t(lang: Lang, key: str, **values: object) -> str:
    return _TEXTS[key][lang].format(**values)


class BotUnreachableError(RuntimeError):
    """Nothing answered at the URL (connection refused, name unknown, timeout)."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"{url}: {why}")
        self.url, self.why = url, why


@dataclass
class BotRefusedError(Exception):
    """The bot answered, but not with replies: an HTTP status and, when it sent one, its own message."""

    status: int
    message: str = ""
    detail: str = ""

    @property
    def fatal(self) -> bool:
        """True when every further message would be refused too (key, address, client)."""
        return self.status in _FATAL


def send(url: str, sender: str, message: str, metadata: dict[str, Any], token: str = "",
         timeout: float = 30.0) -> list[dict[str, Any]]:
    """Post one message and return the bot's replies; BotUnreachableError or BotRefusedError otherwise."""
    headers = {TOKEN_HEADER: token} if token else {}
    try:
        response = requests.post(url, json={"sender": sender, "message": message, "metadata": metadata},
                                 headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise BotUnreachableError(url, exc.__class__.__name__) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code != 200:
        fields = body if isinstance(body, dict) else {}
        raise BotRefusedError(response.status_code, str(fields.get("message") or ""), str(fields.get("detail") or ""))
    return body if isinstance(body, list) else []


def explain(error: BotRefusedError | BotUnreachableError, url: str, lang: Lang) -> list[str]:
    """The lines to print for a failed message: what happened, then what to do about it."""
    if isinstance(error, BotUnreachableError):
        return [_t(lang, "unreachable", url=url, why=error.why)]
    what = error.message or _t(lang, "failed" if error.status >= 500 else "refused", status=error.status)
    lines = [what]
    if error.status in _FATAL:
        lines.append(_t(lang, _FATAL[error.status], url=url))
        if error.status == 403 and error.detail:
            lines.append(f"({error.detail})")
    elif error.status >= 500 and error.message:
        lines.append(_t(lang, "failed", status=error.status))
    return lines


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


def chat(url: str, lang: Lang, send_language: bool = True, token: str = "", read: Callable[[str], str] = input,
         out: TextIO = sys.stdout) -> int:
    """The read-send-print loop; a number picks a button; /quit or end of input stops (0), a refusal of the
    client itself (key, address) stops with 1."""
    sender = f"cli-{uuid.uuid4().hex[:12]}"
    metadata = {"language": lang} if send_language else {}
    out.write(_t(lang, "intro", url=url) + "\n")
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
            buttons = render(send(url, sender, text, metadata, token), out)
        except KeyboardInterrupt:  # Ctrl-C while waiting for the answer: end as cleanly as at the prompt
            out.write("\n")
            return 0
        except (BotUnreachableError, BotRefusedError) as error:
            out.write("".join(f"  ! {line}\n" for line in explain(error, url, lang)))
            if isinstance(error, BotRefusedError) and error.fatal:
                return 1
