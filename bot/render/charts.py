"""The words of a chart of roles: its title, each bar's value with its year and source, and the text
alternative that says everything the picture shows."""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts import ChartBar, ChartPanel, RoleChart
from bot.comparison import SourcedFigure
from bot.formatting import capitalized, money, percent, span
from bot.knowledge import KnowledgeBase
from bot.render.comparison import RANKING_TITLES
from bot.web import CHARTS_PATH

PANEL_TITLES = {"pay": "Median pay", "growth": "Job growth"}
# A growth figure counts the occupation group a role belongs to (the answer names each group).
PANEL_SUBTITLES = {"growth": "of each role's occupation group"}
NOT_COMPARABLE = "Different years or sources: not directly comparable"
SOME_MISSING = "No figure for every role"
NO_FIGURE = "no figure"


@dataclass(frozen=True)
class BarText:
    label: str  # the role
    value: float | None  # the bar's length; None draws no bar
    value_text: str  # "$62,027", "23%" or "no figure"
    basis: str  # "2018 · Career Advancement in Sonography (2019)"


@dataclass(frozen=True)
class PanelText:
    title: str
    lines: tuple[str, ...]  # small print under the title: what is counted, and whether it compares
    bars: tuple[BarText, ...]


@dataclass(frozen=True)
class ChartText:
    title: str
    panels: tuple[PanelText, ...]
    alt: str


def _value_text(measure: str, figure: SourcedFigure | None) -> str:
    if figure is None:
        return NO_FIGURE
    return money(figure.value) if measure == "pay" else percent(figure.value)


def _bar_text(kb: KnowledgeBase, measure: str, bar: ChartBar) -> BarText:
    """A bar's words; a growth figure's small print starts with the occupation group it counts, which may
    be wider than the role ("medical records and health information technicians" for PACS)."""
    figure = bar.figure
    basis = ""
    if figure:
        basis = " \u00b7 ".join(filter(None, (figure.group, span(figure.when), kb.source(figure.source).short)))
    return BarText(capitalized(bar.role.name), figure.value if figure else None, _value_text(measure, figure), basis)


def _panel_alt(kb: KnowledgeBase, panel: ChartPanel) -> str:
    """One panel in words: "Median pay (2018; source: ...): clinical educator $73,896, ...". A growth
    figure names the occupation group it counts."""

    def item(bar: ChartBar, with_basis: bool) -> str:
        figure = bar.figure
        text = f"{bar.role.name} {_value_text(panel.measure, figure)}"
        if figure and figure.group:
            text += f" ({figure.group})"
        if figure and with_basis:
            text += f" ({span(figure.when)}; source: {kb.source(figure.source).short})"
        return text

    title = " ".join(filter(None, (PANEL_TITLES[panel.measure], PANEL_SUBTITLES.get(panel.measure))))
    shared = panel.shared_figure
    if shared:
        basis = f"{span(shared.when)}; source: {kb.source(shared.source).short}"
        return f"{title} ({basis}): " + ", ".join(item(bar, False) for bar in panel.bars) + "."
    items = ", ".join(item(bar, True) for bar in panel.bars)
    return f"{title}: {items}. {_warning(panel)}."


def _warning(panel: ChartPanel) -> str | None:
    """Why the panel's bars cannot be read against each other, if they cannot."""
    if not panel.complete:
        return SOME_MISSING
    return None if panel.comparable else NOT_COMPARABLE


def _small_print(panel: ChartPanel) -> tuple[str, ...]:
    return tuple(line for line in (PANEL_SUBTITLES.get(panel.measure), _warning(panel)) if line)


def chart_title(chart: RoleChart) -> str:
    if chart.criterion:
        return RANKING_TITLES[chart.criterion]
    first, second = chart.roles
    return f"{capitalized(first.name)} vs {second.name}"


def chart_text(kb: KnowledgeBase, chart: RoleChart) -> ChartText:
    title = chart_title(chart)
    panels = tuple(
        PanelText(
            PANEL_TITLES[panel.measure],
            _small_print(panel),
            tuple(_bar_text(kb, panel.measure, bar) for bar in panel.bars),
        )
        for panel in chart.panels
    )
    alt = f"Bar chart, {title}. " + " ".join(_panel_alt(kb, panel) for panel in chart.panels)
    return ChartText(title, panels, alt)


def chart_url(chart: RoleChart) -> str:
    """Where the web server serves the chart (a path on the server that serves the chat)."""
    return f"{CHARTS_PATH}/{chart.path}.svg"


def chart_attachment(kb: KnowledgeBase, chart: RoleChart) -> dict:
    """The chart as a chat image: the widget shows ``src`` with ``title`` as its text alternative."""
    return {"type": "image", "payload": {"src": chart_url(chart), "title": chart_text(kb, chart).alt}}
