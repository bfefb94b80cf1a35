"""A Redis lock store whose tickets stay correct when several Rasa replicas share it.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's ticket lock as one Redis value and changes
it by read-modify-write (GET, change, SET). Two replicas that take a ticket for the same
conversation at the same moment both read the same lock, both write it back, and one ticket is
lost: both messages are then handled at once and one of them disappears from the tracker store
(tests/test_production.py caught exactly this). Here every change to a lock happens under a
short Redis mutex per conversation (redis-py's ``Lock``: SET NX PX with a token), so tickets are
issued and retired one at a time while Rasa's ticket logic stays as it is.

endpoints.production.yml selects it with ``type: channels.lock_store.AtomicRedisLockStore``; it
takes the same settings as Rasa's ``type: redis``.
"""

from __future__ import annotations

from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_S = 5.0  # a mutex is held for a few Redis round trips; this only matters if a replica dies


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **settings: Any) -> None:
        if endpoint_config is not None:
            settings = {"host": endpoint_config.url, **endpoint_config.kwargs, **settings}
        super().__init__(**settings)

    def _mutex(self, conversation_id: str) -> Any:
        return self.red.lock(
            f"{self.key_prefix}mutex:{conversation_id}", timeout=MUTEX_TIMEOUT_S, blocking_timeout=MUTEX_TIMEOUT_S
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
