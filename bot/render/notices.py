"""Notes about a message itself, and notices that something failed, sent by the channels and the Rasa
patches rather than by an action. Kept free of heavy imports: the Rasa server loads this module."""

from __future__ import annotations

EMPTY_MESSAGE_NOTE = "Your message was empty, so here is what I can help with."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
UNREACHABLE_MESSAGE = "I can't reach my knowledge right now, please try again in a moment."
STORE_UNAVAILABLE = ("I can't reach my memory of our conversation right now, so I didn't take in that message. "
                     "Please send it again in a moment.")
# What the person reads when part of the assistant failed: never a correct answer (load tests, fuzz test, soak).
FAILURE_NOTICES = (UNREACHABLE_MESSAGE, SOMETHING_WENT_WRONG, STORE_UNAVAILABLE)


def long_message_note(max_chars: int) -> str:
    """Sent before the answer to a message cut to its first ``max_chars`` characters."""
    return f"Your message was long, so I read its first {max_chars:,} characters."


def too_many_messages(retry_after_s: int) -> str:
    """Sent instead of an answer to a message over the sender's or the address's limit."""
    wait = "a second" if retry_after_s <= 1 else f"{retry_after_s} seconds"
    return f"You're sending messages faster than I can answer them. Please wait {wait} and send your message again."
