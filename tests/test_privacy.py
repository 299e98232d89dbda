"""Personal identifiers are removed before anything is stored; amounts and dates are not mistaken for them."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.privacy import redact
from assistant.retention import purge


@pytest.mark.parametrize(("text", "kind"), [
    ("mit cpr-nummer er 010190-1234", "cpr"),
    ("cpr 0101901234", "cpr"),
    ("mitt personnummer är 19900101-1234", "personnummer"),
    ("pnr 900101-1234", "personnummer"),
    ("199001011234", "personnummer"),
    ("samordningsnummer 900161-1234", "personnummer"),
    ("100-åring: 121212+1212", "personnummer"),
    ("skriv til anna.bjorn@kommune.dk", "email"),
    ("ring på +46 8 473 30 89", "phone"),
    ("mit nummer er 12 34 56 78", "phone"),
    ("mobil 070-123 45 67", "phone"),
    ("tlf 0045 12345678", "phone"),
])
def test_identifiers_are_replaced_by_a_placeholder(text: str, kind: str) -> None:
    result = redact(text)
    assert f"[{kind}]" in result.text
    assert not any(ch.isdigit() for ch in result.text.split("[")[-1].split("]")[-1]) or kind == "phone"
    assert kind in result.kinds


@pytest.mark.parametrize("text", [
    "budgettet er 750 000 kr", "1.500.000 kr.", "350.000", "frist 2024-02-02", "den 30.10.2020",
    "diarienummer 2022-00880", "vi søger 600000", "12 måneder", "80 procent", "uge 16",
])
def test_amounts_dates_and_references_are_left_alone(text: str) -> None:
    assert redact(text).text == text


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_redaction_never_fails_and_is_idempotent(text: str) -> None:
    once = redact(text).text
    assert redact(once).text == once


@given(st.dates(), st.integers(0, 9999), st.sampled_from(["-", ""]), st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_valid_cpr_number_inside_any_text_is_removed(day: object, serial: int, dash: str, noise: str) -> None:
    cpr = f"{day:%d%m%y}{dash}{serial:04d}"  # type: ignore[str-format]
    result = redact(f"{noise} {cpr} {noise}")
    assert cpr not in result.text


def test_purge_deletes_only_conversations_older_than_the_retention(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
                     "intent_name TEXT, action_name TEXT, data TEXT)")
        now = time.time()
        rows = [("old", now - 40 * 86400), ("old", now - 31 * 86400), ("recent", now - 40 * 86400),
                ("recent", now - 86400)]
        conn.executemany("INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, 'user', ?)", rows)
    result = purge(f"sqlite:///{db}", 30, now=now)
    assert (result.conversations, result.events) == (1, 2)
    with sqlite3.connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT sender_id FROM events")} == {"recent"}
