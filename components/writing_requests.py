"""Declines requests to write a document, whatever the intent classifier made of them.

"Can you write my resume for an ultrasound job? RDMS, two years outpatient..." is full of the words
of SonoPath's questions, so the classifier reads it as one and an answer about credentials or hiring
would follow. SonoPath never writes documents; a message that asks it to (``bot.reading.subject.
asks_to_write``) is given the off-topic intent, so the reply is the polite refusal that says what
SonoPath covers. It runs after the intent classifier and before the fallback classifier.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.reading.subject import asks_to_write
from components.intent_overrides import IntentOverride

OFF_TOPIC_INTENT = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WritingRequestReader(IntentOverride):
    """Sets the off-topic intent on a request to write or edit a document."""

    def intent_for(self, text: str, intent: str | None) -> str | None:
        return OFF_TOPIC_INTENT if asks_to_write(text) else None
