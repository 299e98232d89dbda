"""`assistant insights` over a store the running bot wrote: real conversations sent over REST, then the report.

A Rasa of its own (sharing the session's action server) writes a fresh SQLite store, so every count is known:
three conversations ask the same out-of-scope thing with a CPR number in it, three ask what the call text does
not say with an e-mail address and a phone number in it, two ask something only they ask (never shown), one
check ends "no", one "yes", one asks for a person, and one is deleted with "slet min samtale".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import QUIET, ROOT, TODAY, Bot, free_port, start_rasa, stop, unavailable, wait_until

pytestmark = [pytest.mark.e2e]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CPR, EMAIL, PHONE = "120385-4521", "jens.hansen@example.dk", "+45 23 45 67 89"
IDENTIFIERS = (CPR, CPR.replace("-", ""), EMAIL, "example.dk", PHONE, "23 45 67 89")
CAKE = f"Kan I bage en lagkage til min fødselsdag? Mit CPR er {CPR}"
PAYOUT = f"må vi få pengene udbetalt på forskud i AI-puljen? ({EMAIL}, {PHONE})"
ONLY_TWO = "skriv et digt om grønne tomater"
CONVERSATIONS: dict[str, tuple[str, list[str]]] = {
    **{f"cake-{i}": ("da", [CAKE if i != 2 else CAKE.lower()]) for i in range(3)},
    **{f"payout-{i}": ("da", [PAYOUT]) for i in range(3)},
    **{f"poem-{i}": ("da", [ONLY_TWO]) for i in range(2)},
    "check-no": ("da", ["kan jeg søge AI-puljen?", "ja", "nej"]),
    "check-yes": ("sv", ["kan vi söka AI-resan?", "Kommun", "Ja", "Nej", "Ja"]),
    "person": ("da", ["kan jeg tale med en person om AI-puljen?"]),
    "deleted": ("da", ["hvornår er fristen for AI-puljen?", "slet min samtale"]),
}


@dataclass
class Run:
    """The store the conversations went to, the sender ids used, and the report's outputs."""

    db: Path
    senders: list[str]
    data: dict[str, Any]
    text: str
    html: Path
    csv: Path

    def everything(self) -> str:
        """Every output of the report as one string: JSON, text, HTML and every CSV file."""
        csvs = "".join(p.read_text(encoding="utf-8") for p in sorted(self.csv.glob("*.csv")))
        return json.dumps(self.data, ensure_ascii=False) + self.text + self.html.read_text(encoding="utf-8") + csvs


def insights(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`assistant insights` as staff run it, against the store at `db`."""
    env = {**os.environ, "ASSISTANT_TRACKER_DB": str(db), "ASSISTANT_TRACKER_URL": "", "ASSISTANT_PG_HOST": ""}
    return subprocess.run([str(Path(sys.executable).parent / "assistant"), "insights", *args], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def run(bot: Bot, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """A Rasa of its own writing a fresh store, the conversations sent through it, and the report made from it."""
    work = tmp_path_factory.mktemp("insights")
    db = work / "conversations.sqlite"
    port = free_port()
    env = {**os.environ, **QUIET, "ASSISTANT_TODAY": TODAY, "ACTION_ENDPOINT_URL": f"{bot.action_url}/webhook",
           "ASSISTANT_TRACKER_DB": str(db)}
    rasa = start_rasa(port, ROOT / "models" / "assistant.tar.gz", env, work / "rasa.log")
    own = Bot(url=f"http://127.0.0.1:{port}/webhooks/rest/webhook", action_url=bot.action_url, db=db)
    senders = []
    try:
        probe = {"sender": "probe-000000", "message": "/greet", "metadata": {"language": "da"}}  # a conversation too
        wait_until(lambda: requests.post(own.url, json=probe, timeout=10).ok, 180, "insights rasa", rasa)
        for name, (lang, messages) in CONVERSATIONS.items():
            sender = f"insights-{name}-{uuid.uuid4().hex[:8]}"
            senders.append(sender)
            for message in messages:
                assert own.say(sender, message, lang), f"{name}: no reply to {message!r}"
    finally:
        stop(rasa)
    html, folder = work / "report.html", work / "csv"
    made = insights(db, "--json", "--html", str(html), "--csv", str(folder), "--lang", "da")
    assert made.returncode == 0, made.stderr
    text = insights(db, "--lang", "da")
    assert text.returncode == 0, text.stderr
    yield Run(db, senders, json.loads(made.stdout), text.stdout, html, folder)


def test_insights_count_the_conversations_and_messages_sent_and_not_the_deleted_one(run: Run) -> None:
    sent = [m for name, (_, ms) in CONVERSATIONS.items() if name != "deleted" for m in ms]
    assert run.data["conversations"] == len(CONVERSATIONS) - 1 + 1  # the deleted one out, the start probe in
    assert run.data["messages"] == len(sent) + 1
    assert run.data["deleted"] == {"user": 1, "retention": 0}
    assert run.data["languages"] == {"da": 11, "sv": 1}


def test_insights_count_verdicts_deciding_criterion_hand_offs_and_turns_to_a_verdict(run: Run) -> None:
    assert run.data["verdicts"] == {"eligible": 1, "not_eligible": 1, "unknown": 0}
    assert run.data["deciding_criteria"] == {"regionh-ai-2020/approved_by_management": 1}
    assert run.data["handoffs"] == 1
    assert run.data["median_turns_to_verdict"] == 4  # 3 and 5 messages
    assert run.data["programmes"]["regionh-ai-2020"] >= 5  # three payout questions, the check, the contacts


def test_insights_group_what_three_conversations_could_not_get_answered_and_hide_what_two_did(run: Run) -> None:
    groups = {g["kind"]: g for g in run.data["unanswered"]}
    assert set(groups) == {"out_of_scope", "not_stated"}
    assert (groups["out_of_scope"]["count"], groups["out_of_scope"]["languages"]) == (3, ["da"])
    assert groups["out_of_scope"]["text"].lower() == "kan i bage en lagkage til min fødselsdag? mit cpr er [cpr]"
    assert groups["not_stated"]["count"] == 3
    assert groups["not_stated"]["file"] == "data/programmes/regionh-ai-2020.yml"
    assert groups["out_of_scope"]["file"] == "data/nlu/da/nlu.yml"
    assert run.data["unanswered_hidden"] == {"groups": 1, "messages": 2}
    assert "tomater" not in run.everything()


def test_insights_show_no_planted_identifier_and_no_sender_id_anywhere(run: Run) -> None:
    everything = run.everything()
    assert [i for i in IDENTIFIERS if i in everything] == []
    assert [s for s in run.senders if s in everything] == []
    assert "probe-000000" not in everything and "insights-" not in everything
    assert "[cpr]" in everything and "[email]" in everything and "[phone]" in everything


def test_insights_say_the_privacy_rule_first(run: Run) -> None:
    assert run.text.splitlines()[2].startswith("Privatliv: kun renset tekst vises")
    assert '<p class="privacy">' in run.html.read_text(encoding="utf-8")


def test_insights_refuse_a_missing_store_and_a_bad_since_clearly(tmp_path: Path) -> None:
    missing = insights(tmp_path / "none.sqlite")
    assert missing.returncode == 1 and "no conversation store at" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = insights(tmp_path / "none.sqlite", "--since", "a week")
    assert bad.returncode == 2 and "--since" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.browser
def test_insights_html_report_has_no_serious_or_critical_accessibility_violations(run: Run, browser: Any) -> None:
    if not AXE.exists():
        unavailable(f"{AXE} missing: make setup installs axe-core with npm")
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(run.html.as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == []
    assert [u for u in requested if not u.startswith("file://")] == []  # self-contained: nothing fetched
