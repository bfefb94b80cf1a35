"""Action server responses checked against Rasa's schema by a validator built once.

Rasa 3.6 checks every action server response with ``jsonschema.validate``, which checks the schema
itself against the draft 2020-12 meta-schema and builds a new validator on every call: a third of
the server's CPU time under load (bench/experiments.md). The replacement of
``RemoteAction._validate_action_result`` (copied from Rasa 3.6.21) validates the same responses
against the same schema and raises the same error with the same message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from rasa_patches.patch import Patch, Replacement


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """The validator for Rasa's action response schema, with the schema checked once."""
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


PATCH = Patch(
    "action_response_check",
    rasa_version="3.6.21",
    replacements=(Replacement(RemoteAction, "_validate_action_result", validate_action_result),),
)
