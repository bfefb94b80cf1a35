"""CLINC150's validation requests through the running assistant (issue 15): the share it declines.

Every request in CLINC150 was written for a general assistant (banking, travel, cooking, small talk,
one's own pay and time off...), so for SonoPath each one is off-topic and should get a polite refusal
that says what SonoPath covers, never a fact, a flow or a question back. Each request is the first
message of a new conversation over REST, as a visitor would send it. The assistant's replies are
graded as the real-style sets grade a refusal (``tests.realistic.grading.is_refusal``); the share
declined per file and what each other request got go to ``test-output/off-topic-report.txt``.

The paper's test split is not on this machine (../shared/data/clinc150/README.md); the floors below
guard the validation figures measured on 2026-12-07 against getting worse, and are not the issue's
goal (95% on the withheld test split).
"""

from __future__ import annotations

import csv
import uuid
from collections import Counter

import pytest

from bot.validation import REPO_ROOT
from tests.realistic.grading import Reply, is_refusal, refusal_wordings
from tools.clinc_examples import CLINC_DIR
from tools.servers import say

REPORT = REPO_ROOT / "test-output" / "off-topic-report.txt"
# Share declined, per file: the level measured on 2026-12-07 (91.0% and 88.5%), less a little for noise.
OFF_TOPIC_FLOORS = {"oos_val.txt": 0.88, "in_scope_val.tsv": 0.86}


def clinc_requests(name: str) -> list[str]:
    """The requests of one CLINC150 validation file: one per line, or the second column of the tsv."""
    path = CLINC_DIR / name
    if name.endswith(".tsv"):
        with path.open(encoding="utf-8", newline="") as rows:
            return [row[1] for row in csv.reader(rows, delimiter="\t") if len(row) == 2]
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" ..." if len(words) > count else "")


@pytest.fixture(scope="module")
def declined(live_bot: str) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """Per file: how many requests were declined, and each other request with the start of its reply."""
    wordings = refusal_wordings()
    results: dict[str, tuple[int, list[tuple[str, str]]]] = {}
    for name in OFF_TOPIC_FLOORS:
        requests = clinc_requests(name)
        answered: list[tuple[str, str]] = []
        for request in requests:
            reply = Reply.from_rest(say(live_bot, f"clinc-{uuid.uuid4().hex}", request))
            if not is_refusal(reply.text, wordings):
                answered.append((request, first_words(reply.text_and_buttons)))
        results[name] = (len(requests) - len(answered), answered)
    write_report(results)
    return results


def write_report(results: dict[str, tuple[int, list[tuple[str, str]]]]) -> None:
    lines = []
    for name, (count, answered) in results.items():
        total = count + len(answered)
        lines.append(f"{name}: {count} of {total} declined ({count / total:.1%})")
        openings = Counter(reply for _, reply in answered)
        lines += [f"  {times} x {opening}" for opening, times in openings.most_common(15)]
        lines += [f"  - {request!r} -> {reply}" for request, reply in answered]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", OFF_TOPIC_FLOORS)
def test_clinc_requests_are_declined_through_the_running_assistant(declined: dict, name: str) -> None:
    count, answered = declined[name]
    share = count / (count + len(answered))
    assert share >= OFF_TOPIC_FLOORS[name], f"{name}: {share:.1%} declined; see {REPORT}"
