"""Checks the action server's answers with one prepared JSON-schema validator instead of a new one per answer.

Rasa 3.6 calls `jsonschema.validate(result, schema)` for every custom-action answer. That function first checks
the schema itself against the JSON-schema meta-schema and then builds a validator, every time; with jsonschema
4.17 this took about a quarter of the Rasa server's CPU time under load (py-spy, docs/benchmarks.md). The answer
is still validated against the same schema, with the same error message; only the per-call preparation is gone.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once per process instead of once per answer
    return validator_class(schema)


def validate_action_result(_action: RemoteAction, result: Dict[str, Any]) -> bool:
    from jsonschema import ValidationError

    try:
        response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
