"""Check the action server's replies against a compiled schema, because Rasa 3.6 recompiles it on every call.

Rasa's `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks Rasa's own
response schema against the JSON Schema meta-schema. With jsonschema 4.17 that meta-check takes about
40 ms of CPU, twice per turn (the per-turn slot mapping and the answering action): most of a turn's cost.
Here the schema is checked once and every reply is validated exactly as before, with the same error text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Any:
    """Rasa's response schema, meta-checked once and compiled."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(_action: Any, result: dict[str, Any]) -> bool:
    """Same contract as Rasa's method: True for a valid reply, the best-matching ValidationError otherwise."""
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Use the compiled validator in this process (idempotent; called when our NLU components load)."""
    RemoteAction._validate_action_result = validate_action_result
