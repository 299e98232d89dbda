"""The settings that say who may use the chat channels: read from the environment, a bad value named."""

from __future__ import annotations

import logging

import pytest

from assistant import config
from assistant.channels.web import web_access


def test_origins_are_listed_with_commas_and_compared_without_case_or_trailing_slash(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", " https://www.Kommune.dk/ , http://intra.kommune.dk:8080")
    assert config.web_origins() == ("https://www.kommune.dk", "http://intra.kommune.dk:8080")


@pytest.mark.parametrize("value", ["www.kommune.dk", "https://www.kommune.dk/chat", "kommune.dk:443"])
def test_something_that_is_not_an_origin_stops_the_start_naming_the_setting(
        monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", value)
    with pytest.raises(config.ConfigError, match=r"ASSISTANT_CORS_ORIGINS: .* is not an origin; expected scheme://"):
        config.web_origins()


def test_the_website_channel_takes_its_origins_and_key_from_its_own_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", "https://www.kommune.dk")
    monkeypatch.setenv("ASSISTANT_WEB_TOKEN", "web-key")
    monkeypatch.setenv("ASSISTANT_REST_TOKEN", "rest-key")
    access = web_access()
    assert (access.origins, access.token) == (("https://www.kommune.dk",), "web-key")
    assert config.rest_token() == "rest-key"


def test_a_leftover_assistant_cors_is_warned_about_with_what_to_use_instead(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("ASSISTANT_CORS", "https://www.kommune.dk")
    with caplog.at_level(logging.WARNING):
        web_access()
    assert "ASSISTANT_CORS is no longer used" in caplog.text
    assert "ASSISTANT_CORS_ORIGINS" in caplog.text


def test_without_assistant_cors_nothing_is_warned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_CORS", raising=False)
    assert config.retired_settings() == []
