"""Derive ``knowledge/schools/costs.csv`` (layout in ``bot.schools.costs``) from three IPEDS
Institutional Characteristics files, for the catalogue's institutions only.

- IC{YEAR}_AY (academic-year charges; ic2022_ay.csv is 2022-23): published undergraduate tuition
  and required fees of a full academic year, in-district (TUITION1 + FEE1), in-state (TUITION2 +
  FEE2) and out-of-state (TUITION3 + FEE3). Institution-wide, not the price of one program.
- IC{YEAR}_PY (charges of "program reporters", mostly career schools; ic2023_py.csv is 2023-24):
  up to six programs, each with its CIP code (CIPCODEn, written without trailing zeros in some
  copies), tuition and fees for the whole program (CIPTUITn), books and supplies (CIPSUPPn) and
  months to complete (MTHCMPn). The largest program's charges are not in CIPTUIT1/CIPSUPP1 when the
  institution reports them as its price of attendance: then they are CHG1PY3 (tuition and fees)
  and CHG4PY3 (books and supplies), PY3 being the current year (in ic2023_py.csv the two
  places are filled for complementary sets of institutions). IPEDS does not say a program's award
  level, so an institution's figures for one CIP code become a range over its programs.
- IC{YEAR} (ic2024.csv is 2024-25): DISTPGS (offers distance-education programs; 1 yes, 0 no) and
  DISTNCED (all programs fully at a distance; 1 yes, 2 no: NCES's ic2024_dict.xlsx, while the shared
  data README gives 0 as "no" for every flag), -2 not applicable. Institution-level.

"." marks a missing figure and -2 "not applicable"; both become an empty cell. A sum whose part is
missing is missing, so no figure understates a price.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.schools.costs import costs_columns
from bot.schools.results import CostYears
from tools.nces_files import NOT_APPLICABLE, SchoolsImportError, normalize_cip, pick_release, read_table

AY_FILE_NAME = re.compile(r"ic(\d{4})_ay(_rv)?\.csv", re.IGNORECASE)
PY_FILE_NAME = re.compile(r"ic(\d{4})_py(_rv)?\.csv", re.IGNORECASE)
IC_FILE_NAME = re.compile(r"ic(\d{4})(_rv)?\.csv", re.IGNORECASE)

MISSING = (".", NOT_APPLICABLE, "")
# (tuition column, fee column) of undergraduates in-district, in-state, out-of-state.
AY_CHARGES = (("TUITION1", "FEE1"), ("TUITION2", "FEE2"), ("TUITION3", "FEE3"))
PROGRAM_SLOTS = range(1, 7)
# Where the largest program (slot 1) has its whole-program charges when reported as price of attendance.
LARGEST_PROGRAM_TUITION, LARGEST_PROGRAM_BOOKS = "CHG1PY3", "CHG4PY3"
PY_COLUMNS = (
    "UNITID", LARGEST_PROGRAM_TUITION, LARGEST_PROGRAM_BOOKS,
    *(f"{name}{slot}" for slot in PROGRAM_SLOTS for name in ("CIPCODE", "CIPTUIT", "CIPSUPP", "MTHCMP")),
)
# IPEDS's answer codes of the two distance-education questions -> yes/no.
DISTANCE_CODES = {"DISTPGS": {"1": True, "0": False}, "DISTNCED": {"1": True, "2": False}}

# A catalogue program: (UNITID, CIP code).
Offered = set[tuple[int, str]]


@dataclass(frozen=True)
class CostInputs:
    charges: Path
    programs: Path
    characteristics: Path
    years: CostYears


def academic_year(year: int) -> str:
    """IC{YEAR} files describe the academic year that starts in YEAR: 2022 -> "2022-23"."""
    return f"{year}-{(year + 1) % 100:02d}"


def find_cost_inputs(ipeds_dir: Path) -> CostInputs:
    """Locate the newest IC{YEAR}_AY, IC{YEAR}_PY and IC{YEAR} files in ``ipeds_dir``."""
    charges, charges_year = pick_release(ipeds_dir, AY_FILE_NAME, "IC{YEAR}_AY")
    programs, programs_year = pick_release(ipeds_dir, PY_FILE_NAME, "IC{YEAR}_PY")
    characteristics, characteristics_year = pick_release(ipeds_dir, IC_FILE_NAME, "IC{YEAR}")
    years = CostYears(academic_year(charges_year), academic_year(programs_year), academic_year(characteristics_year))
    return CostInputs(charges, programs, characteristics, years)


def _amount(path: Path, line: int, column: str, text: str) -> int | None:
    """A dollar or month figure; "." (missing) and -2 (not applicable) are None."""
    if text in MISSING:
        return None
    if not text.isdigit():
        raise SchoolsImportError(f"{path}: line {line}: column {column}: expected an amount or '.', found '{text}'")
    return int(text)


def _unitid(path: Path, line: int, text: str) -> int:
    unitid = _amount(path, line, "UNITID", text)
    if unitid is None:
        raise SchoolsImportError(f"{path}: line {line}: column UNITID: missing")
    return unitid


def _checked_once(path: Path, line: int, unitid: int, lines: dict[int, int]) -> None:
    if unitid in lines:
        raise SchoolsImportError(f"{path}: line {line}: UNITID {unitid} already on line {lines[unitid]}")
    lines[unitid] = line


def load_charges(path: Path, institutions: set[int]) -> dict[int, tuple[int | None, ...]]:
    """Undergraduate tuition + fees (in-district, in-state, out-of-state) of ``institutions``."""
    columns = ["UNITID", *(name for pair in AY_CHARGES for name in pair)]
    charges: dict[int, tuple[int | None, ...]] = {}
    lines: dict[int, int] = {}
    for line, row in read_table(path, columns):
        unitid = _unitid(path, line, row["UNITID"])
        _checked_once(path, line, unitid, lines)
        if unitid not in institutions:
            continue
        sums = []
        for tuition_column, fee_column in AY_CHARGES:
            tuition = _amount(path, line, tuition_column, row[tuition_column])
            fee = _amount(path, line, fee_column, row[fee_column])
            sums.append(None if tuition is None or fee is None else tuition + fee)
        if any(value is not None for value in sums):
            charges[unitid] = tuple(sums)
    return charges


@dataclass
class ProgramFigures:
    """Every reported figure of an institution's programs of one CIP code."""

    tuition: list[int]
    books: list[int]
    months: list[int]


def load_program_charges(path: Path, offered: Offered) -> dict[tuple[int, str], ProgramFigures]:
    """Whole-program figures of the catalogue programs, by (UNITID, CIP)."""
    found: dict[tuple[int, str], ProgramFigures] = defaultdict(lambda: ProgramFigures([], [], []))
    lines: dict[int, int] = {}
    for line, row in read_table(path, PY_COLUMNS):
        unitid = _unitid(path, line, row["UNITID"])
        _checked_once(path, line, unitid, lines)
        for slot in PROGRAM_SLOTS:
            key = (unitid, normalize_cip(row[f"CIPCODE{slot}"]))
            if key not in offered:
                continue
            tuition = _amount(path, line, f"CIPTUIT{slot}", row[f"CIPTUIT{slot}"])
            books = _amount(path, line, f"CIPSUPP{slot}", row[f"CIPSUPP{slot}"])
            if slot == 1 and tuition is None:
                tuition = _amount(path, line, LARGEST_PROGRAM_TUITION, row[LARGEST_PROGRAM_TUITION])
                books = _amount(path, line, LARGEST_PROGRAM_BOOKS, row[LARGEST_PROGRAM_BOOKS])
            months = _amount(path, line, f"MTHCMP{slot}", row[f"MTHCMP{slot}"])
            for values, value in ((found[key].tuition, tuition), (found[key].books, books),
                                  (found[key].months, months)):
                if value is not None:
                    values.append(value)
    return {key: figures for key, figures in found.items() if figures.tuition or figures.books or figures.months}


def load_distance(path: Path, institutions: set[int]) -> dict[int, tuple[bool | None, bool | None]]:
    """(offers distance-education programs, all programs fully at a distance) of ``institutions``."""
    distance: dict[int, tuple[bool | None, bool | None]] = {}
    lines: dict[int, int] = {}
    for line, row in read_table(path, ["UNITID", *DISTANCE_CODES]):
        unitid = _unitid(path, line, row["UNITID"])
        _checked_once(path, line, unitid, lines)
        if unitid not in institutions:
            continue
        flags = []
        for column, codes in DISTANCE_CODES.items():
            text = row[column]
            if text not in codes and text != NOT_APPLICABLE:
                known = ", ".join([*codes, NOT_APPLICABLE])
                raise SchoolsImportError(f"{path}: line {line}: column {column}: expected {known}, found '{text}'")
            flags.append(codes.get(text))
        if any(flag is not None for flag in flags):
            distance[unitid] = (flags[0], flags[1])
    return distance


def _cell(value: int | bool | None) -> str:
    if value is None:
        return ""
    return str(int(value))


def _span(values: list[int]) -> list[str]:
    return [str(min(values)), str(max(values))] if values else ["", ""]


def build_costs(inputs: CostInputs, offered: Iterable[tuple[int, str]]) -> tuple[tuple[str, ...], list[list[str]]]:
    """The header and rows of costs.csv for the catalogue programs ``offered``, sorted by UNITID and CIP."""
    offered = set(offered)
    institutions = {unitid for unitid, _ in offered}
    charges = load_charges(inputs.charges, institutions)
    programs = load_program_charges(inputs.programs, offered)
    distance = load_distance(inputs.characteristics, institutions)
    program_cips: dict[int, list[str]] = defaultdict(list)
    for unitid, cip in sorted(programs):
        program_cips[unitid].append(cip)
    rows = []
    for unitid in sorted(set(charges) | set(distance) | set(program_cips)):
        shared = [_cell(value) for value in charges.get(unitid, (None, None, None))]
        flags = [_cell(value) for value in distance.get(unitid, (None, None))]
        for cip in program_cips.get(unitid) or [""]:
            figures = programs.get((unitid, cip), ProgramFigures([], [], []))
            rows.append([
                str(unitid), cip, *shared, *_span(figures.tuition), *_span(figures.books), *_span(figures.months),
                *flags,
            ])
    return costs_columns(inputs.years), rows
