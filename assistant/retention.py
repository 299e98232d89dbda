"""Retention: delete stored conversations whose last message is older than the retention period.

Works on Rasa's SQL tracker store (table `events`), SQLite by default (ASSISTANT_TRACKER_DB) or any
SQLAlchemy URL (ASSISTANT_TRACKER_URL, e.g. postgresql://...). Run `assistant purge` daily.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from assistant.insights import deletions

DEFAULT_RETENTION_DAYS = 30


class RetentionError(RuntimeError):
    """The store cannot be reached or has no conversations table; the message says which."""


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed."""

    conversations: int
    events: int
    cutoff: float


def retention_days() -> int:
    """ASSISTANT_RETENTION_DAYS (default 30)."""
    return int(os.environ.get("ASSISTANT_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS)))


def store_url() -> str:
    """The tracker store as an SQLAlchemy URL: ASSISTANT_TRACKER_URL; else PostgreSQL when the scaled settings
    (ASSISTANT_PG_HOST, ...) are set; else the SQLite file ASSISTANT_TRACKER_DB."""
    url = os.environ.get("ASSISTANT_TRACKER_URL", "")
    if url:
        return url
    host = os.environ.get("ASSISTANT_PG_HOST", "")
    if host:
        from urllib.parse import quote

        user = quote(os.environ.get("ASSISTANT_PG_USER", "postgres"), safe="")
        password = os.environ.get("ASSISTANT_PG_PASSWORD", "")
        auth = f"{user}:{quote(password, safe='')}" if password else user
        port = os.environ.get("ASSISTANT_PG_PORT", "5432")
        return f"postgresql://{auth}@{host}:{port}/{os.environ.get('ASSISTANT_PG_DB', 'assistant')}"
    path = os.environ.get("ASSISTANT_TRACKER_DB", "var/conversations.sqlite")
    return f"sqlite:///{path}"


def purge(url: str, days: int, now: float | None = None) -> PurgeResult:
    """Delete every conversation whose newest event is older than `days` days."""
    import sqlalchemy as sa

    cutoff = (now if now is not None else time.time()) - days * 86400
    engine: Any = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("events"):
                return PurgeResult(0, 0, cutoff)
            old = [row[0] for row in conn.execute(sa.text(
                "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"), {"cutoff": cutoff})]
            removed = 0
            for sender in old:
                removed += conn.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender}).rowcount
            deletions.record(conn, "retention", len(old))  # counted for `assistant insights`, never who
            return PurgeResult(len(old), removed, cutoff)
    except sa.exc.SQLAlchemyError as exc:
        where = url.split("@")[-1]  # never print a password from the URL
        raise RetentionError(f"cannot purge {where}: {exc.__class__.__name__}: {str(exc)[:200]}") from None
    finally:
        engine.dispose()
