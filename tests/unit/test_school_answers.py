"""Reading school requests (bot.reading.school_requests) and writing school answers (bot.render.schools)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.knowledge import KnowledgeBase
from bot.reading.levels import find_level
from bot.reading.school_requests import find_places, read_request
from bot.render.schools import alternative_text, cost_note, results_text
from bot.schools.catalogue import default_catalogue
from bot.schools.results import Alternative

CATALOGUE = default_catalogue()


@pytest.mark.parametrize(
    ("text", "place", "level", "role_id"),
    [
        ("Associate sonography programs in Ohio", "Ohio", "associate", "diagnostic_medical_sonographer"),
        ("where can I study sonography in Ohio?", "Ohio", None, "diagnostic_medical_sonographer"),
        ("sonography schools near Columbus", "Columbus, OH", None, "diagnostic_medical_sonographer"),
        ("what about Michigan?", "Michigan", None, None),
        ("only bachelor's", None, "bachelor", None),
        ("programs in TX please", "Texas", None, None),
        ("how about near Cleveland instead", "Cleveland, OH", None, None),
        ("anywhere", "anywhere in the US", None, None),
        ("any level is fine", None, "any", None),
        ("master's in health administration", None, "master", "diagnostic_imaging_manager"),
    ],
)
def test_requests_are_read(text: str, place: str | None, level: str | None, role_id: str | None) -> None:
    request = read_request(CATALOGUE, text, [])
    assert (request.place.label if request.place else None, request.level, request.role_id) == (place, level, role_id)


def test_an_unknown_place_is_reported_not_guessed() -> None:
    request = read_request(CATALOGUE, "sonography schools in Narnia", [])
    assert request.place is None and request.place_text == "Narnia"


@pytest.mark.parametrize("text", ["I am interested in sonography", "is it in a master's program", "in"])
def test_ordinary_words_are_not_places(text: str) -> None:
    request = read_request(CATALOGUE, text, [])
    assert request.place is None and request.place_text is None


@pytest.mark.parametrize(
    "text",
    ["find schools near me", "what schools are in", "is it better to study sonography or", "can you help me",
     "hi hi", "an exam is ok", "schools in or", "tx"],
)
def test_a_lowercase_word_at_the_end_is_not_a_state_code(text: str) -> None:
    """ "me" is not Maine, "in" not Indiana, "or" not Oregon: an English word is never a code in lower case."""
    assert read_request(CATALOGUE, text, []).place is None


@pytest.mark.parametrize("text", ["find sonography schools near me", "any programs around here?", "schools near you"])
def test_a_place_that_needs_the_persons_location_is_asked_for_not_called_unknown(text: str) -> None:
    request = read_request(CATALOGUE, text, [])
    assert request.place is None and request.place_text is None


@pytest.mark.parametrize(
    ("text", "place"),
    [("programs in tx", "Texas"), ("what about tx", "Texas"), ("schools in or near boston", "Boston, MA")],
)
def test_a_lowercase_code_right_after_in_or_near_is_a_state(text: str, place: str) -> None:
    assert read_request(CATALOGUE, text, []).place.label == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("searching for a bachelor's in sonography in the state of Washington", "Washington"),
        ("what colleges in Michigan have an associate's in ultrasound", "Michigan"),
        ("bachelor's programs around Denver that would get me ready for the RDMS?", "Denver, CO"),
        ("programs in OR", "Oregon"),
        ("schools near ME", "Maine"),
        ("sonography schools near columbus oh", "Columbus, OH"),  # in lower case after its city, still a code
    ],
)
def test_places_in_messages_with_two_letter_words(text: str, place: str) -> None:
    assert read_request(CATALOGUE, text, []).place.label == place


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("what do sonographers make in texas vs california?", ["Texas", "California"]),
        ("is there demand in ohio or in texas", ["Ohio", "Texas"]),
        ("pay in ohio, indiana and michigan", ["Ohio", "Indiana", "Michigan"]),
        ("how much do sonographers make in a year", []),
        ("what is the pay in my area", []),
        # A phrase that holds another place phrase is read up to it: Texas is named once.
        ("how much do sonographers make in a year in texas", ["Texas"]),
        ("first year pay in california vs texas, or in california", ["California", "Texas"]),
        # Codes and lower-case city words are doubtful in a question about the work: no place.
        ("do sonographers make more in CT or MRI?", []),
        ("what does a sonographer make at the VA", []),
        ("pay in mobile ultrasound", []),
        ("salary in Mobile, AL", ["Mobile, AL"]),
        # A comma between a city and its state names one place; between places it joins them.
        ("how much do sonographers make in Washington, D.C.?", ["Washington, DC"]),
        ("pay in Austin, TX, Ohio or Mobile, AL", ["Austin, TX", "Ohio", "Mobile, AL"]),
        ("HOW MUCH DO THEY MAKE IN TEXAS OR NEAR ME", ["Texas"]),
    ],
)
def test_every_place_a_message_names_is_found_once(text: str, places: list[str]) -> None:
    assert [place.label for place in find_places(CATALOGUE, text)] == places


def test_find_level_ignores_text_without_a_level() -> None:
    assert find_level("where can I study?") is None


def test_results_say_what_the_data_is_and_point_to_caahep(kb: KnowledgeBase) -> None:
    result = CATALOGUE.search("diagnostic_medical_sonographer", CATALOGUE.resolve_place("Columbus"), "associate")
    text = results_text(kb, CATALOGUE, result, "diagnostic_medical_sonographer")
    assert "within 100 miles of Columbus, OH" in text and "nearest first" in text
    assert text.count("\n- **") == min(5, result.total)
    assert "reported awards to IPEDS for 2023-24, not a list of accredited programs" in text
    assert "caahep.org" in text
    assert "There is also a Columbus in" in text
    # Each line's cost note at the level and year the loaded data has; the online caveat once.
    notes = [cost_note(row.costs) for row in result.rows]
    assert any(notes) and all(f"; {note}" in text for note in notes if note)
    assert text.count(f"fully online (IPEDS {CATALOGUE.costs.years.distance})") == 1


def test_alternatives_say_what_was_relaxed() -> None:
    found = CATALOGUE.search("diagnostic_medical_sonographer", CATALOGUE.resolve_place("Vermont"))
    neighbours = replace(found, states=("MA", "NH", "NY"))
    assert alternative_text(CATALOGUE, Alternative(("place",), neighbours)) == "in neighbouring states (MA, NH, NY)"
    both = Alternative(("place", "credential"), neighbours, dropped_levels=("doctorate",))
    assert alternative_text(CATALOGUE, both) == "in neighbouring states (MA, NH, NY), with any credential"
    level = Alternative(("credential",), found, dropped_levels=("associate", "bachelor"))
    assert alternative_text(CATALOGUE, level) == "with any credential, not only associate or bachelor"
