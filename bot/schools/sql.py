"""The catalogue's SQLite side: the table, a search reduced to SQL, and the distance function.

Sort orders always end on stable keys, so the same catalogue and query give the same rows, ties
included.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.schools.results import Costs, SchoolRow

EARTH_RADIUS_MILES = 3958.8
# A degree of latitude is 68.7 miles at the equator and longer towards the poles; the smallest value
# keeps the bounding box that pre-filters distance queries on the safe (larger) side.
MILES_PER_DEGREE_MIN = 68.7

# What a search looks for: (CIP code, the award levels it is limited to, or None for all of them).
Offerings = tuple[tuple[str, frozenset[int] | None], ...]

SCHEMA = """
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

_ROW_COLUMNS = (
    "unitid, institution, city, state, program, cip, award_level, credential, graduates, website, control"
)
_DISTANCE = "distance_miles(?, ?, latitude, longitude)"
_ORDER = "graduates DESC, institution, unitid, cip, award_level"
# One institution's name, place and catalogue programs by CIP code; the parameter is its UNITID.
INSTITUTION_PROGRAMS = (
    "SELECT DISTINCT institution, city, state, cip, program FROM offerings WHERE unitid = ? ORDER BY cip"
)


@dataclass(frozen=True)
class Query:
    """A search reduced to SQL terms; ``states``/``center`` None mean "no restriction"."""

    offerings: Offerings
    levels: frozenset[int] | None
    states: tuple[str, ...] | None = None
    center: tuple[float, float] | None = None
    radius: float | None = None
    exclude_within: float | None = None


def connect() -> sqlite3.Connection:
    """An empty in-memory database with the offerings table and the ``distance_miles`` function."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.create_function("distance_miles", 4, _sql_distance, deterministic=True)
    connection.executescript(SCHEMA)
    return connection


def insert_offerings(connection: sqlite3.Connection, records: list[tuple]) -> None:
    """Rows in the table's column order; a repeated (unitid, cip, award_level) raises sqlite3.IntegrityError."""
    connection.executemany(f"INSERT INTO offerings VALUES ({', '.join('?' * 13)})", records)
    connection.commit()


def cips_other_than(connection: sqlite3.Connection, known: list[str]) -> list[str]:
    """The CIP codes in the table that ``known`` lacks, sorted."""
    rows = connection.execute(
        f"SELECT DISTINCT cip FROM offerings WHERE cip NOT IN ({', '.join('?' * len(known))}) ORDER BY cip", known
    ).fetchall()
    return [cip for (cip,) in rows]


def _where(query: Query) -> tuple[str, list[object]]:
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


def select(query: Query, what: Literal["rows", "count", "distances"]) -> tuple[str, list[object]]:
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


def school_row(row: tuple, with_distance: bool, costs: Callable[[int, str, int], Costs | None]) -> SchoolRow:
    """A selected row as a value with ``costs(unitid, cip, award_level)``, the distance rounded to 0.1 mile."""
    distance = round(row[11], 1) if with_distance else None
    return SchoolRow(*row[:11], distance_miles=distance, costs=costs(row[0], row[5], row[6]))

