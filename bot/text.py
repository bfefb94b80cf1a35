"""Cleans what people type before the assistant reads it.

Control characters and invalid text are dropped, whitespace is collapsed, over-long messages are
cut to MAX_MESSAGE_CHARS (the person is told), and an empty message becomes a request for help, so
every message gets a useful answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.render.notices import EMPTY_MESSAGE_NOTE, long_message_note

MAX_MESSAGE_CHARS = 1000
EMPTY_MESSAGE_PAYLOAD = "/help"
# Control, bidirectional-override and zero-width characters, lone surrogates and replacement marks;
# the zero-width joiner (U+200D) stays, it holds emoji such as a health worker together.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028-\u202e\ud800-\udfff\ufeff\ufffd]"
)


@dataclass(frozen=True)
class CleanMessage:
    text: str
    note: str | None = None


def clean_user_text(raw: object) -> CleanMessage:
    """The text to understand, and an optional note to send the person first."""
    text = raw if isinstance(raw, str) else ""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    text = " ".join(text.split())
    if not text:
        return CleanMessage(EMPTY_MESSAGE_PAYLOAD, EMPTY_MESSAGE_NOTE)
    if len(text) > MAX_MESSAGE_CHARS:
        return CleanMessage(text[:MAX_MESSAGE_CHARS], long_message_note(MAX_MESSAGE_CHARS))
    return CleanMessage(text)
