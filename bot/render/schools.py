"""The school answers: a page of results with the honesty note every school answer carries, the
nearest alternative when a search finds nothing, what one school costs, and the school form's
questions and buttons."""

from __future__ import annotations

from bot.formatting import capitalized, money, plain_excerpt
from bot.knowledge import KnowledgeBase
from bot.schools.catalogue import SchoolCatalogue
from bot.schools.programs import ANY_CREDENTIAL
from bot.schools.results import Alternative, Costs, InstitutionCosts, Place, Range, SchoolRow, SearchResult

ASK_PLACE = "Where would you like to study? A US state or a city works, or say \u201canywhere\u201d."
ASK_ROLE = "Which role are you studying for?"
ASK_ROLE_IN_PLACE = "In {place}: which role are you studying for?"
# The buttons under a school search's results, in order: the level each one narrows it to and its title.
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
    cost = cost_note(row.costs)
    cost = f"; {cost}" if cost else ""
    return f"- **{row.institution}** ({where}): {row.credential}{program}; {graduates}{cost}{site}"


def _dollars(amounts: Range) -> str:
    low, high = amounts
    return money(low) if low == high else f"{money(low)}\u2013{money(high)}"


def cost_note(costs: Costs | None) -> str | None:
    """A result line's short cost note: the program's own price if reported, else the school's yearly charges."""
    if costs is None:
        return None
    if costs.program_tuition is not None:
        return f"program tuition {_dollars(costs.program_tuition)} for the whole program ({costs.years.programs})"
    if costs.in_state is not None:
        return f"in-state tuition and fees {money(costs.in_state)} a year, institution-wide ({costs.years.charges})"
    return None


def online_note(result: SearchResult, clinical_training: bool) -> str | None:
    """Said once under the results: how many of the schools shown offer programs online, and what that means;
    ``clinical_training`` when a program shown trains in person (sonography, cardiovascular technology).

    Programs that teach their classes online still place students at a hospital or clinic for
    clinical courses (e.g. Washburn University's online sonography program, whose clinical courses are
    at an approved healthcare facility); the IPEDS flag cannot say that a program is online.
    """
    by_school = {row.unitid: row.costs for row in result.rows if row.costs and row.costs.distance_programs is not None}
    known = list(by_school.values())
    if not known:
        return None
    online = sum(1 for costs in known if costs.distance_programs)
    if online == 0:
        schools = "None of these schools offers programs" if len(known) > 1 else "This school offers no programs"
    elif online == len(known):
        schools = "All of these schools offer some programs" if online > 1 else "This school offers some programs"
    else:
        schools = f"{online} of these {len(known)} schools offer some programs"
    text = (f"{schools} fully online (IPEDS {known[0].years.distance}), which is said of a school as a whole, "
            "not of one program")
    if clinical_training:
        text += ", and clinical training in sonography and cardiovascular programs is in person in any case"
    return text + "."


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
    clinical = any(row.cip in catalogue.programs.honesty.accreditation_cips for row in result.rows)
    closing = " ".join(note for note in (honesty_text(result), online_note(result, clinical)) if note)
    return "\n".join([header, *lines, *extra]) + "\n\n" + closing


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


def ask_role_text(place: Place | None) -> str:
    """The role question; with a place already given, which says it was heard ("In Texas: which role...")."""
    return ASK_ROLE_IN_PLACE.format(place=place.label) if place and not place.is_anywhere else ASK_ROLE


def unknown_place_text(typed: str | None) -> str:
    if typed:
        return f"I don't know a place called \u201c{plain_excerpt(typed, 40)}\u201d. {ASK_PLACE}"
    return ASK_PLACE


def _months(months: Range) -> str:
    low, high = months
    return f"{low} months" if low == high else f"{low} to {high} months"


def _program_cost_line(program: str, costs: Costs) -> str:
    parts = []
    if costs.program_tuition is not None:
        parts.append(f"tuition and fees {_dollars(costs.program_tuition)} for the whole program")
    if costs.books_supplies is not None:
        parts.append(f"books and supplies {_dollars(costs.books_supplies)}")
    if costs.program_months is not None:
        parts.append(f"{_months(costs.program_months)} to complete")
    ranges = [value for value in (costs.program_tuition, costs.books_supplies, costs.program_months) if value]
    several = "; it reports several such programs" if any(low != high for low, high in ranges) else ""
    return f"{program}: {', '.join(parts)} (IPEDS {costs.years.programs}{several})"


def _charges_line(costs: Costs) -> str | None:
    """The school's yearly undergraduate charges, naming only residences whose price differs."""
    prices = [("in-district", costs.in_district), ("in-state", costs.in_state), ("out-of-state", costs.out_of_state)]
    known = [(who, amount) for who, amount in prices if amount is not None]
    if not known:
        return None
    if len({amount for _, amount in known}) == 1:
        figures = f"{money(known[0][1])} whatever your state"
    else:  # equal neighbours share a figure: "$8,832 in-district and in-state, $21,216 out-of-state"
        groups: list[tuple[list[str], int]] = []
        for who, amount in known:
            if groups and groups[-1][1] == amount:
                groups[-1][0].append(who)
            else:
                groups.append(([who], amount))
        figures = ", ".join(f"{money(amount)} {' and '.join(names)}" for names, amount in groups)
    return (f"Undergraduate tuition and fees for a year, institution-wide rather than for one program: {figures}"
            f" (IPEDS {costs.years.charges})")


def _online_line(costs: Costs, clinical_training: bool) -> str | None:
    year = costs.years.distance
    if costs.all_online:
        text = f"It offers all its programs fully online (IPEDS {year})"
    elif costs.distance_programs:
        text = f"It offers some programs fully online (IPEDS {year}); IPEDS doesn't say which"
    elif costs.distance_programs is False:
        text = f"It offers no programs fully online (IPEDS {year})"
    else:
        return None
    return text + (". Clinical training in sonography and cardiovascular programs is in person in any case."
                   if clinical_training else ".")


def costs_text(info: InstitutionCosts) -> str:
    """What one school costs, each figure at its level (whole program or institution-wide) and with its year."""
    school = f"**{info.institution}** ({info.city}, {info.state})"
    lines = [_program_cost_line(program, costs) for program, costs in info.programs]
    charges = _charges_line(info.costs) if info.costs else None
    online = _online_line(info.costs, info.clinical_training) if info.costs else None
    if charges:
        lines.append(charges)
    if not lines:
        return f"IPEDS has no prices for {school}; its own website lists what it charges." + (
            f" {online}" if online else "")
    closing = "These are published prices before any financial aid, and they change every year: check with the school."
    return "\n".join([f"What {school} reported to IPEDS:", *(f"- {line}" for line in lines)]) + "\n\n" + " ".join(
        text for text in (online, closing) if text)
