"""The committed CSV tables that ``tools.schools_import`` derives from IPEDS: the catalogue (one row
per institution x CIP code x award level) and the city gazetteer. Errors name the file and line."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from bot.reading.places import city_key
from bot.schools.programs import SCHOOLS_DIR, SchoolsDataError
from bot.schools.results import City
from bot.schools.sql import insert_offerings
from bot.validation import display_path

CATALOGUE_FILE = SCHOOLS_DIR / "catalogue.csv"
CITIES_FILE = SCHOOLS_DIR / "cities.csv"
CATALOGUE_COLUMNS: tuple[str, ...] = (
    "unitid", "institution", "city", "state", "zip", "latitude", "longitude", "website", "control",
    "cip", "program", "award_level", "credential", "graduates", "data_year",
)
# ``institutions`` (how many HD institutions the city has) lets a bare, ambiguous city name pick the
# biggest place: "Columbus" is Columbus, OH rather than Columbus, GA, IN or MS.
CITIES_COLUMNS: tuple[str, ...] = ("city", "state", "latitude", "longitude", "institutions")


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


def load_cities(path: Path = CITIES_FILE) -> dict[tuple[str, str], City]:
    """The gazetteer, keyed by (``city_key`` of the name, state code)."""
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


def load_offerings(path: Path, connection: sqlite3.Connection) -> tuple[str, int]:
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
        insert_offerings(connection, records)
    except sqlite3.IntegrityError as error:
        raise SchoolsDataError(f"{display_path(path)}: a (unitid, cip, award_level) row is listed twice") from error
    return years.pop(), len(records)
