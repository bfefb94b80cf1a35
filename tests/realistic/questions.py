"""The blind set of real-style questions (questions.yml beside this file), loaded into strict
models, so a typo in an id, a kind or a pattern fails here and not halfway through a graded run."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import ValidationError, conlist, constr, root_validator, validator

from bot.validation import StrictModel, describe_errors, display_path, read_yaml_mapping

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")
# The blind sets, oldest first. Each was written by a helper who had seen neither the training data nor
# the sets before it; all but the newest were later read to find what to fix, so the newest is the
# honest measure until it is read too.
BLIND_SET_NAMES = ("questions.yml", "blind2_questions.yml", "blind3_questions.yml", "blind4_questions.yml")
BLIND_SETS = tuple(QUESTIONS_FILE.with_name(name) for name in BLIND_SET_NAMES)

Topic = Literal[
    "sonography",
    "admission",
    "decision",
    "program",
    "adjacent_careers",
    "specialties",
    "hiring",
    "working_conditions",
    "credentials",
    "advancing_roles",
    "off_topic",
]


class QuestionSetError(ValueError):
    """The question file is missing, not YAML, or breaks the format documented at its top."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Patterns are matched case-insensitively anywhere in an answer; one that also matches an
    empty answer (an empty alternative such as ``a|``) would grade every answer as right."""
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as broken:
        raise ValueError(f"pattern {pattern!r} does not compile: {broken}") from broken
    if compiled.search(""):
        raise ValueError(f"pattern {pattern!r} matches an empty answer")
    return compiled


class RealisticQuestion(StrictModel):
    """One message as a person would send it, and what a good reply must and must not contain."""

    id: constr(regex=r"^[a-z0-9]+(-[a-z0-9]+)*$")  # type: ignore[valid-type]
    text: str
    topic: Topic
    kind: Literal["answer", "refuse"]
    must: conlist(str, min_items=1, max_items=4) | None = None  # type: ignore[valid-type]
    must_not: list[str] = []

    @validator("must", "must_not", each_item=True)
    def pattern_compiles(cls, pattern: str) -> str:
        compile_pattern(pattern)
        return pattern

    @root_validator(skip_on_failure=True)
    def must_fits_kind(cls, values: dict) -> dict:
        """An answer is graded on the facts it contains; a refusal has none to contain."""
        if values["kind"] == "answer" and values["must"] is None:
            raise ValueError("an answer item needs a must list")
        if values["kind"] == "refuse" and values["must"] is not None:
            raise ValueError("a refuse item has no must list")
        return values


class QuestionSet(StrictModel):
    questions: list[RealisticQuestion]

    @validator("questions")
    def ids_are_unique(cls, questions: list[RealisticQuestion]) -> list[RealisticQuestion]:
        counts = Counter(question.id for question in questions)
        repeated = sorted(question_id for question_id, count in counts.items() if count > 1)
        if repeated:
            raise ValueError(f"repeated ids: {', '.join(repeated)}")
        return questions


def load_questions(path: Path = QUESTIONS_FILE) -> list[RealisticQuestion]:
    """Every question in the file, in file order; any broken item raises ``QuestionSetError``."""
    content = read_yaml_mapping(path, QuestionSetError)
    try:
        return QuestionSet.parse_obj(content).questions
    except ValidationError as invalid:
        raise QuestionSetError(f"{display_path(path)}: {describe_errors(invalid)}") from invalid
