"""Tests for tools.bls_import: small fixture workbooks written with openpyxl, plus one check against the real
BLS files (which Excel wrote with a shared-string table, the case openpyxl's writer does not produce)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from tests.conftest import REPO_ROOT
from tools import bls_import
from tools.bls_import import BlsImportError

SHARED_BLS_DIR = REPO_ROOT.parent / "shared" / "data" / "bls"
COMMITTED_TABLE = REPO_ROOT / "knowledge" / "bls_occupations.yml"

Cell = str | int | float | CellRichText | None

# --- building .xlsx files -----------------------------------------------------------------------


def write_xlsx(path: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """Write one sheet per entry; None cells are left out of the file, as Excel leaves empty cells out."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def rewrite_part(source: Path, target: Path, member: str, change: Callable[[bytes], bytes | None]) -> Path:
    """Copy a workbook with one part changed (None drops it), to build damaged or unusual files."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == member:
                data = change(data)
            if data is not None:
                copy.writestr(item, data)
    return target


# --- fixture content ----------------------------------------------------------------------------

# code: (indented EP title, employment start/end in thousands, percent, openings, education)
EP_DATA: dict[str, tuple[str, float, float, float, float, str]] = {
    "29-2032": ("        Diagnostic medical sonographers", 90, 101.7, 13, 5.8, "Associate's degree"),
    "29-2031": ("        Cardiovascular technologists and technicians", 64.7, 66.599999999999994, 3, 3.8,
                "Associate's degree"),
    "29-9021": ("      Health information technologists and medical registrars", 41.9, 48.1, 14.7, 3.2,
                "Associate's degree"),
    "29-2072": ("      Medical records specialists", 194.8, 208.6, 7.1, 14.2, "Postsecondary nondegree award"),
    "25-1071": ("        Health specialties teachers, postsecondary", 289.6, 339.7, 17.3, 27.4,
                "Doctoral or professional degree"),
    "11-9111": ("      Medical and health services managers", 616.20000000000005, 759.1, 23.2, 62.1,
                "Bachelor's degree"),
    "29-2034": ("        Radiologic technologists and technicians", 228, 237.8, 4.3, 12.9, "Associate's degree"),
    "29-2035": ("        Magnetic resonance imaging technologists", 44.1, 47.2, 7.1, 2.6, "Associate's degree"),
    "29-1141": ("      Registered nurses", 3391, 3557.1, 4.9, 189.1, "Bachelor's degree"),
    "29-1071": ("      Physician assistants", 162.7, 195.8, 20.4, 12, "Master's degree"),
    "29-2033": ("        Nuclear medicine technologists", 20, 20.6, 3, 0.9, "Associate's degree"),
    "29-1124": ("      Radiation therapists", 19.2, 19.6, 1.9, 0.9, "Associate's degree"),
    "29-1126": ("      Respiratory therapists", 139.6, 156.4, 12.1, 8.8, "Associate's degree"),
}

OEWS_TITLES = {
    "29-2032": "Diagnostic Medical Sonographers",
    "29-2031": "Cardiovascular Technologists and Technicians",
    "29-9021": "Health Information Technologists and Medical Registrars",
    "29-2072": "Medical Records Specialists",
    "25-1071": "Health Specialties Teachers, Postsecondary",
    "11-9111": "Medical and Health Services Managers",
    "29-2034": "Radiologic Technologists and Technicians",
    "29-2035": "Magnetic Resonance Imaging Technologists",
    "29-1141": "Registered Nurses",
    "29-1071": "Physician Assistants",
    "29-2033": "Nuclear Medicine Technologists",
    "29-1124": "Radiation Therapists",
    "29-1126": "Respiratory Therapists",
}
OEWS_MEDIANS: dict[str, Cell] = {
    "29-2032": 96590, "29-2031": 74310, "29-9021": 68020, "29-2072": 51140, "25-1071": "*", "11-9111": 123860,
    "29-2034": 80110, "29-2035": 95480, "29-1141": 97550, "29-1071": 135880, "29-2033": 101370, "29-1124": 105310,
    "29-1126": 82280,
}
# The real national file's column order, so A_MEDIAN sits in column AB (two-letter reference).
OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE",
    "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL",
    "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90",
    "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY",
]


def ep_rows(start: int = 2024, end: int = 2034, codes: tuple[str, ...] = tuple(EP_DATA)) -> list[list[Cell]]:
    """Table 1.2 as BLS lays it out: a title row, the header row, data rows, footnotes."""
    short = f"{start}–{str(end)[2:]}"
    header: list[Cell] = [
        f"{start} National Employment Matrix title", f"{start} National Employment Matrix code",
        "Occupation type", f"Employment, {start}", f"Employment, {end}",
        f"Employment distribution, percent, {start}", f"Employment distribution, percent, {end}",
        f"Employment change, numeric, {short}", f"Employment change, percent, {short}",
        f"Percent self employed, {start}", f"Occupational openings, {short} annual average",
        f"Median annual wage, dollars, {start}[1]", "Typical education needed for entry",
    ]
    rows: list[list[Cell]] = [
        [f"Table 1.2 Occupational projections, {start}–{end} (Employment in thousands)"],
        header,
        ["Total, all occupations", "00-0000", "Summary", 169956.1, 175167.9, 100, 100, 5211.8, 3.1, 5.8,
         18863.3, 49500, "—"],
    ]
    for code in codes:
        title, emp_start, emp_end, percent, openings, education = EP_DATA[code]
        rows.append([title, code, "Line item", emp_start, emp_end, 0.1, 0.1, None, percent, 2.5, openings,
                     89340, education])
    rows.append(["Source: Employment Projections program, U.S. Bureau of Labor Statistics"])
    return rows


def oews_row(code: str, median: Cell, group: str = "detailed") -> list[Cell]:
    values: dict[str, Cell] = {
        "AREA": "99", "AREA_TITLE": "U.S.", "NAICS": "000000", "OCC_CODE": code,
        "OCC_TITLE": OEWS_TITLES.get(code, "Other"), "O_GROUP": group, "TOT_EMP": 90160, "A_MEDIAN": median,
    }
    return [values.get(name) for name in OEWS_HEADER]


def oews_rows(medians: dict[str, Cell] | None = None) -> list[list[Cell]]:
    medians = OEWS_MEDIANS if medians is None else medians
    rows: list[list[Cell]] = [list(OEWS_HEADER), oews_row("00-0000", 50980, "total")]
    rows += [oews_row(code, median) for code, median in medians.items()]
    return rows


def make_ep(directory: Path, name: str = "occupation_2024-2034.xlsx", **kwargs: object) -> Path:
    return write_xlsx(directory / name, {"Index": [["Contents"]], "Table 1.2": ep_rows(**kwargs)})


def make_oews(directory: Path, year: int = 2025, medians: dict[str, Cell] | None = None) -> Path:
    name = f"national_M{year}_dl"
    sheets = {name: oews_rows(medians), "Field Descriptions": [["Field", "Field Description"]]}
    return write_xlsx(directory / f"{name}.xlsx", sheets)


@pytest.fixture()
def bls_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "bls"
    directory.mkdir()
    make_ep(directory)
    make_oews(directory)
    return directory


# --- reading the workbook -----------------------------------------------------------------------


def test_read_sheet_gives_the_values_of_sparse_rows(tmp_path: Path) -> None:
    # A header with a bold year is stored as rich-text runs; it must read as one string.
    rich = CellRichText("Employment, ", TextBlock(InlineFont(b=True), "2024"))
    path = write_xlsx(tmp_path / "book.xlsx", {"S": [["a", None, 3], [None, None, None, rich], [None, 1.5]]})
    assert bls_import.read_sheet(path, "S") == [("a", None, 3), (None, None, None, "Employment, 2024"), (None, 1.5)]


def test_read_sheet_ignores_a_wrong_declared_range(tmp_path: Path) -> None:
    # Some writers declare the used range as A1:A1; the cells beyond it must still be read.
    path = write_xlsx(tmp_path / "book.xlsx", {"S": [["a", None, 3], [None, "b"]]})
    understated = rewrite_part(
        path, tmp_path / "understated.xlsx", "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data),
    )
    assert bls_import.read_sheet(understated, "S") == [("a", None, 3), (None, "b")]


# --- Employment Projections ---------------------------------------------------------------------


def test_ep_values_are_converted_to_jobs_and_percent(tmp_path: Path) -> None:
    release, figures = bls_import.load_ep(make_ep(tmp_path))
    sonographers = figures["29-2032"]
    assert sonographers.title == "Diagnostic medical sonographers"
    assert sonographers.percent == 13.0
    assert isinstance(sonographers.percent, float)
    assert (sonographers.employment_start, sonographers.employment_end) == (90000, 101700)
    assert sonographers.annual_openings == 5800
    assert sonographers.typical_entry_education == "Associate's degree"
    # Binary float noise in the sheet must not leak into whole-job counts.
    assert figures["11-9111"].employment_start == 616200
    assert figures["29-2031"].employment_end == 66600
    assert (release.period, release.source_id) == ("2024-2034", "bls_ep_2024_2034")


def test_ep_period_comes_from_the_header_not_the_code(tmp_path: Path) -> None:
    path = make_ep(tmp_path, name="occupation_2026-2036.xlsx", start=2026, end=2036)
    release, figures = bls_import.load_ep(path)
    assert (release.start, release.end) == (2026, 2036)
    assert release.period == "2026-2036"
    assert release.source_id == "bls_ep_2026_2036"
    assert figures["29-2032"].employment_end == 101700


def test_ep_missing_soc_code_names_file_and_code(tmp_path: Path) -> None:
    path = make_ep(tmp_path, codes=("29-2031", "29-9021", "29-2072", "25-1071", "11-9111"))
    with pytest.raises(BlsImportError, match=r"occupation_2024-2034\.xlsx.*29-2032") as error:
        bls_import.load_ep(path)
    assert "29-2031" not in str(error.value)


def test_ep_missing_header_column_is_a_clear_error(tmp_path: Path) -> None:
    rows = ep_rows()
    rows[1] = [cell if cell != "Typical education needed for entry" else "Education" for cell in rows[1]]
    path = write_xlsx(tmp_path / "occupation_2024-2034.xlsx", {"Table 1.2": rows})
    with pytest.raises(BlsImportError, match=r"occupation_2024-2034\.xlsx.*Typical education needed for entry"):
        bls_import.load_ep(path)


def test_ep_without_header_row_is_a_clear_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "occupation_2024-2034.xlsx", {"Table 1.2": [["just a title"], ["x", "y"]]})
    with pytest.raises(BlsImportError, match=r"occupation_2024-2034\.xlsx.*National Employment Matrix code"):
        bls_import.load_ep(path)


# --- OEWS ---------------------------------------------------------------------------------------


def test_oews_median_is_read_from_a_two_letter_column(tmp_path: Path) -> None:
    release, wages = bls_import.load_oews(make_oews(tmp_path))
    assert wages["29-2032"] == 96590
    assert wages["11-9111"] == 123860
    assert (release.year, release.period, release.source_id) == (2025, "May 2025", "bls_oews_may_2025")


# "#N/A" is written by openpyxl as a formula error cell, which carries no figure either.
@pytest.mark.parametrize("marker", ["*", "#", "#N/A"])
def test_oews_unpublished_median_is_missing(tmp_path: Path, marker: str) -> None:
    _, wages = bls_import.load_oews(make_oews(tmp_path, medians={**OEWS_MEDIANS, "29-2031": marker}))
    assert wages["29-2031"] is None
    assert wages["29-2032"] == 96590


def test_oews_year_comes_from_the_file_name(tmp_path: Path) -> None:
    release, _ = bls_import.load_oews(make_oews(tmp_path, year=2027))
    assert (release.year, release.period, release.source_id) == (2027, "May 2027", "bls_oews_may_2027")


def test_oews_prefers_the_detailed_row(tmp_path: Path) -> None:
    rows = oews_rows()
    rows.insert(2, oews_row("29-2032", 11111, "broad"))
    path = write_xlsx(tmp_path / "national_M2025_dl.xlsx", {"national_M2025_dl": rows})
    assert bls_import.load_oews(path)[1]["29-2032"] == 96590


def test_oews_missing_soc_code_names_file_and_code(tmp_path: Path) -> None:
    medians = {code: value for code, value in OEWS_MEDIANS.items() if code != "25-1071"}
    with pytest.raises(BlsImportError, match=r"national_M2025_dl\.xlsx.*25-1071"):
        bls_import.load_oews(make_oews(tmp_path, medians=medians))


def test_oews_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    rows = [row[:27] for row in oews_rows()]  # cut A_MEDIAN and the columns after it
    path = write_xlsx(tmp_path / "national_M2025_dl.xlsx", {"national_M2025_dl": rows})
    with pytest.raises(BlsImportError, match=r"national_M2025_dl\.xlsx.*A_MEDIAN"):
        bls_import.load_oews(path)


def test_oews_file_name_without_year_is_rejected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "oews.xlsx", {"oews": oews_rows()})
    with pytest.raises(BlsImportError, match=r"oews\.xlsx.*national_M2025_dl"):
        bls_import.load_oews(path)


# --- malformed files ----------------------------------------------------------------------------


@pytest.mark.parametrize("loader", [bls_import.load_ep, bls_import.load_oews])
def test_not_a_zip_raises_bls_import_error(tmp_path: Path, loader) -> None:
    name = "occupation_2024-2034.xlsx" if loader is bls_import.load_ep else "national_M2025_dl.xlsx"
    path = tmp_path / name
    path.write_text("AREA,OCC_CODE\n99,29-2032\n")
    with pytest.raises(BlsImportError, match=re.escape(name) + r".*not an \.xlsx") as error:
        loader(path)
    assert str(path) in str(error.value)


def test_missing_file_raises_bls_import_error(tmp_path: Path) -> None:
    with pytest.raises(BlsImportError, match="national_M2025_dl.xlsx: file not found"):
        bls_import.load_oews(tmp_path / "national_M2025_dl.xlsx")


def test_missing_sheet_names_file_and_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "occupation_2024-2034.xlsx", {"Table 1.1": ep_rows()})
    with pytest.raises(BlsImportError, match=r"occupation_2024-2034\.xlsx: no sheet named 'Table 1\.2'"):
        bls_import.load_ep(path)


def damaged_oews(tmp_path: Path, member: str, change: Callable[[bytes], bytes | None]) -> Path:
    """The fixture OEWS workbook with one part changed, under its real name in a folder of its own."""
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    path = make_oews(tmp_path)
    return rewrite_part(path, damaged / path.name, member, change)


def test_missing_workbook_part_names_file_and_part(tmp_path: Path) -> None:
    path = damaged_oews(tmp_path, "xl/workbook.xml", lambda data: None)
    with pytest.raises(BlsImportError, match=r"national_M2025_dl\.xlsx: malformed workbook.*xl/workbook\.xml"):
        bls_import.load_oews(path)


def test_broken_sheet_xml_is_a_clear_error(tmp_path: Path) -> None:
    path = damaged_oews(tmp_path, "xl/worksheets/sheet1.xml", lambda data: b"<worksheet><sheetData>")
    with pytest.raises(BlsImportError, match=r"national_M2025_dl\.xlsx.*not valid XML"):
        bls_import.load_oews(path)


def test_missing_shared_string_is_a_clear_error(tmp_path: Path) -> None:
    # The first header cell made to point at shared string 0 of a workbook that has no shared strings.
    def point_at_missing_string(data: bytes) -> bytes:
        inline_cell = b'<c r="A1" t="inlineStr"><is><t>AREA</t></is></c>'
        assert inline_cell in data
        return data.replace(inline_cell, b'<c r="A1" t="s"><v>0</v></c>')

    path = damaged_oews(tmp_path, "xl/worksheets/sheet1.xml", point_at_missing_string)
    with pytest.raises(BlsImportError, match=r"national_M2025_dl\.xlsx: malformed workbook: a cell refers to a shared"):
        bls_import.load_oews(path)


# --- the table and the command line -------------------------------------------------------------


def test_generate_writes_the_documented_structure(bls_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "knowledge" / "bls_occupations.yml"
    summary = bls_import.generate(bls_dir, out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Generated by `python -m tools.bls_import`; do not edit by hand")
    assert "occupation_2024-2034.xlsx" in text.splitlines()[1]
    assert "national_M2025_dl.xlsx" in text.splitlines()[2]
    assert str(bls_dir) not in text  # inputs are named by file name so the table is machine-independent
    occupations = yaml.safe_load(text)["occupations"]
    assert list(occupations) == list(bls_import.SOC_CODES)
    assert occupations["29-2032"] == {
        "title": "Diagnostic medical sonographers",
        "median_annual_wage": {"amount": 96590, "year": 2025, "period": "May 2025", "source": "bls_oews_may_2025"},
        "projection": {
            "percent": 13.0, "period": "2024-2034", "source": "bls_ep_2024_2034", "employment_start": 90000,
            "employment_end": 101700, "annual_openings": 5800, "typical_entry_education": "Associate's degree",
        },
    }
    assert occupations["25-1071"]["title"] == "Health specialties teachers, postsecondary"
    assert "median_annual_wage" not in occupations["25-1071"]  # "*" in the fixture: left out, not zero
    nurses = occupations["29-1141"]["projection"]
    assert (nurses["annual_openings"], nurses["typical_entry_education"]) == (189100, "Bachelor's degree")
    assert "13 occupations" in summary and "2024-2034" in summary and "May 2025" in summary


def test_find_inputs_picks_the_newest_releases(bls_dir: Path) -> None:
    make_ep(bls_dir, name="occupation_2022-2032.xlsx", start=2022, end=2032)
    make_oews(bls_dir, year=2023)
    ep_path, oews_path = bls_import.find_inputs(bls_dir)
    assert (ep_path.name, oews_path.name) == ("occupation_2024-2034.xlsx", "national_M2025_dl.xlsx")


def test_cli_prints_a_summary(bls_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "table.yml"
    assert bls_import.main(["--bls-dir", str(bls_dir), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and printed[0].startswith("Wrote 13 occupations to")
    assert out.exists()


def test_cli_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "bls"
    directory.mkdir()
    (directory / "occupation_2024-2034.xlsx").write_bytes(b"not a zip")
    make_oews(directory)
    out = tmp_path / "table.yml"
    assert bls_import.main(["--bls-dir", str(directory), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "occupation_2024-2034.xlsx" in captured.err and "not an .xlsx" in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_cli_reports_an_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bls_import.main(["--bls-dir", str(tmp_path), "--out", str(tmp_path / "t.yml")]) == 1
    assert "occupation_*.xlsx" in capsys.readouterr().err


# --- the real BLS files -------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_BLS_DIR.is_dir(), reason=f"shared BLS data not present at {SHARED_BLS_DIR}")
def test_real_files_match_the_committed_table(tmp_path: Path) -> None:
    ep_path, oews_path = bls_import.find_inputs(SHARED_BLS_DIR)
    ep_release, ep = bls_import.load_ep(ep_path)
    oews_release, wages = bls_import.load_oews(oews_path)
    assert wages["29-2032"] == 96590
    assert ep["29-2032"].percent == 13.0
    assert (ep_release.period, oews_release.period) == ("2024-2034", "May 2025")
    neighbours = {"29-2034": "Radiologic technologists and technicians",
                  "29-2035": "Magnetic resonance imaging technologists", "29-1141": "Registered nurses",
                  "29-1071": "Physician assistants", "29-2033": "Nuclear medicine technologists",
                  "29-1124": "Radiation therapists", "29-1126": "Respiratory therapists"}
    for code, title in neighbours.items():
        assert ep[code].title == title and wages[code] is not None
        assert ep[code].annual_openings and ep[code].typical_entry_education
    out = tmp_path / "bls_occupations.yml"
    bls_import.generate(SHARED_BLS_DIR, out)
    assert COMMITTED_TABLE.exists(), "run `python -m tools.bls_import` to create the committed table"
    assert out.read_text(encoding="utf-8") == COMMITTED_TABLE.read_text(encoding="utf-8"), (
        "knowledge/bls_occupations.yml differs from the BLS files; rerun `python -m tools.bls_import`"
    )
