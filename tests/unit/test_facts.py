"""The table of facts about a role: it covers every fact the domain asks for and every fact renderer,
and the buttons and questions read from it say what they said before."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import pytest
import yaml

from actions.buttons import fact_button, follow_up_buttons
from bot.comparison import compare_roles
from bot.knowledge import KnowledgeBase
from bot.render import roles
from bot.render.comparison import comparison_answer
from bot.render.dialogue import TOPIC_LABELS
from bot.render.facts import FACT_TOPICS, TOPIC_BY_INTENT, TOPIC_BY_KEY, fact_answer, which_role_question
from bot.render.sources import sources_answer
from bot.render.topics import topic_answer
from tests.conftest import REPO_ROOT

# Names a role rather than a fact: it answers the pending question about the newly named role.
ROLE_ONLY_INTENT = "inform_role"


def read_yaml(relative: str) -> dict:
    return yaml.safe_load((REPO_ROOT / relative).read_text(encoding="utf-8"))


def training_files(name: str) -> list[str]:
    """Every training file of that name, shared (data/NAME) and per feature (data/*/NAME)."""
    return sorted(str(path.relative_to(REPO_ROOT)) for path in (REPO_ROOT / "data").rglob(name))


def fact_rule_intents() -> set[str]:
    """The intents that the training rules answer with action_answer_role_fact directly."""
    intents = set()
    rules = [rule for path in training_files("rules.yml") for rule in read_yaml(path).get("rules", [])]
    for rule in rules:
        first, second, *_ = [*rule["steps"], {}, {}]
        if "intent" in first and second == {"action": "action_answer_role_fact"}:
            intents.add(first["intent"])
    return intents - {ROLE_ONLY_INTENT}


def requested_facts(node: object) -> Iterator[str]:
    """Every requested_fact value set anywhere in a stories file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "requested_fact":
                yield value
            yield from requested_facts(value)
    elif isinstance(node, list):
        for item in node:
            yield from requested_facts(item)


def test_keys_and_intents_are_unique() -> None:
    assert len(TOPIC_BY_KEY) == len(TOPIC_BY_INTENT) == len(FACT_TOPICS)


def test_every_fact_intent_of_the_domain_has_a_topic() -> None:
    domain_intents = set(read_yaml("domain.yml")["intents"])
    assert set(TOPIC_BY_INTENT) == fact_rule_intents()
    assert set(TOPIC_BY_INTENT) <= domain_intents


def test_every_fact_renderer_has_a_topic() -> None:
    renderers = {
        function
        for _, function in inspect.getmembers(roles, inspect.isfunction)
        if function.__module__ == roles.__name__ and list(inspect.signature(function).parameters) == ["kb", "role"]
    }
    assert renderers == {topic.render for topic in FACT_TOPICS}


@pytest.mark.parametrize("stories", [training_files("stories.yml"), ["tests/test_stories.yml"]], ids=["data", "tests"])
def test_every_fact_the_stories_remember_has_a_topic(stories: list[str]) -> None:
    remembered = {fact for path in stories for fact in requested_facts(read_yaml(path))}
    assert remembered and remembered <= set(TOPIC_BY_KEY)


def test_an_unknown_fact_is_an_error(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="unknown fact 'vibes'"):
        fact_answer(kb, "echocardiographer", "vibes")


def test_follow_ups_come_in_the_order_people_ask_them() -> None:
    assert [button["title"] for button in follow_up_buttons("salary")] == [
        "How to get there", "Certifications", "Education"
    ]
    assert [button["payload"] for button in follow_up_buttons("overview")] == [
        "/ask_salary", "/ask_how_to_become", "/ask_certification"
    ]
    assert fact_button("certification", "echocardiographer") == {
        "title": "Certifications", "payload": '/ask_certification{"role":"echocardiographer"}'
    }


def test_labels_name_the_fact_in_questions_and_did_you_mean_buttons() -> None:
    assert which_role_question("salary") == "Which role would you like to know about (pay)?"
    assert TOPIC_LABELS["ask_duties"] == "What the work involves"
    assert TOPIC_LABELS["compare_roles"] == "Compare roles"


# Words of the project's own that mean nothing to a person reading an answer.
INTERNAL_WORDS = re.compile(r"\bseed\b|\.ya?ml\b|\bask_[a-z_]+|\binform_[a-z_]+", re.IGNORECASE)


def every_answer(kb: KnowledgeBase) -> Iterator[str]:
    """Every answer the knowledge base renders: each fact of each role, each pair of roles compared,
    each topic and the list of sources."""
    for role_id in kb.roles:
        for topic in FACT_TOPICS:
            yield fact_answer(kb, role_id, topic.key)
    for first in kb.roles:
        for second in kb.roles:
            if first != second:
                yield comparison_answer(kb, compare_roles(kb, first, second))
    for topic_id in kb.topics:
        yield topic_answer(kb, topic_id)
    yield sources_answer(kb)


def test_no_answer_uses_the_projects_own_words(kb: KnowledgeBase) -> None:
    leaks = [match.group(0) for text in every_answer(kb) for match in INTERNAL_WORDS.finditer(text)]
    assert leaks == []


def test_education_beyond_the_starting_role_says_what_a_working_sonographer_adds(kb: KnowledgeBase) -> None:
    """"Do I have to go back to school to move into echo?" is answered by the extra study, not the degree alone."""
    for role in kb.roles.values():
        answer = fact_answer(kb, role.id, "education")
        assert (role.education.extra_study in answer) is (not role.starting_point), role.id
