"""The answer bank's example questions are NLU examples of ask_about_sonography, generated from the
topics; the file in data/ must be the one the topics give today."""

from __future__ import annotations

from bot.knowledge import KnowledgeBase
from tools.topic_examples import OUTPUT, expected_file, topic_questions, written_examples


def test_the_generated_examples_are_current(kb: KnowledgeBase) -> None:
    assert OUTPUT.read_text(encoding="utf-8") == expected_file(kb), "run: python -m tools.topic_examples"


def test_no_question_is_trained_twice_or_under_another_intent(kb: KnowledgeBase) -> None:
    questions = topic_questions(kb, written_examples())
    assert len(questions) == len({question.casefold() for question in questions})
    assert not {question.casefold() for question in questions} & written_examples()
    assert questions, "the topics' questions should reach the NLU"
