"""Read the conversation store: each user message (redacted text) with the `turn_summary` the action stored for it.

Rasa's SQL tracker store keeps one row per event in `events` (SQLite by default, PostgreSQL when scaled out).
Only user messages and `turn_summary` slot events are read. Sender ids are replaced by numbers here and go no
further; any sender id a message happens to contain is masked too, and the text is redacted once more (the
channel already did; this also covers conversations stored by other means, such as `rasa shell`).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from assistant.insights import deletions
from assistant.insights.model import Conversation, Turn
from assistant.privacy import redact

SUMMARY_SLOT = "turn_summary"
_TOKEN = re.compile(r"[^\s.,;:!?()\"'«»]+")


class StoreError(RuntimeError):
    """The store cannot be read; the message says where it looked and what to check (never a password)."""


@dataclass(frozen=True)
class Collected:
    """What the store holds for the period: conversations (numbered, no ids) and deletions per reason."""

    conversations: tuple[Conversation, ...]
    deleted: dict[str, int]
    since: date | None


def _where(url: str) -> str:
    """The store's location for messages: the SQLite path, or host/database without credentials."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return url.split("@")[-1]


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, timezone.utc).date()


def _masked(text: str, senders: set[str]) -> str:
    """The text redacted, with any conversation id it contains replaced by "[id]"."""
    text = redact(text).text
    return _TOKEN.sub(lambda m: "[id]" if m.group(0) in senders else m.group(0), text)


def read(url: str, since_days: int | None = None, now: float | None = None) -> Collected:
    """Every conversation with a message in the last `since_days` days (all when None), oldest event first."""
    import sqlalchemy as sa

    if url.startswith("sqlite:///") and not os.path.isfile(_where(url)):
        raise StoreError(f"no conversation store at {_where(url)}: set ASSISTANT_TRACKER_DB to the SQLite file the "
                         "bot writes (make run uses var/conversations.sqlite), or ASSISTANT_TRACKER_URL / "
                         "ASSISTANT_PG_* for PostgreSQL")
    cutoff = None if since_days is None else (now if now is not None else time.time()) - since_days * 86400
    engine: Any = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                raise StoreError(f"{_where(url)} has no conversations (no table 'events'): is it the bot's "
                                 "conversation store?")
            query = ("SELECT sender_id, type_name, timestamp, data FROM events WHERE (type_name = 'user' OR "
                     "(type_name = 'slot' AND action_name = :slot))")
            params: dict[str, Any] = {"slot": SUMMARY_SLOT}
            if cutoff is not None:
                query += " AND timestamp >= :cutoff"
                params["cutoff"] = cutoff
            rows = conn.execute(sa.text(query + " ORDER BY sender_id, id"), params).fetchall()
            deleted = deletions.counts(conn, _day(cutoff) if cutoff is not None else None)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read the conversation store at {_where(url)}: {exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0][:200]}") from None
    finally:
        engine.dispose()
    return Collected(_conversations(rows), deleted, _day(cutoff) if cutoff is not None else None)


def _conversations(rows: list[Any]) -> tuple[Conversation, ...]:
    """Rows (sorted by sender, then order) into numbered conversations; a message's summary is the next one."""
    senders = {str(r[0]) for r in rows if len(str(r[0])) >= 6}
    by_sender: dict[str, list[tuple[float, str, dict[str, Any]]]] = {}
    for sender, kind, timestamp, data in rows:
        try:
            event = json.loads(data) if isinstance(data, str) else dict(data or {})
        except ValueError:
            continue
        by_sender.setdefault(str(sender), []).append((float(timestamp or 0.0), str(kind), event))
    conversations = []
    for number, events in enumerate(by_sender.values(), start=1):
        turns: list[Turn] = []
        pending: tuple[float, str, str | None] | None = None
        for timestamp, kind, event in events:
            if kind == "user":
                if pending is not None:
                    turns.append(Turn.from_summary(number, _day(pending[0]), pending[1], None, pending[2]))
                metadata = event.get("metadata") or {}
                page = metadata.get("language") if isinstance(metadata, dict) else None
                pending = (timestamp, _masked(str(event.get("text") or ""), senders),
                           page[:2].lower() if isinstance(page, str) and page else None)
            elif pending is not None and isinstance(event.get("value"), dict):
                turns.append(Turn.from_summary(number, _day(pending[0]), pending[1], event["value"], pending[2]))
                pending = None
        if pending is not None:
            turns.append(Turn.from_summary(number, _day(pending[0]), pending[1], None, pending[2]))
        if turns:
            conversations.append(Conversation(number, tuple(turns)))
    return tuple(conversations)
