"""School search in conversation: reading a request ("associate sonography programs in Ohio") and
writing the answer, with the honesty note every school answer carries.

The searching itself is ``bot.schools``; this module only turns text into search terms and
results into chat text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.formatting import capitalized, plain_excerpt
from bot.knowledge import KnowledgeBase
from bot.schools import ANY_CREDENTIAL, Place, SchoolCatalogue, SearchResult, resolve_credential

# Words that name a program rather than a role; roles themselves come from the role entity.
PROGRAM_WORDS = {
    "sonography": "diagnostic_medical_sonographer",
    "ultrasound": "diagnostic_medical_sonographer",
    "sonographer": "diagnostic_medical_sonographer",
    "cardiovascular": "echocardiographer",
    "cardiac": "echocardiographer",
    "echo": "echocardiographer",
    "informatics": "pacs_administrator",
    "health administration": "diagnostic_imaging_manager",
    "healthcare administration": "diagnostic_imaging_manager",
    "health care administration": "diagnostic_imaging_manager",
    "health services administration": "diagnostic_imaging_manager",
    "management": "diagnostic_imaging_manager",
}
PLACE_LEAD = re.compile(r"\b(?:in|near|around|close to|about|within)\s+(?=\S)", re.IGNORECASE)
PLACE_END = re.compile(r"\s*(?:[?.!;]|,\s+(?:and|but|please)\b|\b(?:instead|please|area|only|then)\b)", re.IGNORECASE)
ANY_LEVEL = re.compile(
    r"\b(?:any|every|all) (?:level|levels|kind|kinds|type|types)\b|doesn't matter|no preference", re.IGNORECASE
)
PAGE_SIZE = 5
ASK_PLACE = "Where would you like to study? A US state or a city works, or say \u201canywhere\u201d."


@dataclass(frozen=True)
class SchoolRequest:
    """What a message says about a school search; None where it says nothing."""

    place: Place | None = None
    place_text: str | None = None  # what the person typed as a place, when it named no known place
    level: str | None = None
    role_id: str | None = None


def _led_phrases(text: str) -> list[str]:
    """What follows "in", "near", "about"... up to the end of the phrase."""
    phrases = []
    for match in PLACE_LEAD.finditer(text):
        rest = text[match.end():]
        end = PLACE_END.search(rest)
        phrase = (rest[: end.start()] if end else rest).strip(" ,")
        if phrase:
            phrases.append(phrase)
    return phrases


def _resolve(catalogue: SchoolCatalogue, words: list[str]) -> Place | None:
    # A lowercase two-letter word is English ("in", "me", "oh"), not a state code ("IN", "ME", "OH").
    if len(words) == 1 and len(words[0]) == 2 and not words[0].isupper():
        return None
    return catalogue.resolve_place(" ".join(words))


def _names_something_else(phrase: str) -> bool:
    """ "in sonography", "in a master's": a program or a level, not an unknown place."""
    return find_program_role(phrase) is not None or find_level(phrase) is not None


def find_place(catalogue: SchoolCatalogue, text: str) -> tuple[Place | None, str | None]:
    """The place a message names: a phrase after "in", "near"... (or its left part), else the whole text.

    Returns (place, None), or (None, the phrase that looked like a place) so the answer can say
    "I don't know a place called Narnia".
    """
    unknown = None
    for phrase in _led_phrases(text):
        words = phrase.split()
        for size in range(min(len(words), 5), 0, -1):
            place = _resolve(catalogue, words[:size])
            if place is not None:
                return place, None
        if unknown is None and len(words) <= 3 and not _names_something_else(phrase):
            unknown = phrase
    whole = text.strip(" ?.!").split()
    place = _resolve(catalogue, whole) if whole else None
    return (place, None) if place else (None, unknown)


def find_level(text: str) -> str | None:
    """A credential level named anywhere in the text ("an associate's", "any level", "MS")."""
    words = re.sub(r"[^\w' ]+", " ", text).split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            level = resolve_credential(" ".join(words[start : start + size]))
            if level:
                return level
    if ANY_LEVEL.search(text):
        return ANY_CREDENTIAL
    return None


def find_program_role(text: str) -> str | None:
    folded = text.lower()
    for words, role_id in PROGRAM_WORDS.items():
        if re.search(rf"\b{re.escape(words)}\b", folded):
            return role_id
    return None


def read_request(catalogue: SchoolCatalogue, text: str, role_ids: list[str]) -> SchoolRequest:
    place, unknown = find_place(catalogue, text)
    role_id = next((role_id for role_id in role_ids), None) or find_program_role(text)
    return SchoolRequest(place=place, place_text=unknown, level=find_level(text), role_id=role_id)


# --- answers ----------------------------------------------------------------------------------


def _what(kb: KnowledgeBase, result: SearchResult, role_id: str) -> str:
    levels = result.credential_levels
    level = "" if not levels or ANY_CREDENTIAL in levels else f"{' and '.join(levels)}-level "
    programs = sorted({row.program for row in result.rows})
    subject = f"{programs[0]} programs" if len(programs) == 1 else "programs"
    return f"{level}{subject} for {kb.role(role_id).plural}"


def _row_line(catalogue: SchoolCatalogue, row, show_program: bool) -> str:
    where = f"{row.city}, {row.state}"
    if row.distance_miles is not None:
        where += f", {row.distance_miles:.0f} mi"
    site = f" · [website]({row.website})" if row.website.startswith(("https://", "http://")) else ""
    graduates = f"{row.graduates} graduate{'s' if row.graduates != 1 else ''} in {catalogue.data_year}"
    program = f", {row.program}" if show_program else ""
    return f"- **{row.institution}** ({where}): {row.credential}{program}; {graduates}{site}"


def honesty_text(result: SearchResult) -> str:
    note = result.note
    parts = [
        f"These are institutions that reported awards to IPEDS for {note.data_year}, not a list of "
        "accredited programs.",
    ]
    if note.accreditation_url:
        parts.append(f"Check accreditation with [CAAHEP's program finder]({note.accreditation_url}).")
    if note.role_note:
        parts.append(note.role_note)
    return " ".join(parts)


def results_text(kb: KnowledgeBase, catalogue: SchoolCatalogue, result: SearchResult, role_id: str) -> str:
    first = result.page * result.page_size + 1
    last = first + len(result.rows) - 1
    place = result.place.label
    if result.place.kind == "city":
        place = f"within {result.radius_miles:.0f} miles of {result.place.label}"
    elif not result.place.is_anywhere:
        place = f"in {place}"
    order = "nearest first" if result.place.kind == "city" else "most graduates first"
    header = f"{capitalized(_what(kb, result, role_id))} {place}: {first}-{last} of {result.total} ({order})"
    # One program searched: its name is in the header, not repeated on every line.
    show_program = len({row.program for row in result.rows}) > 1
    lines = [_row_line(catalogue, row, show_program) for row in result.rows]
    extra = []
    if result.place.ambiguous:
        extra.append(f"(There is also a {result.place.city} in {', '.join(result.place.other_states)}.)")
    if result.place.unknown_city:
        extra.append(f"(I don't know {plain_excerpt(result.place.unknown_city, 40)}, so this is all of the state.)")
    return "\n".join([header, *lines, *extra]) + "\n\n" + honesty_text(result)


def unknown_place_text(typed: str | None) -> str:
    if typed:
        return f"I don't know a place called \u201c{plain_excerpt(typed, 40)}\u201d. {ASK_PLACE}"
    return ASK_PLACE
