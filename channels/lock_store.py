"""A Redis lock store whose tickets stay correct when several Rasa replicas share it.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's ticket lock as one Redis value and changes
it by read-modify-write (GET, change, SET). Two replicas that take a ticket for the same
conversation at the same moment both read the same lock, both write it back, and one ticket is
lost: both messages are then handled at once and one of them disappears from the tracker store
(tests/test_production.py caught exactly this). Here every change is an optimistic transaction
on the lock's own key (WATCH, then MULTI/EXEC, retried when another replica wrote in between), so
tickets are issued and retired one at a time. Nothing sleeps in the server's event loop and no
other key is involved, while Rasa's ticket logic (``TicketLock``) stays as it is.

endpoints.production.yml selects it with ``type: channels.lock_store.AtomicRedisLockStore``; it
takes the same settings as Rasa's ``type: redis``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")
# A change returns the lock to store (None deletes it) and what the caller gets back.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]
MAX_ATTEMPTS = 100  # each retry means another replica changed this conversation's lock meanwhile


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with each read-modify-write done as one Redis transaction."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **settings: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by its module path
            settings = {"host": endpoint_config.url, **endpoint_config.kwargs, **settings}
        super().__init__(**settings)

    def _atomically(self, conversation_id: str, change: Change[Result]) -> Result:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue
        raise LockError(f"The lock of conversation '{conversation_id}' kept changing; gave up after {MAX_ATTEMPTS}.")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, drop_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._atomically(conversation_id, finish)
