"""The word lists of ``knowledge/reading.yml``, validated with pydantic and loaded once per process.

Every phrase must be written as ``fold`` leaves text (``Phrase``): a phrase with a capital, an
accent or an apostrophe could never match folded text, so it is an error naming the file and field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, validator

from bot.reading.words import Phrase
from bot.schools.programs import ANY_CREDENTIAL
from bot.validation import REPO_ROOT, StrictModel, describe_errors, display_path, read_yaml_mapping

VOCABULARY_FILE = REPO_ROOT / "knowledge" / "reading.yml"


class VocabularyError(ValueError):
    """knowledge/reading.yml is missing, unreadable or breaks its schema; the message names the field."""


Phrases = list[Phrase]


def _not_empty(value: dict) -> dict:
    if not value:
        raise ValueError("must not be empty")
    return value


def _each_phrase_in_one_group(groups: dict[str, list[str]], clash: str) -> dict[str, list[str]]:
    """Raises if a phrase is listed under two groups; ``clash`` words the error from the group, the
    phrase and the group that listed it first."""
    seen: dict[str, str] = {}
    for group, phrases in groups.items():
        for phrase in phrases:
            if phrase in seen:
                raise ValueError(clash.format(group=group, phrase=phrase, first=seen[phrase]))
            seen[phrase] = group
    return groups


def _no_repeats(phrases: list[str]) -> list[str]:
    repeated = sorted({phrase for phrase in phrases if phrases.count(phrase) > 1})
    if repeated:
        raise ValueError(f"'{repeated[0]}' is listed twice")
    return phrases


class PlaceWords(StrictModel):
    """How places are introduced, ended, shortened and named otherwise (``bot.reading.places``)."""

    leads: Phrases = Field(min_items=1)
    ends: Phrases = Field(min_items=1)
    ends_after_comma: Phrases = Field(min_items=1)
    prefixes: Phrases = Field(min_items=1)
    needs_location: Phrases = Field(min_items=1)
    needs_location_after_lead: Phrases = Field(min_items=1)
    words_not_codes: Phrases = Field(min_items=1)
    anywhere: Phrases = Field(min_items=1)
    city_abbreviations: dict[Phrase, Phrase]
    city_aliases: dict[Phrase, Phrase]
    cities_that_are_words: Phrases

    _unique = validator(
        "leads", "ends", "ends_after_comma", "prefixes", "needs_location", "needs_location_after_lead",
        "words_not_codes", "anywhere", "cities_that_are_words",
        allow_reuse=True,
    )(_no_repeats)
    _filled = validator("city_abbreviations", allow_reuse=True)(_not_empty)

    @validator("city_abbreviations")
    def abbreviations_are_single_words(cls, value: dict[str, str]) -> dict[str, str]:
        for short, long in value.items():
            if " " in short or " " in long:
                raise ValueError(f"'{short}: {long}' must be one word for one word")
        return value

    @validator("city_aliases")
    def aliases_end_in_a_state_code(cls, value: dict[str, str]) -> dict[str, str]:
        for alias, city in value.items():
            if not re.fullmatch(r".+ [a-z]{2}", city):
                raise ValueError(f"'{alias}': '{city}' must be a city and its state code, like 'new york ny'")
        return value


class CredentialLevelWords(StrictModel):
    """What people call each credential group, and "any level" (``bot.reading.levels``)."""

    articles: Phrases = Field(min_items=1)
    words: dict[str, Phrases]
    any_level: Phrases = Field(min_items=1)

    _unique = validator("articles", "any_level", allow_reuse=True)(_no_repeats)

    @validator("words")
    def each_word_names_one_group(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if ANY_CREDENTIAL not in value:
            raise ValueError(f"needs the group '{ANY_CREDENTIAL}' (no filter)")
        return _each_phrase_in_one_group(value, "{group}: '{phrase}' is already a word of '{first}'")


class QuizAnswerWords(StrictModel):
    """Years, doubt and negation in typed questionnaire answers (``bot.recommend.detect_answer``)."""

    numbers: dict[Phrase, int]
    years: Phrases = Field(min_items=1)
    fewer: Phrases = Field(min_items=1)
    more: Phrases = Field(min_items=1)
    unsure: Phrases = Field(min_items=1)
    negations: Phrases = Field(min_items=1)
    refusals: Phrases = Field(min_items=1)

    _unique = validator("years", "fewer", "more", "unsure", "negations", "refusals", allow_reuse=True)(_no_repeats)
    _filled = validator("numbers", allow_reuse=True)(_not_empty)

    @validator("numbers")
    def numbers_are_positive(cls, value: dict[str, int]) -> dict[str, int]:
        for word, number in value.items():
            if number < 1:
                raise ValueError(f"'{word}' must be a whole number of 1 or more")
        return value


class AnswerBankWords(StrictModel):
    """How the answer bank (``bot.answer_bank``) tells the subject of a question from its filler."""

    kept_function_words: Phrases = Field(min_items=1)
    filler_words: Phrases = Field(min_items=1)
    subject_words: Phrases = Field(min_items=1)
    comparison_phrasings: list[str] = Field(min_items=1)
    neighbours_phrasings: list[str] = Field(min_items=1)

    _unique = validator("kept_function_words", "filler_words", "subject_words", allow_reuse=True)(_no_repeats)

    @validator("comparison_phrasings", each_item=True)
    def names_the_career(cls, value: str) -> str:
        if value.count("{career}") != 1 or value.replace("{career}", "").count("{"):
            raise ValueError(f"'{value}' must hold {{career}} once, where the career's name goes")
        return value


class Vocabulary(StrictModel):
    """All of reading.yml; ``no_preference`` is shared by the place and the credential-level readers."""

    no_preference: Phrases = Field(min_items=1)
    subject_words: Phrases = Field(min_items=1)
    field_words: Phrases = Field(min_items=1)
    asks_for_a_suggestion: Phrases = Field(min_items=1)
    asks_which_role_fits: Phrases = Field(min_items=1)
    study_material: Phrases = Field(min_items=1)
    refers_to_roles_discussed: Phrases = Field(min_items=1)
    asks_to_write: Phrases = Field(min_items=1)
    writing_commands: Phrases = Field(min_items=1)
    documents: Phrases = Field(min_items=1)
    own_pay: Phrases = Field(min_items=1)
    own_pay_hypothetical: Phrases = Field(min_items=1)
    fact_words: dict[str, Phrases]
    fact_last_words: dict[str, Phrases]
    while_studying: Phrases = Field(min_items=1)
    question_starts: Phrases = Field(min_items=1)
    places: PlaceWords
    credential_levels: CredentialLevelWords
    quiz_answers: QuizAnswerWords
    answer_bank: AnswerBankWords

    _unique = validator(
        "no_preference", "subject_words", "field_words", "asks_for_a_suggestion", "asks_which_role_fits",
        "study_material", "refers_to_roles_discussed", "question_starts", "while_studying", "asks_to_write",
        "writing_commands", "documents", "own_pay", "own_pay_hypothetical",
        allow_reuse=True,
    )(_no_repeats)
    _filled = validator("fact_words", allow_reuse=True)(_not_empty)

    @validator("fact_words")
    def each_phrase_asks_one_fact(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _each_phrase_in_one_group(value, "{group}: '{phrase}' already asks for '{first}'")


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and validate reading.yml; any problem raises VocabularyError naming the file and field."""
    content = read_yaml_mapping(path, VocabularyError)
    try:
        return Vocabulary(**content)
    except ValidationError as error:
        raise VocabularyError(f"{display_path(path)}: {describe_errors(error)}") from error


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The project's word lists, loaded once per process."""
    return load_vocabulary()
