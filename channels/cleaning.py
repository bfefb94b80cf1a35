"""Wraps a channel's message handler: every message is cleaned first, and no failure is silent."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError

from bot.render.notices import SOMETHING_WENT_WRONG, STORE_UNAVAILABLE
from bot.text import clean_user_text
from rasa_patches.store_guard import StoreUnavailable

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]
# The conversation could not be read, saved or locked (PostgreSQL or Redis away): the message was not taken in.
STORE_FAILURES = (StoreUnavailable, LockError)


def handle_safely(on_new_message: Handler) -> Handler:
    """Cleans the text (``bot.text``) and answers with an apology if handling the message fails.

    Rasa's channels log such failures and send nothing, which leaves the person waiting. When the
    conversation's store or lock failed, nothing of the message was stored: a REST reply then holds
    only the notice to send it again, never an answer that the conversation does not remember.
    """

    async def handle(message: UserMessage) -> Any:
        cleaned = clean_user_text(message.text)
        if cleaned.note:
            await message.output_channel.send_text_message(message.sender_id, cleaned.note)
        message.text = cleaned.text
        try:
            return await on_new_message(message)
        except STORE_FAILURES as error:
            logger.warning("A message from %s was not taken in: %s", message.sender_id, error)
            collected = getattr(message.output_channel, "messages", None)
            if isinstance(message.output_channel, CollectingOutputChannel) and isinstance(collected, list):
                collected.clear()  # a streamed reply (a queue) has sent its part already
            await message.output_channel.send_text_message(message.sender_id, STORE_UNAVAILABLE)
            return None
        except Exception:
            logger.exception("Handling a message from %s failed", message.sender_id)
            await message.output_channel.send_text_message(message.sender_id, SOMETHING_WENT_WRONG)
            return None

    return handle
