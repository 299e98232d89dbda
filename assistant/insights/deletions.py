"""A counter of deleted conversations (per day and reason, never who): deletion removes the conversation itself.

Kept in the conversation store's own database, table `assistant_deletions`, one row per deletion: the day (UTC),
the reason ("user": "slet min samtale" in the chat; "retention": `assistant purge`) and how many conversations.
Rows rather than one counter per day, so replicas deleting at the same moment never conflict.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

TABLE = "assistant_deletions"
REASONS = ("user", "retention")


def _table(sa: Any) -> Any:
    metadata = sa.MetaData()
    return sa.Table(TABLE, metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("day", sa.String(10), nullable=False), sa.Column("reason", sa.String(16), nullable=False),
                    sa.Column("conversations", sa.Integer, nullable=False))


def today_utc() -> date:
    """The day a deletion is counted on."""
    return datetime.now(timezone.utc).date()


def record(connection: Any, reason: str, conversations: int, day: date | None = None) -> None:
    """Count `conversations` deleted for `reason` today, in the caller's transaction (table created if missing)."""
    import sqlalchemy as sa

    if reason not in REASONS:
        raise ValueError(f"deletion reason '{reason}': expected one of {', '.join(REASONS)}")
    if conversations <= 0:
        return
    table = _table(sa)
    table.create(connection, checkfirst=True)
    connection.execute(table.insert().values(day=(day or today_utc()).isoformat(), reason=reason,
                                             conversations=conversations))


def counts(connection: Any, since: date | None = None) -> dict[str, int]:
    """Conversations deleted per reason (since a day, if given); zeros when nothing was ever deleted."""
    import sqlalchemy as sa

    out = dict.fromkeys(REASONS, 0)
    if not sa.inspect(connection).has_table(TABLE):
        return out
    table = _table(sa)
    query = sa.select(table.c.reason, sa.func.sum(table.c.conversations)).group_by(table.c.reason)
    if since is not None:
        query = query.where(table.c.day >= since.isoformat())
    for reason, total in connection.execute(query):
        out[str(reason)] = out.get(str(reason), 0) + int(total or 0)
    return out
