"""Wraps a channel's message handler: every message is cleaned first, and no failure is silent."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.render.notices import SOMETHING_WENT_WRONG, UNREACHABLE_MESSAGE
from bot.text import clean_user_text

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]
# What the person reads when part of the assistant failed: never a correct answer (load tests, fuzz test).
FAILURE_NOTICES = (UNREACHABLE_MESSAGE, SOMETHING_WENT_WRONG)


def handle_safely(on_new_message: Handler) -> Handler:
    """Cleans the text (``bot.text``) and answers with an apology if handling the message fails.

    Rasa's channels log such failures and send nothing, which leaves the person waiting.
    """

    async def handle(message: UserMessage) -> Any:
        cleaned = clean_user_text(message.text)
        if cleaned.note:
            await message.output_channel.send_text_message(message.sender_id, cleaned.note)
        message.text = cleaned.text
        try:
            return await on_new_message(message)
        except Exception:
            logger.exception("Handling a message from %s failed", message.sender_id)
            await message.output_channel.send_text_message(message.sender_id, SOMETHING_WENT_WRONG)
            return None

    return handle
