"""Derive the committed BLS table ``knowledge/bls_occupations.yml`` from raw BLS downloads.

The raw federal workbooks are large and must not live in the repository, so this module reads
the newest Employment Projections (EP) table and the newest national OEWS file and writes only
the handful of figures the assistant cites. It reads the workbooks with openpyxl and writes the
table with PyYAML; openpyxl is a tools-only dependency (tools/requirements.txt), not a runtime one.

Run it as ``python -m tools.bls_import [--bls-dir DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import openpyxl
import yaml
from openpyxl.cell.cell import ERROR_CODES

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BLS_DIR = REPO_ROOT.parent / "shared" / "data" / "bls"
DEFAULT_OUT = REPO_ROOT / "knowledge" / "bls_occupations.yml"

# The occupations SonoPath's roles point at, then sonography's neighbouring careers (radiologic and MRI
# technologists, registered nurses, physician assistants, nuclear medicine technologists, radiation and
# respiratory therapists; cardiovascular technologists are above), in the order the table lists them.
SOC_CODES: tuple[str, ...] = (
    "29-2032", "29-2031", "29-9021", "29-2072", "25-1071", "11-9111", "29-2034", "29-2035", "29-1141",
    "29-1071", "29-2033", "29-1124", "29-1126",
)

EP_SHEET = "Table 1.2"
EP_FILE_GLOB = "occupation_*.xlsx"
OEWS_FILE_GLOB = "national_M*_dl.xlsx"

# Header texts carry release years, so columns are found by pattern or stable prefix.
EP_CODE_HEADER = re.compile(r"\d{4} National Employment Matrix code")
EP_TITLE_HEADER = re.compile(r"\d{4} National Employment Matrix title")
EP_EMPLOYMENT_HEADER = re.compile(r"Employment, (\d{4})")
EP_PERCENT_PREFIX = "Employment change, percent"
EP_OPENINGS_PREFIX = "Occupational openings"
EP_EDUCATION_PREFIX = "Typical education needed for entry"

OEWS_FILE_NAME = re.compile(r"national_M(\d{4})_dl\.xlsx")
OEWS_COLUMNS = ("OCC_CODE", "OCC_TITLE", "O_GROUP", "A_MEDIAN")

# BLS marks figures it cannot publish: "*" not available, "#" at or above the wage cap, "—" none.
# A formula error cell (openpyxl gives its code, e.g. "#N/A") carries no figure either.
MISSING_MARKERS = frozenset({"", "*", "**", "#", "—", "–", "-", "N/A", "n/a"}) | frozenset(ERROR_CODES)

# One sheet row as openpyxl gives it with values_only: text, numbers (or dates), None where empty.
Row = tuple[object, ...]


class BlsImportError(Exception):
    """A BLS input is missing, unreadable or lacks what the table needs; the message names the file."""


@dataclass(frozen=True)
class EpRelease:
    """The projection period of an EP table, e.g. 2024-2034, taken from its header."""

    start: int
    end: int

    @property
    def period(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def source_id(self) -> str:
        return f"bls_ep_{self.start}_{self.end}"


@dataclass(frozen=True)
class OewsRelease:
    """The OEWS reference month; national files are May estimates, named national_M{YEAR}_dl."""

    year: int

    @property
    def period(self) -> str:
        return f"May {self.year}"

    @property
    def source_id(self) -> str:
        return f"bls_oews_may_{self.year}"


@dataclass(frozen=True)
class EpFigures:
    """One occupation's row of EP Table 1.2, employment already converted to whole jobs."""

    title: str
    percent: float | None
    employment_start: int | None
    employment_end: int | None
    annual_openings: int | None
    typical_entry_education: str | None


@dataclass(frozen=True)
class OccupationRecord:
    """The figures SonoPath keeps for one SOC code, joined from the EP and OEWS files."""

    soc: str
    title: str
    median_annual_wage: int | None
    ep: EpFigures


# --- reading .xlsx with openpyxl ---------------------------------------------------------------


def read_sheet(path: Path, sheet_name: str) -> list[Row]:
    """Read one named sheet of an .xlsx file as rows of cell values (None where empty).

    Read-only mode streams the large BLS sheets; cached formula results are taken as values.
    """
    with _open_file(path) as stream:
        try:
            with closing(openpyxl.load_workbook(stream, read_only=True, data_only=True)) as book:
                if sheet_name not in book.sheetnames:
                    sheets = ", ".join(book.sheetnames) or "none"
                    raise BlsImportError(f"{path}: no sheet named '{sheet_name}' (sheets: {sheets})")
                sheet = book[sheet_name]
                # Some writers declare a wrong used range (e.g. A1:A1); read the cells that are there.
                sheet.reset_dimensions()
                return list(sheet.iter_rows(values_only=True))
        except zipfile.BadZipFile as error:
            raise BlsImportError(f"{path}: not an .xlsx workbook (not a zip archive)") from error
        except (KeyError, IndexError, ElementTree.ParseError) as error:
            raise _malformed(path, error) from error


def _open_file(path: Path) -> BinaryIO:
    """Open the file ourselves, so OS errors and openpyxl's format errors get separate messages."""
    try:
        return path.open("rb")
    except FileNotFoundError as error:
        raise BlsImportError(f"{path}: file not found") from error
    except OSError as error:
        raise BlsImportError(f"{path}: cannot read file: {error}") from error


def _malformed(path: Path, error: Exception) -> BlsImportError:
    """Say what openpyxl found wrong: a missing part (KeyError names it), a cell pointing past the
    shared strings (IndexError) or broken XML (ParseError)."""
    if isinstance(error, ElementTree.ParseError):
        problem = f"a part is not valid XML: {error}"
    elif isinstance(error, IndexError):
        problem = "a cell refers to a shared string that is not there"
    else:
        problem = str(error.args[0]) if error.args else "a part is missing"
    return BlsImportError(f"{path}: malformed workbook: {problem}")


# --- interpreting the BLS tables -----------------------------------------------------------------


def _normalize(value: object) -> str:
    """Collapse whitespace and line breaks so header and code matching is layout-proof."""
    return "" if value is None else " ".join(str(value).split())


def _cell(row: Row, index: int) -> object:
    return row[index] if index < len(row) else None


def _number(value: object, path: Path, where: str) -> float | None:
    """A numeric cell as a float; numbers stored as text are parsed, BLS's "not available" markers
    become None, anything else is an error."""
    if isinstance(value, (int, float)):
        return float(value)
    cleaned = _normalize(value).replace(",", "")
    if cleaned in MISSING_MARKERS:
        return None
    try:
        return float(cleaned)
    except ValueError as error:
        raise BlsImportError(f"{path}: {where}: expected a number, found '{value}'") from error


def _thousands_to_jobs(value: float | None) -> int | None:
    """EP publishes employment in thousands; the table stores whole jobs."""
    return None if value is None else round(value * 1000)


def _find_header_row(rows: Sequence[Row], matches: Callable[[str], object], path: Path, what: str) -> int:
    """Return the index of the first row with a cell that identifies the header."""
    for index, row in enumerate(rows):
        if any(matches(_normalize(cell)) for cell in row):
            return index
    raise BlsImportError(f"{path}: no header row found (looked for a cell {what})")


def _column_by_prefix(header: Row, prefix: str, path: Path, sheet: str) -> int:
    for index, cell in enumerate(header):
        if _normalize(cell).startswith(prefix):
            return index
    raise BlsImportError(f"{path}: sheet '{sheet}' has no column whose header starts with '{prefix}'")


def _column_by_pattern(header: Row, pattern: re.Pattern[str], path: Path, sheet: str) -> int:
    for index, cell in enumerate(header):
        if pattern.fullmatch(_normalize(cell)):
            return index
    raise BlsImportError(f"{path}: sheet '{sheet}' has no column whose header matches '{pattern.pattern}'")


def _ep_release(header: Row, path: Path) -> tuple[EpRelease, int, int]:
    """Derive the projection period from the two "Employment, YYYY" headers and locate them."""
    years = {}
    for index, cell in enumerate(header):
        match = EP_EMPLOYMENT_HEADER.fullmatch(_normalize(cell))
        if match:
            years[int(match.group(1))] = index
    if len(years) != 2:
        found = ", ".join(str(year) for year in sorted(years)) or "none"
        raise BlsImportError(
            f"{path}: sheet '{EP_SHEET}' needs two 'Employment, YYYY' columns (base and projected year), found: {found}"
        )
    start, end = sorted(years)
    return EpRelease(start, end), years[start], years[end]


def load_ep(path: Path, codes: Iterable[str] = SOC_CODES) -> tuple[EpRelease, dict[str, EpFigures]]:
    """Read EP Table 1.2 and return its period and the figures for the requested SOC codes."""
    rows = read_sheet(path, EP_SHEET)
    header_index = _find_header_row(
        rows, EP_CODE_HEADER.fullmatch, path, "'YYYY National Employment Matrix code'"
    )
    header = rows[header_index]
    release, start_col, end_col = _ep_release(header, path)
    columns = {
        "code": _column_by_pattern(header, EP_CODE_HEADER, path, EP_SHEET),
        "title": _column_by_pattern(header, EP_TITLE_HEADER, path, EP_SHEET),
        "percent": _column_by_prefix(header, EP_PERCENT_PREFIX, path, EP_SHEET),
        "openings": _column_by_prefix(header, EP_OPENINGS_PREFIX, path, EP_SHEET),
        "education": _column_by_prefix(header, EP_EDUCATION_PREFIX, path, EP_SHEET),
        "start": start_col,
        "end": end_col,
    }
    wanted = set(codes)
    found: dict[str, EpFigures] = {}
    for row in rows[header_index + 1:]:
        code = _normalize(_cell(row, columns["code"]))
        if code in wanted and code not in found:
            found[code] = _ep_figures(row, columns, path, code)
    _require_codes(found, codes, path, EP_SHEET)
    return release, found


def _ep_figures(row: Row, columns: dict[str, int], path: Path, code: str) -> EpFigures:
    """Convert one EP row: employment and openings from thousands to jobs, percent to 0.1."""
    def number(key: str) -> float | None:
        return _number(_cell(row, columns[key]), path, f"SOC {code}, column '{key}'")

    percent = number("percent")
    education = _normalize(_cell(row, columns["education"]))
    return EpFigures(
        title=_normalize(_cell(row, columns["title"])),
        percent=None if percent is None else round(percent, 1),
        employment_start=_thousands_to_jobs(number("start")),
        employment_end=_thousands_to_jobs(number("end")),
        annual_openings=_thousands_to_jobs(number("openings")),
        typical_entry_education=None if education in MISSING_MARKERS else education,
    )


def oews_release(path: Path) -> OewsRelease:
    """The OEWS file name is the only place the national file states its reference year."""
    match = OEWS_FILE_NAME.fullmatch(path.name)
    if not match:
        raise BlsImportError(f"{path}: cannot tell the OEWS year; expected a name like national_M2025_dl.xlsx")
    return OewsRelease(int(match.group(1)))


def load_oews(path: Path, codes: Iterable[str] = SOC_CODES) -> tuple[OewsRelease, dict[str, int | None]]:
    """Read the national OEWS sheet and return the annual median wage per requested SOC code."""
    release = oews_release(path)
    sheet = path.stem
    rows = read_sheet(path, sheet)
    header_index = _find_header_row(rows, lambda cell: cell == "OCC_CODE", path, "'OCC_CODE'")
    header = [_normalize(cell) for cell in rows[header_index]]
    missing = [name for name in OEWS_COLUMNS if name not in header]
    if missing:
        raise BlsImportError(f"{path}: sheet '{sheet}' has no column {', '.join(missing)}")
    col = {name: header.index(name) for name in OEWS_COLUMNS}
    chosen = _pick_oews_rows(rows[header_index + 1:], col, set(codes))
    _require_codes(chosen, codes, path, sheet)
    wages = {}
    for code, row in chosen.items():
        median = _number(_cell(row, col["A_MEDIAN"]), path, f"SOC {code}, column 'A_MEDIAN'")
        wages[code] = None if median is None else round(median)
    return release, wages


def _pick_oews_rows(rows: Sequence[Row], col: dict[str, int], wanted: set[str]) -> dict[str, Row]:
    """Take each code's "detailed" row, else its first row: broad groups can share a code."""
    chosen: dict[str, Row] = {}
    detailed: set[str] = set()
    for row in rows:
        code = _normalize(_cell(row, col["OCC_CODE"]))
        if code not in wanted or code in detailed:
            continue
        if _normalize(_cell(row, col["O_GROUP"])) == "detailed":
            detailed.add(code)
            chosen[code] = row
        else:
            chosen.setdefault(code, row)
    return chosen


def _require_codes(found: dict, codes: Iterable[str], path: Path, sheet: str) -> None:
    """Fail loudly when a SOC code is absent, since a silent gap would drop a role's figures."""
    missing = [code for code in codes if code not in found]
    if missing:
        raise BlsImportError(f"{path}: SOC code(s) {', '.join(missing)} not found in sheet '{sheet}'")


def build_occupations(
    ep_path: Path, oews_path: Path, codes: Sequence[str] = SOC_CODES
) -> tuple[EpRelease, OewsRelease, list[OccupationRecord]]:
    """Join EP and OEWS figures per SOC code, in the order of ``codes``."""
    ep_release, ep = load_ep(ep_path, codes)
    release, wages = load_oews(oews_path, codes)
    records = [OccupationRecord(code, ep[code].title, wages[code], ep[code]) for code in codes]
    return ep_release, release, records


# --- writing the YAML table ---------------------------------------------------------------------


def _table(records: Sequence[OccupationRecord], ep: EpRelease, oews: OewsRelease) -> dict[str, object]:
    """The table as plain data, each occupation's wage and projection as one small mapping."""
    occupations: dict[str, object] = {}
    for record in records:
        entry: dict[str, object] = {"title": record.title}
        if record.median_annual_wage is not None:
            entry["median_annual_wage"] = {
                "amount": record.median_annual_wage, "year": oews.year, "period": oews.period,
                "source": oews.source_id,
            }
        if record.ep.percent is not None:
            projection = {
                "percent": record.ep.percent, "period": ep.period, "source": ep.source_id,
                "employment_start": record.ep.employment_start, "employment_end": record.ep.employment_end,
                "annual_openings": record.ep.annual_openings,
                "typical_entry_education": record.ep.typical_entry_education,
            }
            # A figure BLS did not publish is left out, not written as null.
            entry["projection"] = {key: value for key, value in projection.items() if value is not None}
        occupations[record.soc] = entry
    return {"occupations": occupations}


def render_yaml(
    records: Sequence[OccupationRecord], ep: EpRelease, oews: OewsRelease, ep_path: Path, oews_path: Path
) -> str:
    """Render the table with a do-not-edit header naming its inputs (by file name, so it is stable)."""
    header = [
        "# Generated by `python -m tools.bls_import`; do not edit by hand, rerun the command instead.",
        f"# Inputs: {ep_path.name} (sheet '{EP_SHEET}', BLS Employment Projections {ep.period})",
        f"#         {oews_path.name} (BLS OEWS {oews.period}, national).",
        "# Employment and openings are whole jobs (EP publishes thousands); a figure BLS did not",
        "# publish is left out.",
    ]
    # Flow style only for mappings of plain values (the figures), each on one line however long.
    body = yaml.safe_dump(
        _table(records, ep, oews), sort_keys=False, default_flow_style=None, allow_unicode=True, width=float("inf")
    )
    return "\n".join(header) + "\n" + body


# --- command line -------------------------------------------------------------------------------


def _newest(bls_dir: Path, pattern: str, key: Callable[[Path], object]) -> Path:
    """Pick the newest release by the years in the file names, not by file dates."""
    candidates = [path for path in bls_dir.glob(pattern) if key(path) is not None]
    if not candidates:
        raise BlsImportError(f"{bls_dir}: no file matching {pattern}")
    return max(candidates, key=key)


def _ep_file_years(path: Path) -> tuple[int, int] | None:
    match = re.fullmatch(r"occupation_(\d{4})-(\d{4})\.xlsx", path.name)
    return (int(match.group(2)), int(match.group(1))) if match else None


def _oews_file_year(path: Path) -> int | None:
    match = OEWS_FILE_NAME.fullmatch(path.name)
    return int(match.group(1)) if match else None


def find_inputs(bls_dir: Path) -> tuple[Path, Path]:
    """Locate the newest EP and OEWS workbooks in ``bls_dir``."""
    if not bls_dir.is_dir():
        raise BlsImportError(f"{bls_dir}: BLS data directory not found")
    return _newest(bls_dir, EP_FILE_GLOB, _ep_file_years), _newest(bls_dir, OEWS_FILE_GLOB, _oews_file_year)


def generate(bls_dir: Path, out: Path) -> str:
    """Build the table from ``bls_dir``, write it to ``out`` and return a one-line summary."""
    ep_path, oews_path = find_inputs(bls_dir)
    ep, oews, records = build_occupations(ep_path, oews_path)
    text = render_yaml(records, ep, oews, ep_path, oews_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    return (
        f"Wrote {len(records)} occupations to {out} "
        f"(EP {ep.period} from {ep_path.name}, OEWS {oews.period} from {oews_path.name})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bls_import", description=__doc__.splitlines()[0])
    parser.add_argument("--bls-dir", type=Path, default=DEFAULT_BLS_DIR, help="folder with the BLS .xlsx files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="YAML table to write")
    args = parser.parse_args(argv)
    try:
        print(generate(args.bls_dir, args.out))
    except BlsImportError as error:
        print(f"bls_import: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
