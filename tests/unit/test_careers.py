"""Sonography's neighbouring careers: careers.yml is validated against the knowledge base, the
comparison quotes the BLS table's own figures, and the answers name each figure's period and source."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.careers import (
    CAREERS_FILE,
    Careers,
    Sourced,
    compare_with_neighbour,
    default_careers,
    load_careers,
    neighbour_overview,
)
from bot.formatting import money, percent, span
from bot.knowledge import KnowledgeBase, KnowledgeBaseError
from bot.render.careers import NO_FIGURE, comparison_answer, neighbours_answer
from bot.render.topics import source_citation

NEIGHBOUR_SOC_CODES = {
    "radiologic_technologist": "29-2034",
    "mri_technologist": "29-2035",
    "registered_nurse": "29-1141",
    "cardiovascular_technologist": "29-2031",
    "physician_assistant": "29-1071",
    "nuclear_medicine_technologist": "29-2033",
    "radiation_therapist": "29-1124",
    "respiratory_therapist": "29-1126",
}


@pytest.fixture(scope="module")
def careers() -> Careers:
    return default_careers()


def write_changed(tmp_path: Path, change) -> Path:
    """A copy of careers.yml with one change, to check what the loader rejects."""
    data = yaml.safe_load(CAREERS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "careers.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def load_error(kb: KnowledgeBase, path: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as error:
        load_careers(kb, path)
    return str(error.value)


# --- careers.yml --------------------------------------------------------------------------------


def test_sonography_and_its_neighbours_point_at_their_bls_occupations(careers: Careers) -> None:
    assert careers.sonography.soc == "29-2032"
    assert {neighbour.id: neighbour.soc for neighbour in careers.neighbours.values()} == NEIGHBOUR_SOC_CODES


def test_a_description_without_a_source_is_rejected(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_changed(tmp_path, lambda data: data["neighbours"][2]["what_differs"][0].pop("source"))
    message = load_error(kb, path)
    assert "careers.yml" in message and "neighbours.2.what_differs.0.source" in message and "required" in message


def test_an_unknown_source_is_rejected(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_changed(tmp_path, lambda data: data["sonography"]["what_differs"][0].update(source="a_forum_post"))
    message = load_error(kb, path)
    assert "career 'sonographer'" in message and "what_differs.0.source" in message and "a_forum_post" in message


def test_a_soc_code_missing_from_the_bls_table_is_rejected(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_changed(tmp_path, lambda data: data["neighbours"][0].update(soc="29-2099"))
    message = load_error(kb, path)
    assert "career 'radiologic_technologist'" in message and "'29-2099' is not in bls_occupations.yml" in message


def test_an_alias_claimed_by_two_neighbours_is_rejected(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_changed(tmp_path, lambda data: data["neighbours"][1]["aliases"].append("rad techs"))
    assert "'rad techs' of 'mri_technologist' is already an alias of 'radiologic_technologist'" in load_error(kb, path)


def test_an_alias_must_be_written_folded(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_changed(tmp_path, lambda data: data["neighbours"][0]["aliases"].append("X-ray tech"))
    assert "neighbours.0.aliases" in load_error(kb, path)


@pytest.mark.parametrize(
    ("typed", "neighbour_id"),
    [
        ("radiographer", "radiologic_technologist"),
        ("X-ray technicians", "radiologic_technologist"),
        ("MRI techs", "mri_technologist"),
        ("RNs", "registered_nurse"),
        ("registered_nurse", "registered_nurse"),
        ("Cath lab tech", "cardiovascular_technologist"),
    ],
)
def test_names_people_type_resolve_to_the_neighbour(careers: Careers, typed: str, neighbour_id: str) -> None:
    assert careers.resolve_neighbour(typed) == neighbour_id


@pytest.mark.parametrize("typed", ["sonographer", "echocardiographer", "astronaut", "", None])
def test_other_names_resolve_to_no_neighbour(careers: Careers, typed: str | None) -> None:
    assert careers.resolve_neighbour(typed) is None


# --- the decision -------------------------------------------------------------------------------


@pytest.mark.parametrize("neighbour_id", sorted(NEIGHBOUR_SOC_CODES))
def test_the_comparison_quotes_the_knowledge_base_figures(
    kb: KnowledgeBase, careers: Careers, neighbour_id: str
) -> None:
    result = compare_with_neighbour(kb, careers, neighbour_id)
    for figures, soc in ((result.sonography, "29-2032"), (result.neighbour, NEIGHBOUR_SOC_CODES[neighbour_id])):
        occupation = kb.occupations[soc]
        wage, projection = occupation.median_annual_wage, occupation.projection
        assert figures.bls_title == occupation.title
        assert figures.median_annual_wage == Sourced(wage.amount, wage.period, wage.source)
        assert figures.growth_percent == Sourced(projection.percent, projection.period, projection.source)
        assert figures.annual_openings == Sourced(projection.annual_openings, projection.period, projection.source)
        assert figures.entry_education == Sourced(
            projection.typical_entry_education, projection.period, projection.source
        )
    assert result.neighbour.career is careers.neighbour(neighbour_id)
    assert result.pay.shared and result.growth.shared and result.openings.shared and result.entry_education.shared


def test_the_overview_lists_sonography_first_then_every_neighbour(kb: KnowledgeBase, careers: Careers) -> None:
    overview = neighbour_overview(kb, careers)
    assert [entry.career.id for entry in overview] == ["sonographer", *careers.neighbours]
    for entry in overview:
        assert entry.median_annual_wage.value == kb.occupations[entry.career.soc].median_annual_wage.amount


def test_figures_the_bls_did_not_publish_are_missing_not_zero(kb: KnowledgeBase, careers: Careers) -> None:
    nurses = kb.occupations["29-1141"].copy(update={"median_annual_wage": None})
    without_wage = replace(kb, occupations={**kb.occupations, "29-1141": nurses})
    result = compare_with_neighbour(without_wage, careers, "registered_nurse")
    assert result.neighbour.median_annual_wage is None and not result.pay.shared
    line = next(line for line in comparison_answer(without_wage, result).splitlines() if "Median annual wage" in line)
    wage = result.sonography.median_annual_wage
    assert f"registered nurses {NO_FIGURE}" in line
    assert f"{money(wage.value)} ({wage.when}; source: {kb.source(wage.source).short})" in line


# --- the answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("neighbour_id", sorted(NEIGHBOUR_SOC_CODES))
def test_the_comparison_answer_names_every_figures_period_and_source(
    kb: KnowledgeBase, careers: Careers, neighbour_id: str
) -> None:
    result = compare_with_neighbour(kb, careers, neighbour_id)
    answer = comparison_answer(kb, result)
    assert "national" in answer
    assert answer.startswith(f"**Sonographer vs {result.neighbour.career.name}**")
    for figures in (result.sonography, result.neighbour):
        assert money(figures.median_annual_wage.value) in answer
        assert percent(figures.growth_percent.value) in answer
        assert f"about {figures.annual_openings.value:,}" in answer
        assert figures.entry_education.value.lower() in answer
    wage, growth = result.pay.sonography, result.growth.sonography
    assert f"({wage.when}; source: {kb.source(wage.source).short})" in answer
    assert f"({span(growth.when)}; source: {kb.source(growth.source).short})" in answer
    for statement in (*result.neighbour.career.what_differs, *careers.sonography.what_differs):
        citation = source_citation(kb.source(statement.source))
        assert f"{statement.text} (source: {citation})" in answer
        assert kb.source(statement.source).year in citation  # published, or read if undated
    assert not {"better", "worse", "best"} & set(answer.lower().split())


def test_figures_from_different_periods_are_labelled_one_by_one(kb: KnowledgeBase, careers: Careers) -> None:
    result = compare_with_neighbour(kb, careers, "mri_technologist")
    older = Sourced(result.neighbour.median_annual_wage.value, "May 2024", "bls_ep_2024_2034")
    answer = comparison_answer(kb, replace(result, neighbour=replace(result.neighbour, median_annual_wage=older)))
    line = next(line for line in answer.splitlines() if "Median annual wage" in line)
    ours = result.sonography.median_annual_wage
    assert f"{money(ours.value)} ({ours.when}; source: {kb.source(ours.source).short})" in line
    assert f"{money(older.value)} (May 2024; source: {kb.source(older.source).short})" in line


def test_the_overview_answer_lists_each_career_and_labels_each_kind_of_figure(
    kb: KnowledgeBase, careers: Careers
) -> None:
    overview = neighbour_overview(kb, careers)
    answer = neighbours_answer(kb, overview)
    assert "national" in answer
    lines = [line for line in answer.splitlines() if line.startswith("- ")]
    assert len(lines) == len(overview)
    for line, entry in zip(lines, overview, strict=True):
        assert line.startswith(f"- **{entry.career.plural[:1].upper()}{entry.career.plural[1:]}**")
        assert money(entry.median_annual_wage.value) in line and percent(entry.growth_percent.value) in line
    wage, growth = overview[0].median_annual_wage, overview[0].growth_percent
    assert f"Median annual wage: {wage.when}; source: {kb.source(wage.source).short}." in answer
    assert f"{span(growth.when)}; source: {kb.source(growth.source).short}." in answer
