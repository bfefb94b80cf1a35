"""The one table of questions about a role: for each fact, its key, labels, intent and renderer.

Everything that names a fact (the requested_fact slot, follow-up buttons, "did you mean ...?"
buttons, the answer itself) reads this table, so a new fact is one new row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase, Role
from bot.render import roles


@dataclass(frozen=True)
class FactTopic:
    key: str  # the value of the requested_fact slot
    label: str  # the follow-up button's title; also names the fact in "Which role ...?"
    intent: str  # the intent that asks for it
    fallback_label: str  # the title of its "did you mean ...?" button
    render: Callable[[KnowledgeBase, Role], str]
    follow_up: bool = True  # offered as a button after an answer about another fact


# In follow-up order: what people most often ask next, first.
FACT_TOPICS = (
    FactTopic("salary", "Pay", "ask_salary", "Pay", roles.salary),
    FactTopic("how_to_become", "How to get there", "ask_how_to_become", "How to get there", roles.how_to_become),
    FactTopic("certification", "Certifications", "ask_certification", "Certifications", roles.certification),
    FactTopic("education", "Education", "ask_education", "Education needed", roles.education),
    FactTopic("job_outlook", "Job outlook", "ask_job_outlook", "Job outlook", roles.job_outlook),
    FactTopic("duties", "Duties", "ask_duties", "What the work involves", roles.duties),
    FactTopic("overview", "Overview", "ask_role_overview", "What a role is", roles.overview, follow_up=False),
    FactTopic("specializations", "Specialties", "ask_specializations", "Specialties", roles.specializations,
              follow_up=False),
)
TOPIC_BY_KEY = {topic.key: topic for topic in FACT_TOPICS}
TOPIC_BY_INTENT = {topic.intent: topic for topic in FACT_TOPICS}


def fact_answer(kb: KnowledgeBase, role_id: str, fact: str) -> str:
    """The chat answer for one fact about one role."""
    if fact not in TOPIC_BY_KEY:
        raise ValueError(f"unknown fact '{fact}' (known: {', '.join(TOPIC_BY_KEY)})")
    return TOPIC_BY_KEY[fact].render(kb, kb.role(role_id))


def which_role_question(fact: str) -> str:
    """Asked when a question names no role and none is in focus yet."""
    return f"Which role would you like to know about ({TOPIC_BY_KEY[fact].label.lower()})?"
