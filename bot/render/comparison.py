"""Answers that look across roles: two side by side, or all ranked by one criterion."""

from __future__ import annotations

from bot.comparison import Comparison, FigurePair, RankedRole, Ranking
from bot.formatting import bullets, capitalized, money, percent, span
from bot.knowledge import KnowledgeBase, Role

COMPARE_WHICH = "Which roles should I compare? Pick one, then name the other."
CANNOT_RANK = "I can't rank the roles on that: my figures for it come from different years or sources."
RANKING_TITLES = {
    "pay": "Roles by pay, highest first",
    "growth": "Roles by job growth, fastest first",
    "schooling": "Roles by extra schooling, least first",
}
# The buttons under a ranking that rank by another criterion.
RANK_BY_TITLES = {"pay": "By pay", "growth": "By growth", "schooling": "By schooling"}


def compare_with_question(role: Role) -> str:
    """Asked when one role is known and the other is not."""
    return f"Which role should I compare with the {role.name}?"


def same_role_answer(role: Role, names: list[str]) -> str:
    """Asked to compare two names of one role ("sonographer vs ultrasound tech")."""
    quoted = " and ".join(f"\u201c{name}\u201d" for name in names[:2])
    return f"{quoted} are names for the same job, the {role.name}, so there is nothing to compare."


def more_on_title(role: Role) -> str:
    """The button under a comparison that asks about its second role."""
    return f"More on the {role.name}"


def _pay_line(kb: KnowledgeBase, pay: FigurePair) -> str:
    if pay.shared and pay.first and pay.second:
        return (
            f"**Pay:** {money(pay.first.value)} vs {money(pay.second.value)} "
            f"({pay.first.when} median pay; source: {kb.source(pay.first.source).short})"
        )
    sides = [
        f"{money(figure.value)} ({figure.when}; source: {kb.source(figure.source).short})" if figure else "no figure"
        for figure in (pay.first, pay.second)
    ]
    return f"**Pay:** {sides[0]} vs {sides[1]}; different years or sources, so not directly comparable"


def _growth_line(kb: KnowledgeBase, growth: FigurePair) -> str:
    if not (growth.shared and growth.first and growth.second):
        return "**Growth:** no figures for the same period to compare"
    first, second = growth.first, growth.second
    return (
        f"**Growth:** {percent(first.value)} ({first.group}) vs {percent(second.value)} "
        f"({second.group}), {span(first.when)} (source: {kb.source(first.source).short})"
    )


def _side_by_side(label: str, result: Comparison, first: str, second: str) -> str:
    return f"**{label}:** {capitalized(result.first.name)}: {first}; {result.second.name}: {second}"


def comparison_answer(kb: KnowledgeBase, result: Comparison) -> str:
    """Side by side: pay, growth, education, certification and typical extra study."""
    a, b = result.first, result.second
    lines = [
        _pay_line(kb, result.pay),
        _growth_line(kb, result.growth),
        _side_by_side("Education", result, a.education.minimum, b.education.minimum),
        _side_by_side(
            "Certification", result, " or ".join(result.first_credentials), " or ".join(result.second_credentials)
        ),
        _side_by_side("Extra study", result, a.education.extra_study.rstrip("."), b.education.extra_study.rstrip(".")),
    ]
    return f"**{capitalized(a.name)} vs {b.name}**\n{bullets(lines)}"


def _entry_value(ranking: Ranking, entry: RankedRole) -> str:
    """What a ranked role's line shows: its figure, or the extra study when ranked by schooling."""
    figure = entry.figure
    if figure is None:
        return entry.role.education.extra_study
    if ranking.criterion == "pay":
        return money(figure.value)
    return f"{percent(figure.value)} ({figure.group})"


def _basis(kb: KnowledgeBase, ranking: Ranking) -> str:
    """What the ranking rests on: the year or period and the source."""
    source = kb.source(ranking.source).short
    if ranking.when is None:
        return (
            f"extra study beyond a sonography associate's; degrees from {source}, "
            "exams and credentials from the awarding bodies"
        )
    if ranking.criterion == "pay":
        return f"{ranking.when} median pay; source: {source}"
    return f"job growth {span(ranking.when)}; source: {source}"


def ranking_answer(kb: KnowledgeBase, ranking: Ranking) -> str:
    """All advancement roles in order, with the year and source of what they are ranked by."""
    lines = [f"**{capitalized(entry.role.name)}**: {_entry_value(ranking, entry)}" for entry in ranking.entries]
    return f"{RANKING_TITLES[ranking.criterion]} ({_basis(kb, ranking)}):\n{bullets(lines)}"
