"""The blind question sets (tests/realistic/questions.yml and the later blind sets beside it) keep their
documented format, so a graded run never stops halfway on a broken item, and the loader rejects the
mistakes a hand-edited file invites."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import get_args

import pytest
import yaml

from tests.realistic.questions import (
    BLIND_SETS,
    QUESTIONS_FILE,
    QuestionSetError,
    RealisticQuestion,
    Topic,
    compile_pattern,
    load_questions,
)

SETS = {path.name: load_questions(path) for path in BLIND_SETS}
QUESTIONS = [question for questions in SETS.values() for question in questions]


def question_id(question: RealisticQuestion) -> str:
    return question.id


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda path: path.name)
def test_each_file_parses_into_about_eighty_questions_with_unique_ids(path: Path) -> None:
    questions = SETS[path.name]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    ids = [item["id"] for item in raw]
    assert [question.id for question in questions] == ids
    assert [repeated for repeated, count in Counter(ids).items() if count > 1] == []
    assert 70 <= len(questions) <= 100


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda path: path.name)
def test_every_topic_is_asked_and_about_a_dozen_items_are_refusals(path: Path) -> None:
    questions = SETS[path.name]
    assert {question.topic for question in questions} == set(get_args(Topic))
    assert 10 <= sum(question.kind == "refuse" for question in questions) <= 15


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda path: path.name)
def test_some_messages_are_long_stories(path: Path) -> None:
    assert sum(len(question.text) > 250 for question in SETS[path.name]) >= 5


@pytest.mark.parametrize("question", QUESTIONS, ids=question_id)
def test_every_pattern_compiles_and_cannot_match_an_empty_reply(question: RealisticQuestion) -> None:
    for pattern in [*(question.must or []), *question.must_not]:
        assert not compile_pattern(pattern).search("")


@pytest.mark.parametrize("question", QUESTIONS, ids=question_id)
def test_answers_have_a_must_list_and_refusals_have_none(question: RealisticQuestion) -> None:
    if question.kind == "answer":
        assert question.must is not None and 1 <= len(question.must) <= 4
    else:
        assert question.must is None


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind == "answer"], ids=question_id)
def test_repeating_the_question_back_is_not_a_good_answer(question: RealisticQuestion) -> None:
    """At least one required fact is not already in the question, so an echo cannot pass."""
    assert question.must is not None
    assert not all(re.search(pattern, question.text, re.IGNORECASE) for pattern in question.must)


@pytest.mark.parametrize("question", QUESTIONS, ids=question_id)
def test_quoting_the_question_is_not_a_misleading_answer(question: RealisticQuestion) -> None:
    assert not any(re.search(pattern, question.text, re.IGNORECASE) for pattern in question.must_not)


def write_questions(tmp_path: Path, *items: dict) -> Path:
    path = tmp_path / "questions.yml"
    path.write_text(yaml.safe_dump({"questions": list(items)}), encoding="utf-8")
    return path


GOOD_ANSWER = {"id": "cred-spi", "text": "what is the SPI", "topic": "credentials", "kind": "answer", "must": ["ARDMS"]}
GOOD_REFUSAL = {"id": "trap-weather", "text": "weather in Denver?", "topic": "off_topic", "kind": "refuse"}


def test_a_well_formed_file_loads(tmp_path: Path) -> None:
    loaded = load_questions(write_questions(tmp_path, GOOD_ANSWER, GOOD_REFUSAL))
    assert [(question.id, question.must, question.must_not) for question in loaded] == [
        ("cred-spi", ["ARDMS"], []),
        ("trap-weather", None, []),
    ]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((GOOD_ANSWER, GOOD_ANSWER), "repeated ids: cred-spi"),
        (({**GOOD_ANSWER, "must": None},), "an answer item needs a must list"),
        (({**GOOD_REFUSAL, "must": ["Denver"]},), "a refuse item has no must list"),
        (({**GOOD_ANSWER, "must": ["RDMS("]},), "does not compile"),
        (({**GOOD_ANSWER, "must_not": ["quiz|"]},), "matches an empty answer"),
        (({**GOOD_ANSWER, "must": ["a", "b", "c", "d", "e"]},), "'questions.0.must': ensure this value has at most 4"),
        (({**GOOD_ANSWER, "kind": "maybe"},), "'questions.0.kind'"),
        (({**GOOD_ANSWER, "topic": "weather"},), "'questions.0.topic'"),
        (({**GOOD_ANSWER, "id": "Cred SPI"},), "'questions.0.id'"),
        (({**GOOD_ANSWER, "source": "forum"},), "'questions.0.source': extra fields not permitted"),
    ],
)
def test_broken_items_fail_naming_the_file_and_the_problem(tmp_path: Path, items: tuple, message: str) -> None:
    with pytest.raises(QuestionSetError, match=r"questions\.yml") as raised:
        load_questions(write_questions(tmp_path, *items))
    assert message in str(raised.value)


def test_a_file_without_a_question_list_fails(tmp_path: Path) -> None:
    path = tmp_path / "questions.yml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match="expected a mapping"):
        load_questions(path)


@pytest.mark.parametrize("name", ["dev_questions.yml", "dev2_questions.yml", "dev3_questions.yml"])
def test_every_development_set_loads_with_unique_ids(name: str) -> None:
    questions = load_questions(QUESTIONS_FILE.with_name(name))
    assert len({question.id for question in questions}) == len(questions) >= 50
