"""`make report` against real stores: the SQLite store that the running assistant (started as `make run`
starts it) writes while people talk to it over REST, and a PostgreSQL store read with the production
endpoints file. The report runs as a person runs it, as its own process."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.render.dialogue import DID_NOT_GET_THAT, DID_YOU_MEAN, REPHRASE
from tests.integration.throwaway_stores import throwaway_postgres
from tools.report import wording
from tools.report.store import open_store
from tools.report.unanswered import FALLBACK, OFF_TOPIC, normalized
from tools.servers import REPO_ROOT, reply_text, say, whole_assistant

PIZZA = "what's a good pizza place in Chicago"
PIZZA_AGAIN = "What's a good pizza place in Chicago?"
PIZZA_WITH_EMAIL = "Can you email the best pizza places in Chicago to jane.doe@example.com"
# Read by no intent (nlu_fallback); the fallback finds it most likely off-topic and declines it.
GIBBERISH = "asdf jkl"
# Read by no intent either, between two: "did you mean pay or certification?"
AMBIGUOUS = "pay and exams"
SOMETHING_ELSE = "/out_of_scope"  # the "Something else" button
REPHRASED = "what does a PACS administrator earn?"
ON_TOPIC = "How much does a PACS administrator earn?"
REFUSAL_START = "Sorry, that's outside what I know."


@dataclass
class Report:
    code: int
    out: str
    err: str
    rows: dict[str, list[str]]  # by normalized text
    csv_text: str


def run_report(endpoints: Path, csv_path: Path, *args: str, env: dict[str, str] | None = None) -> Report:
    """``python -m tools.report`` in its own process, from the repository, as `make report` runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "tools.report", "--endpoints", str(endpoints), "--csv", str(csv_path), *args],
        cwd=REPO_ROOT, env={**os.environ, **(env or {}), "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True, text=True, timeout=120, check=False,
    )
    csv_text = csv_path.read_text(encoding="utf-8") if csv_path.exists() else ""
    lines = list(csv.reader(csv_text.splitlines()))
    if lines:
        assert lines[0] == list(wording.COLUMNS)
    return Report(done.returncode, done.stdout, done.stderr, {normalized(line[-1]): line for line in lines[1:]},
                  csv_text)


def senders(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{uuid.uuid4().hex}" for _ in range(count)]


# --- the running assistant and its SQLite store ------------------------------------------------------------


@dataclass
class Talked:
    report: Report
    senders: list[str]
    replies: dict[str, str]


@pytest.fixture(scope="module")
def talked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Talked]:
    """A few conversations with the whole assistant, then the report over the store it wrote."""
    workdir = tmp_path_factory.mktemp("report-live")
    people = senders("visitor", 7)
    conversations = [
        [PIZZA], [PIZZA_AGAIN], [PIZZA_WITH_EMAIL], [GIBBERISH], [GIBBERISH], [ON_TOPIC],
        [AMBIGUOUS, SOMETHING_ELSE, REPHRASED],
    ]
    replies: dict[str, str] = {}
    with whole_assistant(workdir) as assistant:
        for sender, messages in zip(people, conversations, strict=True):
            for message in messages:
                replies[message] = reply_text(say(assistant.url, sender, message))
        report = run_report(workdir / "endpoints.yml", workdir / "out" / "report.csv", "--days", "1")
    yield Talked(report, people, replies)


def test_the_conversations_went_as_the_report_expects(talked: Talked) -> None:
    """The premise: the assistant refused the off-topic requests, fell back on the gibberish and the
    ambiguous message, and answered the questions about sonography."""
    assert talked.replies[PIZZA].startswith(REFUSAL_START)
    assert talked.replies[PIZZA_WITH_EMAIL].startswith(REFUSAL_START)
    assert talked.replies[GIBBERISH].startswith(REFUSAL_START)
    assert talked.replies[AMBIGUOUS].startswith(DID_YOU_MEAN)
    assert talked.replies[SOMETHING_ELSE].startswith(REPHRASE)
    assert "$" in talked.replies[REPHRASED] and "$" in talked.replies[ON_TOPIC]


def test_the_report_groups_and_counts_what_was_not_answered(talked: Talked) -> None:
    report = talked.report
    assert report.code == 0, report.err
    assert {text: (int(line[0]), line[1]) for text, line in report.rows.items()} == {
        normalized(PIZZA): (2, OFF_TOPIC),
        normalized(GIBBERISH): (2, FALLBACK),
        normalized(AMBIGUOUS): (1, FALLBACK),
        "can you email the best pizza places in chicago to [email]": (1, OFF_TOPIC),
    }
    assert report.rows[normalized(PIZZA)][2] == "out_of_scope"
    assert report.rows[normalized(AMBIGUOUS)][2] in {"ask_salary", "ask_certification"}


def test_the_printed_table_has_the_csv_rows_most_frequent_first(talked: Talked) -> None:
    report = talked.report
    printed = report.out.splitlines()
    # The button and Rasa's copy of the rephrased message after its rewind are no one's words.
    assert "6 of 8 messages from people" in printed[0]
    counts = [int(line[0]) for line in report.rows.values()]
    assert counts == [2, 2, 1, 1]
    for line in report.rows.values():
        assert any(printed_line.split()[:2] == [line[0], line[1].split()[0]] and line[-1] in printed_line
                   for printed_line in printed)


def test_no_sender_id_and_no_email_address_is_output(talked: Talked) -> None:
    written = talked.report.out + talked.report.err + talked.report.csv_text
    assert "[email]" in written
    for private in [*talked.senders, "visitor-", "jane.doe@example.com", "example.com"]:
        assert private not in written


# --- PostgreSQL, with the production endpoints file --------------------------------------------------------


def user(text: str, intent: str, confidence: float, at: float) -> UserUttered:
    parse_data = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
                  "intent_ranking": [{"name": intent, "confidence": confidence}]}
    return UserUttered(text, intent=parse_data["intent"], parse_data=parse_data, timestamp=at)


def refused(text: str, at: float) -> list[Event]:
    return [user(text, "out_of_scope", 0.93, at), ActionExecuted("action_decline_off_topic", timestamp=at + 0.1),
            BotUttered(REFUSAL_START, {}, {"utter_action": "utter_out_of_scope"}, timestamp=at + 0.2)]


def test_the_production_store_in_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = time.time()
    people = senders("visitor", 4)
    conversations: dict[str, list[Event]] = {
        people[0]: refused(PIZZA, now - 3600),
        people[1]: refused(PIZZA_AGAIN, now - 7200),
        people[2]: [user(GIBBERISH, "nlu_fallback", 0.3, now - 60),
                    ActionExecuted("action_default_fallback", timestamp=now - 59),
                    BotUttered(DID_NOT_GET_THAT, {}, {}, timestamp=now - 58),
                    UserUtteranceReverted(timestamp=now - 57)],
        people[3]: [user(ON_TOPIC, "ask_pay", 0.97, now - 30), ActionExecuted("action_pay", timestamp=now - 29),
                    BotUttered("A PACS administrator earns ...", {}, {}, timestamp=now - 28)],
    }
    with throwaway_postgres() as postgres:
        store = SQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=postgres.port, db=postgres.database,
                                username=postgres.user, password="")
        for sender, events in conversations.items():
            asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
        store.engine.dispose()
        production = REPO_ROOT / "endpoints.production.yml"

        report = run_report(production, tmp_path / "report.csv", env=postgres.settings)
        assert report.code == 0, report.err
        assert {text: (int(line[0]), line[1]) for text, line in report.rows.items()} == {
            normalized(PIZZA): (2, OFF_TOPIC), normalized(GIBBERISH): (1, FALLBACK)}
        assert "3 of 4 messages from people" in report.out
        assert not any(sender in report.out + report.csv_text for sender in people)
        with postgres.connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM events")
            assert cursor.fetchone()[0] == sum(len(events) for events in conversations.values())
        # The report's connections cannot write, whatever it sends.
        for name, value in postgres.settings.items():
            monkeypatch.setenv(name, value)
        reader = open_store(production)
        engine = sa.create_engine(reader.url, **reader.engine_options)
        with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"), engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events"))
        engine.dispose()

        postgres.stop()
        down = run_report(production, tmp_path / "down.csv", env=postgres.settings)
        assert down.code == wording.ERROR_EXIT and down.out == ""
        assert down.err.startswith(f"Cannot read the tracker store at postgresql://postgres@127.0.0.1:{postgres.port}/")
        assert len(down.err.strip().splitlines()) == 1 and "Traceback" not in down.err
