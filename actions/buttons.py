"""Quick-reply buttons shared by the actions.

Payloads are Rasa intent payloads with the canonical role id as entity, so a click works the same
whether or not the NLU would have understood the button's title.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.knowledge import KnowledgeBase, Role
from bot.render.facts import FACT_TOPICS, TOPIC_BY_KEY
from bot.render.roles import role_button_title

Button = dict[str, str]


def intent_payload(intent: str, role_id: str | None = None, **entities: str) -> str:
    """"/ask_salary{"role":"pacs_administrator"}": the one way buttons and payloads are written."""
    if role_id is not None:
        entities = {"role": role_id, **entities}
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def role_buttons(roles: Iterable[Role], intent: str = "inform_role") -> list[Button]:
    return [{"title": role_button_title(role), "payload": intent_payload(intent, role.id)} for role in roles]


def all_role_buttons(kb: KnowledgeBase, intent: str = "inform_role") -> list[Button]:
    return role_buttons(kb.roles.values(), intent)


def fact_button(fact: str, role_id: str | None = None) -> Button:
    """A question about a role (its pay, its certifications ...), titled with the fact's label."""
    topic = TOPIC_BY_KEY[fact]
    return {"title": topic.label, "payload": intent_payload(topic.intent, role_id)}


def follow_up_buttons(*answered_facts: str, limit: int = 3) -> list[Button]:
    """Other questions about the same role, so a person can keep going with one click."""
    others = [topic.key for topic in FACT_TOPICS if topic.follow_up and topic.key not in answered_facts]
    return [fact_button(fact) for fact in others[:limit]]
