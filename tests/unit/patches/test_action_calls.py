"""The Rasa patches around actions: the guard's notice, the response check, event lookup."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.render.notices import UNREACHABLE_MESSAGE
from rasa_patches import action_response_check, event_lookup
from rasa_patches.action_guard import action_timeout

pytestmark = pytest.mark.usefixtures("patched_rasa")


def tracker_after(message_id: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("someone", [UserUttered("hi", message_id=message_id)])


def run_unreachable_action(tracker: DialogueStateTracker) -> tuple[list, list]:
    action = RemoteAction("action_answer_role_fact", EndpointConfig("http://127.0.0.1:9/webhook"))  # nothing listens
    output = CollectingOutputChannel()
    events = asyncio.run(action.run(output, None, tracker, None))  # type: ignore[arg-type]
    return events, output.messages


def test_an_unreachable_action_server_gets_one_notice_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RemoteAction, "_action_call_format", lambda self, tracker, domain: {})
    tracker = tracker_after("message-1")
    events, sent = run_unreachable_action(tracker)
    assert events == [FollowupAction(ACTION_LISTEN_NAME)]
    assert [message["text"] for message in sent] == [UNREACHABLE_MESSAGE]

    events, sent = run_unreachable_action(tracker)  # a later action for the same message
    assert events == [FollowupAction(ACTION_LISTEN_NAME)] and sent == []

    _, sent = run_unreachable_action(tracker_after("message-2"))
    assert [message["text"] for message in sent] == [UNREACHABLE_MESSAGE]


@pytest.mark.parametrize(("setting", "seconds"), [("", 3.5), ("2", 2.0), ("soon", 3.5), ("-1", 3.5), ("999", 3.5)])
def test_the_action_timeout_setting(monkeypatch: pytest.MonkeyPatch, setting: str, seconds: float) -> None:
    monkeypatch.setenv("SONOPATH_ACTION_TIMEOUT", setting)
    assert action_timeout() == seconds


def test_action_responses_are_still_checked() -> None:
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "role", "value": "echocardiographer"}], "responses": [{"text": "hi"}]}
    assert action._validate_action_result(good)
    with pytest.raises(ValidationError) as refused:
        action._validate_action_result({"events": [{"event": "slot", "name": 5}], "responses": "not a list"})
    assert "Failed to validate Action server response" in refused.value.message


def outcome(check: Callable[[RemoteAction, dict], bool], response: dict) -> tuple:
    """What the check says about the response: accepted, or the error it raises."""
    try:
        return (check(RemoteAction("action_x", None), response),)
    except ValidationError as refused:
        return refused.message, list(refused.path), refused.validator


@pytest.mark.parametrize(
    "response",
    [
        {"events": [{"event": "slot", "name": 5}], "responses": "not a list"},
        {"events": "not a list"},
        {"events": [{"name": "role"}]},
        {"events": [{"event": "no_such_event"}]},
        {"responses": [{"text": 1}]},
        {"events": [{"event": "slot", "name": "role", "value": "x"}], "responses": [{"text": "hi"}], "extra": None},
        {},
    ],
)
def test_a_response_is_accepted_or_refused_as_rasa_does(response: dict) -> None:
    rasas = action_response_check.PATCH.replacements[0].rasas
    ours = outcome(RemoteAction._validate_action_result, response)
    assert ours == outcome(rasas, response)
    assert ours == (True,) or "Failed to validate Action server response" in ours[0]


def test_stored_events_still_come_back_as_the_right_objects() -> None:
    from rasa.shared.core.events import ActionExecuted

    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("action") is ActionExecuted
    assert Event.from_parameters({"event": "slot", "name": "role", "value": "echocardiographer"}) == SlotSet(
        "role", "echocardiographer"
    )
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_every_event_type_resolves_as_in_rasa() -> None:
    rasas = event_lookup.PATCH.replacements[0].rasas
    names = {event_class.type_name for event_class in all_subclasses(Event)}
    assert len(names) > 20
    for _ in range(2):  # the first lookup of each name, and the remembered one
        assert {name: Event.resolve_by_type(name) for name in names} == {name: rasas(name) for name in names}
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is rasas("no_such_event", default=SlotSet)


def sample_events() -> list[dict]:
    """One event of each kind an action can return, as the action server sends it."""
    from datetime import datetime

    from rasa.shared.core import events

    samples = [
        events.UserUttered("hi", {"name": "greet", "confidence": 0.9}, [{"entity": "role", "value": "x", "start": 0}]),
        events.BotUttered("hello", {"buttons": [{"title": "a", "payload": "/a"}]}, {"utter_action": "utter_x"}),
        SlotSet("role", "echocardiographer"),
        SlotSet("roles", ["a", "b"]),
        events.ActionExecuted("action_x", policy="RulePolicy", confidence=1.0),
        FollowupAction("action_y"),
        events.ActiveLoop("school_search_form"),
        events.ActiveLoop(None),
        events.LoopInterrupted(True),
        events.ActionExecutionRejected("action_x"),
        events.Restarted(),
        events.AllSlotsReset(),
        events.ReminderScheduled("remind", datetime(2026, 12, 7, 9, 0), name="r"),
        events.ReminderCancelled(name="r"),
        events.ConversationPaused(),
        events.ConversationResumed(),
        events.StoryExported(),
        events.UserUtteranceReverted(),
        events.ActionReverted(),
        events.SessionStarted(),
        events.AgentUttered("x"),
        events.EntitiesAdded([{"entity": "role", "value": "x"}]),
        events.DefinePrevUserUtteredFeaturization(False),
    ]
    return [event.as_dict() for event in samples]


WRONG_VALUES = [None, 1.5, "text", [], {"name": 5}]


def response_variants() -> list[dict]:
    """Responses with every sample event, and with each event's fields given values of other types,
    its name removed or changed, and its whole self replaced."""
    variants: list[dict] = [{"events": sample_events(), "responses": [{"text": "hi"}]}]
    for event in sample_events():
        variants.append({"events": [event]})
        for key in {*event, "name", "parse_data", "metadata"}:
            for wrong in WRONG_VALUES:
                variants.append({"events": [event, {**event, key: wrong}], "responses": []})
        variants.append({"events": [{key: value for key, value in event.items() if key != "event"}]})
        variants.append({"events": [{**event, "event": event["event"].upper()}]})
    variants += [{"events": [wrong]} for wrong in WRONG_VALUES] + [{"events": wrong} for wrong in WRONG_VALUES]
    variants += [{"responses": wrong} for wrong in WRONG_VALUES] + [wrong for wrong in WRONG_VALUES if wrong != {}]
    return variants


def test_the_check_by_event_type_passes_just_what_the_whole_schema_passes() -> None:
    variants = response_variants()
    whole_schema = action_response_check.response_validator()
    passed = [action_response_check.passes_by_event_type(response) for response in variants]
    assert passed == [whole_schema.is_valid(response) for response in variants]
    assert 30 < sum(passed) < len(variants) - 300  # many of each


def test_variants_of_a_response_are_accepted_or_refused_as_rasa_does() -> None:
    rasas = action_response_check.PATCH.replacements[0].rasas
    variants = response_variants()[::10]  # Rasa's own check builds its validator each time: slow
    assert [outcome(RemoteAction._validate_action_result, response) for response in variants] == [
        outcome(rasas, response) for response in variants
    ]
