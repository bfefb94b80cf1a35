"""Comparing and ranking roles: pure functions over the knowledge base."""

from __future__ import annotations

import re

import pytest

from bot.comparison import CRITERIA, compare_roles, rank_roles
from bot.knowledge import KnowledgeBase


def ranked_names(text: str) -> list[str]:
    return re.findall(r"^- \*\*(.+?)\*\*", text, flags=re.MULTILINE)


def test_pay_ranking_orders_the_seed_figures_highest_first(kb: KnowledgeBase) -> None:
    text = rank_roles(kb, "pay")
    expected = ["Diagnostic imaging manager", "Clinical educator", "PACS administrator", "Echocardiographer"]
    assert ranked_names(text) == expected
    assert "2018 median pay" in text and "Career Advancement in Sonography" in text


def test_growth_ranking_names_each_figures_occupation_group_and_period(kb: KnowledgeBase) -> None:
    text = rank_roles(kb, "growth")
    assert ranked_names(text)[0] == "Clinical educator"
    assert "26% (postsecondary teachers, health specialties)" in text
    assert "2016\u20132026" in text and "BLS Employment Projections 2016-26" in text


def test_schooling_ranking_puts_the_no_degree_paths_first(kb: KnowledgeBase) -> None:
    names = ranked_names(rank_roles(kb, "schooling"))
    assert set(names[:2]) == {"Echocardiographer", "PACS administrator"}
    assert names[-1] == "Clinical educator"


def test_the_starting_role_is_not_ranked_as_an_advancement(kb: KnowledgeBase) -> None:
    for criterion in CRITERIA:
        assert "Diagnostic medical sonographer" not in ranked_names(rank_roles(kb, criterion))


def test_an_unknown_criterion_is_an_error(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="unknown criterion"):
        rank_roles(kb, "vibes")


def test_comparison_sets_same_year_figures_side_by_side(kb: KnowledgeBase) -> None:
    text = compare_roles(kb, "clinical_educator", "diagnostic_imaging_manager")
    assert "**Pay:** $73,896 vs $79,953 (2018 median pay" in text
    assert "26% (postsecondary teachers, health specialties) vs 20% (medical and health services managers)" in text
    for label in ("Education", "Certification", "Extra study"):
        assert f"**{label}:**" in text
    assert "Master's degree" in text and "CRA" in text


def test_figures_from_different_years_are_labelled_not_compared(kb: KnowledgeBase) -> None:
    text = compare_roles(kb, "diagnostic_medical_sonographer", "echocardiographer")
    assert "$96,590 (May 2025" in text and "$62,027 (2018" in text
    assert "not directly comparable" in text
