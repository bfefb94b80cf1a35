"""Reading a school request ("associate sonography programs in Ohio") into search terms: the place,
the credential level and the role a program word asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.reading.levels import find_level
from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import fold, has_phrase
from bot.schools.catalogue import SchoolCatalogue
from bot.schools.programs import ProgramsFile
from bot.schools.results import Place


@dataclass(frozen=True)
class SchoolRequest:
    """What a message says about a school search; None where it says nothing."""

    place: Place | None = None
    place_text: str | None = None  # what the person typed as a place, when it named no known place
    level: str | None = None
    role_id: str | None = None


def _alternation(phrases: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)


@lru_cache(maxsize=1)
def _place_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a place starts ("in", "near"...) and where it ends (punctuation, ", and", "instead"...)."""
    words = default_vocabulary().places
    lead = re.compile(rf"\b(?:{_alternation(words.leads)})\s+(?=\S)", re.IGNORECASE)
    # A full stop ends a place, but not one after an initial or a city name's short form ("U.S.", "St. Louis").
    shortened = "".join(rf"(?<!\b{re.escape(short)})" for short in words.city_abbreviations)
    end = re.compile(
        rf"\s*(?:[?!;]|(?<!\b\w){shortened}\.|,\s+(?:{_alternation(words.ends_after_comma)})\b"
        rf"|\b(?:{_alternation(words.ends)})\b)",
        re.IGNORECASE,
    )
    return lead, end


def _leads(text: str) -> list[re.Match[str]]:
    """Each "in", "near", "about"... that introduces a place; one followed by another lead ("about in
    narnia") is left to that lead."""
    lead, _ = _place_patterns()
    return [match for match in lead.finditer(text) if not lead.match(text, match.end())]


def _led_phrases(text: str) -> list[str]:
    """What follows "in", "near", "about"... up to the end of the phrase."""
    _, end_of_place = _place_patterns()
    phrases = []
    for match in _leads(text):
        rest = text[match.end():]
        end = end_of_place.search(rest)
        phrase = (rest[: end.start()] if end else rest).strip(" ,")
        if phrase:
            phrases.append(phrase)
    return phrases


def _is_lowercase_code(word: str) -> bool:
    return len(word) == 2 and not word.isupper()


def _resolve(catalogue: SchoolCatalogue, words: list[str], led: bool) -> Place | None:
    """The place ``words`` name in a message, where a two-letter word in lower case is mostly English.

    Alone, such a word is a state code only right after "in", "near", "about"... and only when it is
    no English word ("programs in tx"; "schools near me" is not Maine). After other words it names a
    state only as a city's state ("columbus oh"): "what schools are in" is not Indiana.
    """
    last = words[-1]
    if len(words) == 1 and _is_lowercase_code(last):
        if not led or catalogue.place_reader.is_english_word(last):
            return None
        return catalogue.resolve_place(last)
    place = catalogue.resolve_place(" ".join(words))
    if place is not None and place.kind == "state" and _is_lowercase_code(last) and place.state == last.upper():
        return None
    return place


def _names_something_else(programs: ProgramsFile, phrase: str) -> bool:
    """ "in sonography", "in a master's": a program or a level, not an unknown place."""
    return find_program_role(programs, phrase) is not None or find_level(phrase) is not None


def _leading_place(catalogue: SchoolCatalogue, words: list[str]) -> tuple[Place, list[str]] | None:
    """The place the longest run of up to five words at the start of a led phrase names, and those words."""
    for size in range(min(len(words), 5), 0, -1):
        place = _resolve(catalogue, words[:size], led=True)
        if place is not None:
            return place, words[:size]
    return None


def find_place(catalogue: SchoolCatalogue, text: str) -> tuple[Place | None, str | None]:
    """The place a message names: a phrase after "in", "near"... (or its left part), else the whole text.

    Returns (place, None), or (None, the phrase that looked like a place) so the answer can say
    "I don't know a place called Narnia".
    """
    unknown = None
    for phrase in _led_phrases(text):
        words = phrase.split()
        found = _leading_place(catalogue, words)
        if found is not None:
            return found[0], None
        if (
            unknown is None
            and len(words) <= 3
            and not _names_something_else(catalogue.programs, phrase)
            and not catalogue.place_reader.needs_location(phrase)
        ):
            unknown = phrase
    whole = text.strip(" ?.!").split()
    place = _resolve(catalogue, whole, led=False) if whole else None
    return (place, None) if place else (None, unknown)


def without_places(catalogue: SchoolCatalogue, text: str) -> str:
    """The text without each place it names after "in", "near"... and without that lead word: "how much
    do sonographers make in florida?" asks for pay as "how much do sonographers make?" does, whose last
    word says so; "what mistakes do they make in their first year" keeps its words."""
    kept = text
    for match in reversed(_leads(text)):
        words = text[match.end():].split()
        found = _leading_place(catalogue, [word.strip("?!.,;") for word in words[:5]])
        if found is not None:
            last = words[len(found[1]) - 1]
            place_end = text.index(last, match.end()) + len(last.rstrip("?!.,;"))
            kept = kept[: match.start()].rstrip() + kept[place_end:]
    return kept


# Words that join two places in one phrase: "in texas vs california", "in ohio or indiana".
_PLACE_JOINS = re.compile(r"\s+(?:vs\.?|versus|or|and)\s+|\s*[,/]\s*", re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})


def _named_outright(words: list[str]) -> bool:
    """Whether ``words`` name the place beyond doubt: not a bare two-letter code, which in a question
    about the work is as often an abbreviation ("more in CT or MRI", "in the OR", "at the VA"), nor a
    city that is an English word written in lower case ("in mobile ultrasound")."""
    while words and fold(words[0]) in _ARTICLES:  # "at the VA" is a code as much as "at VA"
        words = words[1:]
    if len(words) == 1 and len(words[0]) == 2:
        return False
    named = " ".join(words)
    return not (named.islower() and fold(named) in default_vocabulary().places.cities_that_are_words)


def find_places(catalogue: SchoolCatalogue, text: str) -> list[Place]:
    """Every place a question names outright after "in", "near"..., joined places included ("in texas
    vs california"), in order and once each. Stricter than ``find_place``, which reads a school search:
    this one decides whether figures were asked for a place, so a doubtful place is no place."""
    if text.isupper():  # "HOW MUCH IN TEXAS OR NEAR ME": capitals say nothing of a code here
        text = text.lower()
    lead, _ = _place_patterns()
    places: list[Place] = []
    labels: set[str] = set()
    for phrase in _led_phrases(text):
        phrase = lead.split(phrase, maxsplit=1)[0]  # "a year in texas": "texas" has a phrase of its own
        for piece in _place_pieces(catalogue, phrase):
            found = _leading_place(catalogue, piece.split())
            if found is not None and _named_outright(found[1]) and found[0].label not in labels:
                places.append(found[0])
                labels.add(found[0].label)
    return places


def _place_pieces(catalogue: SchoolCatalogue, phrase: str) -> list[str]:
    """The phrase cut where it joins places ("texas vs california"), except a comma between a city
    and its state ("Washington, D.C.", "Mobile, AL"), which names one place."""
    first, *parts = _PLACE_JOINS.split(phrase)
    pieces = [first]
    for join, part in zip(_PLACE_JOINS.findall(phrase), parts, strict=True):
        if join.strip() == "," and _is_city(catalogue, f"{pieces[-1]}, {part}"):
            pieces[-1] = f"{pieces[-1]}, {part}"
        else:
            pieces.append(part)
    return [piece.strip() for piece in pieces if piece.strip()]


def _is_city(catalogue: SchoolCatalogue, words: str) -> bool:
    place = catalogue.resolve_place(words)
    return place is not None and place.kind == "city"


def find_program_role(programs: ProgramsFile, text: str) -> str | None:
    """The role a program word of ``programs.yml`` asks for ("ultrasound programs"), or None."""
    folded = fold(text)
    return next((role_id for word, role_id in programs.program_words if has_phrase(folded, word)), None)


def read_request(catalogue: SchoolCatalogue, text: str, role_ids: list[str]) -> SchoolRequest:
    place, unknown = find_place(catalogue, text)
    role_id = next((role_id for role_id in role_ids), None) or find_program_role(catalogue.programs, text)
    return SchoolRequest(place=place, place_text=unknown, level=find_level(text), role_id=role_id)
