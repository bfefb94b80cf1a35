"""Cleaning what people type (bot.text)."""

from __future__ import annotations

import pytest

from bot.text import EMPTY_MESSAGE_PAYLOAD, MAX_MESSAGE_CHARS, clean_user_text


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x07\n\t", None, 42, "\u200b\ufeff"])
def test_empty_messages_become_a_help_request_with_a_note(raw: object) -> None:
    cleaned = clean_user_text(raw)
    assert cleaned.text == EMPTY_MESSAGE_PAYLOAD
    assert cleaned.note and "empty" in cleaned.note


def test_long_messages_are_cut_and_the_person_is_told() -> None:
    cleaned = clean_user_text("pay " * 5000)
    assert len(cleaned.text) == MAX_MESSAGE_CHARS
    assert cleaned.note and f"{MAX_MESSAGE_CHARS:,}" in cleaned.note


def test_control_characters_are_dropped_and_spaces_collapsed() -> None:
    assert clean_user_text("how\x00 much\x1b does\r\n  an echo tech\u202e make?") == clean_user_text(
        "how much does an echo tech make?"
    )
    assert clean_user_text("how much does an echo tech make?").note is None


def test_emoji_and_other_languages_are_kept() -> None:
    assert clean_user_text("¿Cuánto gana? 😀").text == "¿Cuánto gana? 😀"
