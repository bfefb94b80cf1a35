"""Grades a set of real-style questions through freshly started servers and prints the report:

    python -m tests.realistic [QUESTIONS_FILE]    (default: the development set, dev_questions.yml)

The development set is for tuning between runs; the blind set (questions.yml) is the measure, run by
the integration tests. Neither is ever trained on.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

from tests.realistic.grading import GradedQuestion, Reply, grade, refusal_wordings, report
from tests.realistic.questions import load_questions
from tools.servers import action_server, rasa_server, say

DEV_QUESTIONS = Path(__file__).with_name("dev_questions.yml")
REPLY_TIMEOUT_S = 60


def graded_replies(base_url: str, path: Path) -> list[GradedQuestion]:
    """Each question as the first message of a new conversation, graded."""
    wordings, graded = refusal_wordings(), []
    for question in load_questions(path):
        sender = f"realistic-{question.id}-{uuid.uuid4().hex[:8]}"
        reply = Reply.from_rest(say(base_url, sender, question.text, timeout=REPLY_TIMEOUT_S))
        graded.append(GradedQuestion(question, reply, grade(question, reply, wordings)))
    return graded


def main(arguments: list[str]) -> int:
    path = Path(arguments[0]) if arguments else DEV_QUESTIONS
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        with action_server(workdir) as actions_url, rasa_server(workdir, actions_url) as base_url:
            print(report(graded_replies(base_url, path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
