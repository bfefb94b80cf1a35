"""Find schools: which institutions award the credentials a SonoPath role needs, in a state or near a city.

The data are the committed tables of ``knowledge/schools/``: ``programs.yml`` (which IPEDS programs serve
which role, award-level labels, state geography; validated with pydantic when it loads, like the
knowledge base), ``catalogue.csv`` (one row per institution x CIP code x award level, derived from
IPEDS by ``tools.schools_import``) and ``cities.csv`` (a gazetteer for "near Columbus").

The catalogue goes into an SQLite database held in memory, built once per process. An in-memory
database rather than a cached file under build/: the CSVs are a few thousand rows and load in
milliseconds, so a file cache would save nothing measurable, while it would add a staleness rule
(rebuild when the CSVs change), a writable build/ directory at run time and file locking between
the action server and parallel test processes. Queries only read; a lock serialises them because
one connection is shared across the threads an action server may use.

Every function here is pure given the catalogue: the same catalogue and arguments give the same
answer, ties included (the sort orders always end on stable keys).
"""

from __future__ import annotations

import csv
import math
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, ValidationError, root_validator, validator

from bot.validation import REPO_ROOT, StrictModel, describe_errors, display_path, read_yaml_mapping

SCHOOLS_DIR = REPO_ROOT / "knowledge" / "schools"
PROGRAMS_FILE = SCHOOLS_DIR / "programs.yml"
CATALOGUE_FILE = SCHOOLS_DIR / "catalogue.csv"
CITIES_FILE = SCHOOLS_DIR / "cities.csv"

CATALOGUE_COLUMNS: tuple[str, ...] = (
    "unitid", "institution", "city", "state", "zip", "latitude", "longitude", "website", "control",
    "cip", "program", "award_level", "credential", "graduates", "data_year",
)
# ``institutions`` (how many HD institutions the city has) lets a bare, ambiguous city name pick the
# biggest place: "Columbus" is Columbus, OH rather than Columbus, GA, IN or MS.
CITIES_COLUMNS: tuple[str, ...] = ("city", "state", "latitude", "longitude", "institutions")
CONTROL_LABELS = {1: "public", 2: "private nonprofit", 3: "private for-profit"}

# "Near a city" starts at 100 miles, a long but plausible daily commute for a program with clinical
# rotations; if fewer than 5 schools are that close it widens in 50-mile steps up to 250 miles, so a
# rural answer still names a handful of schools instead of none, and says how far it looked.
DEFAULT_RADIUS_MILES = 100.0
RADIUS_STEP_MILES = 50.0
MAX_RADIUS_MILES = 250.0
MIN_NEARBY_RESULTS = 5
EARTH_RADIUS_MILES = 3958.8
# A degree of latitude is 68.7 miles at the equator and longer towards the poles; the smallest value
# keeps the bounding box that pre-filters distance queries on the safe (larger) side.
MILES_PER_DEGREE_MIN = 68.7
ANY_CREDENTIAL = "any"

PlaceKind = Literal["state", "city", "anywhere"]
# What a search looks for: (CIP code, the award levels it is limited to, or None for all of them).
Offerings = tuple[tuple[str, frozenset[int] | None], ...]


class SchoolsDataError(ValueError):
    """A school data file is missing, unreadable or breaks its schema; the message names the file."""


class SchoolsQueryError(ValueError):
    """A search names a role, CIP code or credential level the data does not know."""


# --- programs.yml ---------------------------------------------------------------------------------



class RoleLink(StrictModel):
    """A role a program serves, optionally only at some award levels (the educator: master's only)."""

    role: str = Field(regex=r"^[a-z][a-z0-9_]*$")
    award_levels: list[int] | None = Field(None, min_items=1)


class Program(StrictModel):
    title: str
    roles: list[RoleLink] = Field(min_items=1)

    @validator("roles", pre=True, each_item=True)
    def role_may_be_a_plain_id(cls, value: object) -> object:
        return {"role": value} if isinstance(value, str) else value


class Honesty(StrictModel):
    """What every answer must say: the data's scope and where to check accreditation."""

    source: str
    scope_note: str
    accreditation_note: str
    accreditation_url: str = Field(regex=r"^https://")
    accreditation_cips: list[str] = Field(min_items=1)


class ProgramsFile(StrictModel):
    programs: dict[str, Program]
    role_notes: dict[str, str] = {}
    award_levels: dict[int, str]
    credential_groups: dict[str, list[int]]
    honesty: Honesty
    state_names: dict[str, str]
    neighbours: dict[str, list[str]]

    @validator("programs", "award_levels", "credential_groups", "state_names", "neighbours")
    def not_empty(cls, value: dict) -> dict:
        if not value:
            raise ValueError("must not be empty")
        return value

    @validator("programs")
    def cip_codes_are_quoted_and_complete(cls, value: dict[str, Program]) -> dict[str, Program]:
        for cip in value:
            if not re.fullmatch(r"\d{2}\.\d{4}", cip):
                raise ValueError(f"CIP code '{cip}' must look like \"51.0910\" (quoted: YAML reads 51.0910 as 51.091)")
        return value

    @validator("state_names")
    def state_codes_are_two_letters(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"state code '{code}' must be two capital letters")
        return value

    @root_validator(skip_on_failure=True)
    def references_exist(cls, values: dict) -> dict:
        levels = set(values["award_levels"])
        programs: dict[str, Program] = values["programs"]
        for cip, program in programs.items():
            for link in program.roles:
                unknown = set(link.award_levels or ()) - levels
                if unknown:
                    raise ValueError(f"programs.{cip}: role '{link.role}': unknown award level {min(unknown)}")
        roles = {link.role for program in programs.values() for link in program.roles}
        for role in values["role_notes"]:
            if role not in roles:
                raise ValueError(f"role_notes: role '{role}' is not served by any program")
        for cip in values["honesty"].accreditation_cips:
            if cip not in programs:
                raise ValueError(f"honesty.accreditation_cips: '{cip}' is not in programs")
        _check_groups(values["credential_groups"], levels)
        _check_neighbours(values["neighbours"], values["state_names"])
        return values

    def offerings_for(self, role_id: str) -> list[tuple[str, frozenset[int] | None]]:
        """The (CIP code, award levels or None for all) pairs that serve ``role_id``, in file order."""
        return [
            (cip, None if link.award_levels is None else frozenset(link.award_levels))
            for cip, program in self.programs.items()
            for link in program.roles
            if link.role == role_id
        ]

    @property
    def role_ids(self) -> list[str]:
        return sorted({link.role for program in self.programs.values() for link in program.roles})


def _check_groups(groups: dict[str, list[int]], levels: set[int]) -> None:
    """Every award level belongs to exactly one group, so "any" is the union of the groups."""
    if ANY_CREDENTIAL in groups:
        raise ValueError(f"credential_groups: '{ANY_CREDENTIAL}' is implicit (no filter); do not define it")
    seen: dict[int, str] = {}
    for name, members in groups.items():
        for level in members:
            if level not in levels:
                raise ValueError(f"credential_groups.{name}: unknown award level {level}")
            if level in seen:
                raise ValueError(f"credential_groups.{name}: award level {level} is already in '{seen[level]}'")
            seen[level] = name
    missing = sorted(levels - set(seen))
    if missing:
        raise ValueError(f"credential_groups: award level {missing[0]} belongs to no group")


def _check_neighbours(neighbours: dict[str, list[str]], names: dict[str, str]) -> None:
    """Neighbours name known states, never themselves, and go both ways."""
    for code, others in neighbours.items():
        if code not in names:
            raise ValueError(f"neighbours: '{code}' is not in state_names")
        for other in others:
            if other == code:
                raise ValueError(f"neighbours.{code}: a state is not its own neighbour")
            if other not in neighbours:
                raise ValueError(f"neighbours.{code}: '{other}' has no neighbours entry")
            if code not in neighbours[other]:
                raise ValueError(f"neighbours.{code}: lists {other}, but neighbours.{other} does not list {code}")




def load_programs(path: Path = PROGRAMS_FILE) -> ProgramsFile:
    """Read and validate programs.yml; any problem raises SchoolsDataError naming the file and field."""
    content = read_yaml_mapping(path, SchoolsDataError)
    try:
        return ProgramsFile(**content)
    except ValidationError as error:
        raise SchoolsDataError(f"{display_path(path)}: {describe_errors(error)}") from error


# --- place names ----------------------------------------------------------------------------------

# Abbreviations expanded in city names only: "MT" alone is Montana, so the state part is never expanded.
_CITY_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def _fold(text: str) -> str:
    """Lowercase, drop accents and apostrophes, turn other punctuation into spaces, collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = re.sub(r"['’.]", "", text)
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def city_key(name: str) -> str:
    """The key two spellings of one city share: "St. Louis", "SAINT LOUIS" and "Saint  Louis" agree."""
    return " ".join(_CITY_ABBREVIATIONS.get(word, word) for word in _fold(name).split())


# --- the catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str
    state: str
    latitude: float
    longitude: float
    institutions: int


@dataclass(frozen=True)
class Place:
    """Where a person wants to study, as ``resolve_place`` understood it.

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
class SchoolRow:
    """One program at one institution: the catalogue row, plus its distance when the search was near a city."""

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


@dataclass(frozen=True)
class HonestyNote:
    """What an answer must say about the data, so no list reads as a list of accredited programs."""

    data_year: str
    source: str
    scope_note: str
    accreditation_note: str | None = None
    accreditation_url: str | None = None
    role_note: str | None = None

    @property
    def text(self) -> str:
        parts = [f"Source: {self.source}, awards conferred in {self.data_year}.", self.scope_note]
        if self.accreditation_note:
            parts.append(f"{self.accreditation_note} {self.accreditation_url}")
        if self.role_note:
            parts.append(self.role_note)
        return " ".join(parts)


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
    """A search that does find schools once something was relaxed; ``relaxed`` says what."""

    relaxed: tuple[Literal["place", "credential"], ...]
    description: str
    result: SearchResult


@dataclass(frozen=True)
class _Query:
    """A search reduced to SQL terms; ``states``/``center`` None mean "no restriction"."""

    offerings: Offerings
    levels: frozenset[int] | None
    states: tuple[str, ...] | None = None
    center: tuple[float, float] | None = None
    radius: float | None = None
    exclude_within: float | None = None


@dataclass
class SchoolCatalogue:
    """The committed school tables, loaded into an in-memory SQLite database, plus the gazetteer."""

    programs: ProgramsFile
    data_year: str
    cities: dict[tuple[str, str], City]
    connection: sqlite3.Connection
    row_count: int
    _by_city: dict[str, list[City]] = field(repr=False, default_factory=dict)
    _states: dict[str, str] = field(repr=False, default_factory=dict)
    _lock: threading.Lock = field(repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        for (key, _state), city in self.cities.items():
            self._by_city.setdefault(key, []).append(city)
        for matches in self._by_city.values():
            matches.sort(key=lambda city: (-city.institutions, city.state))
        for code, name in self.programs.state_names.items():
            self._states[code.lower()] = code
            self._states[_fold(name)] = code

    # --- places ------------------------------------------------------------------------------

    def state_code(self, text: str) -> str | None:
        """"ohio", "OH", "Oh." -> "OH"; None when the text is not a state or territory."""
        return self._states.get(_fold(text))

    def state_name(self, code: str) -> str:
        return self.programs.state_names[code]

    def resolve_place(self, text: str | None) -> Place | None:
        """Understand a place as a person types it: a state, "Columbus, OH", "columbus ohio", "Columbus", "anywhere".

        A leading "near", "in", "around"... is ignored. A state name or code wins over a city of the
        same name ("Washington" is the state; "Washington, DC" or "Washington DC" is the city). A bare
        city name in several states is the one with most institutions, with the others in
        ``other_states``. None when the text is no place the data knows, or needs the person's own
        location ("near me").
        """
        folded = _fold(text or "")
        words = _strip_place_prefixes(folded)
        if not words or words in _NO_PLACE:
            return None
        if words == "me" and words != folded:
            return None  # "near me" needs the person's location; a bare "ME" is Maine
        if words in _ANYWHERE:
            return Place.anywhere
        words = CITY_ALIASES.get(words, words)
        state = self._states.get(words)
        if state:
            return self._state_place(state)
        if "," in (text or ""):
            return self._comma_place(text or "")
        return self._spaced_place(words)

    def _state_place(self, code: str, unknown_city: str | None = None) -> Place:
        return Place(kind="state", label=self.state_name(code), state=code, unknown_city=unknown_city)

    def _city_place(self, city: City, other_states: tuple[str, ...] = ()) -> Place:
        return Place(
            kind="city", label=f"{city.name}, {city.state}", state=city.state, city=city.name,
            latitude=city.latitude, longitude=city.longitude, other_states=other_states,
        )

    def _comma_place(self, text: str) -> Place | None:
        """"Columbus, OH", "Columbus, Ohio 43215" or "Columbus, OH, USA": after the last comma, a state."""
        city_part, state_part = text.rsplit(",", 1)
        if _fold(state_part) in _ANYWHERE and "," in city_part:
            return self._comma_place(city_part)
        state = self.state_code(re.sub(r"\d", "", state_part))
        city_words = _strip_place_prefixes(_fold(city_part))
        if state is None or not city_words:
            return None
        city = self.cities.get((city_key(city_words), state))
        return self._city_place(city) if city else self._state_place(state, unknown_city=city_part.strip())

    def _spaced_place(self, words: str) -> Place | None:
        """"columbus ohio", "charleston west virginia", "helena mt", or a bare city name."""
        tokens = words.split()
        fallback: Place | None = None
        for size in (3, 2, 1):
            if len(tokens) <= size:
                continue
            state = self._states.get(" ".join(tokens[-size:]))
            if state is None:
                continue
            city_words = " ".join(tokens[:-size])
            city = self.cities.get((city_key(city_words), state))
            if city:
                return self._city_place(city)
            fallback = fallback or self._state_place(state, unknown_city=city_words)
        matches = self._by_city.get(city_key(words))
        if matches:
            return self._city_place(matches[0], tuple(city.state for city in matches[1:]))
        return fallback

    # --- searching ---------------------------------------------------------------------------

    def search(
        self,
        programs: str | Sequence[str],
        place: Place,
        credentials: str | Sequence[str] | None = None,
        page: int = 0,
        page_size: int = 5,
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
        query = _Query(offerings=offerings, levels=levels)
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
        page_size: int = 5,
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
        base = _Query(offerings=offerings, levels=levels)
        center = (place.latitude, place.longitude) if place.kind == "city" else None
        neighbours = self._neighbours(place)
        found: list[Alternative] = []

        def attempt(relaxed: tuple, description: str, query: _Query, groups: tuple[str, ...] | None) -> None:
            result = self._result(query, place, offerings, groups, role_id, 0, page_size)
            if not result.empty:
                found.append(Alternative(relaxed, description, result))

        if place.kind == "city":
            near = replace(base, center=center)
            outside = replace(near, states=(place.state,), exclude_within=self._radius(near))
            attempt(("place",), f"elsewhere in {self.state_name(place.state)}", outside, groups)
        where = f"in neighbouring states ({', '.join(neighbours)})"
        if neighbours:
            attempt(("place",), where, replace(base, states=neighbours, center=center), groups)
        if levels is None:
            return found
        anything = self.search(programs, place, None, 0, page_size)
        if not anything.empty:
            found.append(Alternative(("credential",), f"with any credential, not only {' or '.join(groups)}", anything))
        if not found and neighbours:
            query = replace(base, levels=None, states=neighbours, center=center)
            attempt(("place", "credential"), f"{where}, with any credential", query, None)
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

    def _radius(self, query: _Query) -> float:
        """The smallest radius in 50-mile steps from 100 to 250 that holds at least 5 programs."""
        distances = [distance for (distance,) in self._execute(*_select(replace(query, radius=MAX_RADIUS_MILES),
                                                                           "distances"))]
        radius = DEFAULT_RADIUS_MILES
        while radius < MAX_RADIUS_MILES and sum(1 for distance in distances if distance <= radius) < MIN_NEARBY_RESULTS:
            radius += RADIUS_STEP_MILES
        return radius

    def _result(
        self,
        query: _Query,
        place: Place,
        offerings: Offerings,
        groups: tuple[str, ...] | None,
        role_id: str | None,
        page: int,
        page_size: int,
        radius: float | None = None,
        widened: bool = False,
    ) -> SearchResult:
        total = self._execute(*_select(query, "count"))[0][0]
        sql, params = _select(query, "rows")
        rows = self._execute(f"{sql} LIMIT ? OFFSET ?", [*params, page_size, page * page_size])
        cips = tuple(dict.fromkeys(cip for cip, _ in offerings))
        return SearchResult(
            rows=tuple(_school_row(row, query.center is not None) for row in rows),
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

    def level_label(self, award_level: int) -> str:
        return self.programs.award_levels[award_level]

    def _execute(self, sql: str, params: Sequence[object]) -> list[tuple]:
        with self._lock:
            return self.connection.execute(sql, params).fetchall()


_ROW_COLUMNS = (
    "unitid, institution, city, state, program, cip, award_level, credential, graduates, website, control"
)
_DISTANCE = "distance_miles(?, ?, latitude, longitude)"
_ORDER = "graduates DESC, institution, unitid, cip, award_level"


def _where(query: _Query) -> tuple[str, list[object]]:
    """The WHERE clause of ``query`` and its parameters, in placeholder order."""
    clauses: list[str] = []
    params: list[object] = []
    terms = []
    for cip, levels in query.offerings:
        if levels is None:
            terms.append("cip = ?")
            params.append(cip)
        else:
            terms.append(f"(cip = ? AND award_level IN ({', '.join('?' * len(levels))}))")
            params += [cip, *sorted(levels)]
    clauses.append(f"({' OR '.join(terms)})")
    if query.levels is not None:
        clauses.append(f"award_level IN ({', '.join('?' * len(query.levels))})")
        params += sorted(query.levels)
    if query.states is not None:
        clauses.append(f"state IN ({', '.join('?' * len(query.states))})")
        params += list(query.states)
    if query.center is not None:
        lat, lon = query.center
        clauses.append("latitude IS NOT NULL")
        if query.radius is not None:
            box, box_params = _bounding_box(lat, lon, query.radius)
            clauses += [*box, f"{_DISTANCE} <= ?"]
            params += [*box_params, lat, lon, query.radius]
        if query.exclude_within is not None:
            clauses.append(f"{_DISTANCE} > ?")
            params += [lat, lon, query.exclude_within]
    return " AND ".join(clauses), params


def _select(query: _Query, what: Literal["rows", "count", "distances"]) -> tuple[str, list[object]]:
    """SQL for the matching rows (sorted), their count, or their distances from the query's center."""
    where, params = _where(query)
    if what == "count":
        return f"SELECT COUNT(*) FROM offerings WHERE {where}", params
    if query.center is None:
        if what == "distances":
            raise ValueError("distances need a center")
        return f"SELECT {_ROW_COLUMNS} FROM offerings WHERE {where} ORDER BY {_ORDER}", params
    center = list(query.center)
    if what == "distances":
        return f"SELECT {_DISTANCE} FROM offerings WHERE {where}", [*center, *params]
    sql = f"SELECT {_ROW_COLUMNS}, {_DISTANCE} AS distance FROM offerings WHERE {where} ORDER BY distance, {_ORDER}"
    return sql, [*center, *params]


def _bounding_box(lat: float, lon: float, radius: float) -> tuple[list[str], list[object]]:
    """A latitude/longitude box that contains the circle, so SQLite skips far rows before the haversine."""
    dlat = radius / MILES_PER_DEGREE_MIN
    clauses, params = ["latitude BETWEEN ? AND ?"], [lat - dlat, lat + dlat]
    widest = math.radians(min(89.0, abs(lat) + dlat))
    dlon = radius / (MILES_PER_DEGREE_MIN * math.cos(widest))
    if abs(lat) + dlat < 89.0 and lon - dlon >= -180.0 and lon + dlon <= 180.0:
        clauses.append("longitude BETWEEN ? AND ?")
        params += [lon - dlon, lon + dlon]
    return clauses, params


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles on a sphere of the Earth's mean radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def _sql_distance(lat1: float, lon1: float, lat2: float | None, lon2: float | None) -> float | None:
    return None if lat2 is None or lon2 is None else haversine_miles(lat1, lon1, lat2, lon2)


def _school_row(row: tuple, with_distance: bool) -> SchoolRow:
    distance = round(row[11], 1) if with_distance else None
    return SchoolRow(*row[:11], distance_miles=distance)


_PLACE_PREFIXES = (
    "somewhere near", "somewhere in", "close to", "not far from", "in the area of", "the state of", "state of",
    "the city of", "city of", "near", "around", "in", "within", "at", "by", "the",
)
_NO_PLACE = frozenset({"here", "my area", "nearby", "home", "my city", "my state", "where i live"})
_ANYWHERE = frozenset({
    "anywhere", "any", "everywhere", "nationwide", "national", "nationally", "any state", "all states",
    "anywhere in the us", "anywhere in the usa", "anywhere in the country", "the us", "us", "usa", "u s",
    "u s a", "united states", "the united states", "america", "the country", "all over", "no preference",
    "doesnt matter", "does not matter", "dont care",
})
CITY_ALIASES = {"nyc": "new york ny", "new york city": "new york ny", "philly": "philadelphia pa"}


def _strip_place_prefixes(words: str) -> str:
    """Drop "near", "in", "around the"... in front of a place, unless nothing would be left ("in" is Indiana)."""
    changed = True
    while changed:
        changed = False
        for prefix in _PLACE_PREFIXES:
            if words.startswith(prefix + " ") and words[len(prefix) + 1:]:
                words = words[len(prefix) + 1:]
                changed = True
    return words


# --- loading --------------------------------------------------------------------------------------


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != columns:
                raise SchoolsDataError(
                    f"{display_path(path)}: expected the columns {', '.join(columns)};"
                    f" found {', '.join(reader.fieldnames or [])} (regenerate it with `python -m tools.schools_import`)"
                )
            return [(reader.line_num, row) for row in reader]
    except FileNotFoundError as error:
        raise SchoolsDataError(
            f"{display_path(path)}: file not found (run `python -m tools.schools_import`)"
        ) from error
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SchoolsDataError(f"{display_path(path)}: cannot read: {error}") from error


def _convert(path: Path, line: int, column: str, value: str, kind: type, optional: bool = False):
    if optional and value == "":
        return None
    try:
        return kind(value)
    except ValueError as error:
        noun = "a whole number" if kind is int else "a number"
        where = f"{display_path(path)}: line {line}: column '{column}'"
        raise SchoolsDataError(f"{where}: expected {noun}, found '{value}'") from error


def _load_cities(path: Path) -> dict[tuple[str, str], City]:
    cities: dict[tuple[str, str], City] = {}
    for line, row in _read_csv(path, CITIES_COLUMNS):
        city = City(
            name=row["city"], state=row["state"],
            latitude=_convert(path, line, "latitude", row["latitude"], float),
            longitude=_convert(path, line, "longitude", row["longitude"], float),
            institutions=_convert(path, line, "institutions", row["institutions"], int),
        )
        key = (city_key(city.name), city.state)
        if key in cities:
            raise SchoolsDataError(f"{display_path(path)}: line {line}: {city.name}, {city.state} is listed twice")
        cities[key] = city
    return cities


_SCHEMA = """
CREATE TABLE offerings (
    unitid INTEGER NOT NULL, institution TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL,
    latitude REAL, longitude REAL, website TEXT NOT NULL, control TEXT NOT NULL, cip TEXT NOT NULL,
    program TEXT NOT NULL, award_level INTEGER NOT NULL, credential TEXT NOT NULL, graduates INTEGER NOT NULL,
    PRIMARY KEY (unitid, cip, award_level)
);
CREATE INDEX offerings_state ON offerings (state);
CREATE INDEX offerings_cip_level ON offerings (cip, award_level);
CREATE INDEX offerings_unitid ON offerings (unitid);
"""


def _load_catalogue(path: Path, connection: sqlite3.Connection) -> tuple[str, int]:
    """Insert the catalogue rows; returns the data year all rows share and the row count."""
    years: set[str] = set()
    records = []
    for line, row in _read_csv(path, CATALOGUE_COLUMNS):
        years.add(row["data_year"])
        records.append((
            _convert(path, line, "unitid", row["unitid"], int), row["institution"], row["city"], row["state"],
            _convert(path, line, "latitude", row["latitude"], float, optional=True),
            _convert(path, line, "longitude", row["longitude"], float, optional=True),
            row["website"], row["control"], row["cip"], row["program"],
            _convert(path, line, "award_level", row["award_level"], int), row["credential"],
            _convert(path, line, "graduates", row["graduates"], int),
        ))
    if len(years) != 1:
        found = ", ".join(sorted(years)) or "none"
        raise SchoolsDataError(f"{display_path(path)}: expected one data_year, found {found}")
    try:
        connection.executemany(f"INSERT INTO offerings VALUES ({', '.join('?' * 13)})", records)
    except sqlite3.IntegrityError as error:
        raise SchoolsDataError(f"{display_path(path)}: a (unitid, cip, award_level) row is listed twice") from error
    return years.pop(), len(records)


def load_catalogue(
    catalogue_path: Path = CATALOGUE_FILE, cities_path: Path = CITIES_FILE, programs_path: Path = PROGRAMS_FILE
) -> SchoolCatalogue:
    """Read the three committed files and build the in-memory database."""
    programs = load_programs(programs_path)
    cities = _load_cities(cities_path)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.create_function("distance_miles", 4, _sql_distance, deterministic=True)
    connection.executescript(_SCHEMA)
    data_year, count = _load_catalogue(catalogue_path, connection)
    connection.commit()
    unknown = connection.execute(
        f"SELECT DISTINCT cip FROM offerings WHERE cip NOT IN ({', '.join('?' * len(programs.programs))})",
        list(programs.programs),
    ).fetchall()
    if unknown:
        raise SchoolsDataError(
            f"{display_path(catalogue_path)}: CIP code {unknown[0][0]} is not in {display_path(programs_path)}"
            " (regenerate the catalogue with `python -m tools.schools_import`)"
        )
    return SchoolCatalogue(programs=programs, data_year=data_year, cities=cities, connection=connection,
                           row_count=count)


@lru_cache(maxsize=1)
def default_catalogue() -> SchoolCatalogue:
    """The project's school catalogue, loaded once per process."""
    return load_catalogue()


# --- module-level conveniences on the default catalogue -------------------------------------------


def resolve_place(text: str | None, catalogue: SchoolCatalogue | None = None) -> Place | None:
    return (catalogue or default_catalogue()).resolve_place(text)


def search(
    programs: str | Sequence[str],
    place: Place,
    credentials: str | Sequence[str] | None = None,
    page: int = 0,
    page_size: int = 5,
    catalogue: SchoolCatalogue | None = None,
) -> SearchResult:
    return (catalogue or default_catalogue()).search(programs, place, credentials, page, page_size)


def alternatives(
    programs: str | Sequence[str],
    place: Place,
    credentials: str | Sequence[str] | None = None,
    page_size: int = 5,
    catalogue: SchoolCatalogue | None = None,
) -> list[Alternative]:
    return (catalogue or default_catalogue()).alternatives(programs, place, credentials, page_size)


_CREDENTIAL_WORDS = {
    "certificate": ("certificate", "certificates", "cert", "certs", "certificate program", "diploma",
                    "postbaccalaureate", "post baccalaureate", "post masters", "post master"),
    "associate": ("associate", "associates", "associate degree", "associates degree", "aas", "as", "two year",
                  "2 year"),
    "bachelor": ("bachelor", "bachelors", "bachelor degree", "bachelors degree", "bs", "bsc", "four year", "4 year"),
    "master": ("master", "masters", "master degree", "masters degree", "ms", "msc", "mha", "mba", "graduate"),
    "doctorate": ("doctorate", "doctorates", "doctoral", "doctor", "doctors", "phd", "dhsc", "dha"),
    ANY_CREDENTIAL: ("any", "any credential", "any degree", "anything", "all", "whatever", "no preference"),
}
_CREDENTIAL_INDEX = {word: group for group, words in _CREDENTIAL_WORDS.items() for word in words}


def resolve_credential(text: str | None) -> str | None:
    """Map what a person calls a credential ("an associate's", "BS", "PhD") to a group name, or None."""
    words = _fold(text or "")
    for article in ("an ", "a ", "the "):
        if words.startswith(article):
            words = words[len(article):]
    words = re.sub(r"\bdegrees?$", "degree", words)
    return _CREDENTIAL_INDEX.get(words) or _CREDENTIAL_INDEX.get(words.removesuffix(" degree"))
