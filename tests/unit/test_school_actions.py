"""School-search actions against rasa_sdk trackers."""

from __future__ import annotations

import pytest

from actions.schools import (
    ActionRefineSchoolSearch,
    ActionSearchSchools,
    ActionShowMoreSchools,
    AskSchoolRole,
    ValidateSchoolSearchForm,
)
from tests.unit.conftest import make_tracker, run, run_form_validation, slot_events

OHIO_SONOGRAPHY = {"school_role": "diagnostic_medical_sonographer", "school_place": "Ohio", "school_level": "any"}


def test_the_first_page_lists_five_schools_with_show_more() -> None:
    messages, events = run(ActionSearchSchools(), make_tracker("search_schools", slots=OHIO_SONOGRAPHY))
    text = messages[0]["text"]
    assert text.count("\n- **") == 5 and "in Ohio: 1-5 of" in text
    assert [button["title"] for button in messages[0]["buttons"]] == [
        "Show more", "Certificate", "Associate's", "Bachelor's", "Master's"
    ]
    assert messages[0]["buttons"][0]["payload"] == "/show_more_schools"
    assert messages[0]["buttons"][2]["payload"] == '/refine_school_search{"school_level":"associate"}'
    assert slot_events(events)["school_page"] == 0


def test_a_search_at_one_level_offers_the_others_and_any_level() -> None:
    slots = {**OHIO_SONOGRAPHY, "school_level": "associate"}
    messages, _ = run(ActionSearchSchools(), make_tracker("search_schools", slots=slots))
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert "Associate's" not in titles and titles[-1] == "Any level"


def test_a_level_button_narrows_the_last_search() -> None:
    tracker = make_tracker("refine_school_search", slots=OHIO_SONOGRAPHY, text="/refine_school_search")
    tracker.latest_message["entities"] = [{"entity": "school_level", "value": "bachelor"}]  # the button's
    messages, events = run(ActionRefineSchoolSearch(), tracker)
    assert slot_events(events)["school_level"] == "bachelor" and "in Ohio" in messages[0]["text"]


def test_show_more_continues_where_the_last_page_stopped() -> None:
    tracker = make_tracker("show_more_schools", slots={**OHIO_SONOGRAPHY, "school_page": 0.0})
    messages, events = run(ActionShowMoreSchools(), tracker)
    assert "in Ohio: 6-" in messages[0]["text"]
    assert slot_events(events)["school_page"] == 1


def test_what_about_another_state_keeps_the_rest_of_the_search() -> None:
    tracker = make_tracker("refine_school_search", slots=OHIO_SONOGRAPHY, text="what about Michigan?")
    messages, events = run(ActionRefineSchoolSearch(), tracker)
    assert "in Michigan" in messages[0]["text"]
    assert slot_events(events)["school_place"] == "Michigan"
    assert slot_events(events)["school_role"] == "diagnostic_medical_sonographer"


def test_no_result_offers_the_nearest_alternative() -> None:
    slots = {"school_role": "diagnostic_medical_sonographer", "school_place": "Vermont", "school_level": "master"}
    messages, _ = run(ActionSearchSchools(), make_tracker("search_schools", slots=slots))
    text = messages[0]["text"]
    assert text.startswith("I found none in Vermont.") and "\n- **" in text
    assert "not a list of accredited programs" in text
    first_sentence_after = text.split("I found none in Vermont. ", 1)[1]
    assert first_sentence_after[:1].isupper()  # "In neighbouring states ...", a sentence of its own


def test_a_city_search_widened_to_its_state_says_where_the_results_are() -> None:
    slots = {"school_role": "echocardiographer", "school_place": "Juneau, AK"}
    messages, _ = run(ActionSearchSchools(), make_tracker("search_schools", slots=slots))
    text = messages[0]["text"]
    assert text.startswith("I found none in Juneau, AK. Elsewhere in Alaska:")
    assert "echocardiographers in Alaska:" in text and "most graduates first" in text


def test_an_unknown_place_is_said_to_be_unknown_and_asked_again() -> None:
    tracker = make_tracker("inform_place", slots={"requested_slot": "school_place"}, text="Narnia")
    messages, events = run_form_validation(ValidateSchoolSearchForm(), tracker)
    assert slot_events(events) == {"school_place": None}
    assert "don't know a place called \u201cNarnia\u201d" in messages[0]["text"]


def test_a_bare_level_after_a_school_search_refines_it() -> None:
    from actions.recommendation import ActionRecommendFromInterest

    tracker = make_tracker("inform_choice", slots=OHIO_SONOGRAPHY, text="only associate's")
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert "Associate" in messages[0]["text"] and "in Ohio" in messages[0]["text"]
    assert slot_events(events)["school_level"] == "associate"


@pytest.mark.parametrize("text, place", [
    ("how much do sonographers make in florida? thinking about moving there", "Florida"),
    # No question mark: the words after the comma are background, not part of the question.
    ("how much do sonographers make in texas, moving to Austin next year", "Texas"),
])
def test_a_pay_question_with_a_place_read_as_a_school_search_is_answered_with_pay(text: str, place: str) -> None:
    # The NLU read it as a search; its words ask for pay, which no school search asks for.
    tracker = make_tracker("refine_school_search", roles=("sonographers",), text=text)
    messages, events = run(ActionRefineSchoolSearch(), tracker)
    reply = " ".join(message["text"] for message in messages)
    assert "median" in reply.lower() and f"I don't have separate ones for {place}" in reply
    assert "school_place" not in slot_events(events)


@pytest.mark.parametrize(("text", "role", "answer"), [
    ("what about schooling for those", "pacs_administrator", "administrator**: education"),
    ("what about the degree", "echocardiographer", "**Echocardiographer**: education"),
])
def test_a_question_about_education_with_no_search_to_refine_gets_the_roles_education(
    text: str, role: str, answer: str
) -> None:
    # After a pay answer, no school search was asked for: the words are not a place to search in.
    messages, events = run(ActionRefineSchoolSearch(), make_tracker("refine_school_search", slots={"role": role},
                                                                    text=text))
    assert answer in messages[0]["text"] and "place called" not in messages[0]["text"]
    assert "school_place" not in slot_events(events)


def test_a_search_for_a_level_in_a_place_is_still_a_search() -> None:
    tracker = make_tracker("refine_school_search", slots=OHIO_SONOGRAPHY, text="bachelor's programs in florida")
    messages, events = run(ActionRefineSchoolSearch(), tracker)
    assert slot_events(events)["school_place"] == "Florida" and slot_events(events)["school_level"] == "bachelor"


def test_the_role_question_says_the_place_already_heard() -> None:
    messages, _ = run(AskSchoolRole(), make_tracker("refine_school_search", slots={"school_place": "Texas"}))
    assert messages[0]["text"] == "In Texas: which role are you studying for?"
    messages, _ = run(AskSchoolRole(), make_tracker("search_schools", slots={"school_place": "anywhere in the US"}))
    assert messages[0]["text"] == "Which role are you studying for?"
