"""``knowledge/schools/costs.csv``, derived from IPEDS by ``tools.ipeds_costs``: what catalogue
institutions charge and whether they teach at a distance.

One row per catalogue institution with any such data (``cip`` empty); an institution whose program
reporter data covers a catalogue CIP code has one row per such code instead, the institution-wide
columns repeated. Each column name ends with the academic year of its source
("in_state_2022-23"), because the three IPEDS sources are of different years and an answer must say
which; a refresh with newer files changes only those suffixes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from bot.schools.programs import SCHOOLS_DIR, SchoolsDataError
from bot.schools.results import Costs, CostYears, Range
from bot.validation import display_path

COSTS_FILE = SCHOOLS_DIR / "costs.csv"
KEY_COLUMNS = ("unitid", "cip")
# Column stems by source, in file order; each is written "<stem>_<year>".
CHARGES_STEMS = ("in_district", "in_state", "out_of_state")
PROGRAM_STEMS = (
    "program_tuition_min", "program_tuition_max", "books_supplies_min", "books_supplies_max", "months_min",
    "months_max",
)
DISTANCE_STEMS = ("distance_programs", "all_online")
INSTITUTION_FIELDS = ("in_district", "in_state", "out_of_state", "distance_programs", "all_online")
# IPEDS award levels above the bachelor's (AWLEVEL 6-8, 17-19): the charges file's figures are
# undergraduate, so they are not the price of these programs.
GRADUATE_AWARD_LEVELS = frozenset({6, 7, 8, 17, 18, 19})
YEAR = re.compile(r"\d{4}-\d{2}")
CIP = re.compile(r"\d{2}\.\d{4}")
REGENERATE = "regenerate it with `python -m tools.schools_import`"


def costs_columns(years: CostYears) -> tuple[str, ...]:
    """The header of costs.csv for sources of ``years``."""
    return (
        *KEY_COLUMNS, *(f"{stem}_{years.charges}" for stem in CHARGES_STEMS),
        *(f"{stem}_{years.programs}" for stem in PROGRAM_STEMS),
        *(f"{stem}_{years.distance}" for stem in DISTANCE_STEMS),
    )


@dataclass(frozen=True)
class CostsTable:
    """The loaded table: institution-wide costs by UNITID, and full costs by (UNITID, CIP) where a
    program figure exists."""

    years: CostYears
    by_institution: dict[int, Costs]
    by_program: dict[tuple[int, str], Costs]

    def lookup(self, unitid: int, cip: str, award_level: int) -> Costs | None:
        """The costs that apply to one catalogue program: its own figures if reported, else the
        institution's; a graduate program drops the undergraduate charges."""
        costs = self.by_program.get((unitid, cip)) or self.by_institution.get(unitid)
        if costs is not None and award_level in GRADUATE_AWARD_LEVELS:
            costs = replace(costs, in_district=None, in_state=None, out_of_state=None)
        return costs

    def programs_of(self, unitid: int) -> dict[str, Costs]:
        """The institution's programs with whole-program figures, by CIP code."""
        return {cip: costs for (key, cip), costs in sorted(self.by_program.items()) if key == unitid}


def _years(path: Path, header: list[str]) -> CostYears:
    """The year of each source, read from the column suffixes; every column must be where it belongs."""
    groups = {"charges": CHARGES_STEMS, "programs": PROGRAM_STEMS, "distance": DISTANCE_STEMS}
    years: dict[str, str] = {}
    for group, stems in groups.items():
        suffixes = {name.rpartition("_")[2] for name in header if name.rpartition("_")[0] in stems}
        if len(suffixes) != 1 or not YEAR.fullmatch(next(iter(suffixes))):
            raise SchoolsDataError(
                f"{display_path(path)}: the {', '.join(stems)} columns need one year suffix like _2022-23;"
                f" found {', '.join(header)} ({REGENERATE})"
            )
        years[group] = suffixes.pop()
    found = CostYears(**years)
    if tuple(header) != costs_columns(found):
        raise SchoolsDataError(
            f"{display_path(path)}: expected the columns {', '.join(costs_columns(found))};"
            f" found {', '.join(header)} ({REGENERATE})"
        )
    return found


class _Row:
    """One CSV row read column by column, so every error names the file, line and column."""

    def __init__(self, path: Path, line: int, values: dict[str, str]) -> None:
        self.path, self.line, self.values = path, line, values

    def fail(self, column: str, expected: str) -> SchoolsDataError:
        return SchoolsDataError(
            f"{display_path(self.path)}: line {self.line}: column '{column}': expected {expected},"
            f" found '{self.values[column]}'"
        )

    def amount(self, column: str) -> int | None:
        text = self.values[column]
        if text == "":
            return None
        if not text.isdigit():
            raise self.fail(column, "a whole number of 0 or more, or nothing")
        return int(text)

    def flag(self, column: str) -> bool | None:
        text = self.values[column]
        if text not in ("", "0", "1"):
            raise self.fail(column, "1, 0 or nothing")
        return None if text == "" else text == "1"

    def range(self, low_column: str, high_column: str) -> Range | None:
        low, high = self.amount(low_column), self.amount(high_column)
        if (low is None) != (high is None) or (low is not None and high is not None and low > high):
            raise self.fail(high_column, f"a number no smaller than {low_column}, both given or neither")
        return None if low is None or high is None else (low, high)


def _costs(row: _Row, years: CostYears) -> Costs:
    charges, programs, distance = (f"_{years.charges}", f"_{years.programs}", f"_{years.distance}")
    return Costs(
        years=years,
        in_district=row.amount("in_district" + charges), in_state=row.amount("in_state" + charges),
        out_of_state=row.amount("out_of_state" + charges),
        program_tuition=row.range("program_tuition_min" + programs, "program_tuition_max" + programs),
        books_supplies=row.range("books_supplies_min" + programs, "books_supplies_max" + programs),
        program_months=row.range("months_min" + programs, "months_max" + programs),
        distance_programs=row.flag("distance_programs" + distance), all_online=row.flag("all_online" + distance),
    )


def _institution_part(costs: Costs) -> Costs:
    """Only the institution-wide figures of ``costs``."""
    return replace(costs, **{field.name: None for field in fields(Costs) if field.name not in (
        "years", *INSTITUTION_FIELDS)})


def load_costs(path: Path = COSTS_FILE) -> CostsTable:
    """Read and check costs.csv; any problem raises SchoolsDataError naming the file and line."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            years = _years(path, list(reader.fieldnames or ()))
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError as error:
        raise SchoolsDataError(f"{display_path(path)}: file not found ({REGENERATE})") from error
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SchoolsDataError(f"{display_path(path)}: cannot read: {error}") from error
    by_institution: dict[int, Costs] = {}
    by_program: dict[tuple[int, str], Costs] = {}
    seen: set[tuple[int, str]] = set()
    for line, values in rows:
        if None in values or None in values.values():
            raise SchoolsDataError(f"{display_path(path)}: line {line}: expected {len(costs_columns(years))} fields")
        row = _Row(path, line, values)
        unitid = row.amount("unitid")
        cip = values["cip"]
        if unitid is None:
            raise row.fail("unitid", "a UNITID")
        if cip and not CIP.fullmatch(cip):
            raise row.fail("cip", "a CIP code like 51.0910, or nothing")
        costs = _costs(row, years)
        if (unitid, cip) in seen:
            raise SchoolsDataError(f"{display_path(path)}: line {line}: UNITID {unitid}, CIP '{cip}' is listed twice")
        seen.add((unitid, cip))
        shared = _institution_part(costs)
        if by_institution.setdefault(unitid, shared) != shared:
            raise SchoolsDataError(
                f"{display_path(path)}: line {line}: UNITID {unitid}: institution-wide columns differ between its rows"
            )
        if cip:
            if costs.program_tuition is None and costs.books_supplies is None and costs.program_months is None:
                raise row.fail(f"program_tuition_min_{years.programs}", f"program figures on a row with CIP {cip}")
            by_program[(unitid, cip)] = costs
    empty = Costs(years=years)
    by_institution = {unitid: costs for unitid, costs in by_institution.items() if costs != empty}
    return CostsTable(years=years, by_institution=by_institution, by_program=by_program)
