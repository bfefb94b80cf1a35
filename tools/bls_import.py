"""Derive the committed BLS table ``knowledge/bls_occupations.yml`` from raw BLS downloads.

The raw federal workbooks are large and must not live in the repository, so this module reads
the newest Employment Projections (EP) table and the newest national OEWS file and writes only
the handful of figures the assistant cites. It reads .xlsx with the standard library (zipfile and
ElementTree) so the import needs no spreadsheet package.

Run it as ``python -m tools.bls_import [--bls-dir DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BLS_DIR = REPO_ROOT.parent / "shared" / "data" / "bls"
DEFAULT_OUT = REPO_ROOT / "knowledge" / "bls_occupations.yml"

# The occupations SonoPath's roles point at, in the order the table lists them.
SOC_CODES: tuple[str, ...] = ("29-2032", "29-2031", "29-9021", "29-2072", "25-1071", "11-9111")

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
MISSING_MARKERS = frozenset({"", "*", "**", "#", "—", "–", "-", "N/A", "n/a"})

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

Row = list[str | None]


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


# --- reading .xlsx with the standard library -------------------------------------------------


def _open_workbook(path: Path) -> zipfile.ZipFile:
    """Open the .xlsx container, turning OS and zip errors into a BlsImportError."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BlsImportError(f"{path}: file not found") from error
    except zipfile.BadZipFile as error:
        raise BlsImportError(f"{path}: not an .xlsx workbook (not a zip archive)") from error
    except OSError as error:
        raise BlsImportError(f"{path}: cannot read file: {error}") from error


def _read_xml(book: zipfile.ZipFile, path: Path, member: str) -> ElementTree.Element:
    """Parse one XML part of the workbook; a missing or broken part is a malformed file."""
    try:
        data = book.read(member)
    except KeyError as error:
        raise BlsImportError(f"{path}: malformed workbook, part '{member}' is missing") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise BlsImportError(f"{path}: cannot read part '{member}': {error}") from error
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise BlsImportError(f"{path}: malformed workbook, part '{member}' is not valid XML: {error}") from error


def _sheet_member(book: zipfile.ZipFile, path: Path, sheet_name: str) -> str:
    """Find a sheet's XML part by its visible name, via workbook.xml and its relationships."""
    workbook = _read_xml(book, path, "xl/workbook.xml")
    names = []
    rel_id = None
    for sheet in workbook.iter(f"{MAIN_NS}sheet"):
        names.append(sheet.get("name", ""))
        if sheet.get("name") == sheet_name:
            rel_id = sheet.get(DOC_REL_ID)
    if rel_id is None:
        raise BlsImportError(f"{path}: no sheet named '{sheet_name}' (sheets: {', '.join(names) or 'none'})")
    rels = _read_xml(book, path, "xl/_rels/workbook.xml.rels")
    for rel in rels.iter(f"{REL_NS}Relationship"):
        if rel.get("Id") == rel_id:
            return _resolve_target(rel.get("Target", ""))
    raise BlsImportError(f"{path}: malformed workbook, sheet '{sheet_name}' has no relationship '{rel_id}'")


def _resolve_target(target: str) -> str:
    """Relationship targets are relative to xl/ unless they start with '/'."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _shared_strings(book: zipfile.ZipFile, path: Path) -> list[str]:
    """Load the shared string table; workbooks with only inline strings have none."""
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = _read_xml(book, path, "xl/sharedStrings.xml")
    return [_text_of(item) for item in root.iter(f"{MAIN_NS}si")]


def _text_of(item: ElementTree.Element) -> str:
    """Join a string item's plain and rich-text runs, skipping phonetic hints."""
    parts = [node.text or "" for node in item.findall(f"{MAIN_NS}t")]
    parts += [node.text or "" for node in item.findall(f"{MAIN_NS}r/{MAIN_NS}t")]
    return "".join(parts)


def _column_index(reference: str) -> int:
    """Turn a cell reference such as 'AB12' into a zero-based column index (AB -> 27)."""
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - ord("A") + 1)
    return index - 1


def _cell_value(cell: ElementTree.Element, strings: list[str], path: Path) -> str | None:
    """Give a cell's value as text; numbers stay text so the caller decides how to parse them."""
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN_NS}is")
        return _text_of(inline) if inline is not None else None
    value = cell.find(f"{MAIN_NS}v")
    if value is None or value.text is None:
        return None
    if kind == "s":
        try:
            return strings[int(value.text)]
        except (ValueError, IndexError) as error:
            raise BlsImportError(
                f"{path}: malformed workbook, cell {cell.get('r')} points at missing shared string {value.text}"
            ) from error
    if kind == "e":
        return None
    return value.text


def _parse_row(row: ElementTree.Element, strings: list[str], path: Path) -> Row:
    """Spread a row's cells into a list by column, since sparse rows skip empty cells."""
    values: dict[int, str | None] = {}
    column = -1
    for cell in row.iter(f"{MAIN_NS}c"):
        reference = cell.get("r")
        column = _column_index(reference) if reference else column + 1
        values[column] = _cell_value(cell, strings, path)
    width = max(values, default=-1) + 1
    return [values.get(index) for index in range(width)]


def read_sheet(path: Path, sheet_name: str) -> list[Row]:
    """Read one named sheet of an .xlsx file as rows of text cells (None where empty)."""
    with _open_workbook(path) as book:
        member = _sheet_member(book, path, sheet_name)
        strings = _shared_strings(book, path)
        sheet = _read_xml(book, path, member)
        return [_parse_row(row, strings, path) for row in sheet.iter(f"{MAIN_NS}row")]


# --- interpreting the BLS tables -----------------------------------------------------------------


def _normalize(text: str | None) -> str:
    """Collapse whitespace and line breaks so header and code matching is layout-proof."""
    return " ".join((text or "").split())


def _cell(row: Row, index: int) -> str | None:
    return row[index] if index < len(row) else None


def _number(text: str | None, path: Path, where: str) -> float | None:
    """Parse a numeric cell; BLS's "not available" markers become None, anything else is an error."""
    cleaned = _normalize(text).replace(",", "")
    if cleaned in MISSING_MARKERS:
        return None
    try:
        return float(cleaned)
    except ValueError as error:
        raise BlsImportError(f"{path}: {where}: expected a number, found '{text}'") from error


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


PLAIN_SCALAR = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._\-]*")


def _scalar(value: object) -> str:
    """Write a YAML scalar: plain where that reads back unchanged, else a double-quoted string."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"unexpected value {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if PLAIN_SCALAR.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow_mapping(items: dict[str, object]) -> str:
    """Write one flow mapping, leaving out figures BLS did not publish."""
    body = ", ".join(f"{key}: {_scalar(value)}" for key, value in items.items() if value is not None)
    return "{" + body + "}"


def _occupation_lines(record: OccupationRecord, ep: EpRelease, oews: OewsRelease) -> list[str]:
    lines = [f"  {json.dumps(record.soc)}:", f"    title: {_scalar(record.title)}"]
    if record.median_annual_wage is not None:
        wage = {"amount": record.median_annual_wage, "year": oews.year, "period": oews.period,
                "source": oews.source_id}
        lines.append(f"    median_annual_wage: {_flow_mapping(wage)}")
    if record.ep.percent is not None:
        projection = {
            "percent": record.ep.percent, "period": ep.period, "source": ep.source_id,
            "employment_start": record.ep.employment_start, "employment_end": record.ep.employment_end,
            "annual_openings": record.ep.annual_openings,
            "typical_entry_education": record.ep.typical_entry_education,
        }
        lines.append(f"    projection: {_flow_mapping(projection)}")
    return lines


def render_yaml(
    records: Sequence[OccupationRecord], ep: EpRelease, oews: OewsRelease, ep_path: Path, oews_path: Path
) -> str:
    """Render the table with a do-not-edit header naming its inputs (by file name, so it is stable)."""
    lines = [
        "# Generated by `python -m tools.bls_import`; do not edit by hand, rerun the command instead.",
        f"# Inputs: {ep_path.name} (sheet '{EP_SHEET}', BLS Employment Projections {ep.period})",
        f"#         {oews_path.name} (BLS OEWS {oews.period}, national).",
        "# Employment and openings are whole jobs (EP publishes thousands); a figure BLS did not",
        "# publish is left out.",
        "occupations:",
    ]
    for record in records:
        lines += _occupation_lines(record, ep, oews)
    return "\n".join(lines) + "\n"


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
