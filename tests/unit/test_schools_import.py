"""Tests for tools.schools_import: small NCES-layout fixtures written here, plus checks against the raw IPEDS files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.schools.tables import CATALOGUE_COLUMNS, CITIES_COLUMNS
from tests.conftest import REPO_ROOT
from tests.unit.nces_layouts import raw_ipeds_dir, write_cost_files, write_nces
from tools import schools_import
from tools.schools_import import SchoolsImportError, normalize_cip, normalize_website

COMMITTED_DIR = REPO_ROOT / "knowledge" / "schools"

# The 72 columns of NCES's HD2024.csv, in order; the fixture fills the ones the importer reads.
HD_HEADER_LINE = (
    "UNITID,INSTNM,IALIAS,ADDR,CITY,STABBR,ZIP,FIPS,OBEREG,CHFNM,CHFTITLE,GENTELE,EIN,UEIS,OPEID,OPEFLAG,WEBADDR,"
    "ADMINURL,FAIDURL,APPLURL,NPRICURL,VETURL,ATHURL,DISAURL,SECTOR,ICLEVEL,CONTROL,HLOFFER,UGOFFER,GROFFER,"
    "HDEGOFR1,DEGGRANT,HBCU,HOSPITAL,MEDICAL,TRIBAL,LOCALE,OPENPUBL,ACT,NEWID,DEATHYR,CLOSEDAT,CYACTIVE,POSTSEC,"
    "PSEFLAG,PSET4FLG,RPTMTH,INSTCAT,C00CARNEGIE,C21BASIC,CARNEGIEIC,CARNEGIESAEC,CARNEGIERSCH,CARNEGIESIZE,"
    "CARNEGIEALF,CARNEGIEAPM,CARNEGIEGPM,LANDGRNT,INSTSIZE,F1SYSTYP,F1SYSNAM,F1SYSCOD,CBSA,CBSATYPE,CSA,COUNTYCD,"
    "COUNTYNM,CNGDSTCD,LONGITUD,LATITUDE,DFRCGID,DFRCUSCG"
)
HD_HEADER = HD_HEADER_LINE.split(",")
C_HEADER = ["UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT", "CTOTALM", "CTOTALW"]

ACTIVE = {"CYACTIVE": "1", "CLOSEDAT": "-2", "DEATHYR": "-2", "ACT": "A"}
INSTITUTIONS = [
    {"UNITID": "100001", "INSTNM": "Columbus  State Community College", "CITY": "Columbus", "STABBR": "OH",
     "ZIP": "43215-1722", "WEBADDR": "www.cscc.edu/", "CONTROL": "1", "LATITUDE": "39.969", "LONGITUD": "-82.987",
     **ACTIVE},
    # Latin-1 accent and a comma inside a quoted field.
    {"UNITID": "100002", "INSTNM": "École d'Échographie, Dayton Campus", "CITY": "Dayton", "STABBR": "OH",
     "ZIP": "45402", "WEBADDR": "https://www.example.edu/dayton#campus", "CONTROL": "3", "LATITUDE": "39.759",
     "LONGITUD": "-84.192", **ACTIVE},
    {"UNITID": "100003", "INSTNM": "Closed College", "CITY": "COLUMBUS", "STABBR": "OH", "ZIP": "43210",
     "WEBADDR": "closed.edu", "CONTROL": "-3", "LATITUDE": "40.001", "LONGITUD": "-83.013",
     "CYACTIVE": "3", "CLOSEDAT": "06/30/2024", "DEATHYR": "2024", "ACT": "D"},
    # Merged away mid-year: CYACTIVE stays 1, DEATHYR says it is gone.
    {"UNITID": "100004", "INSTNM": "Merged College", "CITY": "Dayton", "STABBR": "OH", "ZIP": "45409",
     "WEBADDR": "merged.edu", "CONTROL": "2", "LATITUDE": "39.741", "LONGITUD": "-84.180",
     "CYACTIVE": "1", "CLOSEDAT": "-2", "DEATHYR": "2024", "ACT": "M"},
    {"UNITID": "100005", "INSTNM": "Beauty Academy", "CITY": "Columbus", "STABBR": "OH", "ZIP": "43204",
     "WEBADDR": "", "CONTROL": "3", "LATITUDE": "39.950", "LONGITUD": "-83.080", **ACTIVE},
    {"UNITID": "100006", "INSTNM": "Chattahoochee Heart Institute", "CITY": "Columbus", "STABBR": "GA",
     "ZIP": "31901", "WEBADDR": "heart.example.org", "CONTROL": "2", "LATITUDE": "32.460", "LONGITUD": "-84.988",
     **ACTIVE},
]
COMPLETIONS = [
    ["100001", "51.0910", "1", "3", "12", "2", "10"],
    ["100001", "51.0910", "2", "3", "2", "0", "2"],  # second majors: not added to the graduates
    ["100001", "51.0910", "1", "2", "0", "0", "0"],  # offered, nobody graduated: kept
    ["100001", "51.0911", "1", "3", "30", "5", "25"],  # radiologic technology: not in the mapping
    ["100001", "99", "1", "3", "400", "150", "250"],  # NCES's grand-total row
    ["100002", "51.0910", "1", "5", "4", "1", "3"],
    ["100002", "51.0910", "2", "7", "1", "0", "1"],  # only as a second major: no program row
    ["100003", "51.0910", "1", "3", "5", "0", "5"],  # closed institution
    ["100004", "51.0701", "1", "7", "8", "3", "5"],  # merged institution
    ["100006", "51.0901", "1", "3", "7", "2", "5"],
]


def hd_rows(institutions: list[dict[str, str]] = INSTITUTIONS) -> list[list[str]]:
    return [[record.get(column, "") for column in HD_HEADER] for record in institutions]


@pytest.fixture
def ipeds_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ipeds"
    folder.mkdir()
    write_nces(folder / "HD2024.csv", HD_HEADER, hd_rows())
    write_nces(folder / "C2024_A.csv", C_HEADER, COMPLETIONS)
    write_cost_files(folder)
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(ipeds: Path, out: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    schools_import.generate(ipeds, out)
    return read_csv(out / "catalogue.csv"), read_csv(out / "cities.csv")


# --- the fixture ----------------------------------------------------------------------------------


def test_catalogue_keeps_mapped_first_major_rows_of_active_institutions(ipeds_dir: Path, tmp_path: Path) -> None:
    catalogue, _ = run(ipeds_dir, tmp_path / "out")
    keys = [(row["unitid"], row["cip"], row["award_level"], row["graduates"]) for row in catalogue]
    assert keys == [
        ("100001", "51.0910", "2", "0"),
        ("100001", "51.0910", "3", "12"),
        ("100002", "51.0910", "5", "4"),
        ("100006", "51.0901", "3", "7"),
    ]


def test_catalogue_columns_and_labels(ipeds_dir: Path, tmp_path: Path) -> None:
    catalogue, _ = run(ipeds_dir, tmp_path / "out")
    assert tuple(catalogue[0]) == CATALOGUE_COLUMNS
    first, dayton, georgia = catalogue[1], catalogue[2], catalogue[3]
    assert first["institution"] == "Columbus State Community College"  # whitespace collapsed
    assert first["website"] == "https://www.cscc.edu/"
    assert first["control"] == "public"
    assert first["credential"] == "Associate's degree"
    assert first["program"] == "Diagnostic Medical Sonography/Sonographer and Ultrasound Technician"
    assert first["data_year"] == "2023-24"
    assert first["zip"] == "43215-1722"
    assert (first["latitude"], first["longitude"]) == ("39.969000", "-82.987000")
    assert dayton["institution"] == "École d'Échographie, Dayton Campus"
    assert dayton["website"] == "https://www.example.edu/dayton"
    assert dayton["control"] == "private for-profit"
    assert dayton["credential"] == "Bachelor's degree"
    assert georgia["control"] == "private nonprofit"
    assert georgia["program"] == "Cardiovascular Technology/Technologist"


def test_output_is_utf8_and_sorted(ipeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(ipeds_dir, out)
    raw = (out / "catalogue.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert "École".encode() in raw
    rows = read_csv(out / "catalogue.csv")
    keys = [(int(row["unitid"]), row["cip"], int(row["award_level"])) for row in rows]
    assert keys == sorted(keys)


def test_gazetteer_averages_every_institution_of_a_city(ipeds_dir: Path, tmp_path: Path) -> None:
    _, cities = run(ipeds_dir, tmp_path / "out")
    assert tuple(cities[0]) == CITIES_COLUMNS
    by_place = {(row["city"], row["state"]): row for row in cities}
    assert set(by_place) == {("Columbus", "GA"), ("Columbus", "OH"), ("Dayton", "OH")}
    columbus = by_place[("Columbus", "OH")]  # "COLUMBUS" and the closed college are the same city
    assert columbus["institutions"] == "3"
    assert float(columbus["latitude"]) == pytest.approx((39.969 + 40.001 + 39.950) / 3, abs=1e-6)
    assert float(columbus["longitude"]) == pytest.approx((-82.987 - 83.013 - 83.080) / 3, abs=1e-6)
    assert by_place[("Dayton", "OH")]["institutions"] == "2"


def test_lowercase_names_and_utf8_content_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "ipeds"
    folder.mkdir()
    write_nces(folder / "hd2024.csv", HD_HEADER, hd_rows(), encoding="utf-8")
    write_nces(folder / "c2024_a_cip51.csv", C_HEADER, COMPLETIONS)
    write_cost_files(folder)
    catalogue, _ = run(folder, tmp_path / "out")
    assert catalogue[2]["institution"] == "École d'Échographie, Dayton Campus"


def test_newest_year_and_revised_release_win(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "hd2023.csv", HD_HEADER, hd_rows())
    write_nces(ipeds_dir / "c2023_a.csv", C_HEADER, COMPLETIONS)
    write_nces(ipeds_dir / "c2024_a_rv.csv", C_HEADER, COMPLETIONS[:1])
    inputs = schools_import.find_inputs(ipeds_dir)
    assert (inputs.hd.name, inputs.completions.name, inputs.data_year) == ("HD2024.csv", "c2024_a_rv.csv", "2023-24")


def test_cli_prints_a_summary(ipeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schools_import.main(["--ipeds-dir", str(ipeds_dir), "--out-dir", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out.strip()
    assert "\n" not in out
    assert "4 programs at 3 institutions" in out and "3 cities" in out and "2023-24" in out
    assert "costs of 3 institutions" in out and "ic2023_py.csv 2023-24" in out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.aamu.edu/", "https://www.aamu.edu/"),
        ("https://www.uab.edu/", "https://www.uab.edu/"),
        ("http://old.example.edu", "http://old.example.edu"),
        ("  ualr.edu/www/ ", "https://ualr.edu/www/"),
        ("www.x.edu/savannah#location=Savannah, GA", "https://www.x.edu/savannah"),
        ("www.x.org/nursing/ OR school of radiologic technology", "https://www.x.org/nursing/"),
        ("", ""),
        ("-2", ""),
        ("localhost", ""),
    ],
)
def test_normalize_website(raw: str, expected: str) -> None:
    assert normalize_website(raw) == expected


def test_normalize_cip() -> None:
    assert normalize_cip("51.0910") == "51.0910"
    assert normalize_cip("51.091") == "51.0910"
    assert normalize_cip("1.0101") == "01.0101"
    assert normalize_cip("99") == "99"


# --- malformed input ------------------------------------------------------------------------------


def expect_error(ipeds: Path, tmp_path: Path, *fragments: str) -> str:
    with pytest.raises(SchoolsImportError) as caught:
        schools_import.generate(ipeds, tmp_path / "out")
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_missing_directory(tmp_path: Path) -> None:
    expect_error(tmp_path / "nowhere", tmp_path, "nowhere", "not found")


def test_missing_directory_file(ipeds_dir: Path, tmp_path: Path) -> None:
    (ipeds_dir / "HD2024.csv").unlink()
    expect_error(ipeds_dir, tmp_path, str(ipeds_dir), "no HD{YEAR} file")


def test_missing_completions_file(ipeds_dir: Path, tmp_path: Path) -> None:
    (ipeds_dir / "C2024_A.csv").unlink()
    expect_error(ipeds_dir, tmp_path, "no C{YEAR}_A file")


def test_missing_column(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER[:4], [row[:4] for row in COMPLETIONS])
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "missing column CTOTALT")


def test_missing_directory_column(ipeds_dir: Path, tmp_path: Path) -> None:
    keep = [index for index, name in enumerate(HD_HEADER) if name != "CYACTIVE"]
    write_nces(
        ipeds_dir / "HD2024.csv", [HD_HEADER[i] for i in keep], [[row[i] for i in keep] for row in hd_rows()]
    )
    expect_error(ipeds_dir, tmp_path, "HD2024.csv", "missing column CYACTIVE")


def test_bad_number(ipeds_dir: Path, tmp_path: Path) -> None:
    rows = [row[:] for row in COMPLETIONS]
    rows[5][4] = "4a"
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER, rows)
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "line 7", "CTOTALT", "'4a'")


def test_bad_coordinate(ipeds_dir: Path, tmp_path: Path) -> None:
    institutions = [dict(record) for record in INSTITUTIONS]
    institutions[1]["LATITUDE"] = "north"
    write_nces(ipeds_dir / "HD2024.csv", HD_HEADER, hd_rows(institutions))
    expect_error(ipeds_dir, tmp_path, "HD2024.csv", "line 3", "LATITUDE", "'north'")


def test_unknown_award_level(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER, [*COMPLETIONS, ["100001", "51.0910", "1", "9", "1", "0", "1"]])
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "AWLEVEL 9")


def test_duplicate_completion_row(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER, [*COMPLETIONS, COMPLETIONS[0]])
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "line 12", "already on line 2")


def test_ragged_row(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER, [*COMPLETIONS, ["100001", "51.0910", "1"]])
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "line 12", "expected 7 fields, found 3")


def test_unknown_control_of_an_active_institution(ipeds_dir: Path, tmp_path: Path) -> None:
    institutions = [dict(record) for record in INSTITUTIONS]
    institutions[0]["CONTROL"] = "-3"
    write_nces(ipeds_dir / "HD2024.csv", HD_HEADER, hd_rows(institutions))
    expect_error(ipeds_dir, tmp_path, "HD2024.csv", "line 2", "CONTROL", "-3")


def test_two_completions_files_for_one_year(ipeds_dir: Path, tmp_path: Path) -> None:
    write_nces(ipeds_dir / "c2024_a_cip51.csv", C_HEADER, COMPLETIONS)
    expect_error(ipeds_dir, tmp_path, "C2024_A.csv", "c2024_a_cip51.csv", "keep one")


def test_cli_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schools_import.main(["--ipeds-dir", str(tmp_path / "nowhere"), "--out-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("schools_import: error: ") and "Traceback" not in captured.err


def test_nothing_is_written_on_error(ipeds_dir: Path, tmp_path: Path) -> None:
    rows = [row[:] for row in COMPLETIONS]
    rows[0][3] = "x"
    write_nces(ipeds_dir / "C2024_A.csv", C_HEADER, rows)
    expect_error(ipeds_dir, tmp_path, "AWLEVEL")
    assert not (tmp_path / "out").exists()


def test_nothing_is_written_when_a_cost_file_is_missing(ipeds_dir: Path, tmp_path: Path) -> None:
    (ipeds_dir / "IC2024.csv").unlink()
    expect_error(ipeds_dir, tmp_path, "no IC{YEAR} file")
    assert not (tmp_path / "out").exists()


# --- the raw IPEDS files --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_ipeds() -> Path:
    return raw_ipeds_dir()


@pytest.fixture(scope="module")
def regenerated(shared_ipeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schools")
    schools_import.generate(shared_ipeds, out)
    return out


def _raw_rows(path: Path) -> list[dict[str, str]]:
    """Read a raw file without the importer's code: latin-1 never fails, and the columns used are ASCII."""
    text = path.read_text(encoding="latin-1").removeprefix("\u00ef\u00bb\u00bf")
    return list(csv.DictReader(text.splitlines()))


def test_sonography_institution_count_matches_the_raw_file(shared_ipeds: Path) -> None:
    directory = _raw_rows(next(shared_ipeds.glob("[hH][dD]2024*.csv")))
    active = {
        row["UNITID"] for row in directory
        if row["CYACTIVE"] == "1" and row["CLOSEDAT"] == "-2" and row["DEATHYR"] == "-2"
    }
    completions = _raw_rows(next(shared_ipeds.glob("[cC]2024_[aA]*.csv")))
    raw = {row["UNITID"] for row in completions if row["CIPCODE"] == "51.0910" and row["UNITID"] in active}
    catalogue = read_csv(COMMITTED_DIR / "catalogue.csv")
    committed = {row["unitid"] for row in catalogue if row["cip"] == "51.0910"}
    assert committed == raw
    assert len(committed) > 300  # the README says about 365


def test_committed_catalogue_has_no_duplicate_programs() -> None:
    rows = read_csv(COMMITTED_DIR / "catalogue.csv")
    keys = [(row["unitid"], row["cip"], row["award_level"]) for row in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", ["catalogue.csv", "cities.csv", "costs.csv"])
def test_regenerating_gives_the_committed_files(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (COMMITTED_DIR / name).read_bytes(), (
        f"knowledge/schools/{name} is out of date: run `python -m tools.schools_import`"
    )
