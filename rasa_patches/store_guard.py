"""Keeps a conversation whole when its tracker store is down (a behaviour fix, not a speed-up).

Rasa 3.6 wraps every tracker store in ``FailSafeTrackerStore``: when PostgreSQL cannot be reached, a
read returns no conversation and a save goes to memory. The message is then answered as the first of
a new conversation (the role in focus, a form in progress forgotten, a confident answer without its
context), and what it said is kept only in that one server's memory, lost when the store is back or
on another replica. Here a failed read or save raises ``StoreUnavailable`` instead: the channels
(``channels/cleaning.py``) tell the person the message was not taken in and to send it again, and
nothing of it is stored. The save is one transaction (``rasa_patches/tracker_store.py``), so a
failure leaves the stored conversation as it was before the message. Wrappers around Rasa 3.6.21's
``FailSafeTrackerStore.retrieve``, ``retrieve_full_tracker`` and ``save``; they copy none of its code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore

from rasa_patches.patch import Patch, Replacement

logger = logging.getLogger(__name__)


class StoreUnavailable(Exception):
    """The conversation could not be read or saved; the message was not taken in."""


def _raising(method: str) -> Callable[..., Awaitable[Any]]:
    async def call(self: FailSafeTrackerStore, *args: Any) -> Any:
        try:
            return await getattr(self._tracker_store, method)(*args)
        except Exception as error:
            logger.error("The tracker store (%s) failed in %s: %s", type(self._tracker_store).__name__, method, error)
            raise StoreUnavailable(f"{method} failed: {error}") from error

    call.__name__ = method
    return call


PATCH = Patch(
    "store_guard",
    "3.6.21",
    tuple(Replacement(FailSafeTrackerStore, method, _raising(method))
          for method in ("retrieve", "retrieve_full_tracker", "save")),
)
