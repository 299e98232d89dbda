"""Several Rasa replicas on PostgreSQL and Redis: any replica can take any turn, turns of one conversation
are serialised, a replica can die, Redis can restart, and an unreachable database is reported, never hidden."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests

from tests.e2e.conftest import free_port, stop, wait_until
from tests.scaled.conftest import PG_HOST, PG_PORT, Cluster, Redis, events_of
from tests.scaled.tcp_proxy import TcpProxy

pytestmark = pytest.mark.scaled


def new_sender() -> str:
    return f"scaled-{uuid.uuid4().hex[:10]}"


def test_a_conversation_alternating_between_replicas_completes_the_check(cluster: Cluster) -> None:
    sender = new_sender()
    assert "Vilken typ av organisation" in cluster.say("a", sender, "kan vi söka AI-resan?", "sv")
    assert "icke-ekonomiska" in cluster.say("b", sender, "vi är en kommun")
    assert "påbörjats" in cluster.say("a", sender, "ja")
    assert "data" in cluster.say("a", sender, "nej, inte än")
    verdict = cluster.say("b", sender, "ja, vi har data")
    assert verdict.startswith("Ja: utifrån det du har berättat skulle ni uppfylla kraven i Starta er AI-resa")
    assert "600 000 kr" in cluster.say("a", sender, "hur mycket kan vi få? kostnaderna är 750 000 kr")


def test_concurrent_messages_of_one_conversation_are_serialised_by_the_lock_store(
        cluster: Cluster, database: str) -> None:
    sender = new_sender()
    cluster.say("a", sender, "hvornår er fristen for AI-puljen?", "da")
    sent = ["hvornår er fristen for AI-puljen?"]
    for round_ in range(5):  # five times two messages at the same moment, one to each replica
        replies: dict[str, str] = {}
        pair = [("a", f"hvor meget kan man søge? ({round_})"), ("b", f"hvem kan søge? ({round_})")]

        def send(replica: str, text: str, into: dict[str, str] = replies) -> None:
            into[text] = cluster.say(replica, sender, text)

        threads = [threading.Thread(target=send, args=item) for item in pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert "350.000 kr." in replies[pair[0][1]]
        assert "ansat i Region Hovedstaden" in replies[pair[1][1]]
        sent += [text for _, text in pair]
    users = [text for kind, text in events_of(database, sender) if kind == "user"]
    assert sorted(users) == sorted(sent)  # every turn stored exactly once, none lost


def test_a_replica_killed_mid_conversation_is_replaced_and_the_conversation_continues(cluster: Cluster) -> None:
    sender = new_sender()
    cluster.say("a", sender, "kan jeg søge AI-puljen?", "da")
    cluster.say("a", sender, "ja")
    cluster.kill("a")
    cluster.start_replica("c")
    assert cluster.say("c", sender, "ja, det er godkendt").startswith("Ja: ud fra det, du har fortalt")
    assert "350.000 kr." in cluster.say("b", sender, "hvor meget kan man søge?")  # b knows the programme too
    cluster.start_replica("a")  # back to two replicas for the other tests


def test_redis_restarting_during_a_conversation_does_not_break_the_next_turn(cluster: Cluster, redis: Redis) -> None:
    sender = new_sender()
    cluster.say("a", sender, "hvornår er fristen for innovationsfonden?", "sv")
    redis.stop()
    redis.start()
    assert "15 000 000" in cluster.say("b", sender, "och beloppet?")


def test_an_unreachable_database_is_reported_and_the_conversation_resumes_when_it_is_back(
        cluster: Cluster) -> None:
    proxy = TcpProxy(PG_HOST, PG_PORT, free_port())
    proxy.start()
    try:
        cluster.start_replica("p", env={"ASSISTANT_PG_PORT": str(proxy.port)})
        sender = new_sender()
        assert "30. oktober 2020" in cluster.say("p", sender, "hvornår er fristen for AI-puljen?", "da")
        health_url = cluster.url("p").rsplit("/", 1)[0] + "/health"
        assert requests.get(health_url, timeout=10).json()["conversation_store"] == "reachable"
        proxy.cut()
        response = requests.post(cluster.url("p"), json={"sender": sender, "message": "og beløbet?"}, timeout=60)
        assert response.status_code == 503
        assert "samtalelageret" in response.json()["message"]
        time.sleep(1.1)  # the health route reuses a result for one second
        health = requests.get(health_url, timeout=10)
        assert health.status_code == 503  # readiness: this replica must leave the rotation
        assert health.json() == {"status": "unavailable", "action_server": "reachable",
                                 "conversation_store": "unreachable"}
        liveness = requests.get(health_url + "?probe=liveness", timeout=10)
        assert liveness.status_code == 200  # but it is alive: no supervisor restarts it for the database's sake
        proxy.start()
        deadline = time.time() + 30
        while True:  # the first tries after the outage may still meet dead pooled connections
            response = requests.post(cluster.url("p"), json={"sender": sender, "message": "og beløbet?"}, timeout=60)
            if response.status_code == 200 or time.time() > deadline:
                break
            time.sleep(1)
        assert response.status_code == 200
        assert "350.000 kr." in "\n".join(m.get("text", "") for m in response.json())  # state came from the DB
        time.sleep(1.1)
        assert requests.get(health_url, timeout=10).status_code == 200
    finally:
        if "p" in cluster.replicas:
            stop(cluster.replicas.pop("p")[1])
        proxy.close()


def test_a_replica_refuses_to_start_without_its_database(cluster: Cluster) -> None:
    cluster.start_replica("nodb", env={"ASSISTANT_PG_PORT": str(free_port())}, wait=False)
    process = cluster.replicas.pop("nodb")[1]
    try:
        wait_until(lambda: process.poll() is not None, 180, "replica exit")
    finally:
        stop(process)
    assert process.returncode != 0
    log = (cluster.logs / "nodb.log").read_text(errors="replace")
    assert "cannot connect to the conversation database" in log


def test_staff_insights_read_the_postgresql_store_the_replicas_write(cluster: Cluster) -> None:
    import json
    import subprocess

    from tests.e2e.conftest import BIN

    odd = "hvordan laver man blåbærsyltetøj på zanzibar?"  # nothing the assistant covers, in three conversations
    senders = [new_sender() for _ in range(3)]
    for i, sender in enumerate(senders):
        cluster.say("ab"[i % 2], sender, odd, "da")
    checked = new_sender()
    for text in ("kan jeg søge AI-puljen 2020?", "nej, jeg er ansat i Region Sjælland"):
        cluster.say("a", checked, text, "da")
    env = {k: v for k, v in cluster.env.items() if k not in ("ASSISTANT_TRACKER_URL", "ASSISTANT_TRACKER_DB")}
    done = subprocess.run([str(BIN / "assistant"), "insights", "--json"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    group = next(g for g in report["unanswered"] if "zanzibar" in g["text"])
    assert group["count"] == 3 and group["languages"] == ["da"]
    assert report["verdicts"]["not_eligible"] >= 1
    assert not any(s in done.stdout for s in [*senders, checked])  # sender ids never leave the reader
