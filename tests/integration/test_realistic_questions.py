"""The blind sets of real-style questions (tests/realistic/questions.yml and blind2 to blind4 beside
it), graded end to end through the running assistant: each question is the first message of a new
conversation, sent over REST.

The first set was measured on 2026-12-01: 16 of 87 good (18%) and 6 misleading (the recommendation
questionnaire started unasked) before the answer bank, 58 of 87 good with 81 topics. It was later read
to find what to fix, so on 2026-12-07 three new sets were written blind (README, Quality); each was
read after its first run, and the newest, blind4, is the honest measure: 74 of 90 good on the run
before anyone read it. The floors below guard each set's measured figure against regressions, with
slack for a retrain's spread. Per question verdicts and the
start of each reply: test-output/realistic-report-<set>.txt. The development sets beside them
(dev_questions.yml and others, `python -m tests.realistic`) are the ones to tune on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.realistic.grading import Verdict, graded_replies, report, tally
from tests.realistic.questions import BLIND_SETS
from tools.servers import REPO_ROOT

# The share of each set's questions answered well may not fall below its floor (measured share, less
# about four questions of slack), nor the misleading answers rise above that.
REALISTIC_FLOORS = {
    "questions.yml": 0.73,  # 68 of 87 (78%) on 2026-12-07, an answer the assistant declines no longer counted
    "blind2_questions.yml": 0.70,  # 67 of 90 (74%); 70 of 90 on its first run, with the more lenient grading
    "blind3_questions.yml": 0.72,  # 70 of 90 (78%); 67 of 90 on its first run
    "blind4_questions.yml": 0.77,  # 74 of 90 (82%) on its first run, the honest measure; never read before it
}
REALISTIC_MAX_MISLEADING = 0
REPORTS = REPO_ROOT / "test-output"


def test_every_blind_set_has_a_floor() -> None:
    assert sorted(REALISTIC_FLOORS) == sorted(path.name for path in BLIND_SETS)


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda path: path.name)
def test_the_blind_questions_are_answered_at_least_as_well_as_before(live_bot: str, path: Path) -> None:
    graded = graded_replies(live_bot, path)
    written = REPORTS / f"realistic-report-{path.stem}.txt"
    written.parent.mkdir(parents=True, exist_ok=True)
    written.write_text(report(graded, path), encoding="utf-8")

    overall, floor = tally(graded), REALISTIC_FLOORS[path.name]
    misleading = [item.question.id for item in graded if item.grade.verdict is Verdict.MISLEADING]
    assert overall.good_share >= floor, f"{overall}, below the floor {floor:.0%}; see {written}"
    assert len(misleading) <= REALISTIC_MAX_MISLEADING, f"misleading: {', '.join(misleading)}; see {written}"
