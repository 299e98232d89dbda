"""The embedded conversation store: SQLite through StrictSQLTrackerStore."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from assistant.stores import StrictSQLTrackerStore, TrackerStoreUnavailableError, store_reachable

DOMAIN = Domain.from_yaml(
    "version: '3.1'\nintents: [greet]\nslots:\n  language:\n    type: any\n    mappings:\n      - type: custom\n")


def _rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])


def _table(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                                  "FROM events ORDER BY id").fetchall()


def test_rows_are_written_exactly_as_rasas_own_sql_store_writes_them(tmp_path: Path) -> None:
    ours = StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.sqlite"))
    rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.sqlite"))
    tracker = asyncio.run(ours.get_or_create_tracker("sender-0002", append_action_listen=False))
    turns = [[ActionExecuted("action_listen"), UserUttered("hej", {"name": "greet", "confidence": 0.9})],
             [SlotSet("language", "da"), ActionExecuted("utter_greet"), BotUttered("Hej!"),
              ActionExecuted("action_listen")]]
    for turn in turns:  # two saves: the second appends only what is new
        for event in turn:
            tracker.update(event)
        asyncio.run(ours.save(tracker))
        asyncio.run(rasas.save(tracker))
    assert _rows(tmp_path / "ours.sqlite") == 6
    assert _table(tmp_path / "ours.sqlite") == _table(tmp_path / "rasa.sqlite")


def test_a_new_empty_conversation_writes_nothing_and_a_turn_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "conversations.sqlite"
    store = StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    tracker = asyncio.run(store.get_or_create_tracker("sender-0001", append_action_listen=False))
    assert _rows(db) == 0
    for event in (ActionExecuted("action_listen"), UserUttered("hej", {"name": "greet", "confidence": 1.0}),
                  SlotSet("language", "da")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert _rows(db) == 3
    again = StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))  # as after a restart
    restored = asyncio.run(again.retrieve("sender-0001"))
    assert restored is not None and restored.get_slot("language") == "da"
    assert store_reachable(again)


def test_a_database_that_cannot_be_opened_stops_the_start_naming_the_setting(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "conversations.sqlite"
    with pytest.raises(TrackerStoreUnavailableError, match="ASSISTANT_TRACKER_DB"):
        StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(missing))


def test_the_sqlite_file_keeps_a_write_ahead_log(tmp_path: Path) -> None:
    db = tmp_path / "conversations.sqlite"
    store = StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as connection:  # every connection of the store: sync at checkpoints only
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
