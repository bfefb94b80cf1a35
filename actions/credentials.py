"""Actions about credentials and exams, and about where the figures come from."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import intent_payload
from actions.context import mentioned_credentials
from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.render.credentials import WHICH_CREDENTIAL, credential_answer, unknown_credential_message
from bot.render.sources import RANK_BY_PAY_TITLE, sources_answer


def credential_buttons(kb: KnowledgeBase) -> list[dict[str, str]]:
    return [
        {"title": credential.id, "payload": intent_payload("ask_certification", credential=credential.id)}
        for credential in kb.credentials.values()
    ]


class ActionExplainCredential(Action):
    """Explains the credentials or exams a message names; unknown names are said to be unknown."""

    def name(self) -> str:
        return "action_explain_credential"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = default_knowledge_base()
        known, unknown = mentioned_credentials(tracker, kb)
        if known:
            dispatcher.utter_message(text=credential_answer(kb, known))
        elif unknown:
            dispatcher.utter_message(text=unknown_credential_message(unknown[0]), buttons=credential_buttons(kb))
        else:
            dispatcher.utter_message(text=WHICH_CREDENTIAL, buttons=credential_buttons(kb))
        return []


class ActionListSources(Action):
    """Names every source behind the figures, with its year and what it is used for."""

    def name(self) -> str:
        return "action_list_sources"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=sources_answer(default_knowledge_base()),
            buttons=[{"title": RANK_BY_PAY_TITLE, "payload": intent_payload("rank_by_pay")}],
        )
        return []
