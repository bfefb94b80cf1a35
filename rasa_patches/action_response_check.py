"""Action server responses checked against Rasa's schema by validators built once.

Rasa 3.6 checks every action server response with ``jsonschema.validate``, which checks the schema
itself against the draft 2020-12 meta-schema and builds a new validator on every call: a third of
the server's CPU time under load (bench/experiments.md). The replacement of
``RemoteAction._validate_action_result`` (copied from Rasa 3.6.21) validates the same responses
against the same schema and raises the same error with the same message.

In the schema, each event must match exactly one of 23 alternatives (``oneOf``), one per event type,
told apart by the ``event`` name each requires (``const``). Checking all 23 for every event was
still 4 to 6% of the server's time. An event whose name is one of them can match no other alternative, so
a response passes where its events pass the schema's common part and their own type's alternative,
and the rest of the response passes the schema without the events. Anything that does not pass that
way is checked against the whole schema, which raises the error Rasa raises.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from rasa_patches.patch import Patch, Replacement


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    """The validator for Rasa's action response schema, with the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@lru_cache(maxsize=1)
def validators_by_event() -> tuple[Validator, dict[str, Validator]] | None:
    """A validator for the response without its events' alternatives, and one per event name for
    an event of that type; None where the schema is not shaped so (every response then gets the
    whole check)."""
    schema = RemoteAction.action_response_format_spec()
    item = schema.get("properties", {}).get("events", {}).get("items", {})
    alternatives = item.get("oneOf", [])
    names = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
    if not alternatives or "event" not in item.get("required", []) or not all(isinstance(name, str) for name in names):
        return None
    if len(set(names)) != len(names):
        return None
    common = {key: value for key, value in item.items() if key != "oneOf"}
    without_alternatives = copy.deepcopy(schema)
    without_alternatives["properties"]["events"]["items"] = common
    validator_class = validator_for(schema)
    by_event = {
        name: validator_class({"allOf": [common, alternative]})
        for name, alternative in zip(names, alternatives, strict=True)
    }
    return validator_class(without_alternatives), by_event


def passes_by_event_type(result: Any) -> bool:
    """True only where the whole schema would pass ``result`` too (see the module's docstring)."""
    shaped = validators_by_event()
    if shaped is None or not isinstance(result, dict):
        return False
    without_alternatives, by_event = shaped
    events = result.get("events", [])
    if not isinstance(events, list) or not without_alternatives.is_valid(result):
        return False
    for event in events:
        name = event.get("event") if isinstance(event, dict) else None
        validator = by_event.get(name) if isinstance(name, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``RemoteAction._validate_action_result``: the same errors and message, less work."""
    if passes_by_event_type(result):
        return True
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
