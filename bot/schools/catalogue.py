"""Find schools: which institutions award the credentials a SonoPath role needs, in a state or near a city.

The data are the committed tables of ``knowledge/schools/``: ``programs.yml`` (``bot.schools.programs``),
``catalogue.csv`` and ``cities.csv`` (``bot.schools.tables``), and ``costs.csv`` (``bot.schools.costs``),
whose figures each result row carries.

The catalogue goes into an SQLite database held in memory, built once per process. An in-memory
database rather than a cached file under build/: the CSVs are a few thousand rows and load in
milliseconds, so a file cache would save nothing measurable, while it would add a staleness rule
(rebuild when the CSVs change), a writable build/ directory at run time and file locking between
the action server and parallel test processes. Queries only read; a lock serialises them because
one connection is shared across the threads an action server may use.

Every search is pure given the catalogue: the same catalogue and arguments give the same answer,
ties included (the sort orders always end on stable keys).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bot.reading.places import PlaceReader
from bot.reading.vocabulary import VOCABULARY_FILE, default_vocabulary
from bot.schools.costs import COSTS_FILE, CostsTable, load_costs
from bot.schools.programs import ANY_CREDENTIAL, PROGRAMS_FILE, ProgramsFile, SchoolsDataError, load_programs
from bot.schools.results import Alternative, City, HonestyNote, InstitutionCosts, Place, SearchResult
from bot.schools.sql import INSTITUTION_PROGRAMS, Offerings, Query, cips_other_than, connect, school_row, select
from bot.schools.tables import CATALOGUE_FILE, CITIES_FILE, load_cities, load_offerings
from bot.validation import display_path

# "Near a city" starts at 100 miles, a long but plausible daily commute for a program with clinical
# rotations; if fewer than 5 schools are that close it widens in 50-mile steps up to 250 miles, so a
# rural answer still names a handful of schools instead of none, and says how far it looked.
DEFAULT_RADIUS_MILES = 100.0
RADIUS_STEP_MILES = 50.0
MAX_RADIUS_MILES = 250.0
MIN_NEARBY_RESULTS = 5
# Schools on one page of an answer; "show more" turns the page.
PAGE_SIZE = 5


class SchoolsQueryError(ValueError):
    """A search names a role, CIP code or credential level the data does not know."""


@dataclass
class SchoolCatalogue:
    """The committed school tables, loaded into an in-memory SQLite database, plus the gazetteer."""

    programs: ProgramsFile
    data_year: str
    cities: dict[tuple[str, str], City]
    connection: sqlite3.Connection
    row_count: int
    costs: CostsTable
    _places: PlaceReader = field(init=False, repr=False)
    _lock: threading.Lock = field(repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._places = PlaceReader(self.programs.state_names, self.cities)

    @property
    def place_reader(self) -> PlaceReader:
        return self._places

    def resolve_place(self, text: str | None) -> Place | None:
        """Understand a place as a person types it (``PlaceReader.resolve``); None when it is none the data knows."""
        return self._places.resolve(text)

    def state_name(self, code: str) -> str:
        return self.programs.state_names[code]

    def search(
        self,
        programs: str | Sequence[str],
        place: Place,
        credentials: str | Sequence[str] | None = None,
        page: int = 0,
        page_size: int = PAGE_SIZE,
    ) -> SearchResult:
        """Schools offering ``programs`` (a role id, or CIP codes) in or near ``place``.

        ``credentials`` are group names ("certificate", "associate", "bachelor", "master",
        "doctorate"; "any" or None for no filter). A state or "anywhere" search sorts by graduates,
        most first, then by name; a city search sorts by distance within a radius that starts at
        100 miles and widens in 50-mile steps to 250 while fewer than 5 programs are inside it.
        """
        offerings, role_id = self._offerings(programs)
        groups, levels = self._levels(credentials)
        if page < 0 or page_size < 1:
            raise SchoolsQueryError("page must be 0 or more and page_size 1 or more")
        query = Query(offerings=offerings, levels=levels)
        radius: float | None = None
        widened = False
        if place.kind == "state":
            query = replace(query, states=(place.state,))
        elif place.kind == "city":
            center = (place.latitude, place.longitude)
            radius = self._radius(replace(query, center=center))
            widened = radius > DEFAULT_RADIUS_MILES
            query = replace(query, center=center, radius=radius)
        return self._result(query, place, offerings, groups, role_id, page, page_size, radius, widened)

    def alternatives(
        self,
        programs: str | Sequence[str],
        place: Place,
        credentials: str | Sequence[str] | None = None,
        page_size: int = PAGE_SIZE,
    ) -> list[Alternative]:
        """Searches that find something when ``search`` found nothing, best first, each saying what it relaxed.

        In order: for a city, the rest of its state beyond the radius; the neighbouring states (same
        credential; by distance from a city, else by graduates); the same place with any credential.
        Only when all of those are empty: the neighbouring states with any credential. Alaska, Hawaii
        and the territories have no land neighbours, so there only the credential can be relaxed.
        A role's own limits (the educator's master's level) always stay.
        """
        offerings, role_id = self._offerings(programs)
        groups, levels = self._levels(credentials)
        base = Query(offerings=offerings, levels=levels)
        center = (place.latitude, place.longitude) if place.kind == "city" else None
        neighbours = self._neighbours(place)
        found: list[Alternative] = []

        def attempt(relaxed: tuple, query: Query, shown_levels: tuple[str, ...] | None) -> None:
            result = self._result(query, place, offerings, shown_levels, role_id, 0, page_size)
            if not result.empty:
                found.append(Alternative(relaxed, result, groups if "credential" in relaxed else None))

        if place.kind == "city":
            near = replace(base, center=center)
            attempt(("place",), replace(near, states=(place.state,), exclude_within=self._radius(near)), groups)
        if neighbours:
            attempt(("place",), replace(base, states=neighbours, center=center), groups)
        if levels is None:
            return found
        anything = self.search(programs, place, None, 0, page_size)
        if not anything.empty:
            found.append(Alternative(("credential",), anything, groups))
        if not found and neighbours:
            attempt(("place", "credential"), replace(base, levels=None, states=neighbours, center=center), None)
        return found

    def _neighbours(self, place: Place) -> tuple[str, ...]:
        if place.state is None:
            return ()
        return tuple(self.programs.neighbours.get(place.state, ()))

    def _offerings(self, programs: str | Sequence[str]) -> tuple[Offerings, str | None]:
        """A role id or CIP codes -> ((cip, levels or None), ...) and the role id, if one was given."""
        if isinstance(programs, str):
            if programs in self.programs.role_ids:
                return tuple(self.programs.offerings_for(programs)), programs
            programs = [programs]
        unknown = [cip for cip in programs if cip not in self.programs.programs]
        if unknown or not programs:
            raise SchoolsQueryError(
                f"unknown role or CIP code {unknown[0]!r}" if unknown else "no role or CIP code given"
            )
        return tuple((cip, None) for cip in dict.fromkeys(programs)), None

    def _levels(self, credentials: str | Sequence[str] | None) -> tuple[tuple[str, ...] | None, frozenset[int] | None]:
        """Group names -> (the groups, their award levels); None when no filter applies."""
        if credentials is None:
            return None, None
        names = (credentials,) if isinstance(credentials, str) else tuple(credentials)
        if not names or ANY_CREDENTIAL in names:
            return None, None
        groups = self.programs.credential_groups
        unknown = [name for name in names if name not in groups]
        if unknown:
            known = ", ".join([*groups, ANY_CREDENTIAL])
            raise SchoolsQueryError(f"unknown credential level {unknown[0]!r} (known: {known})")
        return tuple(dict.fromkeys(names)), frozenset(level for name in names for level in groups[name])

    def _radius(self, query: Query) -> float:
        """The smallest radius in 50-mile steps from 100 to 250 that holds at least 5 programs."""
        distances = [distance for (distance,) in self._execute(*select(replace(query, radius=MAX_RADIUS_MILES),
                                                                           "distances"))]
        radius = DEFAULT_RADIUS_MILES
        while radius < MAX_RADIUS_MILES and sum(1 for distance in distances if distance <= radius) < MIN_NEARBY_RESULTS:
            radius += RADIUS_STEP_MILES
        return radius

    def _result(
        self,
        query: Query,
        place: Place,
        offerings: Offerings,
        groups: tuple[str, ...] | None,
        role_id: str | None,
        page: int,
        page_size: int,
        radius: float | None = None,
        widened: bool = False,
    ) -> SearchResult:
        total = self._execute(*select(query, "count"))[0][0]
        sql, params = select(query, "rows")
        rows = self._execute(f"{sql} LIMIT ? OFFSET ?", [*params, page_size, page * page_size])
        cips = tuple(dict.fromkeys(cip for cip, _ in offerings))
        return SearchResult(
            rows=tuple(school_row(row, query.center is not None, self.costs.lookup) for row in rows),
            total=total, page=page, page_size=page_size, place=place, cips=cips,
            credential_levels=groups, radius_miles=radius, widened=widened,
            note=self.note(cips, role_id), states=query.states,
        )

    def note(self, cips: Iterable[str], role_id: str | None = None) -> HonestyNote:
        """The honesty note for an answer about ``cips``: vintage, scope, and CAAHEP where it applies."""
        honesty = self.programs.honesty
        accredited = any(cip in honesty.accreditation_cips for cip in cips)
        return HonestyNote(
            data_year=self.data_year, source=honesty.source, scope_note=honesty.scope_note,
            accreditation_note=honesty.accreditation_note if accredited else None,
            accreditation_url=honesty.accreditation_url if accredited else None,
            role_note=self.programs.role_notes.get(role_id) if role_id else None,
        )

    def institution_costs(self, unitid: int) -> InstitutionCosts | None:
        """What a catalogue institution costs ("what does <institution> cost"); None if the catalogue lacks it."""
        rows = self._execute(INSTITUTION_PROGRAMS, [unitid])
        if not rows:
            return None
        institution, city, state = rows[0][:3]
        own = self.costs.programs_of(unitid)
        cips = [cip for *_, cip, _ in rows]
        return InstitutionCosts(
            unitid=unitid, institution=institution, city=city, state=state,
            costs=self.costs.by_institution.get(unitid),
            programs=tuple((program, own[cip]) for *_, cip, program in rows if cip in own),
            clinical_training=any(cip in self.programs.honesty.accreditation_cips for cip in cips),
        )

    def institutions_offering(self, cip: str, award_levels: Sequence[int], control: str) -> list[int]:
        """The UNITIDs, ascending, of institutions of one control ("public") awarding ``cip`` at any of
        ``award_levels``."""
        marks = ", ".join("?" * len(award_levels))
        sql = (
            "SELECT DISTINCT unitid FROM offerings"
            f" WHERE cip = ? AND control = ? AND award_level IN ({marks}) ORDER BY unitid"
        )
        return [unitid for (unitid,) in self._execute(sql, (cip, control, *award_levels))]

    def _execute(self, sql: str, params: Sequence[object]) -> list[tuple]:
        with self._lock:
            return self.connection.execute(sql, params).fetchall()


def load_catalogue(
    catalogue_path: Path = CATALOGUE_FILE,
    cities_path: Path = CITIES_FILE,
    programs_path: Path = PROGRAMS_FILE,
    costs_path: Path = COSTS_FILE,
) -> SchoolCatalogue:
    """Read the four committed files and build the in-memory database."""
    programs = load_programs(programs_path)
    _check_level_words(programs, programs_path)
    cities = load_cities(cities_path)
    connection = connect()
    data_year, count = load_offerings(catalogue_path, connection)
    unknown = cips_other_than(connection, list(programs.programs))
    if unknown:
        raise SchoolsDataError(
            f"{display_path(catalogue_path)}: CIP code {unknown[0]} is not in {display_path(programs_path)}"
            " (regenerate the catalogue with `python -m tools.schools_import`)"
        )
    return SchoolCatalogue(programs=programs, data_year=data_year, cities=cities, connection=connection,
                           row_count=count, costs=load_costs(costs_path))


def _check_level_words(programs: ProgramsFile, programs_path: Path) -> None:
    """What people call credentials (reading.yml) names exactly the groups a search accepts."""
    named = set(default_vocabulary().credential_levels.words)
    groups = {*programs.credential_groups, ANY_CREDENTIAL}
    where = f"{display_path(VOCABULARY_FILE)}: credential_levels.words"
    unknown, missing = sorted(named - groups), sorted(groups - named)
    if unknown:
        raise SchoolsDataError(f"{where}: '{unknown[0]}' is not a credential group of {display_path(programs_path)}")
    if missing:
        raise SchoolsDataError(f"{where}: the credential group '{missing[0]}' has no words")


@lru_cache(maxsize=1)
def default_catalogue() -> SchoolCatalogue:
    """The project's school catalogue, loaded once per process."""
    return load_catalogue()
