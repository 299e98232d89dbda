"""Staff insights (`assistant insights`): what is counted, how unanswered messages are grouped, what is never shown.

The aggregate tests build conversations as the collector reads them from the store; tests/e2e/test_insights.py
sends real conversations through the running bot and reads its store.
"""

from __future__ import annotations

import csv
import json
import re
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from assistant import cli
from assistant.catalogue import Catalogue
from assistant.dialogue import Dialogue, State, Turn, turn_summary
from assistant.insights import aggregate, deletions, export, render_csv, render_html, render_text
from assistant.insights.collect import Collected, StoreError, read
from assistant.insights.group import Message, group, normalise, representative
from assistant.insights.model import Conversation
from assistant.insights.model import Turn as Record
from assistant.retention import purge, store_url

DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def record(conversation: int, text: str, **summary: Any) -> Record:
    """One turn as collect.py makes it from a stored message and its turn_summary."""
    return Record.from_summary(conversation, summary.pop("day", DAY), text, {"language": "da", **summary})


def collected(*conversations: list[Record], deleted: dict[str, int] | None = None) -> Collected:
    return Collected(tuple(Conversation(turns[0].conversation, tuple(turns)) for turns in conversations),
                     deleted or {"user": 0, "retention": 0}, None)


def fallback(conversation: int, text: str, lang: str = "da") -> Record:
    return record(conversation, text, act="fallback", intent="nlu_fallback", best_guess="ask_payout",
                  unanswered="fallback", language=lang)


# ---------------------------------------------------------------- grouping and K-anonymity

def test_normalising_folds_case_accents_scandinavian_letters_and_numbers() -> None:
    assert normalise("Hvornår udbetales 750 000 kr?") == normalise("hvornar UDBETALES 12 kr")


def test_the_same_question_with_typos_and_other_wording_is_one_group() -> None:
    messages = [Message("hvornår bliver pengene udbetalt?", 1), Message("hvornaar bliver pengene udbetalt", 2),
                Message("Hvornår bliver pengene udbetalt til os?", 3), Message("hvad koster en kop kaffe", 4)]
    groups = group(messages)
    assert [sorted(g.members) for g in groups] == [[0, 1, 2], [3]]
    assert groups[0].conversations == 3


def test_groups_are_ordered_by_how_many_conversations_asked() -> None:
    messages = [Message("må vi købe computere for pengene", c) for c in (1, 2)]
    messages += [Message("hvornår bliver pengene udbetalt", c) for c in (3, 4, 5)]
    assert [g.conversations for g in group(messages)] == [3, 2]


def test_one_conversation_repeating_itself_counts_once() -> None:
    messages = [Message("hvornår bliver pengene udbetalt", 7)] * 5
    assert group(messages)[0].conversations == 1


def test_words_fewer_than_k_conversations_used_are_masked_in_the_representative() -> None:
    messages = [Message("Jeg hedder Søren Kierkegaard, hvornår udbetales pengene?", 1),
                Message("hvornår udbetales pengene?", 2), Message("hvornar udbetales pengene", 3)]
    shown = representative(messages, [0, 1, 2], k=3)
    assert "Kierkegaard" not in shown and "Søren" not in shown
    assert shown == "…, hvornår udbetales pengene?"


def test_a_group_of_fewer_than_k_conversations_is_counted_but_not_shown() -> None:
    report = aggregate.build(collected([fallback(1, "kan vi få penge til en kaffemaskine?")],
                                       [fallback(2, "kan vi få penge til en kaffemaskine")],
                                       [fallback(3, "hvornår bliver pengene udbetalt")],
                                       [fallback(4, "hvornår bliver pengene udbetalt?")],
                                       [fallback(5, "hvornaar bliver pengene udbetalt")]), k=3)
    assert [g.text for g in report.unanswered] == ["hvornår bliver pengene udbetalt"]
    assert (report.hidden_groups, report.hidden_messages) == (1, 2)
    assert report.unanswered_messages == 5


def test_k_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        aggregate.build(collected([fallback(1, "x")]), k=1)


# ---------------------------------------------------------------- counts

def _mixed() -> Collected:
    check_no = [record(1, "kan jeg søge AI-puljen?", act="ask_fact", programme="regionh-ai-2020",
                       question="ask_eligibility"),
                record(1, "ja", act="ask_fact", programme="regionh-ai-2020"),
                record(1, "nej", act="verdict_not_eligible", programme="regionh-ai-2020", verdict="not_eligible",
                       criterion="approved_by_management")]
    check_yes = [record(2, "kan vi söka AI-resan?", act="ask_fact", programme="vinnova-starta-ai-resa-2022",
                        question="ask_eligibility", language="sv", day=date(2026, 11, 24)),
                 record(2, "/affirm", act="verdict_eligible", programme="vinnova-starta-ai-resa-2022",
                        verdict="eligible", language="sv", day=date(2026, 11, 24))]
    unfinished = [record(3, "can we apply to the AI pool?", act="ask_fact", programme="regionh-ai-2020",
                         question="ask_eligibility", language="en")]
    questions = [record(4, "hvornår er fristen?", act="answer", programme="regionh-ai-2020",
                        question="ask_deadline"),
                 record(4, "kan jeg tale med en person?", act="answer", programme="regionh-ai-2020",
                        question="ask_contact", handoff=True)]
    return collected(check_no, check_yes, unfinished, questions, deleted={"user": 2, "retention": 1})


def test_conversations_messages_days_and_languages_are_counted() -> None:
    report = aggregate.build(_mixed())
    assert (report.conversations, report.messages) == (4, 8)
    assert report.languages == {"da": 2, "en": 1, "sv": 1}
    assert [(d.day, d.conversations, d.messages) for d in report.days] == [(date(2026, 11, 24), 1, 2),
                                                                           (DAY, 3, 6)]


def test_questions_are_counted_per_programme_and_per_kind() -> None:
    report = aggregate.build(_mixed())
    assert report.programmes == {"regionh-ai-2020": 4, "vinnova-starta-ai-resa-2022": 1}
    assert report.topics == {"ask_eligibility": 3, "ask_contact": 1, "ask_deadline": 1}


def test_each_check_counts_its_last_verdict_and_an_unfinished_check_counts_as_unknown() -> None:
    report = aggregate.build(_mixed())
    assert report.verdicts == {"eligible": 1, "not_eligible": 1, "unknown": 1}
    assert report.verdicts_by_programme["regionh-ai-2020"] == {"eligible": 0, "not_eligible": 1, "unknown": 1}
    assert report.criteria == {"regionh-ai-2020/approved_by_management": 1}


def test_hand_offs_median_turns_to_a_verdict_and_deletions() -> None:
    report = aggregate.build(_mixed())
    assert report.handoffs == 1
    assert report.median_turns_to_verdict == 2.5  # 3 messages and 2 messages
    assert report.deleted == {"user": 2, "retention": 1}


def test_advice_names_the_programme_file_for_a_missing_fact_and_the_training_file_for_a_fallback(
        catalogue: Catalogue) -> None:
    gaps = [[record(c, "hvordan udbetales pengene?", act="answer", programme="regionh-ai-2020",
                    question="ask_payout", unanswered="not_stated", gap="payout.missing")] for c in (1, 2, 3)]
    fallbacks = [[fallback(c, "kan vi søge om en kaffemaskine", lang="sv")] for c in (4, 5, 6, 7)]
    report = aggregate.build(collected(*gaps, *fallbacks), catalogue=catalogue)
    by_kind = {g.kind: g for g in report.unanswered}
    assert by_kind["not_stated"].advice.file == "data/programmes/regionh-ai-2020.yml"
    assert by_kind["not_stated"].topic == "payout"
    assert by_kind["fallback"].advice.file == "data/nlu/sv/nlu.yml"
    assert by_kind["fallback"].advice.params["intent"] == "ask_payout"
    assert [g.count for g in report.unanswered] == [4, 3]


# ---------------------------------------------------------------- outputs

def _report_with_groups(catalogue: Catalogue) -> aggregate.Report:
    """The four conversations of _mixed, and nine with unanswered messages: groups of 4, 3 and 2 conversations."""
    rows = [[fallback(c, "hvornår bliver pengene udbetalt?")] for c in (11, 12, 13, 14)]
    rows += [[fallback(c, "what is the capital of sweden", lang="en")] for c in (15, 16, 17)]
    rows += [[fallback(18, "kan vi få penge til kaffe")], [fallback(19, "kan vi få penge til kaffe")]]
    rows += [list(c.turns) for c in _mixed().conversations]
    return aggregate.build(collected(*rows), catalogue=catalogue, now=NOW)


def test_the_json_contract_for_scripts(catalogue: Catalogue) -> None:
    data = json.loads(json.dumps(export.as_json(_report_with_groups(catalogue), catalogue)))
    assert {"conversations", "messages", "languages", "programmes", "verdicts", "unanswered"} <= set(data)
    assert (data["conversations"], data["messages"]) == (13, 17)
    assert data["languages"] == {"da": 8, "en": 4, "sv": 1}
    assert data["programmes"] == {"regionh-ai-2020": 4, "vinnova-starta-ai-resa-2022": 1}
    assert data["verdicts"] == {"eligible": 1, "not_eligible": 1, "unknown": 1}
    assert [(u["text"], u["count"], u["languages"]) for u in data["unanswered"]] == [
        ("hvornår bliver pengene udbetalt?", 4, ["da"]), ("what is the capital of sweden", 3, ["en"])]
    assert "kaffe" not in json.dumps(data)  # two conversations only


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_the_text_report_opens_with_the_privacy_rule(catalogue: Catalogue, lang: str) -> None:
    text = render_text.render(_report_with_groups(catalogue), catalogue, lang)  # type: ignore[arg-type]
    lines = text.splitlines()
    assert "3" in lines[2] and ("…" in lines[2])
    assert "data/nlu/da/nlu.yml" in text and "kaffe" not in text


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_the_html_report_is_one_self_contained_accessible_page(catalogue: Catalogue, lang: str) -> None:
    page = render_html.render(_report_with_groups(catalogue), catalogue, lang)  # type: ignore[arg-type]
    assert f'<html lang="{lang}">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched from anywhere
    assert page.count("<svg") == 3 and page.count('role="img"') == 3
    assert page.count("<table>") == page.count("<caption>") and 'scope="col"' in page
    assert page.count("<h1>") == 1 and "data/nlu/da/nlu.yml" in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # charts' ids do not collide
    assert "kaffe" not in page


def test_the_csv_files_hold_the_same_groups(catalogue: Catalogue, tmp_path: Path) -> None:
    render_csv.write(_report_with_groups(catalogue), tmp_path, catalogue)
    with (tmp_path / "unanswered.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["text"], r["conversations"]) for r in rows] == [("hvornår bliver pengene udbetalt?", "4"),
                                                                ("what is the capital of sweden", "3")]
    assert {p.name for p in tmp_path.iterdir()} >= {"summary.csv", "days.csv", "verdicts.csv", "criteria.csv"}


# ---------------------------------------------------------------- what each turn records

def test_each_turn_records_what_kind_of_answer_it_got(catalogue: Catalogue) -> None:
    dialogue = Dialogue(catalogue, DAY)
    state = State(language="da")
    gap = dialogue.respond(Turn("må vi få pengene udbetalt på forskud i AI-puljen?", "ask_payout", 0.99), state)
    summary = turn_summary(Turn("må vi få pengene udbetalt på forskud i AI-puljen?", "ask_payout", 0.99), gap)
    assert (summary["unanswered"], summary["gap"], summary["programme"]) == ("not_stated", "payout.missing",
                                                                            "regionh-ai-2020")
    lost = Turn("flimmer flammer", "nlu_fallback", 0.1)
    assert turn_summary(lost, dialogue.respond(lost, state), "ask_amount")["unanswered"] == "fallback"
    contact = Turn("kan jeg tale med en person om AI-puljen?", "ask_contact", 0.99)
    assert turn_summary(contact, dialogue.respond(contact, state))["handoff"] is True


def test_a_no_records_the_criterion_that_decided_it(catalogue: Catalogue) -> None:
    dialogue = Dialogue(catalogue, DAY)
    state = State(language="da")
    outcome = dialogue.respond(Turn("kan jeg søge AI-puljen?", "ask_eligibility", 0.99), state)
    for _ in range(5):  # yes to every question before the management's approval
        if outcome.state.asked == "management_approval":
            break
        outcome = dialogue.respond(Turn("ja", "affirm", 1.0), outcome.state)
    assert outcome.state.asked == "management_approval"
    no = Turn("nej", "deny", 1.0)
    outcome = dialogue.respond(no, outcome.state)
    summary = turn_summary(no, outcome)
    assert (summary["verdict"], summary["criterion"]) == ("not_eligible", "approved_by_management")


# ---------------------------------------------------------------- the store

def _store(path: Path, conversations: dict[str, list[tuple[str, dict[str, Any]]]]) -> str:
    """A store written by Rasa's own SQL tracker store (the rows the bot writes)."""
    import asyncio

    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from assistant.stores import StrictSQLTrackerStore

    store = StrictSQLTrackerStore(dialect="sqlite", db=str(path))
    for sender, turns in conversations.items():
        events: list[Any] = []
        for text, summary in turns:
            events += [UserUttered(text, {"name": "nlu_fallback"}, timestamp=time.time()),
                       SlotSet("turn_summary", summary, timestamp=time.time())]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    return f"sqlite:///{path}"


def test_the_store_is_read_without_sender_ids_and_with_identifiers_redacted(tmp_path: Path) -> None:
    lost = {"act": "fallback", "unanswered": "fallback", "language": "da"}
    url = _store(tmp_path / "c.sqlite", {
        f"sender-secret-{i}": [(f"min mail er jens@example.dk og jeg er sender-secret-{i}", lost)] for i in range(3)})
    data = read(url)
    assert len(data.conversations) == 3
    text = json.dumps([t.text for c in data.conversations for t in c.turns])
    assert "sender-secret" not in text and "jens@example.dk" not in text and "[email]" in text
    assert data.deleted == {"user": 0, "retention": 0}


def test_deletions_are_counted_per_reason_and_purge_counts_its_own(tmp_path: Path) -> None:
    url = _store(tmp_path / "c.sqlite", {"sender-old-1": [("hej", {"act": "greet"})]})
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        deletions.record(conn, "user", 1)
        deletions.record(conn, "user", 1, day=date(2020, 1, 1))
    engine.dispose()
    purge(url, 0, now=time.time() + 10)
    assert read(url).deleted == {"user": 2, "retention": 1}
    assert read(url, since_days=30).deleted == {"user": 1, "retention": 1}


def test_a_missing_store_file_is_named_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError, match="no conversation store at"):
        read(f"sqlite:///{tmp_path / 'nothing.sqlite'}")
    assert cli.main(["insights", "--url", f"sqlite:///{tmp_path / 'nothing.sqlite'}"]) == 1
    assert "ASSISTANT_TRACKER_DB" in capsys.readouterr().err
    assert not (tmp_path / "nothing.sqlite").exists()  # and none was created


@pytest.mark.parametrize("bad", ["-3", "0", "week"])
def test_a_bad_since_is_refused_with_exit_2(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["insights", "--since", bad])
    assert exit_info.value.code == 2
    assert "--since" in capsys.readouterr().err


def test_the_scaled_settings_point_the_store_at_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_TRACKER_URL", raising=False)
    monkeypatch.setenv("ASSISTANT_PG_HOST", "db.internal")
    monkeypatch.setenv("ASSISTANT_PG_PASSWORD", "p@ss")
    monkeypatch.setenv("ASSISTANT_PG_DB", "assistant")
    assert store_url() == "postgresql://postgres:p%40ss@db.internal:5432/assistant"
    monkeypatch.delenv("ASSISTANT_PG_HOST")
    monkeypatch.setenv("ASSISTANT_TRACKER_DB", "/x/c.sqlite")
    assert store_url() == "sqlite:////x/c.sqlite"


def test_a_programme_the_assistant_does_not_cover_is_named_in_the_advice_by_its_listed_name() -> None:
    names = ((1, "Horizon Europe"), (2, "horizon europa"), (3, "Horizon-Europe"))  # as three applicants wrote it
    rows = [[record(c, f"hvad med {word}?", act="unknown_programme", unanswered="unknown_programme",
                    unknown_programme="Horizon Europe")] for c, word in names]
    report = aggregate.build(collected(*rows))
    assert report.unanswered[0].advice.params == {"name": "Horizon Europe"}
    assert report.unanswered[0].advice.file == "data/programmes/"
