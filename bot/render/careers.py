"""Answers about sonography's neighbouring careers: sonography beside one of them, and all of them briefly.

Every figure is national, and each is labelled with its period and source (once for a line or a list
when all its figures share them). The answers set the figures side by side and say what differs;
they never call one career the better choice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.careers import Career, CareerFigures, NeighbourComparison, Pair, Sourced
from bot.formatting import bullets, capitalized, money, percent, span
from bot.knowledge import KnowledgeBase
from bot.render.topics import source_citation

NO_FIGURE = "no BLS figure"
LOCAL_CAVEAT = "These are national figures; they say nothing about a particular state or city."


def _openings(value: float) -> str:
    return f"about {value:,.0f}"


def _education(level: str) -> str:
    """BLS writes "Associate's degree"; inside a sentence it reads "associate's degree"."""
    return level[:1].lower() + level[1:]


def _label(kb: KnowledgeBase, figure: Sourced) -> str:
    return f"{span(figure.when)}; source: {kb.source(figure.source).short}"


def _shown(kb: KnowledgeBase, figure: Sourced | None, show: Callable, labelled: bool) -> str:
    """A figure as ``show`` writes it, with its period and source in brackets when ``labelled``."""
    if figure is None:
        return NO_FIGURE
    return f"{show(figure.value)} ({_label(kb, figure)})" if labelled else show(figure.value)


def _pair_line(kb: KnowledgeBase, title: str, pair: Pair, careers: tuple[Career, Career], show: Callable) -> str:
    """One criterion for both careers; a shared period and source is named once, at the end."""
    sides = [
        f"{career.plural} {_shown(kb, figure, show, labelled=not pair.shared)}"
        for career, figure in zip(careers, (pair.sonography, pair.neighbour), strict=True)
    ]
    line = f"**{title}:** {', '.join(sides)}"
    if pair.shared and pair.sonography is not None:
        line += f" ({_label(kb, pair.sonography)})"
    return line


def _statements(kb: KnowledgeBase, career: Career) -> list[str]:
    """Each sentence with its source, dated like a topic's ("undated, read 2026" for a page without a date)."""
    return [
        f"{statement.text} (source: {source_citation(kb.source(statement.source))})"
        for statement in career.what_differs
    ]


def _openings_note(kb: KnowledgeBase, pair: Pair) -> str | None:
    """Openings are not new jobs only; the note names the projections the figure comes from."""
    figure = pair.sonography or pair.neighbour
    if figure is None:
        return None
    return (
        "Openings count the jobs left by workers who retire or change occupation as well as new jobs "
        f"(source: {kb.source(figure.source).short})."
    )


def comparison_answer(kb: KnowledgeBase, result: NeighbourComparison) -> str:
    """Sonography beside one neighbour: pay, growth, openings, entry education, then what differs."""
    home, other = result.sonography.career, result.neighbour.career
    careers = (home, other)
    figures = [
        _pair_line(kb, "Median annual wage", result.pay, careers, money),
        _pair_line(kb, "Projected job growth", result.growth, careers, percent),
        _pair_line(kb, "Openings a year, on average", result.openings, careers, _openings),
        _pair_line(kb, "Typical entry education", result.entry_education, careers, _education),
    ]
    notes = [note for note in (_openings_note(kb, result.openings), LOCAL_CAVEAT) if note]
    return (
        f"**{capitalized(home.name)} vs {other.name}**\n\n"
        f"US national figures:\n{bullets(figures)}\n\n"
        f"What differs:\n{bullets(_statements(kb, other) + _statements(kb, home))}\n\n"
        + " ".join(notes)
    )


# What the list of all careers shows of each: the figure's name (for the source note below the list),
# how to read it from a career's figures, and how to write it in a line.
OVERVIEW_COLUMNS: tuple[tuple[str, Callable[[CareerFigures], Sourced | None], Callable], ...] = (
    ("median annual wage", lambda entry: entry.median_annual_wage, lambda value: f"{money(value)} median annual wage"),
    ("projected growth", lambda entry: entry.growth_percent, lambda value: f"{percent(value)} projected growth"),
    ("openings", lambda entry: entry.annual_openings, lambda value: f"{_openings(value)} openings a year"),
    ("entry education", lambda entry: entry.entry_education, lambda value: f"entry education: {_education(value)}"),
)


def neighbours_answer(kb: KnowledgeBase, overview: Sequence[CareerFigures]) -> str:
    """Every career in one line; a figure whose period and source are the same for every career is
    labelled once below the list, any other next to the figure."""
    shared: dict[str, str | None] = {}
    for name, read, _ in OVERVIEW_COLUMNS:
        labels = {_label(kb, figure) for entry in overview if (figure := read(entry)) is not None}
        shared[name] = labels.pop() if len(labels) == 1 else None
    lines = []
    for entry in overview:
        parts = [_shown(kb, read(entry), show, labelled=shared[name] is None) for name, read, show in OVERVIEW_COLUMNS]
        lines.append(f"**{capitalized(entry.career.plural)}**: {', '.join(parts)}")
    names_by_label: dict[str, list[str]] = {}
    for name, label in shared.items():
        if label is not None:
            names_by_label.setdefault(label, []).append(name)
    notes = [f"{capitalized(_joined(names))}: {label}." for label, names in names_by_label.items()]
    return (
        "Sonography and the careers next to it, with US national figures:\n"
        f"{bullets(lines)}\n\n"
        + " ".join([*notes, LOCAL_CAVEAT])
        + "\n\nAsk me to compare sonography with one of them to see how the work differs."
    )


def _joined(words: Sequence[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
