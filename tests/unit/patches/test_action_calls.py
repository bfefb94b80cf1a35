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
