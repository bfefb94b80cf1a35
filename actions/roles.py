"""Actions that answer questions about one role, and list the roles."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import all_role_buttons, follow_up_buttons, role_buttons
from actions.context import (
    ROLE_SLOT,
    latest_confidence,
    latest_intent,
    latest_text,
    mentioned_credentials,
    mentioned_roles,
    role_in_focus,
)
from actions.credentials import ActionExplainCredential
from actions.topics import answer_from_bank
from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.reading.question_parts import asked_facts, facts_in_parts
from bot.reading.school_requests import find_places, without_places
from bot.reading.subject import names_sonography
from bot.render.facts import TOPIC_BY_INTENT, TOPIC_BY_KEY, fact_answer, which_role_question
from bot.render.roles import NATIONAL_FIGURE_FACTS, national_only, role_list, unknown_role_message
from bot.schools.catalogue import default_catalogue

FACT_SLOT = "requested_fact"
DEFAULT_FACT = "overview"
# Above this confidence the NLU is sure the message asks a role's fact ("what education do I need?"),
# whose answer depends on the role: a close-looking topic in the answer bank does not answer it.
PLAIN_FACT_CONFIDENCE = 0.9


def answered_without_a_role(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """"is the work stressful?" needs no role: a question the NLU is not sure is a role's fact, and that
    closely matches a topic, is answered from the answer bank; whether it was. "Which role?" is asked
    only when the answer depends on one."""
    return latest_confidence(tracker) < PLAIN_FACT_CONFIDENCE and answer_from_bank(dispatcher, tracker, asked=False)


def answered_for_sonography_from_bank(
    dispatcher: CollectingDispatcher, tracker: Tracker, role_id: str, facts: list[str], kb: KnowledgeBase
) -> bool:
    """"Do sonographers need a state license?" reads as the sonographer's certifications, and "what classes
    do I take before applying to a DMS program?" as their education, but the answer bank's topics
    (licensure by state, prerequisites) answer the road into sonography more closely than the starting
    role's facts do. For the starting role, one fact asked, and an NLU not sure of it, a close match in
    the bank answers; whether it did. A button's payload is read with full confidence, so never here."""
    return (
        role_id == kb.starting_role.id
        and len(facts) == 1
        and latest_confidence(tracker) < PLAIN_FACT_CONFIDENCE
        and answer_from_bank(dispatcher, tracker, asked=False)
    )


def requested_fact(tracker: Tracker) -> str:
    """The fact the latest message asks for; a bare role name keeps the previous question."""
    topic = TOPIC_BY_INTENT.get(latest_intent(tracker) or "")
    if topic is not None:
        return topic.key
    # A question the NLU read as about sonography in general may still ask for a role's fact in words.
    in_parts = facts_in_parts(without_places(default_catalogue(), latest_text(tracker)))
    if in_parts:
        return in_parts[0]
    remembered = tracker.get_slot(FACT_SLOT)
    return remembered if remembered in TOPIC_BY_KEY else DEFAULT_FACT


def explains_credentials(tracker: Tracker, kb: KnowledgeBase) -> bool:
    """Whether the latest message names a credential or exam, known or not."""
    known, unknown = mentioned_credentials(tracker, kb)
    return bool(known or unknown)


def named_places(text: str) -> list[str]:
    """The states or cities a question names ("what do sonographers make in Texas?"), as the answer calls them."""
    return [place.label for place in find_places(default_catalogue(), text) if not place.is_anywhere]


def fact_texts(kb: KnowledgeBase, role_id: str, facts: list[str], text: str) -> list[str]:
    """The answer to each fact asked; national figures asked for a place say there are none for it."""
    answers = [fact_answer(kb, role_id, fact) for fact in facts]
    figures = [index for index, fact in enumerate(facts) if fact in NATIONAL_FIGURE_FACTS]
    places = named_places(text) if figures else []
    if places:
        answers[figures[0]] += f"\n\n{national_only(places)}"
    return answers


class ActionAnswerRoleFact(Action):
    """Answers the asked fact (pay, duties, ...) for the role named now or earlier."""

    def name(self) -> str:
        return "action_answer_role_fact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = default_knowledge_base()
        fact = requested_fact(tracker)
        known, unknown = mentioned_roles(tracker, kb)
        if fact == "certification" and not known and not unknown and explains_credentials(tracker, kb):
            # "what is RDCS?": a credential named without a role is explained for itself.
            return ActionExplainCredential().run(dispatcher, tracker, domain)
        role_id = kb.target_role(known)
        if role_id is None and unknown:
            dispatcher.utter_message(text=unknown_role_message(unknown[0]), buttons=all_role_buttons(kb))
            return [SlotSet(FACT_SLOT, fact)]
        if role_id is None and names_sonography(latest_text(tracker)):
            # Sonography named is the starting role, even while another role is in focus.
            role_id = kb.starting_role.id
        if role_id is None and latest_intent(tracker) != "inform_role":
            # "inform_role" without a role it knows means a role it does not know: never guess.
            role_id = role_in_focus(tracker, kb)
        if role_id is None and answered_without_a_role(dispatcher, tracker):
            return []
        if role_id is None:
            dispatcher.utter_message(text=which_role_question(fact), buttons=all_role_buttons(kb))
            return [SlotSet(FACT_SLOT, fact)]
        # "How do I become one? And what's the pay?": every part asked is answered, in the message's order.
        facts = asked_facts(latest_text(tracker), fact)
        if answered_for_sonography_from_bank(dispatcher, tracker, role_id, facts, kb):
            return [SlotSet(ROLE_SLOT, role_id)]
        *first_answers, last_answer = fact_texts(kb, role_id, facts, latest_text(tracker))
        for answer in first_answers:
            dispatcher.utter_message(text=answer)
        dispatcher.utter_message(text=last_answer, buttons=follow_up_buttons(*facts))
        return [SlotSet(ROLE_SLOT, role_id), SlotSet(FACT_SLOT, facts[-1])]


class ActionListRoles(Action):
    """Lists the advancement roles with a button per role."""

    def name(self) -> str:
        return "action_list_roles"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = default_knowledge_base()
        dispatcher.utter_message(
            text=role_list(kb), buttons=role_buttons(kb.advancement_roles, intent="ask_role_overview")
        )
        return []
