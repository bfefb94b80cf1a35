"""Words as SonoPath compares them: one normaliser and one plural rule for every reader.

Every reader (places, credential levels, program words, role aliases, quiz answers) compares
``fold``-ed text with ``fold``-ed word lists, so "St. Louis", "st louis" and "ST LOUIS" agree, and so
do "associate's" and "associates". The spaCy pipeline build and the role resolver share
``plural_forms``/``singular``, so the entity ruler and the alias lookup accept the same plurals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

# Periods go, except a decimal point ("1.5"); apostrophes go ("associate's" -> "associates").
_DROPPED = re.compile(r"['\u2019]|(?<!\d)\.|\.(?!\d)")
# A plus sign after a number ("5+ years", "5 + years") is a word of its own; anywhere else it is punctuation.
_PLUS = re.compile(r"(\d)?\s*\+")
# What becomes a space, apart from plus signs: punctuation other than the decimal points kept above.
_PUNCTUATION = re.compile(r"[^\w\s.+]|_")
# Word endings that take "es" in the plural: "coach" -> "coaches", "box" -> "boxes".
_ES_ENDINGS = ("ch", "sh", "x")


def fold(text: str) -> str:
    """Lower case without accents, apostrophes or periods; other punctuation becomes a space; spaces collapse.

    "Saint-Étienne" -> "saint etienne", "R.D.C.S." -> "rdcs", "Washington, D.C." -> "washington dc",
    "don't" -> "dont", "1.5 yrs" -> "1.5 yrs", "5+ years" -> "5 + years".
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = _PUNCTUATION.sub(" ", _DROPPED.sub("", text))
    text = _PLUS.sub(lambda plus: f"{plus.group(1)} + " if plus.group(1) else " ", text)
    return " ".join(text.split())


def has_phrase(folded: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs as whole words in ``folded`` (both already folded)."""
    return f" {phrase} " in f" {folded} "


def plural_forms(word: str) -> list[str]:
    """The word and its regular plurals, so "PACS admins" matches the alias "PACS admin".

    A word already ending in "s" is taken as it is; after "ch", "sh" or "x" both endings are
    accepted ("coaches", but also "techs").
    """
    if word.endswith("s"):
        return [word]
    if word.endswith(_ES_ENDINGS):
        return [word, word + "es", word + "s"]
    return [word, word + "s"]


def singular(text: str) -> str:
    """Undo a regular plural at the end ("ultrasound technicians" -> "ultrasound technician").

    The inverse of ``plural_forms``: the shortest stem whose plural forms include ``text``, or the
    text itself ("class", "echo") when there is none.
    """
    for stem in (text[:-2], text[:-1]):
        if len(stem) < len(text) and text in plural_forms(stem):
            return stem
    return text


class Phrase(str):
    """A pydantic field type for a data-file phrase, which must be written as ``fold`` leaves text
    ("dont care", not "Don't care"), or it could never match what people type."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[object], str]]:
        yield cls.validate

    @classmethod
    def validate(cls, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, found {value!r} (quote words such as 'no' that YAML reads otherwise)")
        if not value or fold(value) != value:
            raise ValueError(f"'{value}' must be written as fold leaves it: '{fold(value)}'")
        return value
