"""The SQL tracker store as the server uses it (rasa_patches.tracker_store): every event stored exactly once,
the same rows as Rasa's own store writes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import ujson
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import tracker_store
from tests.conftest import REPO_ROOT

DOMAIN = Domain.load(str(REPO_ROOT / "domain.yml"))
# Rasa's own save and constructor, the yardsticks.
rasa_save = next(part.rasas for part in tracker_store.PATCH.replacements if part.name == "save")
rasa_init = next(part.rasas for part in tracker_store.PATCH.replacements if part.name == "__init__")
pytestmark = pytest.mark.usefixtures("patched_rasa")


@pytest.fixture()
def store(tmp_path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "trackers.db"))


def turn(text: str, role: str) -> list:
    return [
        UserUttered(text, {"name": "ask_salary", "confidence": 0.9}),
        SlotSet("role", role),
        ActionExecuted("action_answer_role_fact"),
        BotUttered(f"about {role}"),
        ActionExecuted("action_listen"),
    ]


async def first_turn_saved(store: SQLTrackerStore, sender: str) -> None:
    """A new conversation with one turn, saved."""
    tracker = await store.get_or_create_tracker(sender)
    for event in turn("pay?", "echocardiographer"):
        tracker.update(event)
    await store.save(tracker)


def all_rows(store: SQLTrackerStore) -> list[tuple]:
    columns = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).order_by("id")
        return [tuple(getattr(row, column) for column in columns) for row in rows]


def stored_rows(store: SQLTrackerStore, sender: str) -> list[str]:
    """The type names of the sender's stored events, in order."""
    return [type_name for row_sender, type_name, *_ in all_rows(store) if row_sender == sender]


def test_each_turn_read_and_saved_stores_its_events_once(store: SQLTrackerStore) -> None:
    async def conversation() -> None:
        tracker = await store.get_or_create_tracker("ana")
        turns = [("pay?", "echocardiographer"), ("and them?", "pacs_administrator"), ("ok", "clinical_educator")]
        for text, role in turns:
            tracker = await store.retrieve("ana")
            assert tracker is not None
            for event in turn(text, role):
                tracker.update(event)
            await store.save(tracker)
        again = await store.retrieve("ana")
        assert again is not None
        assert list(again.events) == list(tracker.events)
        assert again.get_slot("role") == "clinical_educator"

    asyncio.run(conversation())
    assert len(stored_rows(store, "ana")) == 1 + 3 * 5  # action_listen from creation, five per turn


def test_a_tracker_saved_twice_after_one_read_stores_only_what_is_new(store: SQLTrackerStore) -> None:
    async def conversation() -> list:
        await store.get_or_create_tracker("ben")
        tracker = await store.retrieve("ben")
        assert tracker is not None
        for event in turn("pay?", "echocardiographer"):
            tracker.update(event)
        await store.save(tracker)
        for event in turn("and them?", "pacs_administrator"):
            tracker.update(event)
        await store.save(tracker)  # no read in between: the store counts what it holds
        return list(tracker.events)

    events = asyncio.run(conversation())
    assert len(stored_rows(store, "ben")) == len(events) == 11


def test_a_new_session_is_read_alone_and_the_whole_history_is_kept(store: SQLTrackerStore) -> None:
    async def conversation() -> tuple:
        await first_turn_saved(store, "cai")
        tracker = await store.retrieve("cai")
        assert tracker is not None
        for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
            tracker.update(event)
        for event in turn("hello again", "clinical_educator"):
            tracker.update(event)
        await store.save(tracker)
        return await store.retrieve("cai"), await store.retrieve_full_tracker("cai")

    latest, full = asyncio.run(conversation())
    assert [event.type_name for event in latest.events][:2] == ["session_started", "action"]
    assert len(latest.events) == 1 + 1 + 5
    assert len(full.events) == len(stored_rows(store, "cai")) == 1 + 5 + 3 + 5


def test_an_unknown_conversation_reads_as_none(store: SQLTrackerStore) -> None:
    assert asyncio.run(store.retrieve("nobody")) is None


def test_interleaved_conversations_are_stored_as_rasa_stores_them(tmp_path: Path) -> None:
    ours = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    turns = {"dee": turn("pay?", "echocardiographer"), "eve": turn("exams?", "pacs_administrator")}
    turns["dee"] += turn("and them?", "clinical_educator")

    async def conversations() -> None:
        for sender in turns:  # the same first event (and timestamp) in both stores
            started = DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen")], DOMAIN.slots)
            await ours.save(started)
            await rasa_save(rasas, started)
        for step in range(0, 10, 5):  # one turn each, the senders taking turns on the same store
            for sender, events in turns.items():
                for store in (ours, rasas):
                    tracker = await store.retrieve(sender)
                    assert tracker is not None
                    for event in events[step : step + 5]:
                        tracker.update(event)
                    if store is ours:
                        await store.save(tracker)
                    else:  # Rasa's save, counting what is stored as Rasa does
                        del tracker.__dict__[tracker_store.STORED_EVENTS]
                        await rasa_save(rasas, tracker)

    asyncio.run(conversations())
    assert all_rows(ours) == all_rows(rasas)
    assert len(all_rows(ours)) == 2 + 10 + 5


def test_a_tracker_of_all_sessions_does_not_claim_to_know_what_is_stored(store: SQLTrackerStore) -> None:
    async def read_both() -> tuple:
        await first_turn_saved(store, "fay")
        return await store.retrieve("fay"), await store.retrieve_full_tracker("fay")

    latest, full = asyncio.run(read_both())
    assert getattr(latest, tracker_store.STORED_EVENTS) == 6
    assert not hasattr(full, tracker_store.STORED_EVENTS)  # its save counts what is stored, as Rasa's does


def journal_settings(store: SQLTrackerStore) -> tuple[str, int]:
    """The journal mode and sync level a connection of the store's own engine works with."""
    with store.engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    return mode, synchronous


def test_a_sqlite_file_store_keeps_a_write_ahead_log_synced_on_every_commit(store: SQLTrackerStore) -> None:
    asyncio.run(first_turn_saved(store, "gus"))
    assert journal_settings(store) == ("wal", 2)  # 2 = FULL: each commit is on disk when it returns
    reader = SQLTrackerStore(DOMAIN, dialect="sqlite", db=store.engine.url.database)  # another process's view
    assert stored_rows(reader, "gus") == stored_rows(store, "gus")


def test_rasas_own_store_keeps_sqlites_rollback_journal(tmp_path: Path) -> None:
    rasas = SQLTrackerStore.__new__(SQLTrackerStore)
    rasa_init(rasas, DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    assert journal_settings(rasas)[0] == "delete"


def test_an_in_memory_store_is_left_as_it_is() -> None:
    memory = SQLTrackerStore(DOMAIN, dialect="sqlite", db=":memory:")
    assert journal_settings(memory)[0] == "memory"


def test_stored_events_read_back_as_json_would_read_them(store: SQLTrackerStore) -> None:
    awkward = "odd \ud800 text \u2028 é ✓ \"quoted\" \\ back"
    intent = {"name": "ask_salary", "confidence": 0.1 + 0.2}

    async def saved_and_read() -> DialogueStateTracker | None:
        tracker = await store.get_or_create_tracker("hal")
        tracker.update(UserUttered(awkward, intent))
        await store.save(tracker)
        return await store.retrieve("hal")

    tracker = asyncio.run(saved_and_read())
    assert tracker is not None
    assert (tracker.latest_message.text, tracker.latest_message.intent) == (awkward, intent)
    with store.session_scope() as session:  # every stored row decodes to what json gives
        for (data,) in session.query(store.SQLEvent.data):
            assert ujson.loads(data) == json.loads(data)
