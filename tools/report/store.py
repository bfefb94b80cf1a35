"""Reading conversations from the SQL tracker store that an endpoints file names, read-only.

The report runs against the store the live assistant writes to, so it must never change it: SQLite is
opened read-only, PostgreSQL sessions are read-only transactions, and only SELECT is sent. Sender ids
are read only to keep each conversation's events together; they never leave this module.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import NullPool

from tools.report import wording

REPO_ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{([^}]+)\}")
# The events a turn is judged by; slots, loops and sessions say nothing about the answer.
READ_TYPES = ("user", "action", "bot", "rewind")
# A message sent just before the period ends is answered just after it: its answer is read too.
TURN_GRACE_S = 300.0
CONNECT_TIMEOUT_S = 5
# Rasa reads its PostgreSQL schema from here (rasa.core.constants.POSTGRESQL_SCHEMA).
POSTGRESQL_SCHEMA = "POSTGRESQL_SCHEMA"
EVENTS = sa.table(
    "events", sa.column("id"), sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"),
    sa.column("data"),
)


class StoreError(Exception):
    """A store that cannot be read; the message is one line for the person running the report."""


@dataclass(frozen=True)
class Store:
    """How to reach a tracker store: ``url`` is for messages (its password hidden), ``engine_options``
    make the connection read-only."""

    url: URL
    engine_options: dict[str, Any] = field(default_factory=dict)
    sqlite_path: Path | None = None

    def shown(self) -> str:
        return str(self.sqlite_path) if self.sqlite_path else self.url.render_as_string(hide_password=True)


def tracker_store_settings(endpoints: Path) -> dict[str, Any]:
    """The ``tracker_store`` section of an endpoints file with ``${VAR}`` filled from the environment,
    as Rasa fills it. Only that section is read: the report needs no action server or lock store."""
    if not endpoints.is_file():
        raise StoreError(wording.ENDPOINTS_MISSING.format(path=endpoints))
    try:
        config = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise StoreError(wording.ENDPOINTS_UNREADABLE.format(path=endpoints, reason=_one_line(error))) from None
    settings = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(settings, dict):
        raise StoreError(wording.NO_TRACKER_STORE.format(path=endpoints))
    unset = sorted({name for value in settings.values() if isinstance(value, str)
                    for name in VARIABLE.findall(value) if name not in os.environ})
    if unset:
        raise StoreError(wording.UNSET_VARIABLES.format(path=endpoints, names=", ".join(unset)))
    return {key: VARIABLE.sub(lambda found: os.environ[found.group(1)], value) if isinstance(value, str) else value
            for key, value in settings.items()}


def store_from_settings(settings: dict[str, Any], source: Path) -> Store:
    """The store that Rasa's SQLTrackerStore would open for these settings (its ``get_db_url``): a whole
    URL in ``url``, or host, port, db, username and password. A relative SQLite path is taken from the
    repository root, where scripts/run.sh starts Rasa."""
    kind = str(settings.get("type") or "")
    if kind.lower() != "sql":
        raise StoreError(wording.NOT_SQL.format(path=source, kind=kind or "in-memory"))
    dialect = str(settings.get("dialect") or "sqlite")
    if dialect == "sqlite":
        path = Path(str(settings.get("db") or "rasa.db"))
        path = path if path.is_absolute() else REPO_ROOT / path
        return Store(URL.create("sqlite", database=str(path)), _read_only_sqlite(path), path)
    host, port = settings.get("url") or None, settings.get("port") or None
    if host and "://" in str(host):
        url = sa.engine.make_url(str(host))
    else:
        try:
            if host:
                parsed = urlsplit(f"scheme://{host}")  # the host may carry the port, as Rasa allows
                port, host = parsed.port or port, parsed.hostname or host
            port = int(port) if port is not None else None
        except ValueError:
            raise StoreError(wording.BAD_PORT.format(path=source, port=port)) from None
        url = URL.create(
            dialect, username=settings.get("username") or None, password=settings.get("password") or None,
            host=host, port=port, database=settings.get("db") or "rasa.db", query=settings.get("query") or {},
        )
    return Store(url, _read_only_server(url))


def _read_only_sqlite(path: Path) -> dict[str, Any]:
    """SQLite's own read-only mode: a query cannot write, and a missing file is not created."""
    uri = f"file:{quote(str(path))}?mode=ro"
    return {"creator": lambda: sqlite3.connect(uri, uri=True), "poolclass": NullPool}


def _read_only_server(url: URL) -> dict[str, Any]:
    """PostgreSQL sessions whose transactions are read-only, in Rasa's schema, that give up quickly."""
    if url.get_backend_name() != "postgresql":
        return {"poolclass": NullPool}
    options = "-c default_transaction_read_only=on"
    if os.environ.get(POSTGRESQL_SCHEMA):
        options += f" -c search_path={os.environ[POSTGRESQL_SCHEMA]}"
    return {"poolclass": NullPool, "connect_args": {"options": options, "connect_timeout": CONNECT_TIMEOUT_S}}


def open_store(endpoints: Path) -> Store:
    return store_from_settings(tracker_store_settings(endpoints), endpoints)


def read_conversations(store: Store, start: float, end: float) -> Iterator[list[dict[str, Any]]]:
    """Each conversation's events from ``start`` to a little after ``end`` (TURN_GRACE_S), in the order
    Rasa stored them, as the event dicts Rasa wrote; without their sender ids."""
    if store.sqlite_path is not None and not store.sqlite_path.is_file():
        raise StoreError(wording.SQLITE_MISSING.format(path=store.sqlite_path))
    engine = _engine(store)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                raise StoreError(wording.NO_EVENTS_TABLE.format(url=store.shown()))
            query = (
                sa.select(EVENTS.c.sender_id, EVENTS.c.data)
                .where(EVENTS.c.timestamp >= start, EVENTS.c.timestamp < end + TURN_GRACE_S,
                       EVENTS.c.type_name.in_(READ_TYPES))
                .order_by(EVENTS.c.sender_id, EVENTS.c.id)
            )
            rows = connection.execution_options(stream_results=True).execute(query)
            for _, conversation in groupby(rows, key=lambda row: row[0]):
                yield [event for _, data in conversation if (event := _event(data)) is not None]
    except sa.exc.SQLAlchemyError as error:
        raise StoreError(wording.UNREACHABLE.format(url=store.shown(), reason=_reason(error))) from None
    finally:
        engine.dispose()


def _engine(store: Store) -> Engine:
    try:
        return sa.create_engine(store.url if store.sqlite_path is None else "sqlite://", **store.engine_options)
    except (sa.exc.SQLAlchemyError, ImportError) as error:  # an unknown dialect, or its driver missing
        raise StoreError(wording.UNREACHABLE.format(url=store.shown(), reason=_one_line(error))) from None


def _event(data: str | None) -> dict[str, Any] | None:
    try:
        event = json.loads(data or "")
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _reason(error: sa.exc.SQLAlchemyError) -> str:
    """The database's own words, without SQLAlchemy's statement and link."""
    return _one_line(getattr(error, "orig", None) or error)


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
