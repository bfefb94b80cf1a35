"""The blind real-style questions (tests/realistic/questions.yml), graded end to end through the
running assistant: each is the first message of a new conversation, sent over REST.

Measured on 2026-12-01: 16 of 87 good (18%) and 6 misleading (the recommendation questionnaire
started unasked) before the answer bank; 26 of 87 good (30%) and none misleading with its first 28
topics; 58 of 87 good (67%) and none misleading with 81 topics, their questions trained into the
NLU, off-topic requests from CLINC150 and the routing of general questions to the bank. Issue 14's
goal, 80% good and none misleading, is not met yet: the floors below guard today's figures against
regressions and are raised as answers improve. Per question verdicts and the start of each reply:
test-output/realistic-report.txt. The development set beside it (dev_questions.yml, `python -m
tests.realistic`) is the one to tune on; this one only measures.
"""

from __future__ import annotations

from tests.realistic.grading import Verdict, graded_replies, report, tally
from tools.servers import REPO_ROOT

# The share of questions answered well may not fall below this, nor the misleading answers rise above that.
REALISTIC_FLOOR = 0.72  # 69 of 87 measured; six questions of slack for a retrain's spread
REALISTIC_MAX_MISLEADING = 0
REPORT = REPO_ROOT / "test-output" / "realistic-report.txt"


def test_the_blind_questions_are_answered_at_least_as_well_as_before(live_bot: str) -> None:
    graded = graded_replies(live_bot)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report(graded), encoding="utf-8")

    overall = tally(graded)
    misleading = [item.question.id for item in graded if item.grade.verdict is Verdict.MISLEADING]
    assert overall.good_share >= REALISTIC_FLOOR, f"{overall}, below the floor {REALISTIC_FLOOR:.0%}; see {REPORT}"
    assert len(misleading) <= REALISTIC_MAX_MISLEADING, f"misleading: {', '.join(misleading)}; see {REPORT}"
