"""Datastore outages (issue 16): with the production settings (PostgreSQL tracker store, Redis lock store),
the store going away mid-conversation gets the person a clear notice, stores nothing half-done, and the
conversation carries on with its context once the store is back. The stores are the test's own
(``throwaway_stores``): the machine's shared PostgreSQL and Redis are never touched."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.render.notices import STORE_UNAVAILABLE
from tests.integration.stand_ins import hanging_action_server
from tests.integration.throwaway_stores import ThrowawayPostgres, ThrowawayRedis, throwaway_postgres, throwaway_redis
from tools.servers import REPO_ROOT, action_server, rasa_server, reply_text, say

PRODUCTION_ENDPOINTS = REPO_ROOT / "endpoints.production.yml"


@dataclass
class Production:
    bot: str
    postgres: ThrowawayPostgres
    redis: ThrowawayRedis
    workdir: Path

    def user_texts(self, sender: str) -> list[str]:
        """What the tracker store holds of ``sender``'s messages, in order."""
        with self.postgres.connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                           (sender,))
            return [json.loads(data)["text"] for (data,) in cursor.fetchall()]


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    workdir = tmp_path_factory.mktemp("outages")
    with throwaway_postgres() as postgres, throwaway_redis(workdir) as redis_server, action_server(workdir) as actions:
        settings = {**postgres.settings, **redis_server.settings}
        with rasa_server(workdir, actions, endpoints=PRODUCTION_ENDPOINTS, env=settings) as bot:
            yield Production(bot, postgres, redis_server, workdir)


def test_postgres_down_gets_a_notice_and_the_conversation_carries_on_when_it_is_back(production: Production) -> None:
    user = "postgres-outage"
    assert "$72,218" in reply_text(say(production.bot, user, "what does a PACS administrator earn?"))
    production.postgres.stop()
    try:
        # Not "which role?" from a conversation started afresh: the message was not taken in, and says so.
        assert say(production.bot, user, "what exams do they need?", timeout=10) == [
            {"recipient_id": user, "text": STORE_UNAVAILABLE}]
        assert reply_text(say(production.bot, "postgres-newcomer", "hello", timeout=10)) == STORE_UNAVAILABLE
    finally:
        production.postgres.start()
    # The role in focus is still the PACS administrator; only what was taken in is stored.
    assert "CIIP" in reply_text(say(production.bot, user, "what exams do they need?"))
    assert production.user_texts(user) == ["what does a PACS administrator earn?", "what exams do they need?"]


def test_redis_down_gets_a_notice_and_the_conversation_carries_on_when_it_is_back(production: Production) -> None:
    user = "redis-outage"
    assert "$72,218" in reply_text(say(production.bot, user, "what does a PACS administrator earn?"))
    production.redis.stop()
    try:
        assert reply_text(say(production.bot, user, "what exams do they need?", timeout=10)) == STORE_UNAVAILABLE
    finally:
        production.redis.start()
    assert "CIIP" in reply_text(say(production.bot, user, "what exams do they need?"))
    assert production.user_texts(user) == ["what does a PACS administrator earn?", "what exams do they need?"]


def test_postgres_lost_while_a_message_is_handled_leaves_nothing_half_written(
    production: Production, tmp_path: Path
) -> None:
    """The store goes away after the conversation was read and before it is saved: PostgreSQL is stopped
    when the custom action is called, and the action server hangs (the action guard answers after its
    timeout)."""
    user = "postgres-mid-message"
    stopped = threading.Event()

    def stop_postgres() -> None:
        if not stopped.is_set():
            production.postgres.stop()
            stopped.set()

    with hanging_action_server(on_call=stop_postgres) as hanging, rasa_server(
        tmp_path, hanging, endpoints=PRODUCTION_ENDPOINTS, env={**production.postgres.settings,
                                                                **production.redis.settings}) as bot:
        assert "SonoPath" in reply_text(say(bot, user, "hello"))  # no custom action
        try:
            replies = say(bot, user, "what does a PACS administrator earn?", timeout=15)
            assert stopped.is_set()
            # Only the notice: not the action guard's notice, nothing the conversation will not remember.
            assert replies == [{"recipient_id": user, "text": STORE_UNAVAILABLE}]
        finally:
            if stopped.is_set():
                production.postgres.start()
        assert production.user_texts(user) == ["hello"]
        assert "SonoPath" in reply_text(say(bot, user, "hello"))
