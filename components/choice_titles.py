"""Reads a button's title typed instead of clicked as the answer it stands for.

The questionnaire and the school search offer their choices as buttons. Someone who types a title
("Teaching", "As little as possible") instead of clicking it answers the question just the same, but
the classifier reads some titles as something else: "Teaching" names the clinical educator's work,
"A course or an exam" sounds like a question about exams. Read so, the message left the
questionnaire. A message that is exactly one of those titles (``fold``-ed) is an answer to a choice.
It runs after the intent classifier and before the fallback classifier.
"""

from __future__ import annotations

from functools import cached_property

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.reading.words import fold
from bot.recommend import default_questionnaire
from bot.render.schools import LEVEL_TITLES
from components.intent_overrides import IntentOverride

CHOICE_INTENT = "inform_choice"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ChoiceTitleReader(IntentOverride):
    """Sets the choice intent on a message that is a choice button's title."""

    @cached_property
    def titles(self) -> frozenset[str]:
        questionnaire = default_questionnaire()
        options = [option.label for question in questionnaire.questions.values() for option in question.options]
        return frozenset(fold(title) for title in [*options, *LEVEL_TITLES.values()])

    def intent_for(self, text: str, intent: str | None) -> str | None:
        return CHOICE_INTENT if intent != CHOICE_INTENT and fold(text) in self.titles else None
