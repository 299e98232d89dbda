"""Load for `make bench`: people on the website asking Danish and Swedish questions and checking eligibility.

Each simulated user waits 1-3 s between messages (reading time); with BENCH_THINK=0 nobody waits, which measures
capacity (the most messages a set-up answers per second). Single questions start a new conversation;
eligibility conversations keep their sender across turns. The stock bot gets its own small mix.
"""

from __future__ import annotations

import os
import random
import time
import uuid

from locust import HttpUser, between, constant, task

THINK = os.environ.get("BENCH_THINK", "1") != "0"

QUESTIONS = [
    ("da", "hvornår er fristen for AI-puljen?"), ("da", "hvor meget kan man søge i AI-puljen?"),
    ("da", "hvem kan søge innovationsfonden?"), ("da", "hvad kan pengene bruges til?"),
    ("da", "hvilke programmer kender du?"), ("sv", "när stänger innovationsfonden?"),
    ("sv", "hur mycket kan man få från AI-resan?"), ("sv", "vilka bilagor behövs för AI-resan?"),
    ("sv", "vem äger resultaten i innovationsfonden?"), ("sv", "kan jag prata med en människa?"),
]
CONVERSATIONS = [
    ("da", ["kan jeg søge AI-puljen?", "ja", "ja", "ja"]),
    ("sv", ["kan vi söka AI-resan?", "vi är en kommun", "nej", "ja, vi har data"]),
    ("sv", ["kan jag söka innovationsfonden?", "jag jobbar på Region Stockholm", "60 procent", "ja", "ja", "ja",
            "nej"]),
]
STOCK = ["hi", "I am sad", "yes", "great", "goodbye", "are you a bot?"]


def _post(user: HttpUser, sender: str, text: str, lang: str | None, name: str) -> None:
    body: dict[str, object] = {"sender": sender, "message": text}
    if lang:
        body["metadata"] = {"language": lang}
    with user.client.post("/webhooks/rest/webhook", json=body, name=name, catch_response=True) as response:
        if response.status_code != 200 or not any(m.get("text") for m in response.json()):
            response.failure(f"HTTP {response.status_code}, no reply text")


class Applicant(HttpUser):
    """Our bot: 2 questions for every eligibility conversation."""

    wait_time = between(1, 3) if THINK else constant(0)

    @task(2)
    def question(self) -> None:
        lang, text = random.choice(QUESTIONS)
        _post(self, f"bench-{uuid.uuid4().hex[:16]}", text, lang, "question")

    @task(1)
    def eligibility(self) -> None:
        lang, turns = random.choice(CONVERSATIONS)
        sender = f"bench-{uuid.uuid4().hex[:16]}"
        for i, text in enumerate(turns):
            _post(self, sender, text, lang if i == 0 else None, "eligibility turn")
            if THINK:
                time.sleep(random.uniform(1, 3))  # reading the question (gevent-patched by locust)


class StockUser(HttpUser):
    """The stock `rasa init` bot, as the yardstick."""

    wait_time = between(1, 3) if THINK else constant(0)

    @task
    def chat(self) -> None:
        _post(self, f"bench-{uuid.uuid4().hex[:16]}", random.choice(STOCK), None, "stock message")
