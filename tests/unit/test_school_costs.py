"""Tests for school costs: loading knowledge/schools/costs.csv (bot.schools.costs), the costs search
rows carry, and how bot.render.schools words them (level and year of every figure)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.formatting import money
from bot.knowledge import KnowledgeBase
from bot.render.schools import cost_note, costs_text, online_note, results_text
from bot.schools.catalogue import SchoolCatalogue, default_catalogue
from bot.schools.costs import COSTS_FILE, GRADUATE_AWARD_LEVELS, CostsTable, load_costs
from bot.schools.programs import SchoolsDataError
from bot.schools.results import InstitutionCosts

SONOGRAPHER = "diagnostic_medical_sonographer"
YEARS = load_costs().years


@pytest.fixture(scope="module")
def catalogue() -> SchoolCatalogue:
    return default_catalogue()


@pytest.fixture(scope="module")
def table(catalogue: SchoolCatalogue) -> CostsTable:
    return catalogue.costs


# --- loading --------------------------------------------------------------------------------------


def test_the_years_are_read_from_the_header(table: CostsTable) -> None:
    header = COSTS_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert f"in_state_{table.years.charges}" in header
    assert f"program_tuition_min_{table.years.programs}" in header
    assert f"distance_programs_{table.years.distance}" in header


def test_a_programs_own_figures_win_over_the_institutions(table: CostsTable) -> None:
    (unitid, cip), own = next(iter(table.by_program.items()))
    assert table.lookup(unitid, cip, 3) == own and own.program_tuition is not None
    other = table.lookup(unitid, "51.2706", 3)
    assert other is None or other.program_tuition is None


def test_a_graduate_program_gets_no_undergraduate_charges(table: CostsTable) -> None:
    unitid, costs = next((unitid, costs) for unitid, costs in table.by_institution.items() if costs.in_state)
    cip = "51.0701"
    for level in GRADUATE_AWARD_LEVELS:
        graduate = table.lookup(unitid, cip, level)
        assert graduate is not None and graduate.in_state is None and graduate.out_of_state is None
        assert graduate.distance_programs == costs.distance_programs
    assert table.lookup(unitid, cip, 5) == costs


def test_search_rows_carry_their_costs(catalogue: SchoolCatalogue) -> None:
    result = catalogue.search(SONOGRAPHER, catalogue.resolve_place("Ohio"), page_size=20)
    assert any(row.costs is not None for row in result.rows)
    for row in result.rows:
        assert row.costs == catalogue.costs.lookup(row.unitid, row.cip, row.award_level)


def test_institution_costs(catalogue: SchoolCatalogue, table: CostsTable) -> None:
    unitid, cip = next(key for key in table.by_program if key[1] == "51.0910")
    info = catalogue.institution_costs(unitid)
    assert info is not None and info.clinical_training
    assert [costs for _, costs in info.programs] == list(table.programs_of(unitid).values())
    assert info.costs == table.by_institution.get(unitid)
    assert catalogue.institution_costs(1) is None


def write_costs(tmp_path: Path, edit) -> Path:
    lines = COSTS_FILE.read_text(encoding="utf-8").splitlines()
    edit(lines)
    path = tmp_path / "costs.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _set(lines: list[str], line: int, column: int, value: str) -> None:
    cells = lines[line - 1].split(",")
    cells[column] = value
    lines[line - 1] = ",".join(cells)


def _program_line(lines: list[str]) -> int:
    return next(number for number, line in enumerate(lines, start=1) if line.split(",")[1])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda lines: lines.__setitem__(0, lines[0].replace(f"in_state_{YEARS.charges}", "in_state_1999-00")),
         "need one year suffix"),
        (lambda lines: lines.__setitem__(0, lines[0].replace("all_online", "fully_online")), "expected the columns"),
        (lambda lines: _set(lines, 2, 3, "a lot"), f"line 2: column 'in_state_{YEARS.charges}': expected a whole"),
        (lambda lines: lines.append(lines[1]), "is listed twice"),
        (lambda lines: _set(lines, _program_line(lines), 5, "99999999"), f"program_tuition_max_{YEARS.programs}"),
        (lambda lines: _set(lines, 2, 11, "yes"), f"'distance_programs_{YEARS.distance}': expected 1, 0 or nothing"),
    ],
)
def test_costs_errors_name_the_file_and_what_is_wrong(tmp_path: Path, edit, message: str) -> None:
    with pytest.raises(SchoolsDataError, match=message) as caught:
        load_costs(write_costs(tmp_path, edit))
    assert "costs.csv" in str(caught.value)


def test_an_institutions_rows_must_agree(tmp_path: Path, table: CostsTable) -> None:
    unitid = next(unitid for (unitid, _), _costs in table.by_program.items()
                  if sum(key == unitid for key, _ in table.by_program) > 1)

    def edit(lines: list[str]) -> None:
        number = next(n for n, line in enumerate(lines, start=1) if line.startswith(f"{unitid},"))
        _set(lines, number, 12, "1" if lines[number - 1].split(",")[12] != "1" else "0")

    with pytest.raises(SchoolsDataError, match=f"UNITID {unitid}: institution-wide columns differ"):
        load_costs(write_costs(tmp_path, edit))


def test_a_missing_costs_file_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(SchoolsDataError, match="file not found .*tools.schools_import"):
        load_costs(tmp_path / "costs.csv")


# --- wording --------------------------------------------------------------------------------------


def test_cost_notes_state_the_level_and_the_year(table: CostsTable) -> None:
    own = next(costs for costs in table.by_program.values() if costs.program_tuition)
    note = cost_note(own)
    assert note is not None
    assert money(own.program_tuition[0]) in note and f"whole program ({table.years.programs})" in note
    wide = next(costs for costs in table.by_institution.values() if costs.in_state and not costs.program_tuition)
    assert cost_note(wide) == f"in-state tuition and fees {money(wide.in_state)} a year, institution-wide" \
        f" ({table.years.charges})"
    assert cost_note(None) is None


def test_result_lines_carry_the_cost_note_and_the_online_note_comes_once(
    kb: KnowledgeBase, catalogue: SchoolCatalogue
) -> None:
    result = catalogue.search(SONOGRAPHER, catalogue.resolve_place("Ohio"))
    text = results_text(kb, catalogue, result, SONOGRAPHER)
    lines = [line for line in text.splitlines() if line.startswith("- **")]
    for row, line in zip(result.rows, lines, strict=True):
        note = cost_note(row.costs)
        assert note is None or f"; {note}" in line
    assert text.count("fully online") == 1
    assert f"(IPEDS {catalogue.costs.years.distance})" in text
    assert "not of one program" in text and "clinical training" in text and "in person" in text


def test_graduate_lines_show_no_undergraduate_charges(kb: KnowledgeBase, catalogue: SchoolCatalogue) -> None:
    result = catalogue.search("clinical_educator", catalogue.resolve_place("Ohio"), page_size=20)
    text = results_text(kb, catalogue, result, "clinical_educator")
    assert "institution-wide" not in text


def test_costs_text_of_a_program_reporter(catalogue: SchoolCatalogue, table: CostsTable) -> None:
    unitid, cip = next(key for key in table.by_program if key[1] == "51.0910")
    info = catalogue.institution_costs(unitid)
    assert info is not None
    text = costs_text(info)
    program, costs = info.programs[0]
    assert costs.program_tuition is not None
    assert f"**{info.institution}**" in text and program in text
    assert money(costs.program_tuition[0]) in text and "for the whole program" in text
    assert f"IPEDS {table.years.programs}" in text
    assert "before any financial aid" in text and "in person" in text


def test_costs_text_of_institution_wide_charges(catalogue: SchoolCatalogue, table: CostsTable) -> None:
    unitid, costs = next((unitid, costs) for unitid, costs in table.by_institution.items()
                         if costs.in_district and costs.out_of_state and costs.in_district != costs.out_of_state
                         and costs.distance_programs and not table.programs_of(unitid))
    info = catalogue.institution_costs(unitid)
    assert info is not None
    text = costs_text(info)
    assert "institution-wide" in text and f"IPEDS {table.years.charges}" in text
    assert f"{money(costs.out_of_state or 0)} out-of-state" in text and money(costs.in_district or 0) in text
    assert f"some programs fully online (IPEDS {table.years.distance}); IPEDS doesn't say which" in text


def test_costs_text_without_figures(catalogue: SchoolCatalogue, table: CostsTable) -> None:
    base = next(costs for costs in table.by_institution.values() if costs.distance_programs is False)
    nothing = replace(base, in_district=None, in_state=None, out_of_state=None)
    info = InstitutionCosts(unitid=1, institution="Example College", city="Dayton", state="OH", costs=nothing,
                            programs=(), clinical_training=False)
    assert costs_text(info) == (
        f"IPEDS has no prices for **Example College** (Dayton, OH); its own website lists what it charges."
        f" It offers no programs fully online (IPEDS {table.years.distance})."
    )


def test_the_online_note_counts_schools_not_programs(catalogue: SchoolCatalogue) -> None:
    result = catalogue.search(SONOGRAPHER, catalogue.resolve_place("Ohio"))
    first, other = result.rows[0], result.rows[1]
    assert first.costs is not None and other.costs is not None and first.unitid != other.unitid
    online, offline = replace(first.costs, distance_programs=True), replace(other.costs, distance_programs=False)
    rows = (replace(first, costs=online), replace(first, award_level=5, costs=online), replace(other, costs=offline))
    note = online_note(replace(result, rows=rows), clinical_training=False)
    assert note is not None and note.startswith("1 of these 2 schools offer some programs fully online")
    assert "clinical" not in note


def test_a_short_row_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SchoolsDataError, match="line 3: expected 13 fields"):
        load_costs(write_costs(tmp_path, lambda lines: lines.__setitem__(2, lines[2].rsplit(",", 1)[0])))
