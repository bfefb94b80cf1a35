"""Wraps a channel's message handler so every message is cleaned by ``bot.text`` first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.text import clean_user_text

Handler = Callable[[UserMessage], Awaitable[Any]]


def cleaning(on_new_message: Handler) -> Handler:
    async def handle(message: UserMessage) -> Any:
        cleaned = clean_user_text(message.text)
        if cleaned.note:
            await message.output_channel.send_text_message(message.sender_id, cleaned.note)
        message.text = cleaned.text
        return await on_new_message(message)

    return handle
