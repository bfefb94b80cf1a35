"""The recommendation questionnaire (a Rasa form) and the actions that recommend a role.

Questions, options and the interest-to-role mapping come from ``knowledge/recommendation.yml``
through ``bot.recommend``; these classes only connect them to Rasa.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import fact_button, intent_payload
from actions.context import ROLE_SLOT, latest_intent
from actions.schools import ActionRefineSchoolSearch, refines_school_search
from bot.knowledge import default_knowledge_base
from bot.recommend import SLOTS, default_questionnaire, detect_answer, recommend
from bot.render.recommendation import recommendation_answer

FORM_NAME = "recommendation_form"
NOT_UNDERSTOOD = "Sorry, I didn't catch that. Please pick one of the buttons, or say it another way."
UNKNOWN_OPTION = "I don't know that option. Here are the choices:"
# Only these intents answer a question; anything else is a new question that leaves the form.
ANSWER_INTENTS = {"inform_choice", "share_interest"}


def choice_buttons(slot: str) -> list[dict[str, str]]:
    question = default_questionnaire().question(slot)
    return [
        {"title": option.label, "payload": intent_payload("inform_choice", **{slot: option.value})}
        for option in question.options
    ]


def ask(dispatcher: CollectingDispatcher, slot: str) -> None:
    dispatcher.utter_message(text=default_questionnaire().question(slot).question, buttons=choice_buttons(slot))


class AskQuestion(Action, metaclass=ABCMeta):
    """Asks one questionnaire question with a button per option (Rasa calls action_ask_<slot>)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot whose question this action asks."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        ask(dispatcher, self.slot)
        return []


# One ask action per question, named after its slot.
ASK_ACTIONS = [type(f"AskQuestion_{slot}", (AskQuestion,), {"slot": slot}) for slot in SLOTS]


class ValidateRecommendationForm(FormValidationAction):
    """Reads typed answers ("about 6 years", "I have a bachelor's") and rejects unknown values."""

    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    @staticmethod
    def _from_text(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, str | None]:
        """A typed answer to the question being asked.

        Other questions return nothing, so Rasa rejects the form and the rules answer them. An
        answer that cannot be read returns the slot empty: Rasa then asks the question again.
        """
        if tracker.get_slot("requested_slot") != slot or latest_intent(tracker) not in ANSWER_INTENTS:
            return {}
        if tracker.get_slot(slot):  # already set from a button's entity
            return {}
        value = detect_answer(default_questionnaire(), slot, tracker.latest_message.get("text") or "")
        if value is None:
            dispatcher.utter_message(text=NOT_UNDERSTOOD)
        return {slot: value}


Extractor = Callable[[Any, CollectingDispatcher, Tracker, DomainDict], Awaitable[dict]]
Validator = Callable[[Any, Any, CollectingDispatcher, Tracker, DomainDict], dict]


def _extractor(slot: str) -> Extractor:
    async def extract(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._from_text(slot, dispatcher, tracker)

    return extract


def _validator(slot: str) -> Validator:
    def validate(
        self: Any, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if value is not None and not default_questionnaire().is_valid(slot, value):
            dispatcher.utter_message(text=NOT_UNDERSTOOD)
            return {slot: None}
        return {slot: value}

    return validate


# rasa-sdk looks up extract_<slot> and validate_<slot>; every question works the same way.
for _slot in SLOTS:
    setattr(ValidateRecommendationForm, f"extract_{_slot}", _extractor(_slot))
    setattr(ValidateRecommendationForm, f"validate_{_slot}", _validator(_slot))


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
        interest = entity or detect_answer(questionnaire, "interest", tracker.latest_message.get("text") or "")
        if interest is None and refines_school_search(tracker):
            # "only associate's" after a school search: a bare answer about the search, not the quiz.
            return ActionRefineSchoolSearch().run(dispatcher, tracker, domain)
        if interest is None:
            dispatcher.utter_message(text="Happy to help you choose.")
            ask(dispatcher, "interest")
            return []
        result = recommend(kb, questionnaire, {"interest": interest})
        # The button carries the interest, so the questionnaire skips that question.
        more = {"title": "Answer 3 more questions", "payload": intent_payload("ask_recommendation", interest=interest)}
        dispatcher.utter_message(text=recommendation_answer(kb, result), buttons=[more])
        return [SlotSet(ROLE_SLOT, result.role_id)]


class ActionLeaveQuestionnaire(Action):
    """Ends the questionnaire and forgets its partial answers ("never mind", another question)."""

    def name(self) -> str:
        return "action_leave_questionnaire"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return [ActiveLoop(None), SlotSet("requested_slot", None), *(SlotSet(slot, None) for slot in SLOTS)]
