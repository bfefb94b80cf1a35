"""The Rasa server extensions around actions: the guard's notice, the response check, event lookup."""

from __future__ import annotations

import asyncio

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import FollowupAction, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import channels  # noqa: F401 (installs the guard and the validator)
from channels.action_guard import UNREACHABLE_MESSAGE, action_timeout


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


def test_stored_events_still_come_back_as_the_right_objects() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("action") is ActionExecuted
    assert Event.from_parameters({"event": "slot", "name": "role", "value": "echocardiographer"}) == SlotSet(
        "role", "echocardiographer"
    )
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
