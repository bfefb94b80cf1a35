"""Keeps the chat answering when the action server is down or slow (a behaviour fix, not a speed-up).

Rasa 3.6 waits up to five minutes for a custom action (``DEFAULT_REQUEST_TIMEOUT`` is hard-coded in
``RemoteAction.run``) and, when the call fails, logs the error and sends the person nothing. It has
no hook for either, so this patch wraps ``RemoteAction.run`` (as Rasa 3.6.21 defines it; the
wrapper calls Rasa's own, it copies none of its code):

- a call gets ``SONOPATH_ACTION_TIMEOUT`` seconds (default 3.5, so the person hears back within 5 s);
- when it fails or times out, the person is told once per message and the bot listens again; the
  conversation (role in focus, form in progress) stays as it was, so it continues when the server
  is back. An answer to a form's question that could not be checked is not kept: the form asks
  the same question again afterwards;
- the later custom actions of that same message are not tried, so one message waits for at most one
  timeout.

Form rejections (``ActionExecutionRejection``) are part of normal form handling and pass through.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import OrderedDict
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import Event, FollowupAction, SlotSet, UserUttered

from bot.render.notices import UNREACHABLE_MESSAGE
from rasa_patches.patch import Patch, Replacement

logger = logging.getLogger(__name__)

TIMEOUT_VARIABLE = "SONOPATH_ACTION_TIMEOUT"
DEFAULT_TIMEOUT_S = 3.5
_REMEMBERED_MESSAGES = 10_000


def action_timeout() -> float:
    """Seconds one custom action may take; a bad setting falls back to the default, loudly."""
    raw = os.environ.get(TIMEOUT_VARIABLE, "")
    if not raw.strip():
        return DEFAULT_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 60:
        logger.warning("%s=%r is not in (0, 60] seconds; using %s", TIMEOUT_VARIABLE, raw, DEFAULT_TIMEOUT_S)
        return DEFAULT_TIMEOUT_S
    return value


class _FailedMessages:
    """The messages whose custom actions already failed, so each is answered with one notice.

    Keyed by the user message's id (every channel message gets a fresh one), bounded in size.
    """

    def __init__(self, capacity: int = _REMEMBERED_MESSAGES) -> None:
        self._keys: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._capacity = capacity

    @staticmethod
    def key(tracker: Any) -> tuple[str, str]:
        latest = tracker.latest_message
        message_id = getattr(latest, "message_id", None) or str(getattr(latest, "timestamp", ""))
        return tracker.sender_id, message_id

    def __contains__(self, tracker: Any) -> bool:
        return self.key(tracker) in self._keys

    def add(self, tracker: Any) -> None:
        self._keys[self.key(tracker)] = None
        while len(self._keys) > self._capacity:
            self._keys.popitem(last=False)


_failed = _FailedMessages()


def _listen() -> list[Event]:
    return [FollowupAction(ACTION_LISTEN_NAME)]


def _unchecked_answers(tracker: Any) -> list[Event]:
    """Empties the slots filled from the latest message, which the form's validation never saw."""
    filled: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, SlotSet) and event.key != REQUESTED_SLOT and event.key not in filled:
            filled.append(event.key)
    return [SlotSet(slot, None) for slot in filled]


rasa_run = RemoteAction.run


async def guarded_run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list[Event]:
    """Rasa's ``RemoteAction.run`` within the timeout; a failure tells the person instead of nothing."""
    if tracker in _failed:
        logger.info("Skipping custom action '%s': the action server already failed this message", self.name())
        return _listen()
    try:
        return await asyncio.wait_for(rasa_run(self, output_channel, nlg, tracker, domain), action_timeout())
    except ActionExecutionRejection:
        raise
    except Exception as error:  # down, slow, or an answer Rasa cannot read: Rasa would say nothing
        reason = "timed out" if isinstance(error, asyncio.TimeoutError) else f"{type(error).__name__}: {error}"
        logger.error("Custom action '%s' failed (%s); telling the person to try again", self.name(), reason)
        _failed.add(tracker)
        # Sent directly: Rasa drops bot messages returned by the slot-mapping actions it runs first.
        await output_channel.send_text_message(tracker.sender_id, UNREACHABLE_MESSAGE)
        if self.name().startswith("validate_"):
            return [*_unchecked_answers(tracker), *_listen()]
        return _listen()


PATCH = Patch("action_guard", rasa_version="3.6.21", replacements=(Replacement(RemoteAction, "run", guarded_run),))
