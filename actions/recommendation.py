"""The recommendation questionnaire (a Rasa form) and the actions that recommend a role.

Questions, options and the interest-to-role mapping come from ``knowledge/recommendation.yml``
through ``bot.recommend``; these classes only connect them to Rasa.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import fact_button, intent_payload
from actions.context import ROLE_SLOT, latest_intent, latest_text
from actions.forms import FormValidation, LeaveForm
from actions.schools import ActionRefineSchoolSearch, refines_school_search
from actions.topics import answer_from_bank
from bot.knowledge import default_knowledge_base
from bot.reading.question_parts import question_parts
from bot.reading.subject import asks_for_a_suggestion, asks_which_role_fits
from bot.recommend import SLOTS, default_questionnaire, detect_answer, recommend
from bot.render.dialogue import NOT_UNDERSTOOD
from bot.render.recommendation import (
    HELP_ME_CHOOSE_TITLE,
    MORE_QUESTIONS_TITLE,
    NO_INTEREST_HEARD,
    OFFER_SUGGESTION,
    UNKNOWN_OPTION,
    questionnaire_intro,
    recommendation_answer,
)


def choice_buttons(slot: str) -> list[dict[str, str]]:
    question = default_questionnaire().question(slot)
    return [
        {"title": option.label, "payload": intent_payload("inform_choice", **{slot: option.value})}
        for option in question.options
    ]


def ask(dispatcher: CollectingDispatcher, slot: str) -> None:
    dispatcher.utter_message(text=default_questionnaire().question(slot).question, buttons=choice_buttons(slot))


class AskQuestion(Action, ABC):
    """Asks one questionnaire question with a button per option (the form calls action_ask_<slot>)."""

    slot: ClassVar[str]  # the slot whose question this action asks

    @abstractmethod
    def name(self) -> str:
        """action_ask_<slot>; abstract, so the action server does not register this base class."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        ask(dispatcher, self.slot)
        return []


class AskInterest(AskQuestion):
    """The first question; when the person has just asked for help choosing, it follows the roles to
    choose from, so the choice is made knowing them."""

    slot = "interest"

    def name(self) -> str:
        return "action_ask_interest"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        asked = latest_intent(tracker) == "ask_recommendation" or asks_which_role_fits(latest_text(tracker))
        if asked:
            dispatcher.utter_message(text=questionnaire_intro(default_knowledge_base()))
        return super().run(dispatcher, tracker, domain)


class AskDegree(AskQuestion):
    slot = "degree"

    def name(self) -> str:
        return "action_ask_degree"


class AskExperience(AskQuestion):
    slot = "experience"

    def name(self) -> str:
        return "action_ask_experience"


class AskStudyAppetite(AskQuestion):
    slot = "study_appetite"

    def name(self) -> str:
        return "action_ask_study_appetite"


class ValidateRecommendationForm(FormValidation):
    """Reads typed answers ("about 6 years", "I have a bachelor's") and rejects unknown values.

    Other questions asked during the questionnaire are not read, so Rasa rejects the form and the
    rules answer them.
    """

    answer_intents = frozenset({"inform_choice", "share_interest"})

    def name(self) -> str:
        return "validate_recommendation_form"

    def read(self, slot: str, tracker: Tracker) -> str | None:
        return detect_answer(default_questionnaire(), slot, latest_text(tracker))

    def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        """A button or entity value that is no option is said to be not understood, so it is asked again."""
        if value is not None and not default_questionnaire().is_valid(slot, value):
            dispatcher.utter_message(text=NOT_UNDERSTOOD)
            return None
        return value


def answers(tracker: Tracker) -> dict[str, str | None]:
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


class ActionRecommendRole(Action):
    """After the questionnaire: the recommended role, the reasons and the next steps."""

    def name(self) -> str:
        return "action_recommend_role"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        kb, questionnaire = default_knowledge_base(), default_questionnaire()
        given = answers(tracker)
        if not questionnaire.is_valid("interest", given["interest"]):
            ask(dispatcher, "interest")
            return []
        result = recommend(kb, questionnaire, given)
        dispatcher.utter_message(
            text=recommendation_answer(kb, result),
            buttons=[fact_button("salary", result.role_id), fact_button("certification", result.role_id)],
        )
        # Clear the answers so a later "what fits me?" asks again.
        return [SlotSet(ROLE_SLOT, result.role_id), *(SlotSet(slot, None) for slot in SLOTS)]


class ActionRecommendFromInterest(Action):
    """"I love training new staff, what fits me?": a recommendation from the interest alone."""

    def name(self) -> str:
        return "action_recommend_from_interest"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        kb, questionnaire = default_knowledge_base(), default_questionnaire()
        entity = next(tracker.get_latest_entity_values("interest"), None)
        if entity is not None and not questionnaire.is_valid("interest", entity):
            dispatcher.utter_message(text=UNKNOWN_OPTION)
            ask(dispatcher, "interest")
            return []
        interest = entity or detect_answer(questionnaire, "interest", latest_text(tracker))
        if interest is None and refines_school_search(tracker):
            # "only associate's" after a school search: a bare answer about the search, not the quiz.
            return ActionRefineSchoolSearch().run(dispatcher, tracker, domain)
        # A questionnaire button (its payload is the message), or words asking which role fits: a role is
        # recommended only when asked for.
        text = latest_text(tracker)
        asked = text.startswith("/") or asks_for_a_suggestion(text)
        if interest is None or not asked:
            # "is it worth it?" read as a stated interest that names none is looked up like any question;
            # a message that tells an interest ("I love training new staff") or asks nothing ("my cousin
            # did a program like that") needs a close match. Else the questionnaire is offered, never
            # started unasked.
            is_question = bool(question_parts(text))
            if not answer_from_bank(dispatcher, tracker, asked=interest is None and is_question):
                offer = {"title": HELP_ME_CHOOSE_TITLE, "payload": intent_payload("ask_recommendation")}
                offer_text = NO_INTEREST_HEARD if interest is None else OFFER_SUGGESTION
                dispatcher.utter_message(text=offer_text, buttons=[offer])
            return []
        result = recommend(kb, questionnaire, {"interest": interest})
        # The button carries the interest, so the questionnaire skips that question.
        more = {"title": MORE_QUESTIONS_TITLE, "payload": intent_payload("ask_recommendation", interest=interest)}
        dispatcher.utter_message(text=recommendation_answer(kb, result), buttons=[more])
        return [SlotSet(ROLE_SLOT, result.role_id)]


class ActionLeaveQuestionnaire(LeaveForm):
    """Ends the questionnaire and forgets its partial answers ("never mind", another question)."""

    form_slots = SLOTS

    def name(self) -> str:
        return "action_leave_questionnaire"
