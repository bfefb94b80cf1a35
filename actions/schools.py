"""School suggestions: a form that asks only for what is missing, the search, paging, refinements.

A search with a place shows programs at every level at once (a level named in the request narrows it
from the start) and offers the levels as buttons to narrow it.

Reading requests is ``bot.reading``, searching ``bot.schools``, wording the answers ``bot.render.schools``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.buttons import Button, intent_payload, role_buttons
from actions.context import latest_intent, latest_text, mentioned_roles, role_in_focus
from actions.forms import FormValidation, LeaveForm
from actions.roles import ActionAnswerRoleFact
from bot.knowledge import default_knowledge_base
from bot.reading.levels import find_level
from bot.reading.question_parts import facts_in_parts
from bot.reading.school_requests import read_request, without_places
from bot.render.dialogue import DID_NOT_GET_THAT
from bot.render.schools import (
    ANYWHERE_TITLE,
    ASK_PLACE,
    ASK_WHAT_TO_CHANGE,
    ASK_WHERE_AND_WHAT,
    LEVEL_TITLES,
    SHOW_MORE_TITLE,
    ask_role_text,
    no_results_text,
    results_text,
    unknown_place_text,
)
from bot.schools.catalogue import PAGE_SIZE, default_catalogue
from bot.schools.programs import ANY_CREDENTIAL

ROLE, PLACE, LEVEL, PAGE = "school_role", "school_place", "school_level", "school_page"
SEARCH_SLOTS = (ROLE, PLACE, LEVEL)
# Facts a school search never asks for: "how much do sonographers make in Florida?" is a pay question
# with a place, not a search ("bachelor's programs in Florida" names education, which a search may).
FACTS_NO_SEARCH_ASKS = frozenset({"salary", "job_outlook", "duties"})


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class AskSchoolRole(Action):
    def name(self) -> str:
        return "action_ask_school_role"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        roles = default_knowledge_base().roles.values()
        place = default_catalogue().resolve_place(tracker.get_slot(PLACE))
        dispatcher.utter_message(text=ask_role_text(place), buttons=role_buttons(roles))
        return []


class AskSchoolPlace(Action):
    def name(self) -> str:
        return "action_ask_school_place"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        anywhere = {"title": ANYWHERE_TITLE, "payload": intent_payload("inform_place", school_place="anywhere")}
        dispatcher.utter_message(text=ASK_PLACE, buttons=[anywhere])
        return []


class ValidateSchoolSearchForm(FormValidation):
    """Reads place, level and role from what people type; asks again when it cannot. The level is
    read where the request names one, never asked for: the results offer the levels instead."""

    # Messages that may fill the form; any other question leaves it (see data/schools/rules.yml).
    answer_intents = frozenset(
        {"search_schools", "refine_school_search", "inform_place", "inform_choice", "inform_role"}
    )
    optional_slots = (LEVEL,)
    replaceable_slots = (PLACE, LEVEL)

    def name(self) -> str:
        return "validate_school_search_form"

    def reads(self, slot: str, tracker: Tracker) -> bool:
        """The message that starts the search is read for every slot; later ones only for the slot asked."""
        return latest_intent(tracker) == "search_schools" or super().reads(slot, tracker)

    def read(self, slot: str, tracker: Tracker) -> str | None:
        """The place, the level, or else the role the text names; a search naming no role is for the role in focus."""
        if slot == PLACE:
            place = read_request(default_catalogue(), latest_text(tracker), []).place
            return place.label if place else None
        if slot == LEVEL:
            return find_level(latest_text(tracker))
        kb = default_knowledge_base()
        known, _ = mentioned_roles(tracker, kb)
        named = [kb.target_role(known)] if known else []
        role_id = read_request(default_catalogue(), latest_text(tracker), named).role_id
        if role_id is None and latest_intent(tracker) == "search_schools":
            role_id = role_in_focus(tracker, kb)  # the role the person was just asking about
        return role_id

    def not_understood(self, slot: str, tracker: Tracker) -> str | None:
        """A place that is not known is named back, also in the message that starts the search."""
        if slot != PLACE:
            return super().not_understood(slot, tracker)
        text = latest_text(tracker)
        answering = tracker.get_slot(REQUESTED_SLOT) == PLACE
        place_text = read_request(default_catalogue(), text, []).place_text
        typed = place_text or (text if answering and len(text.split()) <= 4 else None)
        return unknown_place_text(typed) if place_text or answering else None

    def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        """A known place as its label, a known level, a known role as its id; anything else is dropped silently."""
        if not isinstance(value, str):
            return None
        if slot == PLACE:
            place = default_catalogue().resolve_place(value)
            return place.label if place else None
        if slot == LEVEL:
            return value if value == ANY_CREDENTIAL or find_level(value) == value else None
        return default_knowledge_base().resolve_role(value)


def show_results(dispatcher: CollectingDispatcher, tracker: Tracker, page: int,
                 overrides: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Searches with the slots (and any overrides) and shows one page, or the nearest alternative."""
    kb, catalogue = default_knowledge_base(), default_catalogue()
    terms = {slot: tracker.get_slot(slot) for slot in SEARCH_SLOTS} | (overrides or {})
    role_id = kb.resolve_role(terms[ROLE])
    place = catalogue.resolve_place(terms[PLACE])
    if role_id is None or place is None:
        dispatcher.utter_message(text=ASK_WHERE_AND_WHAT)
        return []
    level = terms[LEVEL] or ANY_CREDENTIAL
    result = catalogue.search(role_id, place, level, page=page, page_size=PAGE_SIZE)
    more = [{"title": SHOW_MORE_TITLE, "payload": "/show_more_schools"}] if result.has_more else []
    if result.empty:
        found = catalogue.alternatives(role_id, place, level, page_size=PAGE_SIZE)
        text = no_results_text(kb, catalogue, place, found, role_id)
        dispatcher.utter_message(text=text, buttons=level_buttons(level))
        return _remember(terms, page)
    dispatcher.utter_message(text=results_text(kb, catalogue, result, role_id), buttons=more + level_buttons(level))
    return _remember(terms, page)


def level_buttons(current: str) -> list[Button]:
    """A button for each level the search is not at yet: a click narrows (or widens) the last search."""
    return [
        {"title": title, "payload": intent_payload("refine_school_search", school_level=level)}
        for level, title in LEVEL_TITLES.items()
        if level != current
    ]


def refines_school_search(tracker: Tracker) -> bool:
    """A bare answer ("only associate's", "Michigan") right after a school search is about that search."""
    if not tracker.get_slot(ROLE):
        return False
    text = latest_text(tracker)
    return bool(_entity(tracker, LEVEL) or _entity(tracker, PLACE) or find_level(text)
                or read_request(default_catalogue(), text, []).place)


def _remember(terms: dict[str, str | None], page: int) -> list[dict[str, Any]]:
    return [SlotSet(slot, terms[slot]) for slot in SEARCH_SLOTS] + [SlotSet(PAGE, float(page))]


class ActionSearchSchools(Action):
    """The first page of a search, once the form has everything."""

    def name(self) -> str:
        return "action_search_schools"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return show_results(dispatcher, tracker, page=0)


class ActionShowMoreSchools(Action):
    """"Show more": the next page of the last search."""

    def name(self) -> str:
        return "action_show_more_schools"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        page = int(tracker.get_slot(PAGE) or 0) + 1
        return show_results(dispatcher, tracker, page=page)


class ActionRefineSchoolSearch(Action):
    """"What about Michigan?", "only bachelor's": changes one thing about the last search."""

    def name(self) -> str:
        return "action_refine_school_search"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        kb, catalogue = default_knowledge_base(), default_catalogue()
        asked = set(facts_in_parts(without_places(catalogue, latest_text(tracker))))
        known, _ = mentioned_roles(tracker, kb)
        request = read_request(catalogue, latest_text(tracker), [kb.target_role(known)] if known else [])
        place_entity, level_entity = _entity(tracker, PLACE), _entity(tracker, LEVEL)
        place = catalogue.resolve_place(place_entity) if place_entity else request.place
        # "What about schooling for those?" after a pay answer asks for the roles' education: with no school
        # search to refine and no place or level named, a fact the message asks for is the answer.
        nothing_to_refine = not tracker.get_slot(PLACE) and not (place or level_entity or request.level)
        if FACTS_NO_SEARCH_ASKS & asked or (asked and nothing_to_refine):
            return ActionAnswerRoleFact().run(dispatcher, tracker, domain)
        changes: dict[str, str | None] = {}
        if place:
            changes[PLACE] = place.label
        if level_entity or request.level:
            changes[LEVEL] = level_entity or request.level
        if request.role_id:
            changes[ROLE] = request.role_id
        if not changes:
            if request.place_text:
                dispatcher.utter_message(text=unknown_place_text(request.place_text))
            elif tracker.get_slot(ROLE):
                dispatcher.utter_message(text=ASK_WHAT_TO_CHANGE)
            else:  # nothing to refine and nothing understood
                dispatcher.utter_message(text=DID_NOT_GET_THAT)
                dispatcher.utter_message(response="utter_help")
            return []
        if not tracker.get_slot(ROLE) and ROLE not in changes:
            changes[ROLE] = role_in_focus(tracker, kb) or kb.starting_role.id
        if not tracker.get_slot(PLACE) and PLACE not in changes:
            changes[PLACE] = "anywhere"
        return show_results(dispatcher, tracker, page=0, overrides=changes)


class ActionLeaveSchoolSearch(LeaveForm):
    """Ends the school questions on "never mind" or another question, forgetting partial answers."""

    form_slots = SEARCH_SLOTS

    def name(self) -> str:
        return "action_leave_school_search"
