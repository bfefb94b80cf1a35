"""Tests for tools.ipeds_costs: costs rows from small NCES-layout fixtures (tests/unit/nces_layouts.py),
and the committed table against the raw IPEDS files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.schools.costs import COSTS_FILE, load_costs
from tests.unit.nces_layouts import (
    AY_HEADER,
    CHARGES,
    DISTANCE,
    IC_HEADER,
    PROGRAM_CHARGES,
    PY_HEADER,
    raw_ipeds_dir,
    rows_of,
    write_cost_files,
    write_nces,
)
from tools.ipeds_costs import academic_year, build_costs, find_cost_inputs
from tools.nces_files import SchoolsImportError

YEARS = ("2022-23", "2023-24", "2024-25")
# The catalogue programs of test_schools_import's fixture: (UNITID, CIP code).
OFFERED = {(100001, "51.0910"), (100002, "51.0910"), (100006, "51.0901")}


@pytest.fixture
def ipeds_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ipeds"
    folder.mkdir()
    write_cost_files(folder)
    return folder


@pytest.fixture(scope="module")
def shared_ipeds() -> Path:
    return raw_ipeds_dir()


def costs_of(ipeds: Path) -> list[dict[str, str]]:
    header, rows = build_costs(find_cost_inputs(ipeds), OFFERED)
    return [dict(zip(header, row, strict=True)) for row in rows]


def expect_error(ipeds: Path, *fragments: str) -> None:
    with pytest.raises(SchoolsImportError) as caught:
        costs_of(ipeds)
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def short(row: dict[str, str]) -> dict[str, str]:
    """A row with the year suffixes dropped from its column names, empty cells left out."""
    return {name.rsplit("_", 1)[0] if name.endswith(YEARS) else name: value for name, value in row.items() if value}


def test_costs_columns_carry_the_year_of_their_source(ipeds_dir: Path) -> None:
    header = list(costs_of(ipeds_dir)[0])
    assert header[:3] == ["unitid", "cip", "in_district_2022-23"]
    assert "program_tuition_min_2023-24" in header and header[-1] == "all_online_2024-25"


def test_costs_rows_of_the_fixture(ipeds_dir: Path) -> None:
    rows = [short(row) for row in costs_of(ipeds_dir)]
    assert rows == [
        # Institution-wide only: one row with an empty CIP.
        {"unitid": "100001", "in_district": "4500", "in_state": "6500", "out_of_state": "12500",
         "distance_programs": "1", "all_online": "0"},
        # "51.091" is 51.0910; the largest program's charges come from CHG1PY3/CHG4PY3; two programs -> a range.
        {"unitid": "100002", "cip": "51.0910", "program_tuition_min": "30000", "program_tuition_max": "45000",
         "books_supplies_min": "1200", "books_supplies_max": "1200", "months_min": "20", "months_max": "30",
         "distance_programs": "0", "all_online": "0"},
        # A missing out-of-state fee leaves the sum missing; -2 flags are no data.
        {"unitid": "100006", "cip": "51.0901", "in_district": "20500", "in_state": "20500",
         "program_tuition_min": "25000", "program_tuition_max": "25000", "books_supplies_min": "800",
         "books_supplies_max": "800", "months_min": "18", "months_max": "18"},
    ]


def test_only_catalogue_programs_are_kept(ipeds_dir: Path) -> None:
    """100005 is not in the catalogue, 100006's sonography program neither, the cosmetology program never."""
    rows = costs_of(ipeds_dir)
    assert "100005" not in {row["unitid"] for row in rows}
    assert {(row["unitid"], row["cip"]) for row in rows} == {("100001", ""), ("100002", "51.0910"),
                                                            ("100006", "51.0901")}


def test_years_come_from_the_file_names(ipeds_dir: Path) -> None:
    inputs = find_cost_inputs(ipeds_dir)
    assert (inputs.charges.name, inputs.programs.name, inputs.characteristics.name) == (
        "IC2022_AY.csv", "ic2023_py.csv", "IC2024.csv")
    assert (inputs.years.charges, inputs.years.programs, inputs.years.distance) == YEARS
    assert academic_year(2099) == "2099-00"


def test_a_charges_file_is_not_taken_for_the_characteristics_file(ipeds_dir: Path) -> None:
    (ipeds_dir / "IC2024.csv").unlink()
    expect_error(ipeds_dir, "no IC{YEAR} file")


@pytest.mark.parametrize("name", ["IC2022_AY.csv", "ic2023_py.csv"])
def test_missing_cost_file(ipeds_dir: Path, name: str) -> None:
    (ipeds_dir / name).unlink()
    expect_error(ipeds_dir, "no IC{YEAR}_" + name[7:9].upper() + " file")


def test_bad_amount_names_file_line_and_column(ipeds_dir: Path) -> None:
    charges = [dict(record) for record in CHARGES]
    charges[0]["FEE2"] = "5OO"
    write_nces(ipeds_dir / "IC2022_AY.csv", AY_HEADER, rows_of(AY_HEADER, charges))
    expect_error(ipeds_dir, "IC2022_AY.csv", "line 2", "FEE2", "'5OO'")


def test_unknown_distance_code(ipeds_dir: Path) -> None:
    """DISTNCED answers no with 2: a 0 there is not a code of that question."""
    distance = [dict(record) for record in DISTANCE]
    distance[1]["DISTNCED"] = "0"
    write_nces(ipeds_dir / "IC2024.csv", IC_HEADER, rows_of(IC_HEADER, distance))
    expect_error(ipeds_dir, "IC2024.csv", "line 3", "DISTNCED", "'0'")


def test_duplicate_institution(ipeds_dir: Path) -> None:
    write_nces(ipeds_dir / "ic2023_py.csv", PY_HEADER, rows_of(PY_HEADER, [*PROGRAM_CHARGES, PROGRAM_CHARGES[0]]))
    expect_error(ipeds_dir, "ic2023_py.csv", "line 5", "UNITID 100002 already on line 2")


def test_missing_column(ipeds_dir: Path) -> None:
    header = [name for name in IC_HEADER if name != "DISTPGS"]
    write_nces(ipeds_dir / "IC2024.csv", header, rows_of(header, DISTANCE))
    expect_error(ipeds_dir, "IC2024.csv", "missing column DISTPGS")


# --- the raw IPEDS files --------------------------------------------------------------------------


def _raw(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="latin-1").removeprefix("\u00ef\u00bb\u00bf").splitlines()))


def test_committed_program_prices_match_the_raw_file(shared_ipeds: Path) -> None:
    """Every sonography price a catalogue institution reports in a program slot lies in its committed range."""
    table = load_costs(COSTS_FILE)
    catalogue = {row["unitid"] for row in read_csv(COSTS_FILE.with_name("catalogue.csv")) if row["cip"] == "51.0910"}
    checked = 0
    for row in _raw(shared_ipeds / "ic2023_py.csv"):
        for slot in range(1, 7):
            price = row[f"CIPTUIT{slot}"] if row[f"CIPTUIT{slot}"] != "." else row["CHG1PY3"] if slot == 1 else "."
            if row[f"CIPCODE{slot}"] == "51.091" and row["UNITID"] in catalogue and price != ".":
                low, high = table.by_program[(int(row["UNITID"]), "51.0910")].program_tuition or (0, 0)
                assert low <= int(price) <= high, row["UNITID"]
                checked += 1
    assert checked > 50  # the README counts about 97 sonography slots in the whole file


def test_committed_distance_flags_match_the_raw_file(shared_ipeds: Path) -> None:
    table = load_costs(COSTS_FILE)
    raw = {row["UNITID"]: row for row in _raw(shared_ipeds / "ic2024.csv")}
    assert len(table.by_institution) > 1000
    for unitid, costs in table.by_institution.items():
        expected = {"1": True, "0": False, "-2": None}[raw[str(unitid)]["DISTPGS"]]
        assert costs.distance_programs == expected, unitid
