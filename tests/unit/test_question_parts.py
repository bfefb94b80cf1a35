"""Questions in several parts: each part's fact about a role is found, statements are not read."""

from __future__ import annotations

import pytest

from bot.reading.question_parts import asked_facts, question_parts
from bot.reading.vocabulary import default_vocabulary
from bot.render.facts import TOPIC_BY_KEY


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("How do I become a PACS admin? And is the pay better?", ["how do i become a pacs admin", "is the pay better"]),
        ("whats the outlook for echo techs and what do they earn",
         ["whats the outlook for echo techs", "what do they earn"]),
        ("how do i become a manager, what certifications would i need",
         ["how do i become a manager", "what certifications would i need"]),
        # A statement is not a question; "and" inside one question does not cut it.
        ("I have a bachelors and 5 years in echo. What does a manager earn?", ["what does a manager earn"]),
        ("I have a bachelors degree, what does a manager earn?", ["what does a manager earn"]),
        ("so echo techs make good money?", ["so echo techs make good money"]),
        ("", []),
        ("!!!", []),
        ("what do pay and schooling look like for echo", ["what do pay and schooling look like for echo"]),
        # A sentence ends before a closing quote or bracket too.
        ('They want something "stable." What do echo techs earn?', ["what do echo techs earn"]),
        ("It was long (two years.) Is the pay good?", ["is the pay good"]),
    ],
)
def test_question_parts(text: str, parts: list[str]) -> None:
    assert question_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "intent_fact", "facts"),
    [
        ("how does a sonographer become a PACS administrator? and is the pay actually better than scanning",
         "salary", ["how_to_become", "salary"]),
        ("whats the job outlook for echo techs and what do they earn", "job_outlook", ["job_outlook", "salary"]),
        # "make" asks for pay only where it ends a question.
        ("what do echo techs make and what school do they need", "education", ["salary", "education"]),
        ("does it make sense for me and what degree do i need", "education", ["education"]),
        # ... or "more" after it, or a comparison.
        ("do echo techs make more? and what school do they need", "education", ["salary", "education"]),
        ("do echo techs make more than general sonographers? what school do they need", "education",
         ["salary", "education"]),
        ("how do i make the switch? and what school do i need", "education", ["education"]),
        ("would it make more sense to go into echo? what school do they need", "education", ["education"]),
        ("what mistakes do echo techs make in their first year? what school do they need", "education",
         ["education"]),
        # The NLU's fact is kept even when no part's words name it, unless it is the general overview.
        ("what do educators actually do? whats the pay and is there demand", "duties",
         ["duties", "salary", "job_outlook"]),
        ("whats the outlook for echo techs and what do they earn", "overview", ["job_outlook", "salary"]),
        # Background before a comma is not a question; "how much does ... cost" does not ask for pay.
        ("I have a bachelors degree, what does a manager earn?", "salary", ["salary"]),
        ("how much does it cost? and is there demand", "job_outlook", ["job_outlook"]),
        # One question, or background given as a statement, asks for the intent's fact only.
        ("what degree do i need to become a manager", "education", ["education"]),
        ("I only have an associate degree. What would a manager earn?", "salary", ["salary"]),
        ("how much do PACS admins make", "salary", ["salary"]),
        # "make" ending a clause before a comma asks for pay too; the rest is background.
        ("how much do PACS admins make, moving to texas next year and what school do they need", "education",
         ["salary", "education"]),
        # Two parts asking for the same fact are one fact.
        ("what does an echo tech earn? is the pay good?", "salary", ["salary"]),
        # Pay during a student's time is not the role's salary.
        ("what are clinicals like in sonography school? do you get paid during clinical rotations or no", "overview",
         ["overview"]),
        ("how much do sonographers make and do students get paid in their externship", "salary", ["salary"]),
    ],
)
def test_asked_facts(text: str, intent_fact: str, facts: list[str]) -> None:
    assert asked_facts(text, intent_fact) == facts


def test_every_fact_with_words_is_a_fact_about_a_role() -> None:
    words = default_vocabulary()
    assert set(words.fact_words) | set(words.fact_last_words) <= set(TOPIC_BY_KEY)
