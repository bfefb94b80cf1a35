"""The school answers: a page of results with the honesty note every school answer carries, the
nearest alternative when a search finds nothing, and the school form's questions and buttons."""

from __future__ import annotations

from bot.formatting import capitalized, plain_excerpt
from bot.knowledge import KnowledgeBase
from bot.schools.catalogue import SchoolCatalogue
from bot.schools.programs import ANY_CREDENTIAL
from bot.schools.results import Alternative, Place, SchoolRow, SearchResult

ASK_PLACE = "Where would you like to study? A US state or a city works, or say \u201canywhere\u201d."
ASK_ROLE = "Which role are you studying for?"
ASK_LEVEL = "Which credential are you after?"
# The buttons under ASK_LEVEL, in order: the level each one picks and its title.
LEVEL_TITLES = {
    "certificate": "Certificate",
    "associate": "Associate's",
    "bachelor": "Bachelor's",
    "master": "Master's",
    ANY_CREDENTIAL: "Any level",
}
ANYWHERE_TITLE = "Anywhere"
SHOW_MORE_TITLE = "Show more"
# A search asked for without a role or place the catalogue knows.
ASK_WHERE_AND_WHAT = "Tell me where and what you'd like to study, for example \u201csonography programs in Ohio\u201d."
# A refinement ("what about ...?") that names nothing to change.
ASK_WHAT_TO_CHANGE = "What would you like to change? A state or city, a level, or a role."


def _what(kb: KnowledgeBase, result: SearchResult, role_id: str) -> str:
    levels = result.credential_levels
    level = "" if not levels or ANY_CREDENTIAL in levels else f"{' and '.join(levels)}-level "
    programs = sorted({row.program for row in result.rows})
    subject = f"{programs[0]} programs" if len(programs) == 1 else "programs"
    return f"{level}{subject} for {kb.role(role_id).plural}"


def _row_line(catalogue: SchoolCatalogue, row: SchoolRow, show_program: bool) -> str:
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


def _where(catalogue: SchoolCatalogue, result: SearchResult) -> str:
    """Where the results are from: around a city, in a place, or in the states a widened search used."""
    place = result.place
    if place.kind == "city" and result.radius_miles is not None:
        return f"within {result.radius_miles:.0f} miles of {place.label}"
    if place.kind == "city" and result.states:  # a city search widened to its state or the neighbours
        return "in " + ", ".join(catalogue.state_name(state) for state in result.states)
    return place.label if place.is_anywhere else f"in {place.label}"


def results_text(kb: KnowledgeBase, catalogue: SchoolCatalogue, result: SearchResult, role_id: str) -> str:
    first = result.page * result.page_size + 1
    last = first + len(result.rows) - 1
    nearby = result.place.kind == "city" and result.radius_miles is not None
    order = "nearest first" if nearby else "most graduates first"
    what, where = capitalized(_what(kb, result, role_id)), _where(catalogue, result)
    header = f"{what} {where}: {first}-{last} of {result.total} ({order})"
    # One program searched: its name is in the header, not repeated on every line.
    show_program = len({row.program for row in result.rows}) > 1
    lines = [_row_line(catalogue, row, show_program) for row in result.rows]
    extra = []
    if result.place.ambiguous:
        extra.append(f"(There is also a {result.place.city} in {', '.join(result.place.other_states)}.)")
    if result.place.unknown_city:
        extra.append(f"(I don't know {plain_excerpt(result.place.unknown_city, 40)}, so this is all of the state.)")
    return "\n".join([header, *lines, *extra]) + "\n\n" + honesty_text(result)


def alternative_text(catalogue: SchoolCatalogue, alternative: Alternative) -> str:
    """What was relaxed: "elsewhere in Alaska", "in neighbouring states (MD, PA)", "with any credential, ..."."""
    if "place" not in alternative.relaxed:
        return f"with any credential, not only {' or '.join(alternative.dropped_levels or ())}"
    result = alternative.result
    states = result.states or ()
    if states == (result.place.state,):  # a city search, widened to the rest of its state
        where = f"elsewhere in {catalogue.state_name(states[0])}"
    else:
        where = f"in neighbouring states ({', '.join(states)})"
    return f"{where}, with any credential" if "credential" in alternative.relaxed else where


def no_results_text(
    kb: KnowledgeBase, catalogue: SchoolCatalogue, place: Place, found: list[Alternative], role_id: str
) -> str:
    """A search found nothing: the first alternative that finds something, or that even nearby there is none."""
    if not found:
        return f"I found no programs for that in {place.label}, even nearby."
    alternative = found[0]
    return (f"I found none in {place.label}. {capitalized(alternative_text(catalogue, alternative))}:\n\n"
            + results_text(kb, catalogue, alternative.result, role_id))


def unknown_place_text(typed: str | None) -> str:
    if typed:
        return f"I don't know a place called \u201c{plain_excerpt(typed, 40)}\u201d. {ASK_PLACE}"
    return ASK_PLACE
