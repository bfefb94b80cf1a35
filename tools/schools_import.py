"""Derive the committed school tables ``knowledge/schools/catalogue.csv``, ``cities.csv`` and ``costs.csv`` from IPEDS.

NCES publishes the IPEDS directory (HD{YEAR}.csv: one row per institution) and completions by
program (C{YEAR}_A.csv: one row per institution x CIP code x first/second major x award level).
Those raw files must not live in the repository, so this module reads them as NCES publishes them
and writes two small sorted tables: the programs of ``knowledge/schools/programs.yml`` joined with the
directory (the catalogue), and a gazetteer of city coordinates for "near Columbus" searches. The
catalogue institutions' charges and distance education come from the Institutional Characteristics
files (``tools.ipeds_costs``).

Run it as ``python -m tools.schools_import [--ipeds-dir DIR] [--out-dir DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import string
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.reading.places import city_key
from bot.schools.programs import PROGRAMS_FILE, ProgramsFile, SchoolsDataError, load_programs
from bot.schools.tables import CATALOGUE_COLUMNS, CITIES_COLUMNS
from bot.validation import REPO_ROOT
from tools.ipeds_costs import build_costs, find_cost_inputs
from tools.nces_files import (
    NOT_APPLICABLE,
    SchoolsImportError,
    normalize_cip,
    pick_release,
    read_table,
    whole_number,
)

DEFAULT_IPEDS_DIR = REPO_ROOT.parent / "shared" / "data" / "ipeds"
DEFAULT_OUT_DIR = REPO_ROOT / "knowledge" / "schools"

# NCES names files hd2024.csv / HD2024.csv; a revised release adds "_rv". The completions file may
# carry a further suffix when it is a subset (the shared c2024_a_cip51.csv).
HD_FILE_NAME = re.compile(r"hd(\d{4})((?:_[a-z0-9]+)*)\.csv", re.IGNORECASE)
C_FILE_NAME = re.compile(r"c(\d{4})_a((?:_[a-z0-9]+)*)\.csv", re.IGNORECASE)

# NCES truncates column names to 8 characters (LONGITUD); a hand-made file may spell it out.
# IPEDS CONTROL codes as the catalogue's ``control`` column spells them.
CONTROL_LABELS = {1: "public", 2: "private nonprofit", 3: "private for-profit"}
HD_COLUMNS = ("UNITID", "INSTNM", "CITY", "STABBR", "ZIP", "WEBADDR", "CONTROL", "LATITUDE", "LONGITUD",
              "CYACTIVE", "CLOSEDAT", "DEATHYR")
HD_ALIASES = {"LONGITUDE": "LONGITUD"}
C_COLUMNS = ("UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT")
FIRST_MAJOR = 1


@dataclass(frozen=True)
class IpedsInputs:
    hd: Path
    completions: Path
    year: int

    @property
    def data_year(self) -> str:
        """C2024_A counts awards conferred July 2023 - June 2024: the academic year "2023-24"."""
        return f"{self.year - 1}-{self.year % 100:02d}"


@dataclass(frozen=True)
class Institution:
    unitid: int
    name: str
    city: str
    state: str
    zip: str
    website: str
    control: int
    latitude: float | None
    longitude: float | None
    active: bool
    line: int


@dataclass(frozen=True)
class Completion:
    unitid: int
    cip: str
    award_level: int
    graduates: int


@dataclass(frozen=True)
class Summary:
    rows: int
    institutions: int
    cities: int
    skipped_inactive: int
    skipped_unknown: int


# --- finding and reading NCES files ----------------------------------------------------------------


def find_inputs(ipeds_dir: Path) -> IpedsInputs:
    """Locate the newest HD and C_A files in ``ipeds_dir``, whatever the case of their names."""
    if not ipeds_dir.is_dir():
        raise SchoolsImportError(f"{ipeds_dir}: IPEDS data directory not found")
    completions, year = pick_release(ipeds_dir, C_FILE_NAME, "C{YEAR}_A")
    hd, _ = pick_release(ipeds_dir, HD_FILE_NAME, "HD{YEAR}")
    return IpedsInputs(hd=hd, completions=completions, year=year)


def _coordinate(path: Path, line: int, column: str, text: str, limit: float) -> float | None:
    """A latitude or longitude; blank means not reported, anything else must be a number in range."""
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit:
        raise SchoolsImportError(f"{path}: line {line}: column {column}: expected a coordinate, found '{text}'")
    return value


def normalize_website(text: str) -> str:
    """A clickable URL: https:// in front of a bare host, fragments and trailing notes dropped, "" if none.

    HD's WEBADDR is typed by institutions: "www.aamu.edu/", "https://www.uab.edu/", or
    "www.x.org/nursing/ OR school of radiologic technology". An existing http:// is left alone,
    since not every small school's site answers on https.
    """
    url = text.split("#", 1)[0].strip()
    url = url.split()[0] if url else ""
    if not url or url == NOT_APPLICABLE:
        return ""
    if not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = f"https://{url}"
    host = url.split("://", 1)[1].split("/", 1)[0]
    return url if "." in host else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def is_active(cyactive: int, closedat: str, deathyr: int) -> bool:
    """HD marks an institution gone three ways: CYACTIVE other than 1 (closed, deleted, not yet
    active), a CLOSEDAT date, or a DEATHYR (an institution merged away mid-year keeps CYACTIVE 1)."""
    return cyactive == 1 and closedat in (NOT_APPLICABLE, "") and deathyr == int(NOT_APPLICABLE)


def load_directory(path: Path) -> dict[int, Institution]:
    """Read every institution of HD{YEAR}.csv, closed ones included (the gazetteer uses them)."""
    institutions: dict[int, Institution] = {}
    for line, row in read_table(path, HD_COLUMNS, HD_ALIASES):
        unitid = whole_number(path, line, "UNITID", row["UNITID"])
        if unitid in institutions:
            earlier = institutions[unitid].line
            raise SchoolsImportError(f"{path}: line {line}: UNITID {unitid} already on line {earlier}")
        institutions[unitid] = Institution(
            unitid=unitid, name=_clean(row["INSTNM"]), city=_clean(row["CITY"]), state=row["STABBR"].upper(),
            zip=row["ZIP"], website=normalize_website(row["WEBADDR"]),
            control=whole_number(path, line, "CONTROL", row["CONTROL"]),
            latitude=_coordinate(path, line, "LATITUDE", row["LATITUDE"], 90.0),
            longitude=_coordinate(path, line, "LONGITUD", row["LONGITUD"], 180.0),
            active=is_active(
                whole_number(path, line, "CYACTIVE", row["CYACTIVE"]), row["CLOSEDAT"],
                whole_number(path, line, "DEATHYR", row["DEATHYR"]),
            ),
            line=line,
        )
    return institutions


def load_completions(path: Path, programs: ProgramsFile) -> list[Completion]:
    """First-major rows (MAJORNUM 1) of the mapped CIP codes; CTOTALT 0 is kept (offered, no graduates).

    Second-major rows (MAJORNUM 2) count the same awards again for students with a double major, so
    they add no program and would double-count graduates.
    """
    completions: dict[tuple[int, str, int], tuple[int, Completion]] = {}
    for line, row in read_table(path, C_COLUMNS):
        unitid = whole_number(path, line, "UNITID", row["UNITID"])
        major = whole_number(path, line, "MAJORNUM", row["MAJORNUM"])
        level = whole_number(path, line, "AWLEVEL", row["AWLEVEL"])
        graduates = whole_number(path, line, "CTOTALT", row["CTOTALT"])
        cip = normalize_cip(row["CIPCODE"])
        if major != FIRST_MAJOR or cip not in programs.programs:
            continue
        if level not in programs.award_levels:
            raise SchoolsImportError(
                f"{path}: line {line}: AWLEVEL {level} has no label in {PROGRAMS_FILE.name} (award_levels)"
            )
        if graduates < 0:
            raise SchoolsImportError(f"{path}: line {line}: column CTOTALT: negative count {graduates}")
        key = (unitid, cip, level)
        if key in completions:
            raise SchoolsImportError(
                f"{path}: line {line}: UNITID {unitid}, CIP {cip}, AWLEVEL {level}, MAJORNUM 1"
                f" already on line {completions[key][0]}"
            )
        completions[key] = (line, Completion(unitid, cip, level, graduates))
    return [completion for _, completion in completions.values()]


# --- building the tables -------------------------------------------------------------------------


def _spelling_rank(spelling: str, count: int) -> tuple:
    """Prefer mixed case ("Dallas" over "DALLAS"), then the commonest spelling, then a stable order."""
    return (spelling.isupper() or spelling.islower(), -count, spelling)


def city_names(institutions: dict[int, Institution]) -> dict[tuple[str, str], str]:
    """One display name per (city key, state): HD spells a city several ways ("LIttle Rock", "St. Louis")."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for institution in institutions.values():
        if institution.city:
            spellings[(city_key(institution.city), institution.state)][institution.city] += 1
    names = {}
    for key, counter in spellings.items():
        name = min(counter.items(), key=lambda item: _spelling_rank(*item))[0]
        names[key] = string.capwords(name) if name.isupper() or name.islower() else name
    return names


def build_gazetteer(institutions: dict[int, Institution], names: dict[tuple[str, str], str]) -> list[list[str]]:
    """Average coordinates of every HD institution in a city, closed ones too: the gazetteer is about
    places, and a town whose only college closed is still somewhere a person may live."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for institution in institutions.values():
        if institution.city and institution.latitude is not None and institution.longitude is not None:
            points[(city_key(institution.city), institution.state)].append(
                (institution.latitude, institution.longitude)
            )
    rows = []
    for key, coordinates in points.items():
        latitude = sum(lat for lat, _ in coordinates) / len(coordinates)
        longitude = sum(lon for _, lon in coordinates) / len(coordinates)
        rows.append([names[key], key[1], f"{latitude:.6f}", f"{longitude:.6f}", str(len(coordinates))])
    return sorted(rows, key=lambda row: (row[1], row[0].casefold(), row[0]))


def build_catalogue(
    institutions: dict[int, Institution],
    completions: list[Completion],
    programs: ProgramsFile,
    names: dict[tuple[str, str], str],
    data_year: str,
    hd_path: Path,
) -> tuple[list[list[str]], int, int]:
    """Join completions with the directory; returns the rows and how many were skipped as closed or unknown."""
    rows = []
    inactive = unknown = 0
    for completion in sorted(completions, key=lambda item: (item.unitid, item.cip, item.award_level)):
        institution = institutions.get(completion.unitid)
        if institution is None:
            unknown += 1
            continue
        if not institution.active:
            inactive += 1
            continue
        control = CONTROL_LABELS.get(institution.control)
        if control is None:
            raise SchoolsImportError(
                f"{hd_path}: line {institution.line}: column CONTROL: unknown code {institution.control}"
                f" for active institution {institution.unitid}"
            )
        rows.append([
            str(institution.unitid), institution.name, names.get((city_key(institution.city), institution.state), ""),
            institution.state, institution.zip, _format_coordinate(institution.latitude),
            _format_coordinate(institution.longitude), institution.website, control, completion.cip,
            programs.programs[completion.cip].title, str(completion.award_level),
            programs.award_levels[completion.award_level], str(completion.graduates), data_year,
        ])
    return rows, inactive, unknown


def _format_coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> None:
    """UTF-8 without BOM, "\\n" line ends and minimal quoting, so regenerating gives identical bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(ipeds_dir: Path, out_dir: Path, programs_path: Path = PROGRAMS_FILE) -> str:
    """Build both tables from ``ipeds_dir`` into ``out_dir`` and return a one-line summary."""
    try:
        programs = load_programs(programs_path)
    except SchoolsDataError as error:
        raise SchoolsImportError(str(error)) from error
    inputs = find_inputs(ipeds_dir)
    institutions = load_directory(inputs.hd)
    completions = load_completions(inputs.completions, programs)
    names = city_names(institutions)
    catalogue, inactive, unknown = build_catalogue(
        institutions, completions, programs, names, inputs.data_year, inputs.hd
    )
    gazetteer = build_gazetteer(institutions, names)
    cost_inputs = find_cost_inputs(ipeds_dir)
    cip = CATALOGUE_COLUMNS.index("cip")
    costs_header, costs = build_costs(cost_inputs, {(int(row[0]), row[cip]) for row in catalogue})
    write_csv(out_dir / "catalogue.csv", CATALOGUE_COLUMNS, catalogue)
    write_csv(out_dir / "cities.csv", CITIES_COLUMNS, gazetteer)
    write_csv(out_dir / "costs.csv", costs_header, costs)
    summary = Summary(len(catalogue), len({row[0] for row in catalogue}), len(gazetteer), inactive, unknown)
    return (
        f"Wrote {summary.rows} programs at {summary.institutions} institutions to {out_dir / 'catalogue.csv'} and "
        f"{summary.cities} cities to {out_dir / 'cities.csv'} (IPEDS {inputs.data_year} from {inputs.completions.name}"
        f" and {inputs.hd.name}; skipped {summary.skipped_inactive} rows of closed or inactive institutions,"
        f" {summary.skipped_unknown} of UNITIDs not in {inputs.hd.name}); costs of {len({row[0] for row in costs})}"
        f" institutions to {out_dir / 'costs.csv'} (IPEDS {cost_inputs.charges.name} {cost_inputs.years.charges},"
        f" {cost_inputs.programs.name} {cost_inputs.years.programs},"
        f" {cost_inputs.characteristics.name} {cost_inputs.years.distance})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.schools_import", description=__doc__.splitlines()[0])
    parser.add_argument("--ipeds-dir", type=Path, default=DEFAULT_IPEDS_DIR, help="folder with HD, C_A and IC files")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="folder for the three tables")
    parser.add_argument("--programs", type=Path, default=PROGRAMS_FILE, help="the CIP mapping (programs.yml)")
    args = parser.parse_args(argv)
    try:
        print(generate(args.ipeds_dir, args.out_dir, args.programs))
    except SchoolsImportError as error:
        print(f"schools_import: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
