"""The shared form behaviour (actions.forms) through both forms, and the actions the domain names."""

from __future__ import annotations

import json

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import ActionExecutor

from actions.forms import FormValidation, LeaveForm
from actions.recommendation import (
    ActionLeaveQuestionnaire,
    AskDegree,
    AskExperience,
    AskInterest,
    AskQuestion,
    AskStudyAppetite,
    ValidateRecommendationForm,
)
from actions.schools import ActionLeaveSchoolSearch, ValidateSchoolSearchForm
from bot.knowledge import KnowledgeBase
from bot.recommend import default_questionnaire
from bot.render.dialogue import NOT_UNDERSTOOD
from bot.render.recommendation import questionnaire_intro
from tests.unit.conftest import DOMAIN, make_tracker, run, run_form_validation, slot_events

QUESTIONNAIRE, SCHOOL_SEARCH = ValidateRecommendationForm(), ValidateSchoolSearchForm()


def asked(slot: str, intent: str, text: str, **slots: str) -> object:
    """A tracker after ``text`` was typed while the form asks for ``slot``."""
    return make_tracker(intent, slots={"requested_slot": slot, **slots}, text=text)


@pytest.mark.parametrize(
    ("form", "slot", "text", "value"),
    [
        (QUESTIONNAIRE, "degree", "I have a bachelor's degree", "bachelor"),
        (QUESTIONNAIRE, "experience", "about 7 years", "over_5"),
        (SCHOOL_SEARCH, "school_place", "Ohio", "Ohio"),
    ],
)
def test_a_typed_answer_fills_the_slot_asked_for(form: FormValidation, slot: str, text: str, value: str) -> None:
    messages, events = run_form_validation(form, asked(slot, "inform_choice", text))
    assert messages == []
    assert slot_events(events) == {slot: value}


@pytest.mark.parametrize(
    ("form", "slot"),
    [(QUESTIONNAIRE, "degree"), (QUESTIONNAIRE, "study_appetite"), (SCHOOL_SEARCH, "school_role")],
)
def test_an_answer_that_cannot_be_read_is_asked_again_in_one_wording(form: FormValidation, slot: str) -> None:
    messages, events = run_form_validation(form, asked(slot, "inform_choice", "purple elephants"))
    assert [message["text"] for message in messages] == [NOT_UNDERSTOOD]
    assert slot_events(events) == {slot: None}  # left empty, so the form asks the same question again


def test_a_value_from_an_entity_is_kept_and_the_text_not_read_again() -> None:
    tracker = asked("degree", "inform_choice", "grad school", degree="master")  # the text alone reads as nothing
    tracker.events.append(SlotSet("degree", "master"))
    messages, events = run_form_validation(QUESTIONNAIRE, tracker)
    assert messages == []
    assert slot_events(events) == {"degree": "master"}


def test_a_value_that_is_no_option_is_rejected_not_guessed() -> None:
    tracker = asked("degree", "inform_choice", '/inform_choice{"degree":"wizardry"}', degree="wizardry")
    tracker.events.append(SlotSet("degree", "wizardry"))
    messages, events = run_form_validation(QUESTIONNAIRE, tracker)
    assert [message["text"] for message in messages] == [NOT_UNDERSTOOD]
    assert slot_events(events) == {"degree": None}


@pytest.mark.parametrize(("form", "slot"), [(QUESTIONNAIRE, "degree"), (SCHOOL_SEARCH, "school_place")])
def test_another_question_is_not_read_as_an_answer(form: FormValidation, slot: str) -> None:
    messages, events = run_form_validation(form, asked(slot, "ask_salary", "what does a PACS admin earn?"))
    assert messages == [] and events == []  # Rasa rejects the form and the rules answer the question


def test_the_message_that_starts_a_school_search_fills_every_slot_it_names() -> None:
    tracker = make_tracker("search_schools", text="associate sonography programs in Ohio")
    messages, events = run_form_validation(SCHOOL_SEARCH, tracker)
    assert messages == []
    assert slot_events(events) == {
        "school_role": "diagnostic_medical_sonographer", "school_place": "Ohio", "school_level": "associate"
    }


def test_a_school_search_with_a_place_and_no_level_asks_nothing_more() -> None:
    tracker = make_tracker("search_schools", text="sonography programs in Ohio")
    messages, events = run_form_validation(SCHOOL_SEARCH, tracker)
    assert messages == []
    assert slot_events(events) == {  # every required slot is filled, so Rasa's form ends and the search runs
        "school_role": "diagnostic_medical_sonographer", "school_place": "Ohio", "school_level": None
    }
    assert DOMAIN["forms"]["school_search_form"]["required_slots"] == ["school_role", "school_place"]


def test_a_first_message_that_leaves_a_slot_open_is_not_called_not_understood() -> None:
    tracker = make_tracker("search_schools", text="sonography programs please")
    messages, events = run_form_validation(SCHOOL_SEARCH, tracker)
    assert messages == []
    assert slot_events(events)["school_place"] is None  # the form asks for it next


@pytest.mark.parametrize(
    ("intent", "text", "filled", "named"),
    [
        ("refine_school_search", "what about in texas", {"school_place": "Ohio"}, {"school_place": "Texas"}),
        ("inform_place", "in texas", {}, {"school_place": "Texas"}),
        ("refine_school_search", "only bachelor's please", {"school_place": "Ohio"}, {"school_level": "bachelor"}),
    ],
)
def test_a_place_or_level_named_while_the_role_is_asked_is_taken(intent: str, text: str, filled: dict,
                                                                  named: dict) -> None:
    messages, events = run_form_validation(SCHOOL_SEARCH, asked("school_role", intent, text, **filled))
    assert messages == []  # not "didn't catch that": the message gave a place or level; the role is asked next
    assert slot_events(events) == {**named, "school_role": None}  # left empty, so the form asks for it


def test_an_unknown_place_named_while_the_role_is_asked_is_named_back() -> None:
    tracker = asked("school_role", "refine_school_search", "what about in narnia", school_place="Ohio")
    messages, events = run_form_validation(SCHOOL_SEARCH, tracker)
    assert len(messages) == 1 and "narnia" in messages[0]["text"] and NOT_UNDERSTOOD not in messages[0]["text"]
    assert "school_place" not in slot_events(events)  # the earlier place is kept


@pytest.mark.parametrize(
    ("leave", "form"),
    [(ActionLeaveQuestionnaire(), "recommendation_form"), (ActionLeaveSchoolSearch(), "school_search_form")],
)
def test_leaving_a_form_ends_it_and_forgets_every_answer(leave: LeaveForm, form: str) -> None:
    assert set(DOMAIN["forms"][form]["required_slots"]) <= set(leave.form_slots)
    answered = dict.fromkeys(leave.form_slots, "something")
    messages, events = run(leave, make_tracker("stop", slots=answered))
    assert messages == []
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), *(SlotSet(slot, None) for slot in answered)]


@pytest.mark.parametrize(
    ("ask", "slot"),
    [(AskInterest(), "interest"), (AskDegree(), "degree"), (AskExperience(), "experience"),
     (AskStudyAppetite(), "study_appetite")],
)
def test_each_question_is_asked_with_a_button_per_option(ask: AskQuestion, slot: str) -> None:
    question = default_questionnaire().question(slot)
    messages, events = run(ask, make_tracker("inform_choice"))
    assert ask.name() == f"action_ask_{slot}" and events == []
    assert [message["text"] for message in messages] == [question.question]
    assert [button["title"] for button in messages[0]["buttons"]] == [option.label for option in question.options]


def test_a_questionnaire_asked_for_opens_with_the_roles_to_choose_from(kb: KnowledgeBase) -> None:
    messages, _ = run(AskInterest(), make_tracker("ask_recommendation"))
    assert messages[0]["text"] == questionnaire_intro(kb)
    assert all(role.name in messages[0]["text"] or (role.full_title or "") in messages[0]["text"]
               for role in kb.advancement_roles)
    assert messages[1]["text"] == default_questionnaire().question("interest").question


def test_the_action_server_serves_exactly_the_custom_actions_the_domain_names() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")  # the base classes are abstract, so they are not served
    assert set(executor.actions) == set(DOMAIN["actions"])


def test_a_role_named_in_answer_to_the_place_question_is_kept() -> None:
    _, events = run_form_validation(SCHOOL_SEARCH, make_tracker("search_schools", text="where can I study?"))
    assert slot_events(events).get("school_role") is None  # not guessed: a later answer may name it
    tracker = make_tracker("search_schools", roles=("echocardiographer",), slots={"requested_slot": "school_place"},
                           text="echocardiographer programs in Ohio")
    messages, events = run_form_validation(SCHOOL_SEARCH, tracker)
    assert messages == []
    assert slot_events(events)["school_role"] == "echocardiographer"


@pytest.mark.parametrize(
    ("ask", "slot"),
    [(AskInterest(), "interest"), (AskDegree(), "degree"), (AskExperience(), "experience"),
     (AskStudyAppetite(), "study_appetite")],
)
def test_every_button_title_typed_instead_of_clicked_gives_the_buttons_answer(ask: AskQuestion, slot: str) -> None:
    messages, _ = run(ask, make_tracker("inform_choice"))
    for button in messages[-1]["buttons"]:
        clicked = json.loads(button["payload"][button["payload"].index("{"):])  # the entities a click sends
        typed, events = run_form_validation(QUESTIONNAIRE, asked(slot, "inform_choice", button["title"]))
        assert typed == [] and slot_events(events) == {slot: clicked[slot]}, button["title"]
