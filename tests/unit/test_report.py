"""`make report` (tools/report): what SonoPath could not answer, read from a real SQLite tracker store that
Rasa's own SQLTrackerStore wrote, with Rasa's own events, so the schema and the event data are genuine."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.render.dialogue import DID_NOT_GET_THAT, DID_YOU_MEAN, REPHRASE
from tools.report import wording
from tools.report.__main__ import main, period
from tools.report.store import REPO_ROOT, StoreError, open_store, store_from_settings, tracker_store_settings
from tools.report.unanswered import (
    FALLBACK,
    LOW_CONFIDENCE,
    OFF_TOPIC,
    Message,
    category,
    findings,
    normalized,
    redact,
    rows,
    turns,
)

DAY = date(2024, 3, 11)  # the reported day in most tests; a Monday
PIZZA = "What's a good pizza place in Chicago?"
ANSWERED = "How much does a PACS administrator earn?"


def at(day: date, hour: int, minute: int = 0, second: float = 0) -> float:
    """A local time as Rasa's float timestamp (the report's days are local days)."""
    return datetime.combine(day, time(hour, minute)).astimezone().timestamp() + second


class Conversation:
    """Rasa events of one conversation, a second apart from ``start``."""

    def __init__(self, start: float) -> None:
        self.events: list[Event] = []
        self.clock = start

    def _tick(self) -> float:
        self.clock += 1
        return self.clock

    def user(self, text: str, intent: str, confidence: float, ranking: dict[str, float] | None = None) -> Conversation:
        readings = sorted((ranking or {intent: confidence}).items(), key=lambda item: -item[1])
        parse_data = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
                      "intent_ranking": [{"name": name, "confidence": value} for name, value in readings]}
        self.events += [ActionExecuted("action_listen", timestamp=self._tick()),
                        UserUttered(text, intent=parse_data["intent"], parse_data=parse_data, timestamp=self._tick())]
        return self

    def action(self, name: str) -> Conversation:
        self.events.append(ActionExecuted(name, timestamp=self._tick()))
        return self

    def says(self, text: str, response: str | None = None) -> Conversation:
        metadata = {"utter_action": response} if response else {}
        self.events.append(BotUttered(text, {"buttons": None}, metadata, timestamp=self._tick()))
        return self

    def refuses(self) -> Conversation:
        return self.says("Sorry, that's outside what I know.", "utter_out_of_scope")

    def rewinds(self) -> Conversation:
        self.events.append(UserUtteranceReverted(timestamp=self._tick()))
        return self

    def as_dicts(self) -> list[dict]:
        return [event.as_dict() for event in self.events]


def not_understood(likeliest: str = "ask_pay", confidence: float = 0.2) -> dict[str, float]:
    """The intent ranking of a message the FallbackClassifier rejected: its own reading first, at its threshold."""
    return {"nlu_fallback": 0.3, likeliest: confidence, "greet": 0.05}


def write_store(path: Path, conversations: dict[str, Conversation]) -> None:
    """Saves each conversation as Rasa does, with Rasa's SQLTrackerStore."""
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for sender, conversation in conversations.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, conversation.events)))
    store.engine.dispose()


def sqlite_endpoints(directory: Path, db: Path) -> Path:
    endpoints = directory / "endpoints.yml"
    endpoints.write_text('action_endpoint:\n  url: ${SONOPATH_ACTION_SERVER_URL}\n'
                         f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{db}"\n', encoding="utf-8")
    return endpoints


def the_day(day: date = DAY) -> list[str]:
    return ["--since", day.isoformat(), "--until", day.isoformat()]


# Senders that look like what a channel sends; none may appear in any output.
SENDERS = [f"person-{number}-a81f{number}c" for number in range(10)]


def the_week() -> dict[str, Conversation]:
    """A day of conversations that covers every way a message ends, plus one message the day before."""
    return {
        SENDERS[0]: Conversation(at(DAY, 9)).user(PIZZA, "out_of_scope", 0.97)
        .action("action_decline_off_topic").refuses()
        .user(ANSWERED, "ask_pay", 0.96).action("action_pay").says("A PACS administrator earns ..."),
        SENDERS[1]: Conversation(at(DAY, 10)).user("what's a good  PIZZA place in chicago", "out_of_scope", 0.91)
        .action("action_decline_off_topic").refuses(),
        # Not understood twice: "did you mean", "Something else" (a button), "say it another way", give up.
        SENDERS[2]: Conversation(at(DAY, 11)).user("blorf zintak", "nlu_fallback", 0.3, not_understood())
        .action("action_two_stage_fallback").says(DID_YOU_MEAN)
        .user("/out_of_scope", "out_of_scope", 1.0).action("action_two_stage_fallback").says(REPHRASE)
        .user("qwrty zxv", "nlu_fallback", 0.3, not_understood("ask_duties", 0.1))
        .action("action_two_stage_fallback").says(DID_NOT_GET_THAT).says("I can tell you ...", "utter_help")
        .rewinds(),
        # The fallback finds the message most likely off-topic and declines it, then forgets it: the NLU could
        # not read it, and it was not answered.
        SENDERS[3]: Conversation(at(DAY, 12)).user("gimme cheap flights", "nlu_fallback", 0.3,
                                                   not_understood("out_of_scope", 0.28))
        .action("action_two_stage_fallback").refuses().rewinds(),
        # The fallback answers from the answer bank: answered, but not understood by the NLU.
        SENDERS[4]: Conversation(at(DAY, 13)).user("sonografer scool lenght", "nlu_fallback", 0.3,
                                                   not_understood("ask_education", 0.25))
        .action("action_two_stage_fallback").says("Sonography programs take ...").rewinds(),
        # Off-topic by the NLU, unsure, but about clinicals: answered from the bank, confidently enough.
        SENDERS[5]: Conversation(at(DAY, 14)).user("I scanned a fetus with no heartbeat, how do I cope", "out_of_scope",
                                                   0.62).action("action_decline_off_topic").says("It is common ..."),
        # Answered, but read with little confidence.
        SENDERS[6]: Conversation(at(DAY, 15)).user("what do cardiac folks make", "ask_pay", 0.42)
        .action("action_pay").says("Cardiac sonographers earn ..."),
        # Personal data in an off-topic message.
        SENDERS[7]: Conversation(at(DAY, 16)).user("Email me at jane.doe@example.com or call (312) 555-0188 re pizza",
                                                   "out_of_scope", 0.9).action("action_decline_off_topic").refuses(),
        # "Did you mean", "Something else", then rephrased: Rasa takes the new message back and stores it again.
        SENDERS[9]: Conversation(at(DAY, 17)).user("pay and exams", "nlu_fallback", 0.3, not_understood())
        .action("action_two_stage_fallback").says(DID_YOU_MEAN)
        .user("/out_of_scope", "out_of_scope", 1.0).action("action_two_stage_fallback").says(REPHRASE)
        .user("what do sonographers earn in ohio", "ask_pay", 0.81).action("action_two_stage_fallback").rewinds()
        .user("what do sonographers earn in ohio", "ask_pay", 1.0).action("action_pay").says("In Ohio ..."),
        # Before the day reported.
        SENDERS[8]: Conversation(at(DAY - timedelta(days=1), 23, 59)).user(PIZZA, "out_of_scope", 0.97)
        .action("action_decline_off_topic").refuses(),
    }


@dataclass
class Run:
    code: int
    out: str
    err: str
    csv_rows: list[list[str]]
    csv_path: Path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("report")
    db = directory / "trackers.db"
    write_store(db, the_week())
    return sqlite_endpoints(directory, db)


@pytest.fixture
def report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator:
    def run(*args: str) -> Run:
        out_csv = tmp_path / "out" / "report.csv"
        code = main([*args, "--csv", str(out_csv)])
        captured = capsys.readouterr()
        lines = list(csv.reader(out_csv.open(encoding="utf-8", newline=""))) if out_csv.exists() else []
        return Run(code, captured.out, captured.err, lines, out_csv)
    yield run


def by_text(run: Run) -> dict[str, list[str]]:
    header, *lines = run.csv_rows
    assert header == list(wording.COLUMNS)
    return {line[-1]: line for line in lines}


def test_each_message_counts_once_in_the_category_that_decides_it(store: Path, report) -> None:
    run = report("--endpoints", str(store), *the_day())
    assert run.code == 0, run.err
    found = {text: (int(count), kind) for text, (count, kind, *_) in by_text(run).items()}
    assert found == {
        "What's a good pizza place in Chicago?": (2, OFF_TOPIC),
        "blorf zintak": (1, FALLBACK),
        "qwrty zxv": (1, FALLBACK),
        "gimme cheap flights": (1, FALLBACK),
        "sonografer scool lenght": (1, LOW_CONFIDENCE),
        "what do cardiac folks make": (1, LOW_CONFIDENCE),
        "Email me at [email] or call [phone] re pizza": (1, OFF_TOPIC),
        "pay and exams": (1, FALLBACK),
    }


def test_rows_show_the_likeliest_real_intent_and_mean_confidence(store: Path, report) -> None:
    rows_found = by_text(report("--endpoints", str(store), *the_day()))
    assert rows_found["What's a good pizza place in Chicago?"][2:4] == ["out_of_scope", "0.94"]
    # Under the fallback the NLU's own likeliest intent is shown, not nlu_fallback at its threshold.
    assert rows_found["sonografer scool lenght"][2:4] == ["ask_education", "0.25"]
    assert rows_found["qwrty zxv"][2:4] == ["ask_duties", "0.10"]


def test_most_frequent_first_then_by_text_and_the_table_matches_the_csv(store: Path, report) -> None:
    run = report("--endpoints", str(store), *the_day())
    texts = [line[-1] for line in run.csv_rows[1:]]
    assert texts[0] == "What's a good pizza place in Chicago?"
    assert texts[1:] == sorted(texts[1:], key=normalized)
    lines = run.out.splitlines()
    table, last = lines[lines.index("") + 1:-1], lines[-1]
    assert last == wording.CSV_WRITTEN.format(path=run.csv_path)
    assert table[0].split() == list(wording.COLUMNS)
    assert [line.split()[:2] for line in table[1:]] == [[line[0], line[1].split()[0]] for line in run.csv_rows[1:]]
    # Neither the buttons nor Rasa's copy of a rephrased message after its rewind are anyone's words.
    assert "9 of 12 messages from people" in run.out


def test_no_sender_id_and_no_personal_data_in_any_output(store: Path, report) -> None:
    run = report("--endpoints", str(store), *the_day())
    written = run.out + run.err + "\n".join(",".join(line) for line in run.csv_rows)
    assert "[email]" in written and "[phone]" in written
    for private in [*SENDERS, "jane.doe", "example.com", "555-0188", "312"]:
        assert private not in written


def test_until_is_inclusive_and_days_count_back_from_now(tmp_path: Path, report) -> None:
    today = date.today()
    db = tmp_path / "trackers.db"
    write_store(db, {
        "a": Conversation(at(DAY, 23, 59, 50)).user("last minute pizza", "out_of_scope", 0.9)
        .action("action_decline_off_topic").refuses(),
        "b": Conversation(at(DAY + timedelta(days=1), 0, 0, 5)).user("next day pizza", "out_of_scope", 0.9)
        .action("action_decline_off_topic").refuses(),
        "c": Conversation(datetime.now().timestamp() - 2 * 86400).user("recent pizza", "out_of_scope", 0.9)
        .action("action_decline_off_topic").refuses(),
        "d": Conversation(datetime.now().timestamp() - 9 * 86400).user("older pizza", "out_of_scope", 0.9)
        .action("action_decline_off_topic").refuses(),
    })
    endpoints = sqlite_endpoints(tmp_path, db)
    assert set(by_text(report("--endpoints", str(endpoints), *the_day()))) == {"last minute pizza"}
    assert set(by_text(report("--endpoints", str(endpoints)))) == {"recent pizza"}
    assert set(by_text(report("--endpoints", str(endpoints), "--days", "10"))) == {"recent pizza", "older pizza"}
    since = report("--endpoints", str(endpoints), "--since", (today - timedelta(days=12)).isoformat())
    assert set(by_text(since)) == {"recent pizza", "older pizza"}


def test_a_message_answered_just_after_the_period_ends_is_still_judged(tmp_path: Path, report) -> None:
    db = tmp_path / "trackers.db"
    conversation = Conversation(at(DAY, 23, 59, 57)).user("midnight pizza", "out_of_scope", 0.9)
    write_store(db, {"a": conversation.action("action_decline_off_topic").refuses()})
    assert conversation.events[-1].timestamp >= at(DAY + timedelta(days=1), 0)
    assert set(by_text(report("--endpoints", str(sqlite_endpoints(tmp_path, db)), *the_day()))) == {"midnight pizza"}


def test_an_empty_period_says_there_is_nothing_to_report(store: Path, report) -> None:
    run = report("--endpoints", str(store), *the_day(DAY + timedelta(days=30)))
    assert run.code == 0
    assert run.out.startswith("Nothing to report from 2024-04-10 to 2024-04-10: no message")
    assert run.csv_rows == [list(wording.COLUMNS)]


def test_a_period_of_understood_messages_says_so(tmp_path: Path, report) -> None:
    db = tmp_path / "trackers.db"
    write_store(db, {"a": Conversation(at(DAY, 9)).user(ANSWERED, "ask_pay", 0.96).action("action_pay").says("...")})
    run = report("--endpoints", str(sqlite_endpoints(tmp_path, db)), *the_day())
    assert run.out.startswith("Nothing to report") and "all 1 messages" in run.out


def test_the_low_confidence_bar_can_be_moved(store: Path, report) -> None:
    rows_found = by_text(report("--endpoints", str(store), *the_day(), "--low-confidence", "0.7"))
    assert rows_found["I scanned a fetus with no heartbeat, how do I cope"][1] == LOW_CONFIDENCE
    assert "what do cardiac folks make" not in by_text(report("--endpoints", str(store), *the_day(),
                                                              "--low-confidence", "0.4"))


def test_the_store_is_only_read(store: Path, report) -> None:
    db = Path(tracker_store_settings(store)["db"])
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    report("--endpoints", str(store), *the_day())
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert not db.with_name(db.name + "-journal").exists()
    reader = open_store(store)
    engine = sa.create_engine("sqlite://", **reader.engine_options)
    with pytest.raises(sa.exc.OperationalError, match="readonly database"), engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM events"))
    engine.dispose()


# --- classification over events alone ----------------------------------------------------------------------


def test_a_rephrased_message_replayed_after_the_rewind_counts_once() -> None:
    """Rephrased after "say it another way": Rasa takes the message back and stores it again, at confidence 1.0
    (as a live store shows)."""
    events = (Conversation(at(DAY, 9)).user("pay and exams", "nlu_fallback", 0.3, not_understood())
              .action("action_two_stage_fallback").says(DID_YOU_MEAN)
              .user("/out_of_scope", "out_of_scope", 1.0).action("action_two_stage_fallback").says(REPHRASE)
              .user("sonographer pay in ohio", "ask_pay", 0.41).action("action_two_stage_fallback").rewinds()
              .user("sonographer pay in ohio", "ask_pay", 1.0).action("action_pay").says("In Ohio ...").as_dicts())
    result = findings([events], at(DAY, 0), at(DAY, 23))
    assert result.read == 2
    assert result.messages == [Message("pay and exams", FALLBACK, "ask_pay", 0.2),
                               Message("sonographer pay in ohio", LOW_CONFIDENCE, "ask_pay", 0.41)]


def test_the_same_words_sent_again_after_a_fallback_count_twice() -> None:
    events = (Conversation(at(DAY, 9)).user("zzkx", "nlu_fallback", 0.3, not_understood())
              .action("action_default_fallback").says(DID_NOT_GET_THAT).rewinds()
              .user("zzkx", "nlu_fallback", 0.3, not_understood())
              .action("action_default_fallback").says(DID_NOT_GET_THAT).rewinds().as_dicts())
    assert [message.category for message in findings([events], at(DAY, 0), at(DAY, 23)).messages] == [FALLBACK] * 2


def test_a_forgotten_message_is_still_judged() -> None:
    events = (Conversation(at(DAY, 9)).user("zzkx", "nlu_fallback", 0.3, not_understood())
              .action("action_default_fallback").says(DID_NOT_GET_THAT).rewinds().as_dicts())
    assert events[-1]["event"] == "rewind"
    assert findings([events], at(DAY, 0), at(DAY, 23)).messages == [Message("zzkx", FALLBACK, "ask_pay", 0.2)]


def test_the_fallback_counts_before_the_refusal() -> None:
    """An off-topic message while "say it another way" is pending gets asked again, not refused."""
    events = (Conversation(at(DAY, 9)).user("book me a flight", "out_of_scope", 0.8)
              .action("action_two_stage_fallback").says(REPHRASE).refuses().as_dicts())
    assert [category(turn) for turn in turns(events)] == [FALLBACK]


def test_events_before_the_first_message_and_empty_messages_are_passed_over() -> None:
    events = Conversation(at(DAY, 9)).user("  ", "ask_pay", 0.1).action("action_pay").as_dicts()
    leftover = Conversation(at(DAY, 8)).refuses().as_dicts()
    assert findings([leftover + events], at(DAY, 0), at(DAY, 23)).read == 0


# --- texts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("mail jane.o'neil+x@mail.example.co.uk now", "mail [email] now"),
    ("call +1 (312) 555-0188.", "call [phone]."),
    ("call 312.555.0188 or 5550188", "call [phone] or [number]"),
    ("ssn 123-45-6789", "ssn [phone]"),
    ("card 4111111111111111", "card [number]"),
    ("is 120000 a good salary in 2024", "is 120000 a good salary in 2024"),
    ("$85,000 to $95,000 for 3.5 years", "$85,000 to $95,000 for 3.5 years"),
    ("bell\x07 and \x1b[31mred", "bell  and  [31mred"),
    ("growth 2016-2026 vs 2024-2034", "growth 2016-2026 vs 2024-2034"),  # years are what people ask about
    ("pay in 2023 2024 2025", "pay in 2023 2024 2025"),
    ("the 2016-26 projections", "the 2016-26 projections"),
    ("call 2019 555 1234", "call [phone]"),
])
def test_personal_data_and_control_characters_are_taken_out(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_messages_group_by_their_words_not_their_case_spacing_or_closing_punctuation() -> None:
    messages = [Message("Pizza in Chicago?!", OFF_TOPIC, "out_of_scope", 0.9),
                Message("pizza   in chicago", OFF_TOPIC, "out_of_scope", 0.7),
                Message("pizza in chicago", OFF_TOPIC, "greet", 0.2),
                Message("pizza in chicago", LOW_CONFIDENCE, "ask_pay", 0.4),
                Message("my number is [number].", OFF_TOPIC, None, None)]
    found = rows(messages)
    assert [(row.count, row.category, row.intent, row.text) for row in found] == [
        (3, OFF_TOPIC, "out_of_scope", "pizza in chicago"),
        (1, OFF_TOPIC, None, "my number is [number]."),
        (1, LOW_CONFIDENCE, "ask_pay", "pizza in chicago"),
    ]
    assert found[0].confidence == pytest.approx(0.6)
    assert normalized("  My Number is [number]... ") == "my number is [number]"


def test_the_csv_keeps_a_text_from_running_as_a_spreadsheet_formula(tmp_path: Path, report) -> None:
    db = tmp_path / "trackers.db"
    write_store(db, {"a": Conversation(at(DAY, 9)).user("=HYPERLINK(\"http://x\")", "out_of_scope", 0.9)
                     .action("action_decline_off_topic").refuses()})
    run = report("--endpoints", str(sqlite_endpoints(tmp_path, db)), *the_day())
    assert run.csv_rows[1][-1] == "'=HYPERLINK(\"http://x\")"


# --- periods ------------------------------------------------------------------------------------------------


def test_the_default_period_is_the_last_seven_days() -> None:
    now = datetime(2024, 3, 11, 15, 30).astimezone()
    span = period(None, None, None, now)
    assert (span.start, span.end) == (now - timedelta(days=7), now)
    span = period(date(2024, 3, 1), date(2024, 3, 3), None, now)
    assert (span.start, span.end) == (datetime(2024, 3, 1).astimezone(), datetime(2024, 3, 4).astimezone())
    assert (span.shown_start, span.shown_end) == ("2024-03-01", "2024-03-03")
    span = period(None, date(2024, 3, 3), None, now)
    assert (span.start, span.end) == (datetime(2024, 3, 4).astimezone() - timedelta(days=7),
                                      datetime(2024, 3, 4).astimezone())


@pytest.mark.parametrize("args", [["--since", "2024-02-30"], ["--until", "11/03/2024"], ["--days", "0"],
                                  ["--days", "7", "--until", "2024-03-11"], ["--since", "2024-03-01", "--days", "3"],
                                  ["--since", "2024-03-12", "--until", "2024-03-11"], ["--low-confidence", "2"],
                                  ["--days", "99999999"], ["--until", "9999-12-31"], ["--since", "0001-01-01"]])
def test_a_bad_period_is_refused_with_a_clear_message(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err


# --- stores that cannot be read ---------------------------------------------------------------------------


def test_a_missing_sqlite_file_is_one_clear_line_and_is_not_created(tmp_path: Path, report) -> None:
    missing = tmp_path / "nowhere" / "trackers.db"
    run = report("--endpoints", str(sqlite_endpoints(tmp_path, missing)))
    assert run.code == wording.ERROR_EXIT and run.out == ""
    assert run.err.strip() == wording.SQLITE_MISSING.format(path=missing)
    assert not missing.exists() and not missing.parent.exists()


def test_a_database_without_rasa_events_is_refused(tmp_path: Path, report) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (id INTEGER)").connection.commit()
    run = report("--endpoints", str(sqlite_endpoints(tmp_path, other)))
    assert run.code == wording.ERROR_EXIT and "no Rasa 'events' table" in run.err and len(run.err.splitlines()) == 1


def test_an_unreachable_database_is_one_clear_line_without_its_password(
    tmp_path: Path, report, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"SONOPATH_DB_HOST": "127.0.0.1", "SONOPATH_DB_PORT": "1", "SONOPATH_DB_NAME": "sonopath",
                "SONOPATH_DB_USER": "sonopath", "SONOPATH_DB_PASSWORD": "s3cret-pass"}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    run = report("--endpoints", str(REPO_ROOT / "endpoints.production.yml"))
    assert run.code == wording.ERROR_EXIT and len(run.err.splitlines()) == 1
    assert run.err.startswith("Cannot read the tracker store at postgresql://sonopath:***@127.0.0.1:1/sonopath")
    assert "s3cret-pass" not in run.err and "Traceback" not in run.err


def test_missing_settings_are_named(tmp_path: Path, report, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SONOPATH_DB_HOST", "SONOPATH_DB_PORT"):
        monkeypatch.delenv(name, raising=False)
    run = report("--endpoints", str(REPO_ROOT / "endpoints.production.yml"))
    assert run.code == wording.ERROR_EXIT
    assert "SONOPATH_DB_HOST" in run.err and "SONOPATH_DB_PORT" in run.err and len(run.err.splitlines()) == 1
    # Only the tracker store's settings are needed: not the action server's, nor Redis's.
    assert "SONOPATH_ACTION_SERVER_URL" not in run.err and "REDIS" not in run.err


@pytest.mark.parametrize(("content", "message"), [
    ("action_endpoint:\n  url: x\n", "configures no tracker store"),
    ("tracker_store:\n  type: redis\n  url: localhost\n", "a 'redis' tracker store"),
    ("tracker_store: [unclosed\n", "as YAML"),
])
def test_an_endpoints_file_without_a_sql_store_is_refused(
    tmp_path: Path, report, content: str, message: str
) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(content, encoding="utf-8")
    run = report("--endpoints", str(endpoints))
    assert run.code == wording.ERROR_EXIT and message in run.err and len(run.err.splitlines()) == 1


def test_the_stores_are_found_as_rasa_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    default = store_from_settings(tracker_store_settings(REPO_ROOT / "endpoints.yml"), Path("endpoints.yml"))
    assert default.sqlite_path == REPO_ROOT / "var" / "trackers.db"
    monkeypatch.setenv("SONOPATH_DB_HOST", "db.internal:6543")
    for name, value in {"SONOPATH_DB_PORT": "5432", "SONOPATH_DB_NAME": "sonopath", "SONOPATH_DB_USER": "bot",
                        "SONOPATH_DB_PASSWORD": "pw"}.items():
        monkeypatch.setenv(name, value)
    production = store_from_settings(tracker_store_settings(REPO_ROOT / "endpoints.production.yml"), Path("x"))
    url = production.url
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql", "db.internal", 6543, "sonopath", "bot", "pw")  # a port in the host wins, as in Rasa
    assert "pw" not in production.shown()
    assert "default_transaction_read_only=on" in production.engine_options["connect_args"]["options"]
    whole = store_from_settings({"type": "SQL", "dialect": "postgresql", "url": "postgresql://u@h:1/d"}, Path("x"))
    assert str(whole.url) == "postgresql://u@h:1/d"
    with pytest.raises(StoreError, match="not a number"):
        store_from_settings({"type": "SQL", "dialect": "postgresql", "url": "h", "port": "five"}, Path("x"))


def test_sonopath_endpoints_is_the_default_endpoints_file(
    store: Path, report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SONOPATH_ENDPOINTS", str(store))
    assert "blorf zintak" in by_text(report(*the_day()))
