"""The SQL tracker store's reads and saves, with the work Rasa repeats on every message done once.

Rasa 3.6 built the read query anew on every read and read each conversation back as ORM objects
when only the stored JSON is used (a tenth of the server's time together). Before saving, it counted
the conversation's stored events again (8%), though nothing can have added any since it read them:
Rasa holds the conversation's lock while it handles a message, from reading to saving.

The replacements of ``SQLTrackerStore._retrieve``, ``_additional_events`` and ``save`` (copied from
Rasa 3.6.21; they depend on each other, so they are one patch): one prepared query reads only the
JSON column, the first save after a read uses the number of events read (any other save still
counts), and new events are written with one multi-row insert instead of one ORM object each (a
turn's save on SQLite: 5.7 ms with Rasa's, 4.6 ms with this, both after the same read). The rows
stored are the same. Stored events are decoded with ``ujson``: twice as fast as ``json``, the same
values for what ``json.dumps`` writes (floats, escaped characters).

A SQLite file store (``make run``'s) keeps its connections open and writes ahead to a log (a wrapper
around ``SQLTrackerStore.__init__``). SQLAlchemy 1.4 opened and closed a connection for every read and
save, and in SQLite's default rollback-journal mode each commit writes, syncs and deletes a journal
file besides syncing the database: 0.78 ms per five-event commit here, against 0.18 ms appended to the
log. With ``synchronous=FULL`` every commit is still on disk when it returns, so no conversation is
lost in a crash, and other connections to the database read every commit. Two things change: the
file is not complete on its own until a checkpoint (copy ``-wal`` with it, or use SQLite's backup),
and the journal mode is stored in the file, so it stays with Rasa's own store too. WAL needs a
local disk, as ``var/`` is (bench/experiments.md, step 11).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
import ujson
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_patches.patch import Patch, Replacement

logger = logging.getLogger(__name__)
# Rasa's own methods: the fallback of a replacement, and what a wrapper wraps (the tests take Rasa's
# members from PATCH).
rasa_additional_events = SQLTrackerStore._additional_events
rasa_init = SQLTrackerStore.__init__
# Set on a tracker read from the latest session: how many of its events the database holds.
STORED_EVENTS = "_sonopath_stored_events"


def init_store(self: SQLTrackerStore, *args: Any, **kwargs: Any) -> None:
    """Rasa's ``SQLTrackerStore.__init__``; then a SQLite file is used through kept connections (the
    pool SQLAlchemy 2.0 gives SQLite files) whose journal is a write-ahead log, synced on every commit."""
    rasa_init(self, *args, **kwargs)
    url = self.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        self.engine.dispose()
        kept = {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}
        self.engine = sa.create_engine(url, **kept)
        sa.event.listen(self.engine, "connect", durable_write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


def durable_write_ahead_log(connection: Any, _record: Any) -> None:
    """Each new SQLite connection: write-ahead log, every commit synced to disk before it returns."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


async def retrieve_events(
    self: SQLTrackerStore, sender_id: str, fetch_events_from_all_sessions: bool
) -> DialogueStateTracker | None:
    """Rasa's ``SQLTrackerStore._retrieve``, reading only the events' JSON, not whole rows."""
    with self.session_scope() as session:  # inside it, as in Rasa, so a bad stored event fails the same way
        if fetch_events_from_all_sessions:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=True)
            rows = query.with_entities(self.SQLEvent.data).all()
        else:
            rows = session.execute(latest_session_statement(self), {"sender_id": sender_id})
        events = [ujson.loads(data) for (data,) in rows]
        if not (self.domain and events):
            logger.debug(f"Can't retrieve tracker matching sender id '{sender_id}' from SQL storage.")
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
    if not fetch_events_from_all_sessions:
        setattr(tracker, STORED_EVENTS, len(events))  # what the save's count would find
    return tracker


def latest_session_statement(store: SQLTrackerStore) -> sa.sql.Select:
    """Rasa's query for the latest session's events (``_event_query``), built once per store with
    the sender as a parameter instead of once per message."""
    statement = store.__dict__.get("_sonopath_latest_session")
    if statement is None:
        events = store.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        statement = (
            sa.select(events.c.data)
            .where(events.c.sender_id == sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
            .order_by(events.c.id)
        )
        store.__dict__["_sonopath_latest_session"] = statement
    return statement


def additional_events(self: SQLTrackerStore, session: Any, tracker: DialogueStateTracker) -> Iterator:
    """Rasa's ``SQLTrackerStore._additional_events``: the events not stored yet. The first save
    after reading the tracker knows their number; a later save of the same tracker counts again."""
    stored = tracker.__dict__.pop(STORED_EVENTS, None)
    if stored is None:
        return rasa_additional_events(self, session, tracker)
    return itertools.islice(tracker.events, stored, len(tracker.events))


async def save_events(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
    """Rasa's ``SQLTrackerStore.save``: the same rows, written by one insert statement."""
    await self.stream_events(tracker)
    with self.session_scope() as session:
        rows = []
        for event in self._additional_events(session, tracker):
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        if rows:
            session.execute(self.SQLEvent.__table__.insert(), rows)
        session.commit()
    logger.debug(f"Tracker with sender_id '{tracker.sender_id}' stored to database")


PATCH = Patch(
    "tracker_store",
    rasa_version="3.6.21",
    replacements=(
        Replacement(SQLTrackerStore, "__init__", init_store),
        Replacement(SQLTrackerStore, "_retrieve", retrieve_events),
        Replacement(SQLTrackerStore, "_additional_events", additional_events),
        Replacement(SQLTrackerStore, "save", save_events),
    ),
)
