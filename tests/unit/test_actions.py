"""Custom actions against real rasa_sdk trackers and dispatchers."""

from __future__ import annotations

import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.comparison import ActionCompareRoles, ActionRankRoles
from actions.credentials import ActionExplainCredential, ActionListSources
from actions.fallback import ActionAskAffirmation, ActionDeclineOffTopic, ActionDefaultFallback
from actions.recommendation import ActionLeaveQuestionnaire, ActionRecommendFromInterest, ActionRecommendRole
from actions.roles import ActionAnswerRoleFact, ActionListRoles
from actions.session import ActionRestart
from bot.comparison import rank_roles
from bot.knowledge import KnowledgeBase
from bot.render.comparison import CANNOT_RANK, ranking_answer
from bot.render.credentials import credential_answer
from bot.render.dialogue import DID_YOU_MEAN
from bot.render.facts import FACT_TOPICS, FactTopic, fact_answer, which_role_question
from bot.render.recommendation import OFFER_SUGGESTION
from bot.render.topics import topic_answer
from tests.unit.conftest import make_tracker, run, slot_events, with_newer_pay


def test_pay_question_answers_with_figure_year_and_source() -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_salary", roles=("PACS administrator",)))
    text = messages[0]["text"]
    assert "$72,218" in text and "2018" in text and "Career Advancement in Sonography" in text
    assert "BLS" in text and "May 2025" in text
    assert slot_events(events) == {"role": "pacs_administrator", "requested_fact": "salary"}


def test_follow_up_without_a_role_uses_the_role_in_focus() -> None:
    tracker = make_tracker("ask_salary", slots={"role": "pacs_administrator", "requested_fact": "overview"})
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert "$72,218" in messages[0]["text"]
    assert slot_events(events)["role"] == "pacs_administrator"


def test_naming_another_role_keeps_the_question_type() -> None:
    focus = {"role": "pacs_administrator", "requested_fact": "salary"}
    tracker = make_tracker("inform_role", roles=("imaging manager",), slots=focus)
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert "$79,953" in messages[0]["text"]
    assert slot_events(events) == {"role": "diagnostic_imaging_manager", "requested_fact": "salary"}


def test_no_role_asks_which_with_a_button_per_role(kb: KnowledgeBase) -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_certification"))
    assert "Which role" in messages[0]["text"]
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads == [f'/inform_role{{"role":"{role_id}"}}' for role_id in kb.roles]
    assert slot_events(events) == {"requested_fact": "certification"}


def test_the_pending_question_is_answered_once_the_role_is_given() -> None:
    tracker = make_tracker("inform_role", roles=("echocardiographer",), slots={"requested_fact": "certification"})
    messages, _ = run(ActionAnswerRoleFact(), tracker)
    assert "RDCS" in messages[0]["text"] and "ARDMS" in messages[0]["text"]


def test_an_unknown_role_is_rejected_and_the_role_in_focus_kept() -> None:
    tracker = make_tracker("ask_salary", roles=("astronaut",), slots={"role": "clinical_educator"})
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert "don't know the role \u201castronaut\u201d" in messages[0]["text"]
    assert len(messages[0]["buttons"]) == 5
    assert "role" not in slot_events(events)


def test_a_typed_payload_with_a_role_id_works() -> None:
    messages, _ = run(ActionAnswerRoleFact(), make_tracker("ask_job_outlook", roles=("clinical_educator",)))
    assert "26%" in messages[0]["text"] and "2016\u20132026" in messages[0]["text"]


def test_a_bad_role_in_the_slot_is_ignored() -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_duties", slots={"role": "<script>"}))
    assert "Which role" in messages[0]["text"]
    assert "role" not in slot_events(events)


def test_answers_offer_follow_up_questions_as_buttons() -> None:
    messages, _ = run(ActionAnswerRoleFact(), make_tracker("ask_salary", roles=("echo tech",)))
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads and "/ask_salary" not in payloads
    assert all(payload.startswith("/ask_") for payload in payloads)


@pytest.mark.parametrize("topic", FACT_TOPICS, ids=lambda topic: topic.key)
def test_every_fact_answers_for_every_role(kb: KnowledgeBase, topic: FactTopic) -> None:
    for role_id in kb.roles:
        messages, _ = run(ActionAnswerRoleFact(), make_tracker(topic.intent, roles=(role_id,)))
        text = messages[0]["text"]
        assert len(text) > 40
        for figure in re.findall(r"\$[\d,]+|\d+(?:\.\d+)?%", text):
            line = next(line for line in text.splitlines() if figure in line)
            assert re.search(r"\b(19|20)\d\d\b", line), f"{figure} without a year in: {line}"
            assert "source:" in line, f"{figure} without a source in: {line}"


def test_list_roles_names_every_advancement_role_with_buttons(kb: KnowledgeBase) -> None:
    messages, events = run(ActionListRoles(), make_tracker("list_roles"))
    text = messages[0]["text"]
    for role in kb.advancement_roles:
        assert role.title.lower() in text.lower()
    assert [button["payload"] for button in messages[0]["buttons"]] == [
        f'/ask_role_overview{{"role":"{role.id}"}}' for role in kb.advancement_roles
    ]
    assert events == []


def test_slot_events_are_rasa_events() -> None:
    _, events = run(ActionAnswerRoleFact(), make_tracker("ask_salary", roles=("echo tech",)))
    assert SlotSet("role", "echocardiographer") in events


def test_the_target_role_wins_over_the_users_current_job() -> None:
    tracker = make_tracker("ask_how_to_become", roles=("sonographer", "echocardiographer"))
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert "How to become an echocardiographer" in messages[0]["text"]
    assert slot_events(events)["role"] == "echocardiographer"


def test_naming_an_unknown_role_never_falls_back_to_the_role_in_focus() -> None:
    tracker = make_tracker("inform_role", slots={"role": "pacs_administrator", "requested_fact": "salary"})
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert "$72,218" not in messages[0]["text"]
    assert "Which role" in messages[0]["text"] and len(messages[0]["buttons"]) == 5


@pytest.mark.parametrize("typed", ["[x](javascript:alert(1))", "<script>alert(1)</script>", "   "])
def test_user_text_quoted_back_carries_no_markup(typed: str) -> None:
    messages, _ = run(ActionAnswerRoleFact(), make_tracker("ask_salary", roles=(typed,)))
    text = messages[0]["text"]
    assert "don't know" in text
    for markup in ("[", "](", "<script", "\u201c\u201d"):
        assert markup not in text


# --- comparison, ranking, credentials, sources, recommendation ----------------------------------


def test_compare_two_named_roles() -> None:
    tracker = make_tracker("compare_roles", roles=("PACS admin", "echo tech"), channel="socketio")
    messages, events = run(ActionCompareRoles(), tracker)
    assert "PACS administrator vs echocardiographer" in messages[-1]["text"]
    chart = messages[0]["attachment"]
    assert chart["payload"]["src"] == "/chat/charts/compare/pacs_administrator/echocardiographer.svg"
    assert chart["payload"]["title"].startswith("Bar chart, PACS administrator vs echocardiographer.")
    assert slot_events(events)["role"] == "echocardiographer"


def test_a_comparison_naming_the_persons_own_role_beside_two_others_compares_those_two() -> None:
    text = "I'm a sonographer thinking about moving into echo or maybe teaching, how do those two compare?"
    tracker = make_tracker("compare_roles", roles=("sonographer", "echo", "teaching"), text=text)
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "Echocardiographer vs clinical educator" in messages[-1]["text"]


def test_compare_with_the_role_in_focus() -> None:
    tracker = make_tracker("compare_roles", roles=("teaching",), slots={"role": "diagnostic_imaging_manager"})
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "Diagnostic imaging manager vs clinical educator" in messages[-1]["text"]


@pytest.mark.parametrize("text", ["compare them", "can you compare the two", "which is better of both"])
def test_compare_them_compares_the_last_two_roles_discussed(text: str) -> None:
    tracker = make_tracker("compare_roles", text=text, slots={"role": "pacs_administrator"})
    tracker.events = [
        {"event": "slot", "name": "role", "value": "echocardiographer"},
        {"event": "user", "text": "and a PACS administrator?"},
        {"event": "slot", "name": "role", "value": "pacs_administrator"},
    ]
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "Echocardiographer vs PACS administrator" in messages[-1]["text"]


def test_compare_them_with_only_one_role_discussed_asks_for_the_other() -> None:
    tracker = make_tracker("compare_roles", text="compare them", slots={"role": "echocardiographer"})
    tracker.events = [{"event": "slot", "name": "role", "value": "echocardiographer"}]
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "compare with the echocardiographer" in messages[0]["text"]


def test_compare_with_one_role_and_nothing_in_focus_asks_for_the_other() -> None:
    messages, _ = run(ActionCompareRoles(), make_tracker("compare_roles", roles=("echocardiographer",)))
    assert "compare with the echocardiographer" in messages[0]["text"]
    assert all(button["payload"].startswith("/compare_roles") for button in messages[0]["buttons"])


@pytest.mark.parametrize(
    ("intent", "criterion"), [("rank_by_pay", "pay"), ("rank_by_growth", "growth"), ("rank_by_schooling", "schooling")]
)
def test_ranking_answers_by_the_asked_criterion(kb: KnowledgeBase, intent: str, criterion: str) -> None:
    messages, _ = run(ActionRankRoles(), make_tracker(intent, channel="socketio"))
    assert messages[-1]["text"] == ranking_answer(kb, rank_roles(kb, criterion))
    assert f"/{intent}" not in [button["payload"] for button in messages[-1]["buttons"]]
    charts = [message["attachment"]["payload"]["src"] for message in messages if message.get("attachment")]
    # A chart before the text (the widget shows buttons under the latest message); schooling has no figures.
    assert charts == ([] if criterion == "schooling" else [f"/chat/charts/rank/{criterion}.svg"])


@pytest.mark.parametrize("channel", ["rest", "cmdline", None])
def test_channels_that_show_no_images_get_the_text_alone(channel: str | None) -> None:
    for action, tracker in [
        (ActionCompareRoles(), make_tracker("compare_roles", roles=("PACS admin", "echo tech"), channel=channel)),
        (ActionRankRoles(), make_tracker("rank_by_pay", channel=channel)),
    ]:
        messages, _ = run(action, tracker)
        assert len(messages) == 1 and messages[0]["text"] and not messages[0].get("attachment")


def test_figures_that_cannot_be_ranked_together_are_not(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("actions.comparison.default_knowledge_base", lambda: with_newer_pay(kb, "echocardiographer"))
    messages, _ = run(ActionRankRoles(), make_tracker("rank_by_pay"))
    assert messages[0]["text"] == CANNOT_RANK


def test_a_certification_question_naming_a_credential_and_no_role_explains_the_credential(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_certification", text="what is RDCS?")
    tracker.latest_message["entities"] = [{"entity": "credential", "value": "RDCS"}]
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert messages[0]["text"] == credential_answer(kb, ["RDCS"]) and events == []


def test_a_certification_question_naming_a_role_answers_for_the_role(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_certification", roles=("echocardiographer",), text="what certs does an echo tech need")
    messages, _ = run(ActionAnswerRoleFact(), tracker)
    assert messages[0]["text"] == fact_answer(kb, "echocardiographer", "certification")


def test_a_plain_fact_question_without_a_role_asks_which_role_even_if_a_topic_looks_close() -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_education", text="what education do I need?"))
    assert messages[0]["text"] == which_role_question("education") and len(messages[0]["buttons"]) == 5
    assert events == [SlotSet("requested_fact", "education")]


def test_a_question_that_needs_no_role_is_answered_from_the_bank(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_duties", text="is the work physically demanding on your shoulders and back")
    tracker.latest_message["intent"]["confidence"] = 0.6  # the NLU is not sure it asks a role's duties
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert messages[0]["text"] == topic_answer(kb, "physical_demands") and events == []


def test_two_credentials_are_explained_together() -> None:
    tracker = make_tracker("ask_certification")
    tracker.latest_message["entities"] = [
        {"entity": "credential", "value": "CIIP"}, {"entity": "credential", "value": "cpas"}
    ]
    messages, _ = run(ActionExplainCredential(), tracker)
    text = messages[0]["text"]
    assert "**CIIP**" in text and "**CPAS**" in text and "ABII" in text and "PARCA" in text
    assert "check the awarding body" in text


def test_an_unknown_credential_is_said_to_be_unknown() -> None:
    tracker = make_tracker("ask_certification")
    tracker.latest_message["entities"] = [{"entity": "credential", "value": "XYZ"}]
    messages, _ = run(ActionExplainCredential(), tracker)
    assert "don't know the credential" in messages[0]["text"] and messages[0]["buttons"]


def test_sources_name_every_source_with_its_year() -> None:
    messages, _ = run(ActionListSources(), make_tracker("ask_sources"))
    text = messages[0]["text"]
    assert "2018 median pay" in text and "May 2025 median wages" in text and "(published 2019)" in text


def test_free_text_interest_with_a_request_recommends_without_the_form() -> None:
    tracker = make_tracker("share_interest", text="I love training new staff, which role fits me?")
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert "**clinical educator**" in messages[0]["text"]
    assert slot_events(events) == {"role": "clinical_educator"}
    assert messages[0]["buttons"][0]["payload"] == '/ask_recommendation{"interest":"teaching"}'


def test_an_interest_told_without_asking_for_a_suggestion_is_offered_one_never_given_one() -> None:
    tracker = make_tracker("share_interest", text="I love training new staff")
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert messages[0]["text"] == OFFER_SUGGESTION
    assert [button["payload"] for button in messages[0]["buttons"]] == ["/ask_recommendation"]
    assert events == []


def test_an_invalid_interest_value_is_rejected_not_guessed() -> None:
    tracker = make_tracker("inform_choice", text='/inform_choice{"interest":"team"}')
    tracker.latest_message["entities"] = [{"entity": "interest", "value": "team"}]
    messages, events = run(ActionRecommendFromInterest(), tracker)
    assert "don't know that option" in messages[0]["text"]
    assert events == []


def test_leaving_the_questionnaire_forgets_its_answers() -> None:
    messages, events = run(ActionLeaveQuestionnaire(), make_tracker("stop", slots={"degree": "master"}))
    assert messages == []
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    cleared = ["requested_slot", "interest", "degree", "experience", "study_appetite"]
    assert slot_events(events) == dict.fromkeys(cleared)


def test_the_finished_form_recommends_and_clears_its_answers() -> None:
    answers = {"interest": "technology", "degree": "associate", "experience": "2_to_5", "study_appetite": "some"}
    messages, events = run(ActionRecommendRole(), make_tracker("inform_choice", slots=answers))
    assert "**PACS administrator**" in messages[0]["text"] and "Next steps" in messages[0]["text"]
    assert slot_events(events) == {"role": "pacs_administrator", **dict.fromkeys(answers)}


def test_did_you_mean_offers_the_two_likeliest_topics_keeping_the_role() -> None:
    tracker = make_tracker("nlu_fallback", roles=("pacs_administrator",))
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "ask_salary", "confidence": 0.25},
        {"name": "out_of_scope", "confidence": 0.2},
        {"name": "ask_job_outlook", "confidence": 0.22},
        {"name": "greet", "confidence": 0.01},
    ]
    messages, _ = run(ActionAskAffirmation(), tracker)
    buttons = messages[0]["buttons"]
    assert [button["title"] for button in buttons] == ["Pay", "Job outlook", "Something else"]
    assert buttons[0]["payload"] == '/ask_salary{"role":"pacs_administrator"}'
    assert buttons[-1]["payload"] == "/out_of_scope"


def test_a_program_search_among_the_likeliest_readings_is_offered() -> None:
    # "are there good sonography programs around there?" read as sonography in general or a search:
    # the search is offered, not topics the person never asked about.
    text = "my mom lives in zzyzx and i might move there, are there good ones around?"
    tracker = make_tracker("nlu_fallback", text=text)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "search_schools", "confidence": 0.46},
        {"name": "list_roles", "confidence": 0.02},
    ]
    messages, _ = run(ActionAskAffirmation(), tracker)
    assert messages[0]["buttons"][0] == {"title": "Find sonography programs", "payload": "/search_schools"}


@pytest.mark.parametrize("stage", [ActionAskAffirmation, ActionDefaultFallback], ids=["did you mean", "giving up"])
def test_a_message_most_likely_off_topic_is_declined_rather_than_offered_topics(stage) -> None:
    tracker = make_tracker("nlu_fallback", text="can you rewrite my resume for a hospital job")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "out_of_scope", "confidence": 0.48},
        {"name": "ask_about_sonography", "confidence": 0.45},
    ]
    messages, events = run(stage(), tracker)
    assert messages == [{**messages[0], "response": "utter_out_of_scope"}]
    assert events == [{"event": "rewind", "timestamp": None}]


@pytest.mark.parametrize(("second", "answered"), [("inform_choice", True), ("out_of_scope", False)])
def test_below_the_threshold_a_likely_question_about_sonography_gets_the_banks_usual_match(
    second: str, answered: bool
) -> None:
    """"is it worth it?" matches its topic, but not closely enough for a message read as nothing."""
    tracker = make_tracker("nlu_fallback", text="is it worth it?")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_about_sonography", "confidence": 0.45},
        {"name": second, "confidence": 0.4},
    ]
    messages, _ = run(ActionAskAffirmation(), tracker)
    assert (messages[0].get("text") != DID_YOU_MEAN) is answered


CLINICAL_STORY = (
    "During clinicals I scanned a patient with a big mass and had to keep a straight face. "
    "How do sonographers deal with the emotional side of finding bad news?"
)


def off_topic_tracker(text: str, off_topic: float | None) -> Tracker:
    tracker = make_tracker("out_of_scope", text=text)
    tracker.latest_message["intent"]["confidence"] = off_topic
    tracker.latest_message["intent_ranking"] = [
        {"name": "out_of_scope", "confidence": off_topic},
        {"name": "ask_about_sonography", "confidence": 1 - (off_topic or 0)},
    ]
    return tracker


def test_a_story_from_clinicals_the_nlu_was_unsure_was_off_topic_gets_its_sourced_answer(kb: KnowledgeBase) -> None:
    messages, events = run(ActionDeclineOffTopic(), off_topic_tracker(CLINICAL_STORY, 0.6))
    assert messages[0]["text"] == topic_answer(kb, "emotional_side_of_scanning")
    assert events == []


@pytest.mark.parametrize(
    ("text", "off_topic"),
    [
        (CLINICAL_STORY, 0.9),
        (CLINICAL_STORY, None),
        ("how long will it take to get to tacoma", 0.6),
        ("are you an artificial intelligence", 0.6),
        ("the sonographer said there was shadowing on my scan, should I worry?", 0.58),
        ("at my 12 week scan there was no heartbeat, how do I cope", 0.6),
        ("my scan found a mass and the sonographer couldn't tell me anything, is it cancer?", 0.6),
    ],
    ids=[
        "sure it is off-topic", "no confidence", "not about the field", "not about the field either",
        "a patient's scan", "a patient's pregnancy scan", "a patient's mass",
    ],
)
def test_an_off_topic_message_is_declined_unless_unsure_and_about_the_field(
    text: str, off_topic: float | None
) -> None:
    messages, _ = run(ActionDeclineOffTopic(), off_topic_tracker(text, off_topic))
    assert messages == [{**messages[0], "response": "utter_out_of_scope"}]


def test_restart_says_so_and_restarts() -> None:
    messages, events = run(ActionRestart(), make_tracker("restart", slots={"role": "echocardiographer"}))
    assert "Starting over" in messages[0]["text"]
    assert events == [{"event": "restart", "timestamp": None}]


def test_a_question_that_mentions_starting_over_is_answered_and_nothing_is_forgotten() -> None:
    text = "I failed a class in my program, do I have to start over from the beginning with everything?"
    messages, events = run(ActionRestart(), make_tracker("restart", text=text, slots={"role": "echocardiographer"}))
    assert events == []
    assert messages and "Starting over" not in messages[0].get("text", "")


def test_sonography_named_is_the_starting_role_while_another_is_in_focus(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_salary", text="how much does sonography pay?", slots={"role": "echocardiographer"})
    messages, _ = run(ActionAnswerRoleFact(), tracker)
    assert messages[-1]["text"] == fact_answer(kb, "diagnostic_medical_sonographer", "salary")


@pytest.mark.parametrize(
    "text",
    ["how much does ultrasound pay?", "what does sonography pay", "DMS salary", "is the sono job market saturated?"],
)
def test_a_question_about_sonography_itself_is_about_the_starting_role(kb: KnowledgeBase, text: str) -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_salary", text=text))
    assert "Which role" not in messages[0]["text"]
    assert slot_events(events)["role"] == kb.starting_role.id == "diagnostic_medical_sonographer"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("how much do sonographers make in texas vs california?", "separate ones for Texas or California."),
        ("whats the job outlook for sonographers in Ohio", "separate ones for Ohio."),
        ("how much do sonographers make in a year?", None),
        ("do sonographers make more in CT or MRI?", None),
        ("what's the pay for sonographers near me?", None),
    ],
)
def test_national_figures_asked_for_a_place_say_there_are_none_for_it(text: str, said: str | None) -> None:
    intent = "ask_job_outlook" if "outlook" in text else "ask_salary"
    messages, _ = run(ActionAnswerRoleFact(), make_tracker(intent, roles=("sonographers",), text=text))
    answer = messages[-1]["text"]
    assert "US national figures" in answer
    assert (said in answer) if said else ("US-wide" not in answer)


def test_a_question_that_depends_on_a_role_still_asks_which() -> None:
    messages, events = run(ActionAnswerRoleFact(), make_tracker("ask_salary", text="how much would I earn?"))
    assert "Which role" in messages[0]["text"] and "role" not in slot_events(events)


@pytest.mark.parametrize("intent", ["ask_salary", "ask_job_outlook"])
def test_pay_and_outlook_say_their_figures_are_national(intent: str) -> None:
    messages, _ = run(ActionAnswerRoleFact(), make_tracker(intent, text="how much does ultrasound pay in texas?"))
    assert "US national figures" in messages[0]["text"].splitlines()[0]


def test_a_question_in_two_parts_gets_both_answers_in_its_order(kb: KnowledgeBase) -> None:
    text = "how does a sonographer become a PACS administrator? and is the pay actually better than scanning"
    tracker = make_tracker("ask_salary", roles=("PACS administrator",), text=text)
    messages, events = run(ActionAnswerRoleFact(), tracker)
    assert [message["text"] for message in messages] == [
        fact_answer(kb, "pacs_administrator", "how_to_become"), fact_answer(kb, "pacs_administrator", "salary")
    ]
    assert "buttons" not in messages[0] or not messages[0]["buttons"]
    assert [button["title"] for button in messages[1]["buttons"]] == ["Certifications", "Education", "Job outlook"]
    assert slot_events(events) == {"role": "pacs_administrator", "requested_fact": "salary"}


def test_two_names_of_one_role_are_said_to_be_the_same_job() -> None:
    # The answer bank alone matches this to sonography beside cardiovascular technologists.
    text = "sonographer vs ultrasound tech, is there a difference?"
    tracker = make_tracker("compare_roles", roles=("sonographer", "ultrasound tech"), text=text)
    messages, events = run(ActionCompareRoles(), tracker)
    assert messages[0]["text"] == (
        "\u201csonographer\u201d and \u201cultrasound tech\u201d are names for the same job, the diagnostic medical "
        "sonographer, so there is nothing to compare."
    )
    assert messages[0]["buttons"][0]["payload"].startswith("/ask_role_overview")
    assert slot_events(events) == {"role": "diagnostic_medical_sonographer"}


def test_the_names_of_one_role_are_shown_as_typed_and_once_each() -> None:
    tracker = make_tracker("compare_roles", roles=("PACS admin", "PACS admins", "PACS administrator"))
    messages, _ = run(ActionCompareRoles(), tracker)
    assert messages[0]["text"].startswith("\u201cPACS admin\u201d and \u201cPACS administrator\u201d are names for")


LICENCE_QUESTION = "do sonographers need a state license to work?"


def licence_tracker(confidence: float, text: str = LICENCE_QUESTION) -> Tracker:
    tracker = make_tracker("ask_certification", roles=("sonographers",), text=text)
    tracker.latest_message["intent"]["confidence"] = confidence
    return tracker


def test_a_question_on_the_road_into_sonography_gets_the_banks_close_topic_over_the_roles_fact(
    kb: KnowledgeBase,
) -> None:
    messages, events = run(ActionAnswerRoleFact(), licence_tracker(0.55))
    assert [message["text"] for message in messages] == [topic_answer(kb, "licensure_states")]
    assert events == [SlotSet("role", "diagnostic_medical_sonographer")]


@pytest.mark.parametrize(
    ("confidence", "text"),
    [(0.95, LICENCE_QUESTION), (1.0, '/ask_certification{"role":"diagnostic_medical_sonographer"}')],
    ids=["the NLU is sure", "a button"],
)
def test_the_starting_roles_fact_answers_when_sure_or_asked_by_button(
    kb: KnowledgeBase, confidence: float, text: str
) -> None:
    messages, _ = run(ActionAnswerRoleFact(), licence_tracker(confidence, text))
    assert messages[-1]["text"] == fact_answer(kb, "diagnostic_medical_sonographer", "certification")


def test_an_advancement_roles_fact_is_never_replaced_by_a_topic(kb: KnowledgeBase) -> None:
    tracker = make_tracker("ask_certification", roles=("echo tech",), text="do echo techs need a state license?")
    tracker.latest_message["intent"]["confidence"] = 0.55
    messages, _ = run(ActionAnswerRoleFact(), tracker)
    assert messages[-1]["text"] == fact_answer(kb, "echocardiographer", "certification")


@pytest.mark.parametrize(
    ("intent", "text", "note"),
    [
        ("rank_by_pay", "which role pays best in Texas?", "I don't have separate ones for Texas"),
        ("rank_by_growth", "which role is growing fastest in ohio or michigan", "separate ones for Ohio or Michigan"),
        ("rank_by_pay", "which role pays best?", None),
        ("rank_by_schooling", "which role needs the least school in Texas?", None),  # no figure by place to scope
    ],
)
def test_a_ranking_asked_for_a_place_says_its_figures_are_national(intent: str, text: str, note: str | None) -> None:
    messages, _ = run(ActionRankRoles(), make_tracker(intent, text=text))
    answer = messages[-1]["text"]
    assert (note in answer) if note else ("US-wide" not in answer)


def test_a_comparison_asked_for_a_place_says_its_figures_are_national() -> None:
    tracker = make_tracker("compare_roles", roles=("echocardiographer", "PACS administrator"),
                           text="compare an echocardiographer and a PACS administrator in California")
    messages, _ = run(ActionCompareRoles(), tracker)
    assert "US-wide" in messages[-1]["text"] and "California" in messages[-1]["text"]
