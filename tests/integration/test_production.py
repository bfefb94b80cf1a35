"""The production configuration: Rasa replicas sharing PostgreSQL (tracker store) and Redis (lock store).

Runs in `make test` against the services on this machine. When CI is set and a service is missing,
the tests fail rather than skip: a green CI must mean the scale-out was tested.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import pytest
import redis

from bench.load import run_load
from bot.render.notices import FAILURE_NOTICES
from tools.servers import REPO_ROOT, action_server, rasa_replicas, reply_text, say

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": 6379, "db": 3}
REPORT = REPO_ROOT / "test-output" / "load-test.txt"


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    try:
        admin = psycopg2.connect(dbname="postgres", connect_timeout=3, **POSTGRES)
    except psycopg2.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {POSTGRES['host']}:{POSTGRES['port']}: {error}")
    admin.autocommit = True
    name = f"sonopath_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(scope="module")
def redis_db() -> str:
    try:
        redis.Redis(socket_timeout=3, **REDIS).ping()
    except redis.RedisError as error:
        unavailable(f"Redis is not reachable at {REDIS['host']}:{REDIS['port']}: {error}")
    return str(REDIS["db"])


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, database: str, redis_db: str) -> Iterator[list[str]]:
    """Two Rasa replicas started with endpoints.production.yml, and one action server."""
    workdir = tmp_path_factory.mktemp("replicas")
    settings = {
        "SONOPATH_DB_HOST": POSTGRES["host"],
        "SONOPATH_DB_PORT": str(POSTGRES["port"]),
        "SONOPATH_DB_NAME": database,
        "SONOPATH_DB_USER": POSTGRES["user"],
        "SONOPATH_DB_PASSWORD": "",
        "SONOPATH_REDIS_HOST": REDIS["host"],
        "SONOPATH_REDIS_PORT": str(REDIS["port"]),
        "SONOPATH_REDIS_DB": redis_db,
        "SONOPATH_REDIS_PASSWORD": "",
    }
    with action_server(workdir) as actions_url, rasa_replicas(
        workdir, actions_url, 2, REPO_ROOT / "endpoints.production.yml", settings
    ) as urls:
        yield urls


def stored_events(database: str, sender: str) -> list[tuple[str, dict]]:
    """The (type, data) of every event the tracker store holds for ``sender``, in order."""
    with psycopg2.connect(dbname=database, **POSTGRES) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [(type_name, json.loads(data)) for type_name, data in cursor.fetchall()]


def user_texts(events: list[tuple[str, dict]]) -> list[str]:
    return [data.get("text") for type_name, data in events if type_name == "user"]


def test_a_conversation_alternating_between_replicas_keeps_its_context(replicas: list[str], database: str) -> None:
    first, second = replicas
    user = f"replica-{uuid.uuid4().hex[:6]}"
    turns = [
        (first, "what does a PACS administrator earn?", "$72,218"),
        (second, "what exams do they need?", "CIIP"),  # the role in focus came from the other replica
        (first, "which role would fit me?", "enjoy most"),
        (second, "I like teaching people", "highest degree"),  # a form in progress, across replicas
        (first, "I have a bachelor's degree", "How many years"),
    ]
    for server, message, expected in turns:
        assert expected in reply_text(say(server, user, message)), (server, message)
    assert user_texts(stored_events(database, user)) == [message for _, message, _ in turns]


def test_messages_sent_at_once_to_both_replicas_are_handled_one_after_another(
    replicas: list[str], database: str
) -> None:
    user = f"impatient-{uuid.uuid4().hex[:6]}"
    messages = [f"what does a PACS administrator earn? ({index})" for index in range(10)]
    with ThreadPoolExecutor(max_workers=len(messages)) as pool:
        answers = list(pool.map(lambda pair: say(replicas[pair[0] % 2], user, pair[1]), enumerate(messages)))
    assert all("$72,218" in reply_text(replies) for replies in answers)

    events = stored_events(database, user)
    assert sorted(user_texts(events)) == sorted(messages)  # every message stored, none twice
    # The Redis lock keeps turns whole: each message's actions end (action_listen) before the next starts.
    turn_open = False
    for type_name, data in events:
        if type_name == "user":
            assert not turn_open, "a message was handled while another was still being answered"
            turn_open = True
        elif type_name == "action" and data.get("name") == "action_listen":
            turn_open = False


def test_fifty_users_twenty_messages_each_no_errors_and_nothing_lost(replicas: list[str], database: str) -> None:
    report = asyncio.run(run_load(replicas, users=50, messages_per_user=20, failure_texts=FAILURE_NOTICES))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(f"Load test over {len(replicas)} replicas (PostgreSQL + Redis): {report.summary()}\n")
    print(report.summary())
    assert report.errors == [], report.errors[:5]
    assert report.sent == 1000
    lost = {
        sender: stored
        for sender, sent in report.conversations.items()
        if (stored := len(user_texts(stored_events(database, sender)))) != sent
    }
    assert len(report.conversations) == 50
    assert lost == {}, f"conversations whose stored messages differ from those sent: {lost}"


def test_production_endpoints_hold_no_secrets() -> None:
    text = Path(REPO_ROOT / "endpoints.production.yml").read_text()
    for line in text.splitlines():
        key, _, value = line.strip().partition(":")
        if key in {"password", "username", "url", "port", "db"}:
            assert value.strip().startswith("${"), f"{key} must come from the environment: {line}"
