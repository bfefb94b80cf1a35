"""Declines a question about the person's own pay, whatever the intent classifier made of it.

"What's my salary?" and "how much money do I make a week?" use the words of a question about a role's
pay, so the classifier reads them as one and "which role would you like to know about (pay)?" follows.
SonoPath has figures for roles, never for one person's job: a message that asks about the person's own
pay (``bot.reading.subject.asks_about_own_pay``) and names no role or credential is given the off-topic
intent, so the reply is the polite refusal that says what SonoPath covers. "What would my salary be as
an echo tech?" names a role and asks what pay would be: it is left alone. It runs after the intent
classifier and before the fallback classifier.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.reading.subject import asks_about_own_pay
from components.intent_overrides import IntentOverride, names_a_role

OFF_TOPIC_INTENT = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OwnPayRequestReader(IntentOverride):
    """Sets the off-topic intent on a question about one's own pay that names no role."""

    def applies_to(self, message: Message) -> bool:
        return not names_a_role(message)

    def intent_for(self, text: str, intent: str | None) -> str | None:
        return OFF_TOPIC_INTENT if asks_about_own_pay(text) else None
