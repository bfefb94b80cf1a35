"""Every state name and postal code, and every two-letter English word, through the place readers
(``read_request`` for a school search, ``find_places`` for a question about figures): a common word is
never a place, and a code counts where it is written as a code in a place's position."""

from __future__ import annotations

import pytest

from bot.reading.school_requests import find_places, read_request, without_places
from bot.schools.catalogue import default_catalogue

CATALOGUE = default_catalogue()
STATES = CATALOGUE.programs.state_names  # code -> name, the 50 states, DC and the territories
# The two-letter words of the public Scrabble word list (TWL), as Rasa passes them: in lower case.
TWO_LETTER_WORDS = [
    "aa", "ab", "ad", "ae", "ag", "ah", "ai", "al", "am", "an", "ar", "as", "at", "aw", "ax", "ay", "ba", "be",
    "bi", "bo", "by", "da", "de", "do", "ed", "ef", "eh", "el", "em", "en", "er", "es", "ew", "ex", "fa", "fe",
    "gi", "go", "ha", "he", "hi", "hm", "ho", "id", "if", "in", "is", "it", "jo", "ka", "ki", "la", "li", "lo",
    "ma", "me", "mi", "mm", "mo", "mu", "my", "na", "ne", "no", "nu", "od", "oe", "of", "oh", "oi", "ok", "om",
    "on", "op", "or", "os", "ow", "ox", "oy", "pa", "pe", "pi", "po", "qi", "re", "sh", "si", "so", "ta", "te",
    "ti", "to", "uh", "um", "un", "up", "us", "ut", "we", "wo", "xi", "xu", "ya", "ye", "yo", "za",
    "co",  # not in the list, but as common in chat as "ok"
]
# Right after "in", "near", "about"... (a place's position), and elsewhere.
PLACE_POSITIONS = ["programs in {}", "schools near {}", "what about {}", "schools in {} please",
                   "how much do they make in {}"]
OTHER_POSITIONS = ["{}", "schools {}", "is it {}", "{} {}"]
# Codes that are words of the list but rarer as words than as a typed state ("schools in mi"): states
# in a place's position, never elsewhere.
CODES_BEFORE_WORDS = {"ar", "mi", "ne", "ut"}


def school_search_place(text: str) -> str | None:
    place = read_request(CATALOGUE, text, []).place
    return place.label if place else None


@pytest.mark.parametrize("code", sorted(STATES))
def test_every_state_is_read_by_name_and_by_its_code_in_capitals(code: str) -> None:
    name = STATES[code]
    for text in [f"programs in {name}", f"programs in {name.lower()}", f"schools near {code}", f"what about {code}?",
                 name.lower(), code]:
        assert school_search_place(text) == name, text
    assert [place.label for place in find_places(CATALOGUE, f"how much do sonographers make in {name}?")] == [name]


@pytest.mark.parametrize("word", sorted(set(TWO_LETTER_WORDS)))
def test_no_two_letter_english_word_is_a_place(word: str) -> None:
    for position in PLACE_POSITIONS + OTHER_POSITIONS:
        text = position.format(word, word)
        expected = STATES[word.upper()] if word in CODES_BEFORE_WORDS and position in PLACE_POSITIONS else None
        assert school_search_place(text) == expected, text
        assert find_places(CATALOGUE, text) == [], text  # a bare code never scopes a figure


def test_a_lowercase_code_that_is_no_word_is_a_state_right_after_in() -> None:
    codes = [code.lower() for code in STATES if code.lower() not in TWO_LETTER_WORDS]
    assert len(codes) > 30
    for code in codes:
        assert school_search_place(f"programs in {code}") == STATES[code.upper()], code
        assert school_search_place(f"is it {code}") is None, code  # not in a place's position


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("programs in St. Louis", "Saint Louis, MO"),
        ("schools near Ft. Worth please", "Fort Worth, TX"),
        ("how much do they make in the U.S. Virgin Islands?", "U.S. Virgin Islands"),
        ("programs in Ohio. What do they cost?", "Ohio"),
    ],
)
def test_a_full_stop_after_an_initial_or_a_short_form_does_not_end_the_place(text: str, place: str) -> None:
    assert school_search_place(text) == place
    assert [found.label for found in find_places(CATALOGUE, text)] == [place]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("how much do sonographers make in florida? thinking about moving there",
         "how much do sonographers make? thinking about moving there"),
        ("what do they make near St. Louis, MO?", "what do they make?"),
        ("what about in texas", "what about"),
        ("what mistakes do techs make in their first year", "what mistakes do techs make in their first year"),
        ("what do new grads make in school", "what do new grads make in school"),
    ],
)
def test_a_question_without_its_places_keeps_every_other_word(text: str, kept: str) -> None:
    assert without_places(default_catalogue(), text) == kept


def test_a_place_named_while_another_is_asked_about_is_read_not_the_lead_word() -> None:
    assert read_request(default_catalogue(), "what about in narnia", []).place_text == "narnia"
