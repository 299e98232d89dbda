"""A SQL tracker store that fails loudly instead of quietly losing conversations.

Rasa wraps every tracker store in a fail-safe that, on a database error, starts answering from an empty
in-memory store: conversations would silently restart or split between replicas. This store refuses to start
when the database cannot be reached (naming where it tried), and the chat channels check it before and after
each turn (assistant/channels/handler.py): while it is down, users get a clear "try again shortly" and nothing
they wrote is stored elsewhere; once it is back, everything continues from the database.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore

logger = logging.getLogger(__name__)


class TrackerStoreUnavailableError(RuntimeError):
    """The conversation database cannot be reached."""


def _sync_at_checkpoints(connection: Any, _record: Any) -> None:
    """With the write-ahead log, a commit need not wait for the disk (~1.2 ms): a crash of the bot loses nothing,
    a power cut at most the last turns, and the file always stays consistent. Set on every connection (SQLite
    keeps this setting per connection; Rasa opens a new one for each read or write)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _row(sender_id: str, event: Any) -> dict[str, Any]:
    """One event as the row Rasa's SQLTrackerStore writes (same columns, same JSON)."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
            "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get("name"),
            "action_name": data.get("name"), "data": json.dumps(data)}


class StrictSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore (PostgreSQL in the scaled setup) that checks its connection at start."""

    def __init__(self, domain: Any = None, dialect: str = "sqlite", host: str | None = None,
                 port: int | None = None, db: str = "rasa.db", username: str | None = None,
                 password: str | None = None, event_broker: Any = None, login_db: str | None = None,
                 query: dict[str, Any] | None = None, **kwargs: Any) -> None:
        # Rasa's SQLTrackerStore waits forever for an unreachable database; check once, quickly, first.
        import sqlalchemy as sa

        url = self.get_db_url(dialect, host, port, login_db or db, username, password, query or {})
        args = {"connect_timeout": 5} if dialect.startswith("postgres") else {}
        probe = sa.create_engine(url, connect_args=args)
        try:
            with probe.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except Exception:
            where, hint = ((db, "check ASSISTANT_TRACKER_DB and that its folder exists") if dialect == "sqlite" else
                           (f"{host}:{port}/{db}", "check ASSISTANT_PG_HOST/PORT/DB, and that PostgreSQL is running"))
            raise TrackerStoreUnavailableError(
                f"tracker store: cannot connect to the conversation database at {where}; refusing to start "
                f"({hint})") from None
        finally:
            probe.dispose()
        super().__init__(domain, dialect, host, port, db, username, password, event_broker, login_db, query,
                         **kwargs)
        if dialect == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")  # kept in the file: once is enough
            sa.event.listen(self.engine, "connect", _sync_at_checkpoints)

    async def save(self, tracker: Any) -> None:
        """Write the tracker's new events with one multi-row INSERT, as Rasa's rows (Rasa adds ORM objects one by
        one, a third of a turn's CPU). A new, empty tracker has nothing to write; Rasa writes it anyway."""
        if not tracker.events:
            return
        import sqlalchemy as sa

        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()

    def is_reachable(self) -> bool:
        """One cheap round trip to the database."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except Exception as exc:  # any driver error means "not reachable now"
            logger.warning("tracker store not reachable: %s", exc.__class__.__name__)
            return False


def store_reachable(tracker_store: Any) -> bool:
    """Whether the agent's tracker store (possibly wrapped in Rasa's fail-safe) can be used right now."""
    inner = getattr(tracker_store, "_tracker_store", tracker_store)
    check = getattr(inner, "is_reachable", None)
    return bool(check()) if callable(check) else True


def fell_back(tracker_store: Any, sender: str) -> bool:
    """Whether Rasa's fail-safe just kept this conversation in memory because the database failed."""
    fallback = getattr(tracker_store, "_fallback_tracker_store", None)
    kept = getattr(fallback, "store", None)
    if isinstance(kept, dict) and sender in kept:
        del kept[sender]  # never answer from a half-empty in-memory copy
        return True
    return False


class AtomicRedisLockStore:
    """Per-conversation locks in Redis with one atomic SET NX PX each, shared by every replica.

    Rasa's RedisLockStore issues tickets with a read-modify-write of one Redis key, so two replicas taking
    turns of the same conversation at the same moment can both think they hold the lock, and one turn's
    events are then lost (seen in tests/scaled). Here a lock is a key set only if absent, with a lifetime,
    and released only by its holder (a compare-and-delete script), so turns are strictly serialised.
    """

    RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

    def __init__(self, endpoint_config: Any = None, host: str = "localhost", port: int = 6379, db: int = 0,
                 password: str | None = None, key_prefix: str = "assistant", socket_timeout: float = 10) -> None:
        import redis

        kwargs = dict(getattr(endpoint_config, "kwargs", {}) or {})
        self.key_prefix = f"{kwargs.get('key_prefix', key_prefix)}:lock:"
        self.client = redis.StrictRedis(
            host=getattr(endpoint_config, "url", None) or host, port=int(kwargs.get("port", port)),
            db=int(kwargs.get("db", db)), password=kwargs.get("password", password) or None,
            socket_timeout=float(kwargs.get("socket_timeout", socket_timeout)), retry_on_timeout=True)
        self._release = self.client.register_script(self.RELEASE)

    def lock(self, conversation_id: str, lock_lifetime: float = 60, wait_time_in_seconds: float = 0.05) -> Any:
        """Async context manager holding the conversation's lock (waits up to the lifetime to get it)."""
        import asyncio
        import os
        import time
        import uuid
        from contextlib import asynccontextmanager

        from rasa.core.lock_store import LockError

        lifetime = float(os.environ.get("TICKET_LOCK_LIFETIME", lock_lifetime))
        key, token = self.key_prefix + conversation_id, uuid.uuid4().hex

        @asynccontextmanager
        async def held() -> Any:
            deadline = time.monotonic() + lifetime
            while not self.client.set(key, token, nx=True, px=int(lifetime * 1000)):
                if time.monotonic() > deadline:
                    raise LockError(f"could not lock conversation {conversation_id} within {lifetime:.0f} s")
                await asyncio.sleep(min(wait_time_in_seconds, 0.05))
            try:
                yield token
            finally:
                try:
                    self._release(keys=[key], args=[token])
                except Exception:  # Redis gone: the key expires with its lifetime
                    logger.warning("could not release the lock of a conversation; it expires on its own")

        return held()
