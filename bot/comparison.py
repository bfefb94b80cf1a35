"""Comparing two roles side by side, and ranking all advancement roles by one criterion.

A figure only stands beside another when both share a year and a source; otherwise each is shown
with its own label and the answer says they are not directly comparable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.formatting import bullets, capitalized, money, percent, span
from bot.knowledge import GrowthFigure, KnowledgeBase, PayFigure, Role

CRITERIA = ("pay", "growth", "schooling")


@dataclass(frozen=True)
class Ranked:
    role: Role
    value: float
    label: str


def _shared(first: Iterable, second: Iterable, key: Callable) -> tuple | None:
    """The first pair of figures, one per role, that share a key (year and source)."""
    seconds = {key(figure): figure for figure in second}
    for figure in first:
        if key(figure) in seconds:
            return figure, seconds[key(figure)]
    return None


def _pay_key(figure: PayFigure) -> tuple:
    return figure.year, figure.source


def _growth_key(figure: GrowthFigure) -> tuple:
    return figure.period, figure.source


def _pay_line(kb: KnowledgeBase, a: Role, b: Role) -> str:
    pair = _shared(a.median_pay, b.median_pay, _pay_key)
    if pair:
        first, second = pair
        return (
            f"**Pay:** {money(first.amount)} vs {money(second.amount)} "
            f"({first.year} median pay; source: {kb.source(first.source).short})"
        )
    sides = []
    for role in (a, b):
        figure = role.median_pay[0] if role.median_pay else None
        wage = next((o.median_annual_wage for o in kb.occupations_for(role) if o.median_annual_wage), None)
        if figure:
            sides.append(f"{money(figure.amount)} ({figure.year}; source: {kb.source(figure.source).short})")
        elif wage:
            sides.append(f"{money(wage.amount)} ({wage.period}; source: {kb.source(wage.source).short})")
        else:
            sides.append("no figure")
    return f"**Pay:** {sides[0]} vs {sides[1]}; different years or sources, so not directly comparable"


def _growth_line(kb: KnowledgeBase, a: Role, b: Role) -> str:
    pair = _shared(a.job_growth, b.job_growth, _growth_key)
    if not pair:
        return "**Growth:** no figures for the same period to compare"
    first, second = pair
    return (
        f"**Growth:** {percent(first.percent)} ({first.occupation_group}) vs {percent(second.percent)} "
        f"({second.occupation_group}), {span(first.period)} (source: {kb.source(first.source).short})"
    )


def _credentials(kb: KnowledgeBase, role: Role) -> str:
    names = [credential.id for credential in kb.credentials_for(role.id) if credential.kind == "credential"]
    return " or ".join(names) if names else role.certifications[0].credential


def _side_by_side(label: str, a: Role, b: Role, value: Callable[[Role], str]) -> str:
    return f"**{label}:** {capitalized(a.name)}: {value(a)}; {b.name}: {value(b)}"


def compare_roles(kb: KnowledgeBase, first_id: str, second_id: str) -> str:
    """Side by side: pay, growth, education, certification and typical extra study."""
    a, b = kb.role(first_id), kb.role(second_id)
    lines = [
        _pay_line(kb, a, b),
        _growth_line(kb, a, b),
        _side_by_side("Education", a, b, lambda role: role.education.minimum),
        _side_by_side("Certification", a, b, lambda role: _credentials(kb, role)),
        _side_by_side("Extra study", a, b, lambda role: role.education.extra_study.rstrip(".")),
    ]
    return f"**{capitalized(a.name)} vs {b.name}**\n{bullets(lines)}"


def _first_figures(roles: list[Role], figures_of: Callable[[Role], list], key: Callable) -> tuple[dict, tuple]:
    """Each role's first figure; a ranking is only honest when they all share one key."""
    figures = {role.id: figures_of(role)[0] for role in roles if figures_of(role)}
    keys = {key(figure) for figure in figures.values()}
    if len(keys) != 1 or len(figures) != len(roles):
        raise ValueError("figures must share one year (or period) and source to be ranked")
    return figures, keys.pop()


def _ranked(kb: KnowledgeBase, criterion: str) -> tuple[list[Ranked], str]:
    roles = kb.advancement_roles
    if criterion == "pay":
        pay, (year, source) = _first_figures(roles, lambda role: role.median_pay, _pay_key)
        ranked = [Ranked(role, pay[role.id].amount, money(pay[role.id].amount)) for role in roles]
        return sorted(ranked, key=lambda item: -item.value), f"{year} median pay; source: {kb.source(source).short}"
    if criterion == "growth":
        growth, (period, source) = _first_figures(roles, lambda role: role.job_growth, _growth_key)
        ranked = [
            Ranked(role, figure.percent, f"{percent(figure.percent)} ({figure.occupation_group})")
            for role in roles
            for figure in (growth[role.id],)
        ]
        basis = f"job growth {span(period)}; source: {kb.source(source).short}"
        return sorted(ranked, key=lambda item: -item.value), basis
    if criterion == "schooling":
        ranked = [Ranked(role, role.education.extra_schooling_rank, role.education.extra_study) for role in roles]
        basis = (
            f"extra study beyond a sonography associate's; degrees from {kb.source('seed_article_2019').short}, "
            "exams and credentials from the awarding bodies"
        )
        return sorted(ranked, key=lambda item: item.value), basis
    raise ValueError(f"unknown criterion {criterion!r} (known: {', '.join(CRITERIA)})")


RANKING_TITLES = {
    "pay": "Roles by pay, highest first",
    "growth": "Roles by job growth, fastest first",
    "schooling": "Roles by extra schooling, least first",
}


def rank_roles(kb: KnowledgeBase, criterion: str) -> str:
    """All advancement roles ranked by pay, growth or extra schooling, with year and source."""
    ranked, basis = _ranked(kb, criterion)
    lines = [f"**{capitalized(item.role.name)}**: {item.label}" for item in ranked]
    return f"{RANKING_TITLES[criterion]} ({basis}):\n{bullets(lines)}"
