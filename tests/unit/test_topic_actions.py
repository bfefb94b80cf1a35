"""Questions about the road into sonography are answered from the answer bank, by their own action and
by the fallback before it gives up; a question the bank cannot answer gets an honest reply."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction

from actions.comparison import ActionCompareRoles
from actions.fallback import ActionAskAffirmation, ActionDefaultFallback
from actions.recommendation import ActionRecommendFromInterest, AskInterest
from actions.sonography import ActionAnswerAboutSonography
from bot.careers import compare_with_neighbour, default_careers
from bot.knowledge import KnowledgeBase
from bot.recommend import default_questionnaire
from bot.render.answer_bank import NO_SOURCED_ANSWER
from bot.render.careers import comparison_answer
from bot.render.dialogue import DID_NOT_GET_THAT
from bot.render.facts import fact_answer
from bot.render.recommendation import NO_INTEREST_HEARD, questionnaire_intro
from bot.render.roles import national_only
from bot.render.topics import topic_answer
from tests.unit.conftest import make_tracker, run

REVERTED = {"event": "rewind", "timestamp": None}


def test_a_question_on_a_roles_facts_in_parts_gets_each_fact(kb: KnowledgeBase) -> None:
    text = "My parents want something stable. How much do sonographers make and is the job market oversaturated?"
    tracker = make_tracker("ask_about_sonography", roles=("sonographers",), text=text)
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    role = "diagnostic_medical_sonographer"
    assert [message["text"] for message in messages] == [
        fact_answer(kb, role, "salary"), fact_answer(kb, role, "job_outlook")
    ]


def test_one_fact_asked_of_a_role_beyond_the_starting_one_answers_that_role(kb: KnowledgeBase) -> None:
    text = "I'm a general sonographer and tired of OB work. I want to move into echo, what's the path to get there?"
    tracker = make_tracker("ask_about_sonography", roles=("general sonographer", "echo"), text=text)
    messages, events = run(ActionAnswerAboutSonography(), tracker)
    assert [message["text"] for message in messages] == [fact_answer(kb, "echocardiographer", "how_to_become")]
    assert {"event": "slot", "timestamp": None, "name": "role", "value": "echocardiographer"} in events


def test_a_close_topic_answers_before_a_role_beyond_the_starting_one(kb: KnowledgeBase) -> None:
    text = "I'm an echo tech, is becoming a lead echo tech worth it and how do I get there?"
    tracker = make_tracker("ask_about_sonography", roles=("echo tech",), text=text)
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    assert [message["text"] for message in messages] == [topic_answer(kb, "lead_sonographer")]


def test_one_fact_asked_of_sonography_itself_stays_with_the_bank(kb: KnowledgeBase) -> None:
    text = "is the job market for sonographers saturated?"
    tracker = make_tracker("ask_about_sonography", roles=("sonographers",), text=text)
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    assert messages[0]["text"] != fact_answer(kb, "diagnostic_medical_sonographer", "job_outlook")


def test_a_question_in_parts_naming_no_role_nor_sonography_stays_with_the_bank(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_about_sonography", text="What is the pay like and is the job market oversaturated?")
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    assert "Which role" not in messages[0]["text"]
    assert messages[0]["text"] != fact_answer(kb, "diagnostic_medical_sonographer", "salary")


def test_a_roles_fact_no_topic_fits_answers_before_no_sourced_answer(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_about_sonography", text="what does sonography pay in texas")
    tracker.latest_message["intent"]["confidence"] = 0.6  # as the NLU read it: no topic is close enough
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    # Its figures are national, and the answer says it has none for Texas.
    assert messages[-1]["text"] == (
        f"{fact_answer(kb, 'diagnostic_medical_sonographer', 'salary')}\n\n{national_only(['Texas'])}"
    )


def test_a_question_gets_the_sourced_answer_of_its_topic(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_about_sonography", text="do you need a state license to do ultrasound in oregon")
    messages, events = run(ActionAnswerAboutSonography(), tracker)
    assert [message["text"] for message in messages] == [topic_answer(kb, "licensure_states")]
    assert events == []


def test_a_comparison_with_a_neighbouring_career_is_answered_with_its_figures(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_about_sonography", text="should I do nursing or ultrasound")
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    expected = comparison_answer(kb, compare_with_neighbour(kb, default_careers(), "registered_nurse"))
    assert messages[0]["text"] == expected


def test_a_question_the_bank_cannot_answer_says_so_and_what_can_be_answered() -> None:
    tracker = make_tracker("ask_about_sonography", text="which celebrities were sonographers")
    messages, _ = run(ActionAnswerAboutSonography(), tracker)
    assert [message["text"] for message in messages] == [NO_SOURCED_ANSWER]
    assert "rather not guess" in NO_SOURCED_ANSWER and "nearby careers" in NO_SOURCED_ANSWER


STORY_ASKING_WHICH_ROLE_FITS = (
    "I've been scanning for 8 years. I like working with students and I'm the one who sorts out the "
    "worklist when it breaks. Which of the roles after sonography would fit me best?"
)


def test_a_story_asking_which_role_fits_starts_the_questionnaire_with_the_roles(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_about_sonography", text=STORY_ASKING_WHICH_ROLE_FITS)
    messages, events = run(ActionAnswerAboutSonography(), tracker)
    assert messages == [] and events == [FollowupAction("recommendation_form")]
    intro, question = run(AskInterest(), tracker)[0]
    assert intro["text"] == questionnaire_intro(kb)
    assert question["text"] == default_questionnaire().question("interest").question


def test_a_story_telling_only_what_the_person_likes_does_not_start_the_questionnaire() -> None:
    text = "I've been scanning for 8 years. Echo would suit me, I like working with students."
    tracker = make_tracker("ask_about_sonography", text=text)
    messages, events = run(ActionAnswerAboutSonography(), tracker)
    assert events == [] and messages, "answered or told there is no sourced answer, never sent into the questionnaire"


@pytest.mark.parametrize(
    "text",
    [
        "Would you recommend a textbook for the SPI?",
        "My hands are small. Will the probe fit my hand?",
        "Which path does the ultrasound beam take through tissue?",
    ],
)
def test_a_question_with_a_suggestion_word_about_something_else_does_not_start_the_questionnaire(text: str) -> None:
    _, events = run(ActionAnswerAboutSonography(), make_tracker("ask_about_sonography", text=text))
    assert FollowupAction("recommendation_form") not in events


def test_the_fallback_answers_a_close_match_and_forgets_the_message(kb: KnowledgeBase) -> None:
    text = "is scanning physically demanding on your shoulders"
    tracker = make_tracker("nlu_fallback", text=text)
    messages, events = run(ActionAskAffirmation(), tracker)
    assert [message["text"] for message in messages] == [topic_answer(kb, "physical_demands")]
    assert events == [REVERTED]


def test_the_fallback_offers_topics_for_an_off_topic_message() -> None:
    messages, _ = run(ActionAskAffirmation(), make_tracker("nlu_fallback", text="how do I bake sourdough bread"))
    assert messages[0]["buttons"][-1]["payload"] == "/out_of_scope"


@pytest.mark.parametrize(
    "text",
    [
        # "salary" is all this shares with "echo vs general sonographer salary" (pay by specialty).
        "what's a good salary for a sonographer",
        # "good" and "school" are all this shares with the topics.
        "what is a good laptop for school",
    ],
)
def test_the_fallback_offers_topics_rather_than_a_loose_match(text: str) -> None:
    """One shared word is not enough to answer a message the NLU did not understand."""
    tracker = make_tracker("nlu_fallback", text=text)
    messages, events = run(ActionAskAffirmation(), tracker)
    assert messages[0]["buttons"][-1]["payload"] == "/out_of_scope"
    assert events == []


def test_giving_up_tries_the_bank_first(kb: KnowledgeBase) -> None:
    messages, events = run(ActionDefaultFallback(), make_tracker("nlu_fallback", text="rad tech vs sonographer"))
    assert messages[0]["text"] == comparison_answer(
        kb, compare_with_neighbour(kb, default_careers(), "radiologic_technologist")
    )
    assert events == [REVERTED]
    messages, _ = run(ActionDefaultFallback(), make_tracker("nlu_fallback", text="how do I bake sourdough bread"))
    assert messages[0]["text"] == DID_NOT_GET_THAT


def test_a_question_read_as_an_interest_is_answered_without_starting_the_questionnaire(kb: KnowledgeBase) -> None:
    tracker = make_tracker("share_interest", text="honestly is becoming a sonographer worth it")
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert [message["text"] for message in messages] == [topic_answer(kb, "advice_is_it_worth_it")]
    assert events == []


def test_a_comparison_with_a_career_outside_the_roles_is_answered_from_the_bank(kb: KnowledgeBase) -> None:
    tracker = make_tracker("compare_roles", roles=("sonographer",), text="rad tech vs sonographer")
    messages, events = run(ActionCompareRoles(), tracker)
    careers = default_careers()
    assert messages[0]["text"] == comparison_answer(kb, compare_with_neighbour(kb, careers, "radiologic_technologist"))
    assert events == []


def test_two_roles_are_still_compared_with_each_other() -> None:
    tracker = make_tracker("compare_roles", roles=("sonographer", "echo tech"), text="sonographer vs echo tech")
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "echocardiographer" in messages[-1]["text"].lower()


def test_a_message_read_as_an_interest_that_names_none_offers_the_questionnaire_without_starting_it() -> None:
    tracker = make_tracker("share_interest", text="my cousin did a program like that last year")
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert [message["text"] for message in messages] == [NO_INTEREST_HEARD]
    assert [button["payload"] for button in messages[0]["buttons"]] == ["/ask_recommendation"]
    assert events == []
