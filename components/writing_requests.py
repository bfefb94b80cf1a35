"""Declines requests to write a document, whatever the intent classifier made of them.

"Can you write my resume for an ultrasound job? RDMS, two years outpatient..." is full of the words
of SonoPath's questions, so the classifier reads it as one and an answer about credentials or hiring
would follow. SonoPath never writes documents; a message that asks it to (``bot.reading.subject.
asks_to_write``) is given the off-topic intent, so the reply is the polite refusal that says what
SonoPath covers. It runs after the intent classifier and before the fallback classifier.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.reading.subject import asks_to_write

OFF_TOPIC_INTENT = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WritingRequestReader(GraphComponent):
    """Sets the off-topic intent on a request to write or edit a document."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WritingRequestReader:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Puts the off-topic intent first with all the confidence, the others at none: with the
        classifier's confidences left below it, the fallback classifier would read a request the
        classifier was sure of as ambiguous between the two and replace both with its fallback."""
        for message in messages:
            if asks_to_write(message.get(TEXT) or ""):
                declined = {INTENT_NAME_KEY: OFF_TOPIC_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                others = [
                    {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
                    for entry in message.get(INTENT_RANKING_KEY) or []
                    if entry.get(INTENT_NAME_KEY) != OFF_TOPIC_INTENT
                ]
                message.set(INTENT, declined, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [declined, *others], add_to_output=True)
        return messages
