"""`assistant chat` as a tester uses it: typed in a real (pseudo-)terminal, against a running bot that requires
ASSISTANT_REST_TOKEN (the guarded bot), with buttons answered by their numbers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pexpect
import pytest

from tests.e2e.conftest import BIN, REST_TOKEN, SWEDISH_MUNICIPALITY_BUTTONS, Bot, choose_by_number, free_port

pytestmark = pytest.mark.e2e


def environment(**extra: str) -> dict[str, str]:
    """The tester's environment: no key unless given."""
    env = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_REST_TOKEN", "ASSISTANT_URL", "ASSISTANT_LANG")}
    return {**env, "PYTHONWARNINGS": "ignore", **extra}


@pytest.fixture()
def terminal() -> Iterator[Any]:
    """Start `assistant chat ...` in a pseudo-terminal; closed (by its process id) after the test."""
    started: list[pexpect.spawn] = []

    def start(*args: str, **env: str) -> pexpect.spawn:
        child = pexpect.spawn(str(BIN / "assistant"), ["chat", *args], env=environment(**env), encoding="utf-8",
                              timeout=60, dimensions=(40, 120))
        started.append(child)
        return child

    yield start
    for child in started:
        child.close(force=True)



def test_a_tester_with_the_key_in_the_environment_checks_eligibility_with_numbered_answers(
        guarded_bot: Bot, terminal: Any) -> None:
    child = terminal("--url", guarded_bot.url, "--lang", "sv", ASSISTANT_REST_TOKEN=REST_TOKEN)
    child.expect_exact("Chattar med")
    child.expect_exact("you> ")
    child.sendline("kan vi söka AI-resan?")
    child.expect_exact("Vilken typ av organisation")
    for title, expect in (*SWEDISH_MUNICIPALITY_BUTTONS, ("Ja", "Ja: utifrån det du har berättat")):
        choose_by_number(child, title)
        child.expect_exact(expect)
    child.expect_exact("Källa:")
    child.expect_exact("you> ")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_key_can_also_be_given_with_the_token_option(guarded_bot: Bot, terminal: Any) -> None:
    child = terminal("--url", guarded_bot.url, "--lang", "da", "--token", REST_TOKEN)
    child.expect_exact("you> ")
    child.sendline("hvornår er fristen for AI-puljen?")
    child.expect_exact("30. oktober 2020")
    child.expect_exact("you> ")
    child.sendline("/quit")
    child.expect(pexpect.EOF)


def test_without_the_key_the_tester_reads_the_refusal_in_their_language_with_what_to_do(
        guarded_bot: Bot, terminal: Any) -> None:
    child = terminal("--url", guarded_bot.url, "--lang", "da")
    child.expect_exact("you> ")
    child.sendline("hej")
    child.expect(pexpect.EOF)
    printed = child.before
    child.close()
    assert child.exitstatus == 1
    assert "Adgangsnøglen til assistenten mangler eller er forkert." in printed
    assert "--token" in printed and "ASSISTANT_REST_TOKEN" in printed
    assert "\\u00" not in printed and '{"error"' not in printed
    assert "Kører den?" not in printed  # it is running: it answered


def test_a_bot_that_is_not_there_is_asked_about_in_the_users_language(terminal: Any) -> None:
    child = terminal("--url", f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook", "--lang", "sv")
    child.expect_exact("you> ")
    child.sendline("hej")
    child.expect_exact("Är den igång? Starta den med `make run`.")
    child.expect_exact("you> ")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
