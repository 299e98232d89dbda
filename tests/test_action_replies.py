"""Action-server replies are still checked against Rasa's schema, with a validator compiled once."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import assistant.nlu  # noqa: F401  (loading our model's components installs the compiled check)
from assistant.action_replies import validate_action_result

VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "da"}], "responses": [{"text": "Hej"}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_x"}]},
]
INVALID: list[dict[str, Any]] = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"responses": "text"},
]


def test_loading_our_components_installs_the_compiled_check() -> None:
    assert RemoteAction._validate_action_result is validate_action_result


@pytest.mark.parametrize("reply", VALID)
def test_valid_replies_pass_as_with_jsonschema_validate(reply: dict[str, Any]) -> None:
    jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    assert RemoteAction("action_x", None)._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_replies_fail_with_the_same_error_as_jsonschema_validate(reply: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError) as reference:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction("action_x", None)._validate_action_result(reply)
    assert ours.value.message.startswith(reference.value.message)
    assert "Failed to validate Action server response" in ours.value.message
