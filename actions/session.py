"""Starting over: Rasa's restart, with a message so the person knows it happened."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import intent_payload
from actions.context import latest_text
from actions.topics import answer_from_bank
from bot.render.dialogue import DID_NOT_GET_THAT, LIST_ROLES_TITLE, RESTARTED, WHICH_ROLE_FITS_TITLE

# "start over", "can we restart please": a request to start over is a short command. A longer message
# that mentions starting over ("will I have to start over from the beginning?") is a question.
RESTART_MAX_WORDS = 8


def is_a_restart_command(text: str) -> bool:
    return text.startswith("/") or len(text.split()) <= RESTART_MAX_WORDS


class ActionRestart(Action):
    """Replaces Rasa's silent action_restart ("start over", "/restart")."""

    def name(self) -> str:
        return "action_restart"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if not is_a_restart_command(latest_text(tracker)):
            # Never forget a conversation because a question mentioned starting over.
            if not answer_from_bank(dispatcher, tracker, asked=True):
                dispatcher.utter_message(text=DID_NOT_GET_THAT)
                dispatcher.utter_message(response="utter_help")
            return []
        dispatcher.utter_message(
            text=RESTARTED,
            buttons=[
                {"title": LIST_ROLES_TITLE, "payload": intent_payload("list_roles")},
                {"title": WHICH_ROLE_FITS_TITLE, "payload": intent_payload("ask_recommendation")},
            ],
        )
        return [Restarted()]
