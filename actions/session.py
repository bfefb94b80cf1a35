"""Starting over: Rasa's restart, with a message so the person knows it happened."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import intent_payload
from bot.render.dialogue import LIST_ROLES_TITLE, RESTARTED, WHICH_ROLE_FITS_TITLE


class ActionRestart(Action):
    """Replaces Rasa's silent action_restart ("start over", "/restart")."""

    def name(self) -> str:
        return "action_restart"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=RESTARTED,
            buttons=[
                {"title": LIST_ROLES_TITLE, "payload": intent_payload("list_roles")},
                {"title": WHICH_ROLE_FITS_TITLE, "payload": intent_payload("ask_recommendation")},
            ],
        )
        return [Restarted()]
