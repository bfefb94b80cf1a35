"""Reading school requests and writing school answers (bot.school_answers)."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase
from bot.school_answers import find_level, read_request, results_text
from bot.schools import default_catalogue

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
