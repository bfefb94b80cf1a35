"""Quick-reply buttons shared by the actions.

Payloads are Rasa intent payloads with the canonical role id as entity, so a click works the same
whether or not the NLU would have understood the button's title.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.formatting import FACT_LABELS, capitalized
from bot.knowledge import KnowledgeBase, Role

Button = dict[str, str]

INTENT_BY_FACT = {
    "overview": "ask_role_overview",
    "duties": "ask_duties",
    "salary": "ask_salary",
    "job_outlook": "ask_job_outlook",
    "education": "ask_education",
    "certification": "ask_certification",
    "how_to_become": "ask_how_to_become",
    "specializations": "ask_specializations",
}
FACT_BY_INTENT = {intent: fact for fact, intent in INTENT_BY_FACT.items()}
# What people most often ask next, first.
FOLLOW_UP_ORDER = ("salary", "how_to_become", "certification", "education", "job_outlook", "duties")


def intent_payload(intent: str, role_id: str | None = None, **entities: str) -> str:
    """"/ask_salary{"role":"pacs_administrator"}": the one way buttons and payloads are written."""
    if role_id is not None:
        entities = {"role": role_id, **entities}
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def role_title(role: Role) -> str:
    return capitalized(role.name)


def role_buttons(roles: Iterable[Role], intent: str = "inform_role") -> list[Button]:
    return [{"title": role_title(role), "payload": intent_payload(intent, role.id)} for role in roles]


def all_role_buttons(kb: KnowledgeBase, intent: str = "inform_role") -> list[Button]:
    return role_buttons(kb.roles.values(), intent)


def follow_up_buttons(current_fact: str, limit: int = 3) -> list[Button]:
    """Other questions about the same role, so a person can keep going with one click."""
    others = [fact for fact in FOLLOW_UP_ORDER if fact != current_fact]
    return [{"title": FACT_LABELS[fact], "payload": intent_payload(INTENT_BY_FACT[fact])} for fact in others[:limit]]
