"""Reads a request to be recommended study material as a question, not as a request for a role.

"Would you recommend a textbook for the SPI?" uses the questionnaire's own words ("would you
recommend"), so the classifier reads it as ask_recommendation and the questionnaire would start,
which it must never do unasked. A message read so that names study material (``bot.reading.subject.
names_study_material``: a review book, practice tests, a prep course) is a question about the exams,
answered from the answer bank. It runs after the intent classifier and before the fallback classifier.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.reading.subject import names_study_material
from components.intent_overrides import IntentOverride

RECOMMENDATION_INTENT = "ask_recommendation"
QUESTION_INTENT = "ask_about_sonography"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StudyMaterialRequestReader(IntentOverride):
    """Sets the question intent on a request for a recommended role that asks for study material."""

    def intent_for(self, text: str, intent: str | None) -> str | None:
        return QUESTION_INTENT if intent == RECOMMENDATION_INTENT and names_study_material(text) else None
