"""Readers that put a different intent on a kind of message the classifier reads wrongly.

Some messages are full of the words of another request: "can you write my resume for an ultrasound
job?" reads like a question about hiring, "would you recommend a review book for the SPI?" like a
request for a recommended role. A reader runs after the intent classifier and before the fallback
classifier, recognizes its kind of message by words (``bot/reading/``), and puts its intent first.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

# Entities that make a message one about SonoPath's roles ("a sonographer", "the RDCS").
ROLE_ENTITIES = frozenset({"role", "credential"})


def names_a_role(message: Message) -> bool:
    """Whether the entity extractor found a role or a credential in the message."""
    return any(entity.get(ENTITY_ATTRIBUTE_TYPE) in ROLE_ENTITIES for entity in message.get(ENTITIES) or [])


class IntentOverride(GraphComponent, ABC):
    """Puts ``intent_for`` 's intent first, where it gives one."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentOverride:
        return cls()

    @abstractmethod
    def intent_for(self, text: str, intent: str | None) -> str | None:
        """The intent this kind of message should have, given the classifier's; None to keep it."""

    def applies_to(self, message: Message) -> bool:
        """Whether the message may be read at all (by default every one is)."""
        return True

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not self.applies_to(message):
                continue
            intent = self.intent_for(message.get(TEXT) or "", (message.get(INTENT) or {}).get(INTENT_NAME_KEY))
            if intent is not None:
                set_intent(message, intent)
        return messages


def set_intent(message: Message, intent: str) -> None:
    """Puts ``intent`` first with all the confidence, the others at none: with the classifier's
    confidences left below it, the fallback classifier would read a message the classifier was sure
    of as ambiguous between the two and replace both with its fallback."""
    chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    others = [
        {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != intent
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
