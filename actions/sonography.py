"""Questions about the road into sonography that no fixed intent covers.

The NLU recognizes the question as one about sonography (ask_about_sonography); the answer bank finds
which sourced answer it asks for. A question in several parts about one role's facts ("how much do
sonographers make and are there jobs?") is answered part by part, like any question about a role.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import latest_text, mentioned_roles
from actions.roles import ActionAnswerRoleFact
from actions.topics import answer_from_bank
from bot.answer_bank import default_answer_bank
from bot.knowledge import default_knowledge_base
from bot.reading.question_parts import GENERAL_FACT, asked_facts, facts_in_parts
from bot.reading.subject import asks_which_role_fits, names_sonography
from bot.render.answer_bank import NO_SOURCED_ANSWER


def named_role(tracker: Tracker) -> str | None:
    """The role the latest message names (the target of several), if it names one the project knows."""
    kb = default_knowledge_base()
    known, _ = mentioned_roles(tracker, kb)
    return kb.target_role(known)


def asks_a_roles_facts(tracker: Tracker) -> bool:
    """Whether the message asks for a role's facts in its question parts: any of them for a role beyond
    the starting one ("I'm a general sonographer and tired of OB... what's the path into echo?") unless a
    topic of the answer bank matches closely; for sonography itself, whose single questions the answer
    bank covers more closely, different facts in more than one part ("how much do sonographers make,
    and are there jobs?")."""
    text, kb = latest_text(tracker), default_knowledge_base()
    target = named_role(tracker)
    if target is not None and not kb.roles[target].starting_point:
        # A close topic still answers first: "is becoming a lead echo tech worth it?", "what credentials
        # do cath lab techs need, coming from echo?"
        return bool(facts_in_parts(text)) and default_answer_bank().best_unasked(text) is None
    return (target is not None or names_sonography(text)) and len(asked_facts(text, GENERAL_FACT)) > 1


class ActionAnswerAboutSonography(Action):
    """The closest sourced answer; else a role's fact the message asks for; else the questionnaire, where
    a question asks which role fits; else an honest "no sourced answer" with what SonoPath can answer."""

    def name(self) -> str:
        return "action_answer_about_sonography"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if asks_a_roles_facts(tracker):
            return ActionAnswerRoleFact().run(dispatcher, tracker, domain)
        if answer_from_bank(dispatcher, tracker, asked=True):
            return []
        text = latest_text(tracker)
        if facts_in_parts(text) and (named_role(tracker) is not None or names_sonography(text)):
            # "what does sonography pay in texas": no topic fits, but a role's fact does (its figures say
            # their scope), which beats "no sourced answer".
            return ActionAnswerRoleFact().run(dispatcher, tracker, domain)
        if asks_which_role_fits(text):
            return [FollowupAction("recommendation_form")]
        dispatcher.utter_message(text=NO_SOURCED_ANSWER)
        return []
