"""What school searches work with and return: places, cities, result rows with their costs, the
honesty note, and alternatives. Plain frozen values: ``bot.render.schools`` words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

PlaceKind = Literal["state", "city", "anywhere"]


@dataclass(frozen=True)
class City:
    name: str
    state: str
    latitude: float
    longitude: float
    institutions: int


@dataclass(frozen=True)
class Place:
    """Where a person wants to study, as ``PlaceReader.resolve`` understood it.

    ``other_states`` is set when a bare city name exists in several states: the place is the one
    with most institutions and the answer should say which others there are ("Columbus, OH; there
    is also a Columbus in GA, IN, MS"). ``unknown_city`` is set when a person named a city the
    gazetteer lacks in a state it knows: the place falls back to the whole state.
    """

    kind: PlaceKind
    label: str
    state: str | None = None
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    other_states: tuple[str, ...] = ()
    unknown_city: str | None = None

    anywhere: ClassVar[Place]

    @property
    def ambiguous(self) -> bool:
        return bool(self.other_states)

    @property
    def is_anywhere(self) -> bool:
        return self.kind == "anywhere"


Place.anywhere = Place(kind="anywhere", label="anywhere in the US")


@dataclass(frozen=True)
class CostYears:
    """The academic year of each IPEDS source of ``Costs`` ("2022-23"): the sources are of different years."""

    charges: str
    programs: str
    distance: str


# A whole-dollar or month figure over an institution's programs of one CIP code: (lowest, highest),
# equal when the institution reported one program or several with the same figure.
Range = tuple[int, int]


@dataclass(frozen=True)
class Costs:
    """What IPEDS says about an institution's price and distance education, each at the level the data has.

    ``in_district``/``in_state``/``out_of_state`` are institution-wide undergraduate tuition and fees
    for a year (not the price of one program). ``program_tuition``, ``books_supplies`` and
    ``program_months`` are for the whole program, reported only by "program reporters" (mostly career
    schools). ``distance_programs`` (offers some programs fully at a distance) and ``all_online``
    (every program is) are institution-level: they never say that a given program is online.
    """

    years: CostYears
    in_district: int | None = None
    in_state: int | None = None
    out_of_state: int | None = None
    program_tuition: Range | None = None
    books_supplies: Range | None = None
    program_months: Range | None = None
    distance_programs: bool | None = None
    all_online: bool | None = None


@dataclass(frozen=True)
class SchoolRow:
    """One program at one institution: the catalogue row, its distance when the search was near a city,
    and its costs (None when IPEDS has none for the institution)."""

    unitid: int
    institution: str
    city: str
    state: str
    program: str
    cip: str
    award_level: int
    credential: str
    graduates: int
    website: str
    control: str
    distance_miles: float | None = None
    costs: Costs | None = None


@dataclass(frozen=True)
class InstitutionCosts:
    """What one catalogue institution costs: its institution-wide figures and, per catalogue program
    (program title), the whole-program figures where it reports them.

    ``clinical_training`` is set when a program is one whose clinical training is in person
    (sonography, cardiovascular technology), so an answer about online study says so.
    """

    unitid: int
    institution: str
    city: str
    state: str
    costs: Costs | None
    programs: tuple[tuple[str, Costs], ...]
    clinical_training: bool


@dataclass(frozen=True)
class HonestyNote:
    """What an answer must say about the data, so no list reads as a list of accredited programs."""

    data_year: str
    source: str
    scope_note: str
    accreditation_note: str | None = None
    accreditation_url: str | None = None
    role_note: str | None = None


@dataclass(frozen=True)
class SearchResult:
    rows: tuple[SchoolRow, ...]
    total: int
    page: int
    page_size: int
    place: Place
    cips: tuple[str, ...]
    credential_levels: tuple[str, ...] | None
    radius_miles: float | None
    widened: bool
    note: HonestyNote
    states: tuple[str, ...] | None = None

    @property
    def has_more(self) -> bool:
        return (self.page + 1) * self.page_size < self.total

    @property
    def empty(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class Alternative:
    """A search that does find schools once something was relaxed; ``relaxed`` says what.

    A relaxed place is the rest of a city's state or the neighbouring states (``result.states``); a
    relaxed credential is any level instead of ``dropped_levels``, the groups first asked for.
    """

    relaxed: tuple[Literal["place", "credential"], ...]
    result: SearchResult
    dropped_levels: tuple[str, ...] | None = None
