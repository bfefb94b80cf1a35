"""Comparing two roles side by side, and ranking all advancement roles by one criterion.

A figure only stands beside another when both share a year and a source; otherwise the result says
so, and the answer (``bot.render.comparison``) shows each with its own label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.knowledge import GrowthFigure, KnowledgeBase, PayFigure, Role

CRITERIA = ("pay", "growth", "schooling")
# The source of the schooling levels the roles are ranked by (the degrees each role asks for).
SCHOOLING_SOURCE = "seed_article_2019"


@dataclass(frozen=True)
class SourcedFigure:
    """A figure as it is quoted: the value, when it applies (a year, "May 2025" or "2016-2026"),
    its source id and, for growth, the occupation group it counts."""

    value: float
    when: str
    source: str
    group: str | None = None


@dataclass(frozen=True)
class FigurePair:
    """One criterion for two roles; ``shared`` when both figures have the same year and source."""

    first: SourcedFigure | None
    second: SourcedFigure | None
    shared: bool


@dataclass(frozen=True)
class Comparison:
    """Two roles side by side; their education and extra study are read from the roles themselves."""

    first: Role
    second: Role
    pay: FigurePair
    growth: FigurePair
    first_credentials: tuple[str, ...]  # any one of them qualifies
    second_credentials: tuple[str, ...]


@dataclass(frozen=True)
class RankedRole:
    rank: int  # 1 is the top; tied roles share a rank
    role: Role
    figure: SourcedFigure | None  # None when ranked by schooling: the role's education level decides


@dataclass(frozen=True)
class Ranking:
    """Every advancement role in order; all figures share one year (or period) and source."""

    criterion: str
    entries: tuple[RankedRole, ...]
    source: str
    when: str | None  # the year or period every figure shares; None for schooling


def _pay(figure: PayFigure) -> SourcedFigure:
    return SourcedFigure(figure.amount, str(figure.year), figure.source)


def _growth(figure: GrowthFigure) -> SourcedFigure:
    return SourcedFigure(figure.percent, figure.period, figure.source, figure.occupation_group)


def _first_pay(role: Role) -> SourcedFigure | None:
    return _pay(role.median_pay[0]) if role.median_pay else None


def _first_growth(role: Role) -> SourcedFigure | None:
    return _growth(role.job_growth[0]) if role.job_growth else None


# The figure each role is ranked by, for the criteria that rank figures (highest first).
FIRST_FIGURE: dict[str, Callable[[Role], SourcedFigure | None]] = {"pay": _first_pay, "growth": _first_growth}


def _shared(first: Iterable[SourcedFigure], second: Iterable[SourcedFigure]) -> FigurePair | None:
    """The first pair of figures, one per role, with the same year (or period) and source."""
    seconds = {(figure.when, figure.source): figure for figure in second}
    for figure in first:
        if (figure.when, figure.source) in seconds:
            return FigurePair(figure, seconds[(figure.when, figure.source)], shared=True)
    return None


def _own_pay(kb: KnowledgeBase, role: Role) -> SourcedFigure | None:
    """The role's first pay figure, else the first BLS wage of its occupations."""
    if role.median_pay:
        return _pay(role.median_pay[0])
    wage = next((o.median_annual_wage for o in kb.occupations_for(role) if o.median_annual_wage), None)
    return SourcedFigure(wage.amount, wage.period, wage.source) if wage else None


def _pay_pair(kb: KnowledgeBase, a: Role, b: Role) -> FigurePair:
    pair = _shared(map(_pay, a.median_pay), map(_pay, b.median_pay))
    return pair or FigurePair(_own_pay(kb, a), _own_pay(kb, b), shared=False)


def _growth_pair(a: Role, b: Role) -> FigurePair:
    pair = _shared(map(_growth, a.job_growth), map(_growth, b.job_growth))
    return pair or FigurePair(_first_growth(a), _first_growth(b), shared=False)


def _credentials(kb: KnowledgeBase, role: Role) -> tuple[str, ...]:
    """The credentials that qualify for the role (any one will do), else its first certification."""
    names = tuple(credential.id for credential in kb.credentials_for(role.id) if credential.kind == "credential")
    return names or (role.certifications[0].credential,)


def compared_roles(kb: KnowledgeBase, role_ids: list[str]) -> list[str]:
    """The two roles a comparison is about. Where a message names more than two, the starting point is
    the person's own ("I'm a sonographer ... moving into echo or teaching, how do they compare?")."""
    targets = [role_id for role_id in role_ids if not kb.role(role_id).starting_point]
    return (targets if len(role_ids) > 2 and len(targets) >= 2 else role_ids)[:2]


def compare_roles(kb: KnowledgeBase, first_id: str, second_id: str) -> Comparison:
    """Two roles side by side: pay, growth, and the credentials each asks for."""
    a, b = kb.role(first_id), kb.role(second_id)
    return Comparison(
        first=a,
        second=b,
        pay=_pay_pair(kb, a, b),
        growth=_growth_pair(a, b),
        first_credentials=_credentials(kb, a),
        second_credentials=_credentials(kb, b),
    )


def _first_figures(roles: list[Role], criterion: str) -> dict[str, SourcedFigure]:
    """Each role's first figure; a ranking is only honest when they all share one year and source."""
    figures = {role.id: figure for role in roles if (figure := FIRST_FIGURE[criterion](role))}
    if len({(figure.when, figure.source) for figure in figures.values()}) != 1 or len(figures) != len(roles):
        raise ValueError("figures must share one year (or period) and source to be ranked")
    return figures


def _ranked(items: list[tuple[float, Role, SourcedFigure | None]]) -> tuple[RankedRole, ...]:
    """Ordered by the first element, lowest first, keeping the roles' order among ties."""
    entries: list[RankedRole] = []
    ordered = sorted(items, key=lambda item: item[0])
    for index, (key, role, figure) in enumerate(ordered):
        tied = index > 0 and key == ordered[index - 1][0]
        entries.append(RankedRole(entries[-1].rank if tied else index + 1, role, figure))
    return tuple(entries)


def rank_roles(kb: KnowledgeBase, criterion: str) -> Ranking:
    """All advancement roles ranked by pay, growth (both highest first) or extra schooling (least first).

    Raises ValueError for an unknown criterion, and when the figures do not share a year and source.
    """
    roles = kb.advancement_roles
    if criterion in FIRST_FIGURE:
        figures = _first_figures(roles, criterion)
        entries = _ranked([(-figures[role.id].value, role, figures[role.id]) for role in roles])
        shared = figures[roles[0].id]
        return Ranking(criterion, entries, shared.source, shared.when)
    if criterion == "schooling":
        entries = _ranked([(role.education.extra_schooling_rank, role, None) for role in roles])
        return Ranking(criterion, entries, SCHOOLING_SOURCE, None)
    raise ValueError(f"unknown criterion {criterion!r} (known: {', '.join(CRITERIA)})")
