"""Work Rasa 3.6 repeats on every message, done once per process instead (same results).

Profiling the server under load (py-spy; bench/experiments.md) found two such costs:

- Every action server response is validated with ``jsonschema.validate``, which checks the schema
  itself against the draft 2020-12 meta-schema and builds a new validator on every call: a third
  of the server's CPU time. Here the same responses are validated against the same schema by a
  validator built once.
- Every stored event is turned back into an object through ``Event.resolve_by_type``, which walks
  all subclasses of ``Event`` to find one type name: about a tenth of the CPU time, since the whole
  conversation is read from the tracker store on each message. Here the answer for each type name
  is remembered.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event


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


def install() -> None:
    """Idempotent: the event lookup is wrapped once."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    resolve = Event.resolve_by_type
    if not hasattr(resolve, "cache_info"):
        # Event classes are defined at import time; an unknown name still raises, and is not cached.
        Event.resolve_by_type = staticmethod(lru_cache(maxsize=256)(resolve))  # type: ignore[method-assign]
