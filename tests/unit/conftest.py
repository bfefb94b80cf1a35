"""Helpers for the unit tests: custom actions run against real rasa_sdk trackers and dispatchers, and
knowledge bases changed in one place."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from bot.knowledge import KnowledgeBase
from tests.conftest import REPO_ROOT

# The real domain, so a form validation action sees the form's slots as Rasa sends them.
DOMAIN = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


def make_tracker(
    intent: str, roles: tuple = (), slots: dict | None = None, text: str = "", channel: str | None = None
) -> Tracker:
    """A tracker whose latest message has the intent and role entities given; with ``channel``, that
    message came through that input channel ("socketio" for the web page, "rest", "cmdline")."""
    entities = [{"entity": "role", "value": value, "extractor": "SpacyEntityExtractor"} for value in roles]
    latest = {"intent": {"name": intent, "confidence": 0.99}, "entities": entities, "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}] if channel else []
    return Tracker(
        sender_id="test-user",
        slots={"role": None, "requested_fact": None, **(slots or {})},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain={})
    return dispatcher.messages, events


def run_form_validation(action: FormValidationAction, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """A form's validation action as the form calls it after a message (it is async, unlike other actions)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain=DOMAIN))
    return dispatcher.messages, events


def slot_events(events: list[dict]) -> dict:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def with_newer_pay(kb: KnowledgeBase, role_id: str) -> KnowledgeBase:
    """The knowledge base with one role's pay figure moved to another year."""
    role = kb.role(role_id)
    newer = role.median_pay[0].copy(update={"year": role.median_pay[0].year + 6})
    return replace(kb, roles={**kb.roles, role_id: role.copy(update={"median_pay": [newer]})})
