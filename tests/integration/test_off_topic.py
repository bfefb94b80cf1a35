"""CLINC150's validation requests through the running assistant (issue 15): the share it declines.

Every request in CLINC150 was written for a general assistant (banking, travel, cooking, small talk,
one's own pay and time off...), so for SonoPath each one is off-topic and should get a polite refusal
that says what SonoPath covers, never a fact, a flow or a question back. Each request is the first
message of a new conversation over REST, as a visitor would send it. A reply declines when it is the
refusal, graded as the real-style sets grade one (``tests.realistic.grading.is_refusal``), or the help
menu or greeting, which say what SonoPath covers and answer "what can I ask you?" or "hi there" in
kind (the issue counts "a refusal or the help menu"). The share declined per file, how many of them
were the help menu or greeting, and what each other request got go to ``test-output/off-topic-report.txt``.

The paper's test split is not on this machine (../shared/data/clinc150/README.md); the floors below
guard the validation figures against getting worse; the issue's goal is 95% on the withheld test split.
"""

from __future__ import annotations

import csv
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest

from bot.validation import REPO_ROOT, read_yaml_mapping
from tests.realistic.grading import DOMAIN_FILE, Reply, is_refusal, readable_text, refusal_wordings
from tools.clinc_examples import CLINC_DIR
from tools.servers import say

REPORT = REPO_ROOT / "test-output" / "off-topic-report.txt"
# Replies that say what SonoPath covers and give no fact: the help menu and the greeting.
COVERAGE_RESPONSES = ("utter_help", "utter_greet")
# Share declined, per file: the level measured on 2026-12-07 with the off-topic detector reading unseen
# words (96.0% and 95.7%), less a little for noise.
OFF_TOPIC_FLOORS = {"oos_val.txt": 0.94, "in_scope_val.tsv": 0.94}


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


def coverage_texts() -> list[str]:
    """The readable texts of the help menu and the greeting, read from the domain."""
    responses = read_yaml_mapping(DOMAIN_FILE, ValueError).get("responses") or {}
    return [readable_text(variation["text"]) for name in COVERAGE_RESPONSES for variation in responses[name]]


@dataclass
class Outcome:
    """Per file: the requests refused, those given the help menu or greeting, and the others with their replies."""

    refused: int = 0
    covered: int = 0
    answered: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.refused + self.covered + len(self.answered)

    @property
    def declined(self) -> float:
        return (self.refused + self.covered) / self.total


@pytest.fixture(scope="module")
def declined(live_bot: str) -> dict[str, Outcome]:
    wordings, coverage = refusal_wordings(), coverage_texts()
    results: dict[str, Outcome] = {}
    for name in OFF_TOPIC_FLOORS:
        outcome = results[name] = Outcome()
        for request in clinc_requests(name):
            reply = Reply.from_rest(say(live_bot, f"clinc-{uuid.uuid4().hex}", request))
            if is_refusal(reply.text, wordings):
                outcome.refused += 1
            elif readable_text(reply.text).strip() in coverage:
                outcome.covered += 1
            else:
                outcome.answered.append((request, first_words(reply.text_and_buttons)))
    write_report(results)
    return results


def write_report(results: dict[str, Outcome]) -> None:
    lines = []
    for name, outcome in results.items():
        declined = outcome.refused + outcome.covered
        lines.append(f"{name}: {declined} of {outcome.total} declined ({outcome.declined:.1%}): {outcome.refused} "
                     f"refused, {outcome.covered} given the help menu or greeting")
        openings = Counter(reply for _, reply in outcome.answered)
        lines += [f"  {times} x {opening}" for opening, times in openings.most_common(15)]
        lines += [f"  - {request!r} -> {reply}" for request, reply in outcome.answered]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", OFF_TOPIC_FLOORS)
def test_clinc_requests_are_declined_through_the_running_assistant(declined: dict, name: str) -> None:
    share = declined[name].declined
    assert share >= OFF_TOPIC_FLOORS[name], f"{name}: {share:.1%} declined; see {REPORT}"
