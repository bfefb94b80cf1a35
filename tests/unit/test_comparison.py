"""Comparing and ranking roles: the decisions' results, checked against the knowledge base's own
figures, and a few checks that the answers name each figure's year and source."""

from __future__ import annotations

import pytest

from bot.comparison import CRITERIA, SourcedFigure, compare_roles, rank_roles
from bot.formatting import capitalized, money, percent, span
from bot.knowledge import KnowledgeBase, PayFigure
from bot.render.comparison import comparison_answer, ranking_answer
from tests.unit.conftest import with_newer_pay


def quoted(figure: PayFigure) -> SourcedFigure:
    return SourcedFigure(figure.amount, str(figure.year), figure.source)


def test_pay_ranking_orders_each_roles_median_pay_highest_first(kb: KnowledgeBase) -> None:
    ranking = rank_roles(kb, "pay")
    assert {entry.role.id for entry in ranking.entries} == {role.id for role in kb.advancement_roles}
    for entry in ranking.entries:
        assert entry.figure == quoted(entry.role.median_pay[0])
    amounts = [entry.figure.value for entry in ranking.entries if entry.figure]
    assert amounts == sorted(amounts, reverse=True)
    assert (ranking.when, ranking.source) == (str(ranking.entries[0].role.median_pay[0].year), "seed_article_2019")


def test_growth_ranking_keeps_each_figures_occupation_group_and_period(kb: KnowledgeBase) -> None:
    ranking = rank_roles(kb, "growth")
    for entry in ranking.entries:
        growth = entry.role.job_growth[0]
        assert entry.figure == SourcedFigure(growth.percent, growth.period, growth.source, growth.occupation_group)
    percents = [entry.figure.value for entry in ranking.entries if entry.figure]
    assert percents == sorted(percents, reverse=True)
    assert (ranking.when, ranking.source) == ("2016-2026", "bls_ep_2016_2026")


def test_schooling_ranking_puts_the_no_degree_paths_first_as_a_tie(kb: KnowledgeBase) -> None:
    entries = rank_roles(kb, "schooling").entries
    assert {entry.role.id for entry in entries if entry.rank == 1} == {"echocardiographer", "pacs_administrator"}
    assert [entry.rank for entry in entries] == [1, 1, 3, 4]
    assert entries[-1].role.id == "clinical_educator"
    assert all(entry.figure is None for entry in entries)


def test_the_starting_role_is_not_ranked_as_an_advancement(kb: KnowledgeBase) -> None:
    for criterion in CRITERIA:
        assert "diagnostic_medical_sonographer" not in {entry.role.id for entry in rank_roles(kb, criterion).entries}


def test_an_unknown_criterion_is_an_error(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="unknown criterion"):
        rank_roles(kb, "vibes")


def test_figures_from_different_years_are_never_ranked_together(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="share one year"):
        rank_roles(with_newer_pay(kb, "pacs_administrator"), "pay")


def test_the_ranking_answer_lists_every_figure_under_its_year_and_source(kb: KnowledgeBase) -> None:
    ranking = rank_roles(kb, "pay")
    title, *lines = ranking_answer(kb, ranking).splitlines()
    assert title.startswith("Roles by pay, highest first")
    assert f"{ranking.when} median pay" in title and kb.source(ranking.source).short in title
    for entry, line in zip(ranking.entries, lines, strict=True):
        assert entry.figure and line == f"- **{capitalized(entry.role.name)}**: {money(entry.figure.value)}"

    growth = rank_roles(kb, "growth")
    text = ranking_answer(kb, growth)
    assert f"job growth {span(growth.when or '')}; source: {kb.source(growth.source).short}" in text
    for entry in growth.entries:
        assert entry.figure and f"{percent(entry.figure.value)} ({entry.figure.group})" in text


def test_comparison_sets_same_year_figures_side_by_side(kb: KnowledgeBase) -> None:
    educator, manager = kb.role("clinical_educator"), kb.role("diagnostic_imaging_manager")
    result = compare_roles(kb, educator.id, manager.id)
    assert (result.first, result.second) == (educator, manager)
    assert result.pay.shared and (result.pay.first, result.pay.second) == (
        quoted(educator.median_pay[0]), quoted(manager.median_pay[0])
    )
    assert result.growth.shared and result.growth.first and result.growth.second
    assert (result.growth.first.value, result.growth.second.value) == (
        educator.job_growth[0].percent, manager.job_growth[0].percent
    )
    assert result.growth.first.when == result.growth.second.when == educator.job_growth[0].period
    assert "CRA" in result.second_credentials


def test_figures_from_different_years_are_not_paired(kb: KnowledgeBase) -> None:
    sonographer, echo = kb.role("diagnostic_medical_sonographer"), kb.role("echocardiographer")
    result = compare_roles(kb, sonographer.id, echo.id)
    wage = kb.occupations_for(sonographer)[0].median_annual_wage
    assert wage and not result.pay.shared
    assert result.pay.first == SourcedFigure(wage.amount, wage.period, wage.source)
    assert result.pay.second == quoted(echo.median_pay[0])


def test_the_comparison_answer_names_each_figures_year_and_source(kb: KnowledgeBase) -> None:
    result = compare_roles(kb, "clinical_educator", "diagnostic_imaging_manager")
    text = comparison_answer(kb, result)
    assert text.startswith("**Clinical educator vs diagnostic imaging manager**")
    pay, growth = result.pay, result.growth
    assert pay.first and pay.second and growth.first and growth.second
    assert (
        f"**Pay:** {money(pay.first.value)} vs {money(pay.second.value)} "
        f"({pay.first.when} median pay; source: {kb.source(pay.first.source).short})"
    ) in text
    assert f"{span(growth.first.when)} (source: {kb.source(growth.first.source).short})" in text
    for label in ("Education", "Certification", "Extra study"):
        assert f"**{label}:**" in text

    unpaired = compare_roles(kb, "diagnostic_medical_sonographer", "echocardiographer")
    text = comparison_answer(kb, unpaired)
    for figure in (unpaired.pay.first, unpaired.pay.second):
        assert figure and f"{money(figure.value)} ({figure.when}; source: {kb.source(figure.source).short})" in text
    assert "not directly comparable" in text

