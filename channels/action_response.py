"""Checks action server responses against Rasa's schema without re-checking the schema each time.

Rasa 3.6 validates every action server response with ``jsonschema.validate``, which first checks
the schema itself against the JSON Schema meta-schema (draft 2020-12, with dynamic references) and
builds a new validator, on every custom action call. Profiling the server under load (py-spy,
bench/experiments.md) put that at a third of its CPU time. ``install()`` validates the same
responses against the same schema, with a validator built once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``RemoteAction._validate_action_result``: the same errors and message, less work."""
    error: ValidationError | None = best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
