"""The grader of the blind questions (tests/realistic/grading.py): a refusal is told from an answer,
markdown neither hides nor supplies a fact, and a misleading reply is never counted as good."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.answer_bank import NO_SOURCED_ANSWER
from tests.realistic.grading import (
    UNASKED_QUIZ,
    GradedQuestion,
    Reply,
    Verdict,
    grade,
    is_refusal,
    quiz_opening,
    readable_text,
    refusal_wordings,
    report,
    tally,
)
from tests.realistic.questions import RealisticQuestion

WORDINGS = refusal_wordings()
REFUSAL = WORDINGS[0]

ANSWER = RealisticQuestion(
    id="cred-spi",
    text="what is the SPI exam",
    topic="credentials",
    kind="answer",
    must=["ARDMS", "physics"],
    must_not=["take (a|the) quiz"],
)
FIT = RealisticQuestion(
    id="roles-fit", text="which role would fit me best?", topic="advancing_roles", kind="answer", must=["enjoy"]
)
TRAP = RealisticQuestion(
    id="trap-weather", text="weather in denver?", topic="off_topic", kind="refuse", must_not=[r"\d+ degrees"]
)


def test_the_refusal_wording_is_read_from_the_domain_as_a_person_reads_it() -> None:
    assert "outside what I know" in REFUSAL
    assert "*" not in REFUSAL and "\n" not in REFUSAL


def test_a_domain_without_the_refusal_response_is_an_error(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("responses:\n  utter_greet:\n    - text: Hi\n", encoding="utf-8")
    with pytest.raises(ValueError, match="utter_out_of_scope"):
        refusal_wordings(domain)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (REFUSAL, True),
        (f"Your message was long, so I read its first 1,000 characters. {REFUSAL}", True),
        (REFUSAL.upper(), True),
        # An answer that cites its source, even beside the refusal, is answering after all.
        (f"{REFUSAL} The median pay was $84,470 in 2023 (source: BLS).", False),
        ("Sorry, I'm not sure I understood. Did you mean one of these?", False),
        ("The SPI is the ARDMS physics exam. Source: ARDMS, 2024", False),
        # Half of the wording: an apology that does not say what the assistant covers instead.
        (REFUSAL.split(".")[0] + ".", False),
        # "No sourced answer" declines as well, and lists what SonoPath covers instead.
        (readable_text(NO_SOURCED_ANSWER), True),
        ("", False),
    ],
)
def test_a_refusal_says_the_whole_refusal_and_no_sourced_fact(text: str, refused: bool) -> None:
    assert is_refusal(text, WORDINGS) is refused


def test_markdown_is_read_as_rendered() -> None:
    text = "The **same job**: see [ARDMS](https://www.ardms.org/exams).\n\n*Note:* it's    $38.50.\n\n1. one\n2. two"
    assert readable_text(text) == "The same job: see ARDMS. Note: it's $38.50. one two"


def test_a_reply_joins_its_messages_and_keeps_button_titles_apart() -> None:
    reply = Reply.from_rest(
        [
            {"text": "The **SPI** is an ARDMS exam."},
            {"text": "It covers physics.", "buttons": [{"title": "Take the quiz", "payload": "/q"}]},
            {"image": "https://example.org/a.png"},
        ]
    )
    assert reply.text == "The SPI is an ARDMS exam. It covers physics."
    assert reply.button_titles == ("Take the quiz",)


@pytest.mark.parametrize(
    ("question", "reply", "verdict", "patterns"),
    [
        (ANSWER, Reply("The SPI is ARDMS's physics exam."), Verdict.GOOD, ()),
        (ANSWER, Reply("The SPI is ARDMS's exam."), Verdict.MISSING_FACTS, ("physics",)),
        (ANSWER, Reply(REFUSAL), Verdict.DECLINED, ()),
        # Declining is never an answer, even when the list of what SonoPath covers holds the words.
        (ANSWER, Reply(f"{REFUSAL} ARDMS physics"), Verdict.DECLINED, ()),
        # A quiz offered on a button misleads even when every fact is there.
        (ANSWER, Reply("ARDMS physics exam.", ("Take a quiz",)), Verdict.MISLEADING, ("take (a|the) quiz",)),
        # Button titles never supply a required fact.
        (ANSWER, Reply("An exam.", ("ARDMS physics",)), Verdict.MISSING_FACTS, ("ARDMS", "physics")),
        (TRAP, Reply(REFUSAL, ("What can you do?",)), Verdict.GOOD, ()),
        (TRAP, Reply("Sorry, I'm not sure I understood. Did you mean one of these?"), Verdict.NOT_REFUSED, ()),
        (TRAP, Reply(f"It will be 70 degrees. {REFUSAL}"), Verdict.MISLEADING, (r"\d+ degrees",)),
        # The questionnaire's opening misleads unless the person asked what fits them.
        (ANSWER, Reply(f"ARDMS physics. {quiz_opening()}"), Verdict.MISLEADING, (UNASKED_QUIZ,)),
        (FIT, Reply(f"Happy to help. {quiz_opening()}"), Verdict.GOOD, ()),
    ],
)
def test_grades(question: RealisticQuestion, reply: Reply, verdict: Verdict, patterns: tuple[str, ...]) -> None:
    graded = grade(question, reply, WORDINGS)
    assert (graded.verdict, graded.patterns) == (verdict, patterns)


def test_the_report_lists_every_question_and_totals_per_topic_and_overall() -> None:
    long_reply = Reply("ARDMS physics " * 40, ("Hands-on scanning", "Teaching"))
    graded = [
        GradedQuestion(ANSWER, long_reply, grade(ANSWER, long_reply, WORDINGS)),
        GradedQuestion(TRAP, Reply("Sunny, 70 degrees"), grade(TRAP, Reply("Sunny, 70 degrees"), WORDINGS)),
    ]
    overall = tally(graded)
    assert (overall.asked, overall.good, overall.misleading, overall.good_share) == (2, 1, 1, 0.5)

    lines = report(graded).splitlines()
    assert "cred-spi: good" in lines
    assert r"trap-weather: misleading [\d+ degrees]" in lines
    assert f"    {long_reply.text[:200]}" in lines
    assert "    buttons: Hands-on scanning | Teaching" in lines
    assert "  credentials  1/1 good (100%), 0 misleading" in lines
    assert "  off_topic    0/1 good (0%), 1 misleading" in lines
    assert "Overall: 1/2 good (50%), 1 misleading" in lines
