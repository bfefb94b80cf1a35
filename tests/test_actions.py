"""Custom actions against real rasa_sdk trackers and dispatchers."""

from __future__ import annotations

import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.roles import ActionAnswerRoleFact, ActionListRoles
from bot.formatting import FACTS
from bot.knowledge import KnowledgeBase


def make_tracker(intent: str, roles: tuple = (), slots: dict | None = None, text: str = "") -> Tracker:
    entities = [{"entity": "role", "value": value, "extractor": "SpacyEntityExtractor"} for value in roles]
    latest = {"intent": {"name": intent, "confidence": 0.99}, "entities": entities, "text": text}
    return Tracker(
        sender_id="test-user",
        slots={"role": None, "requested_fact": None, **(slots or {})},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain={})
    return dispatcher.messages, events


def slot_events(events: list[dict]) -> dict:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


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


@pytest.mark.parametrize("fact", FACTS)
def test_every_fact_answers_for_every_role(kb: KnowledgeBase, fact: str) -> None:
    intent = {"overview": "ask_role_overview"}.get(fact, f"ask_{fact}")
    for role_id in kb.roles:
        messages, _ = run(ActionAnswerRoleFact(), make_tracker(intent, roles=(role_id,)))
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
