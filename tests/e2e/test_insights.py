"""`assistant insights` over a store the running bot wrote: real conversations sent over REST, then the report.

A Rasa of its own (sharing the session's action server) writes a fresh SQLite store, so every count is known:
three conversations ask the same out-of-scope thing with a CPR number in it, three ask what the call text does
not say with an e-mail address and a phone number in it, two ask something only they ask (never shown), one
check ends "no", one "yes", one asks for a person, and one is deleted with "slet min samtale".

That Rasa is started with ASSISTANT_STAFF_TOKEN (and Rasa's own `--cors "*"`, which must not reach the page) and
kept running, so the staff page (GET /webhooks/web/insights) is read from the very store it writes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pytest
import requests

from assistant.texts import t
from tests.e2e.conftest import (
    AXE,
    QUIET,
    ROOT,
    TODAY,
    Bot,
    free_port,
    serious_axe_violations,
    start_rasa,
    stop,
    unavailable,
    wait_until,
)

pytestmark = [pytest.mark.e2e]
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


STAFF_TOKEN = "staff-insights-key-4Rt8-e2e-only"


@dataclass
class Run:
    """The store the conversations went to, the sender ids used, the report's outputs, and the staff page of the
    Rasa that wrote the store (still running)."""

    db: Path
    senders: list[str]
    data: dict[str, Any]
    text: str
    html: Path
    csv: Path
    staff_page: str

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
           "ASSISTANT_TRACKER_DB": str(db), "ASSISTANT_STAFF_TOKEN": STAFF_TOKEN}
    rasa = start_rasa(port, ROOT / "models" / "assistant.tar.gz", env, work / "rasa.log", extra_args=("--cors", "*"))
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
        html, folder = work / "report.html", work / "csv"
        made = insights(db, "--json", "--html", str(html), "--csv", str(folder), "--lang", "da")
        assert made.returncode == 0, made.stderr
        text = insights(db, "--lang", "da")
        assert text.returncode == 0, text.stderr
        yield Run(db, senders, json.loads(made.stdout), text.stdout, html, folder, f"{own.web}/insights")
    finally:
        stop(rasa)


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
    serious = serious_axe_violations(page)
    context.close()
    assert serious == []
    assert [u for u in requested if not u.startswith("file://")] == []  # self-contained: nothing fetched


# ---------------------------------------------------------------- the staff page (GET /webhooks/web/insights)

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")  # when the report was made: the one thing that differs


def staff_get(run: Run, query: str = "", headers: dict[str, str] | None = None,
              token: str | None = STAFF_TOKEN) -> requests.Response:
    """The staff page of the Rasa that wrote the store, as `curl -H "Authorization: Bearer …"` gets it."""
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(run.staff_page + query, headers={**auth, **(headers or {})}, timeout=60)


def overview(html: str) -> dict[str, str]:
    """The page's overview table: label -> number."""
    table = html.split('<h2 id="overview">', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td class=n>([^<]+)</td>', table))


def test_staff_page_is_404_on_a_bot_without_a_staff_token(bot: Bot) -> None:
    page = requests.get(f"{bot.web}/insights", headers={"Authorization": f"Bearer {STAFF_TOKEN}"}, timeout=10)
    assert page.status_code == 404 and page.json() == {"error": "not_found"}


@pytest.mark.parametrize("how", ["none", "wrong", "basic", "in the address"])
def test_staff_page_without_the_right_bearer_token_is_401(run: Run, how: str) -> None:
    answer = {"none": lambda: staff_get(run, token=None),
              "wrong": lambda: staff_get(run, token=STAFF_TOKEN[:-1] + "x"),
              "basic": lambda: staff_get(run, token=None, headers={"Authorization": f"Basic {STAFF_TOKEN}"}),
              "in the address": lambda: staff_get(run, f"?token={STAFF_TOKEN}", token=None)}[how]()
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Authorization: Bearer" in answer.json()["message"] and "Traceback" not in answer.text


def test_staff_page_is_the_reports_html_with_the_numbers_of_its_json(run: Run) -> None:
    page = staff_get(run, "?lang=da")
    assert page.status_code == 200, page.text
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    html = page.text
    assert STAMP.sub("", html) == STAMP.sub("", run.html.read_text(encoding="utf-8"))  # `assistant insights --html`
    numbers = overview(html)
    assert numbers[t("da", "insights.conversations")] == str(run.data["conversations"])
    assert numbers[t("da", "insights.messages")] == str(run.data["messages"])
    assert numbers[t("da", "insights.handoffs")] == str(run.data["handoffs"])
    assert numbers[t("da", "insights.deleted_user")] == str(run.data["deleted"]["user"])
    shown = re.findall(r'<td class="message">“([^<]*)”</td><td class="n">(\d+)</td>', html)
    assert shown == [(escape(g["text"]), str(g["count"])) for g in run.data["unanswered"]]


def test_staff_page_shows_no_sender_id_and_no_planted_identifier(run: Run) -> None:
    html = staff_get(run, "?lang=en").text
    assert [s for s in run.senders if s in html] == [] and "probe-000000" not in html and "insights-" not in html
    assert [i for i in IDENTIFIERS if i in html] == [] and "tomater" not in html


def test_staff_page_takes_its_language_from_the_browser_and_a_period(run: Run) -> None:
    page = staff_get(run, "?since=30", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert page.status_code == 200 and '<html lang="sv">' in page.text
    assert overview(page.text)[t("sv", "insights.conversations")] == str(run.data["conversations"])
    refused = staff_get(run, "?lang=de&since=a%20week")
    assert refused.status_code == 400 and "lang" in refused.json()["message"]
    assert staff_get(run, "?k=2").status_code == 400  # never less private than the command line's default


def test_staff_page_carries_the_security_headers_and_no_cors_even_with_rasas_cors_flag(run: Run) -> None:
    page = staff_get(run, headers={"Origin": "http://elsewhere.example"})
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src" not in csp and "http" not in csp
    assert "Access-Control-Allow-Origin" not in page.headers
    preflight = requests.options(run.staff_page, timeout=10, headers={
        "Origin": "http://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert "Access-Control-Allow-Origin" not in preflight.headers  # a page of another site can never ask for it


@pytest.mark.browser
def test_staff_page_renders_in_chromium_accessibly_and_fetches_nothing(run: Run, browser: Any) -> None:
    if not AXE.exists():
        unavailable(f"{AXE} missing: make setup installs axe-core with npm")
    context = browser.new_context()
    context.add_init_script(path=str(AXE))  # an init script is not a page script: the page's CSP still applies
    page = context.new_page()
    page.set_extra_http_headers({"Authorization": f"Bearer {STAFF_TOKEN}"})
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    answer = page.goto(f"{run.staff_page}?lang=da")
    assert answer is not None and answer.status == 200
    assert page.locator("h1").inner_text() == t("da", "insights.title")
    assert page.locator("svg.chart").count() >= 2 and page.locator("table").count() >= 5
    serious = serious_axe_violations(page)
    context.close()
    assert serious == []
    origin = run.staff_page.split("/webhooks/", 1)[0] + "/"
    assert [u for u in requested if not u.startswith(origin)] == []
    assert errors == []  # no Content-Security-Policy violation either
