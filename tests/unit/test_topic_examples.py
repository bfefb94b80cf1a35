"""The answer bank's example questions are NLU examples of ask_about_sonography, generated from the
topics; the file in data/ must be the one the topics give today."""

from __future__ import annotations

import yaml

from bot.knowledge import KnowledgeBase
from tests.conftest import REPO_ROOT
from tools.topic_examples import (
    ANSWERED_BY_A_FIXED_INTENT,
    OUTPUT,
    ROLE_FACT_TOPICS,
    expected_file,
    topic_questions,
    written_examples,
)


def test_the_generated_examples_are_current(kb: KnowledgeBase) -> None:
    assert OUTPUT.read_text(encoding="utf-8") == expected_file(kb), "run: python -m tools.topic_examples"


def test_no_question_is_trained_twice_or_under_another_intent(kb: KnowledgeBase) -> None:
    questions = topic_questions(kb, written_examples())
    assert len(questions) == len({question.casefold() for question in questions})
    assert not {question.casefold() for question in questions} & written_examples()
    assert questions, "the topics' questions should reach the NLU"


def test_topics_a_fixed_intent_answers_do_not_train_the_topic_intent(kb: KnowledgeBase) -> None:
    intents = set(yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    questions = {question.casefold() for question in topic_questions(kb, set())}
    for topic_id, intent in ANSWERED_BY_A_FIXED_INTENT.items():
        assert topic_id in kb.topics and intent in intents, (topic_id, intent)
        assert not {question.casefold() for question in kb.topics[topic_id].questions} & questions, topic_id


def test_a_role_fact_topics_questions_naming_the_role_do_not_train_the_topic_intent(
    kb: KnowledgeBase,
) -> None:
    questions = {question.casefold() for question in topic_questions(kb, set())}
    assert set(kb.topics) >= ROLE_FACT_TOPICS
    asked = {question.casefold() for question in kb.topics["lead_to_manager"].questions}
    assert "how do i go from lead sonographer to imaging manager?" in asked - questions
    assert "what is the cra credential?" in asked - questions, "a credential only such roles hold"
    # A question naming neither still trains the topic intent.
    assert "do i need an mba or mha to run an ultrasound department?" in asked & questions
