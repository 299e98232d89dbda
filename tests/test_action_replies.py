"""Action-server replies are still checked against Rasa's schema: same verdicts, same errors, less work."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction

import assistant.nlu  # noqa: F401  (loading our model's components installs the compiled check)
from assistant.action_replies import quickly_valid, validate_action_result

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


KINDS = ["user", "action", "slot", "entities", "bot", "active_loop", "followup", "reset_slots", "session_started",
         "restart", "undo", "rewind", "reminder", "no_such_event"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                         max_size=3), max_leaves=6)
EVENT = st.fixed_dictionaries({}, optional={
    "event": st.one_of(st.sampled_from(KINDS), SCALARS), "name": SCALARS, "value": JSON,
    "timestamp": SCALARS, "metadata": st.one_of(st.none(), st.dictionaries(st.text(max_size=3), SCALARS)),
    "entities": st.one_of(st.lists(st.dictionaries(st.text(max_size=3), SCALARS), max_size=2), SCALARS),
    "text": SCALARS, "parse_data": JSON, "policy": SCALARS, "confidence": SCALARS})
PLAUSIBLE = st.fixed_dictionaries(  # events of real types with fields of mostly the right types
    {"event": st.sampled_from(KINDS[:-1]), "name": st.text(max_size=6),
     "timestamp": st.one_of(st.none(), st.floats(allow_nan=False))},
    optional={"value": JSON, "text": st.text(max_size=6), "entities": st.lists(st.fixed_dictionaries(
        {"entity": st.text(max_size=4), "value": SCALARS}), max_size=2), "policy": SCALARS})
RESPONSES = st.lists(st.dictionaries(st.sampled_from(["text", "buttons", "custom"]), JSON, max_size=2), max_size=2)
REPLY = st.one_of(
    st.fixed_dictionaries({"events": st.lists(PLAUSIBLE, max_size=4)}, optional={"responses": RESPONSES}),
    st.fixed_dictionaries({}, optional={
        "events": st.one_of(st.lists(st.one_of(PLAUSIBLE, EVENT, SCALARS), max_size=4), SCALARS),
        "responses": st.one_of(RESPONSES, st.lists(SCALARS, max_size=2), SCALARS)}))


@settings(max_examples=600, deadline=None)
@given(REPLY)
def test_the_quick_check_accepts_exactly_what_the_full_schema_accepts(reply: dict[str, Any]) -> None:
    schema = RemoteAction.action_response_format_spec()
    assert quickly_valid(reply) == jsonschema.validators.validator_for(schema)(schema).is_valid(reply)
