"""Reading a credential level: what people call the credential groups of ``programs.yml``
("an associate's", "BS", "PhD"), and "any level" when they have no preference."""

from __future__ import annotations

from functools import lru_cache

from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import fold, has_phrase, plural_forms, singular
from bot.schools.programs import ANY_CREDENTIAL


@lru_cache(maxsize=1)
def _group_of_word() -> dict[str, str]:
    words = default_vocabulary().credential_levels.words
    return {word: group for group, group_words in words.items() for word in group_words}


@lru_cache(maxsize=1)
def _any_level_phrases() -> tuple[str, ...]:
    """The any_level phrases with the plural forms of their last word, then the no-preference phrases."""
    vocabulary = default_vocabulary()
    phrases = []
    for phrase in vocabulary.credential_levels.any_level:
        *first, last = phrase.split()
        phrases += [" ".join([*first, form]) for form in plural_forms(last)]
    return (*phrases, *vocabulary.no_preference)


def resolve_credential(text: str | None) -> str | None:
    """Map what a person calls a credential ("an associate's", "BS", "PhD") to a group name, or None.

    A leading article and a trailing "degree" or "degrees" may be there or not.
    """
    words = fold(text or "")
    for article in default_vocabulary().credential_levels.articles:
        words = words.removeprefix(article + " ")
    *first, last = words.split() or [""]
    if singular(last) == "degree":
        words = " ".join([*first, "degree"])
    index = _group_of_word()
    return index.get(words) or index.get(words.removesuffix(" degree"))


def find_level(text: str) -> str | None:
    """A credential level named anywhere in the text ("an associate's", "any level", "MS").

    The longest credential word wins, leftmost first; only a text naming none is read for "any
    level" or a no-preference phrase ("doesn't matter").
    """
    folded = fold(text)
    words = folded.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            level = resolve_credential(" ".join(words[start : start + size]))
            if level:
                return level
    if any(has_phrase(folded, phrase) for phrase in _any_level_phrases()):
        return ANY_CREDENTIAL
    return None
