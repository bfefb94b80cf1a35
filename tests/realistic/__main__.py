"""Grades a set of real-style questions through freshly started servers and prints the report:

    python -m tests.realistic [QUESTIONS_FILE]    (default: the development set, dev_questions.yml)

The development set is for tuning between runs; the blind set (questions.yml) is the measure, run by
the integration tests. Neither is ever trained on.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.realistic.grading import graded_replies, report
from tools.servers import action_server, rasa_server

DEV_QUESTIONS = Path(__file__).with_name("dev_questions.yml")


def main(arguments: list[str]) -> int:
    path = Path(arguments[0]) if arguments else DEV_QUESTIONS
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        with action_server(workdir) as actions_url, rasa_server(workdir, actions_url) as base_url:
            print(report(graded_replies(base_url, path), path.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
