"""The embedded conversation store: SQLite through StrictSQLTrackerStore."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from assistant.stores import StrictSQLTrackerStore, TrackerStoreUnavailableError, store_reachable

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet]\nslots:\n  language:\n    type: any\n    mappings:\n      - type: custom\n")


def _rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])


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
