"""Work Rasa 3.6 repeats or does the slow way on every message, done once or faster (same results).

Profiling the server under load (py-spy; bench/experiments.md) found these costs:

- Every action server response is validated with ``jsonschema.validate``, which checks the schema
  itself against the draft 2020-12 meta-schema and builds a new validator on every call: a third
  of the server's CPU time. Here the same responses are validated against the same schema by a
  validator built once.
- Every stored event is turned back into an object through ``Event.resolve_by_type``, which walks
  all subclasses of ``Event`` to find one type name: about a tenth of the CPU time, since the whole
  conversation is read from the tracker store on each message. Here the answer for each type name
  is remembered.
- The SQL tracker store built its query anew on every read and read each conversation back as
  ORM objects when only the stored JSON is used (a tenth of the time together). Before saving, it
  counted the conversation's stored events again (8%), though nothing can have added any since it
  read them: Rasa holds the conversation's lock while it handles a message, from reading to
  saving. Here one prepared query reads only the JSON column, the first save after a read uses the
  number of events read (any other save still counts), and new events are written with one
  multi-row insert instead of one ORM object each (a turn's save on SQLite: 5.7 ms with Rasa's,
  4.6 ms with this, both after the same read).
- Both graphs (NLU, then dialogue policies) ran through ``dask.get`` on every message: scheduling
  the dozen nodes cost 8% of the time, more than any of them but the classifier and the rules.
  Here the nodes are run in an order worked out once per set of targets, each once, as dask does
  in one process.
- Each action call's body, the whole conversation as JSON, is encoded with ``ujson`` (a Rasa and
  Sanic dependency, twice as fast as ``json`` on it) instead of ``json``.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import aiohttp
import sqlalchemy as sa
import ujson
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.tracker_store import SQLTrackerStore
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
# Rasa's own methods, as they are before install(): the fallback of a replacement, and the tests' yardstick.
rasa_additional_events = SQLTrackerStore._additional_events
rasa_save = SQLTrackerStore.save
run_with_dask = DaskGraphRunner.run
# Set on a tracker read from the latest session: how many of its events the database holds.
STORED_EVENTS = "_sonopath_stored_events"


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """The validator for Rasa's action response schema, with the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``RemoteAction._validate_action_result``: the same errors and message, less work."""
    error: ValidationError | None = best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


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
        events = [json.loads(data) for (data,) in rows]
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


def client_session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's ``EndpointConfig.session``, encoding JSON bodies with ``ujson``."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=ujson.dumps,
    )


def run_graph_in_order(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """Rasa's ``DaskGraphRunner.run``: the same nodes with the same inputs, without dask."""
    run_targets = targets if targets else self._graph_schema.target_names
    order = _execution_order(self, tuple(run_targets))
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in order or value in results):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)
    try:
        for name in order:
            if name not in results:  # an input of the same name stands in for the node, as in dask
                node = self._instantiated_nodes[name]
                # A need nothing provides reaches the node as its bare name, which it reports.
                needs = self._graph_schema.nodes[name].needs.values()
                results[name] = node(*(results.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def _execution_order(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[str]:
    """The nodes the targets need, each after the nodes it needs; worked out once per targets."""
    orders = runner.__dict__.setdefault("_sonopath_execution_orders", {})
    if targets not in orders:
        nodes = runner._graph_schema.minimal_graph_schema(list(targets)).nodes
        order: list[str] = []

        def visit(name: str) -> None:
            if name in nodes and name not in order:
                for need in nodes[name].needs.values():
                    visit(need)
                order.append(name)

        for target in targets:
            visit(target)
        orders[targets] = order
    return orders[targets]


def install() -> None:
    """Idempotent: the event lookup is wrapped once."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    SQLTrackerStore._retrieve = retrieve_events  # type: ignore[method-assign]
    SQLTrackerStore._additional_events = additional_events  # type: ignore[method-assign]
    SQLTrackerStore.save = save_events  # type: ignore[method-assign]
    EndpointConfig.session = client_session  # type: ignore[method-assign]
    DaskGraphRunner.run = run_graph_in_order  # type: ignore[method-assign]
    resolve = Event.resolve_by_type
    if not hasattr(resolve, "cache_info"):
        # Event classes are defined at import time; an unknown name still raises, and is not cached.
        Event.resolve_by_type = staticmethod(lru_cache(maxsize=256)(resolve))  # type: ignore[method-assign]
