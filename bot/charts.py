"""What a chart of roles shows: pay and growth side by side, for a comparison or a ranking.

A chart is named by a short path ("compare/echocardiographer/pacs_administrator", "rank/pay") that the
action server puts in its answer and the web server turns back into the same chart: both read one
knowledge base, so nothing but the path travels. The chart's words are in ``bot.render.charts``; its
drawing is in ``bot.web.chart_image``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.comparison import FIRST_FIGURE, Comparison, FigurePair, Ranking, SourcedFigure, compare_roles, rank_roles
from bot.knowledge import KnowledgeBase, Role

MEASURES = ("pay", "growth")
# The rankings a chart can show: schooling ranks by degree level, which has no figure to draw.
CHARTED_CRITERIA = frozenset(FIRST_FIGURE)


@dataclass(frozen=True)
class ChartBar:
    role: Role
    figure: SourcedFigure | None  # None: no figure for this role, so no bar


@dataclass(frozen=True)
class ChartPanel:
    """One measure for every role of the chart; ``comparable`` when all figures share a year and source."""

    measure: str
    bars: tuple[ChartBar, ...]

    @property
    def complete(self) -> bool:
        return all(bar.figure is not None for bar in self.bars)

    @property
    def shared_figure(self) -> SourcedFigure | None:
        """A figure whose year and source every bar shares, or None when they differ or one is missing."""
        figures = [bar.figure for bar in self.bars]
        if not self.complete or len({(f.when, f.source) for f in figures if f}) != 1:
            return None
        return figures[0]

    @property
    def comparable(self) -> bool:
        return self.shared_figure is not None


@dataclass(frozen=True)
class RoleChart:
    """Pay and growth for two compared roles, or for every role in a ranking's order."""

    path: str
    panels: tuple[ChartPanel, ...]
    criterion: str | None = None  # what a ranking ranks by; None for a comparison

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(bar.role for bar in self.panels[0].bars)


def _pair_panel(measure: str, result: Comparison, pair: FigurePair) -> ChartPanel:
    return ChartPanel(measure, (ChartBar(result.first, pair.first), ChartBar(result.second, pair.second)))


def comparison_chart(result: Comparison) -> RoleChart:
    """The figures of a comparison as the answer quotes them (shared years where there are any)."""
    path = f"compare/{result.first.id}/{result.second.id}"
    return RoleChart(path, (_pair_panel("pay", result, result.pay), _pair_panel("growth", result, result.growth)))


def ranking_chart(ranking: Ranking) -> RoleChart | None:
    """Every ranked role's first pay and growth figures, in the ranking's order; None for a ranking with
    no figures (by schooling)."""
    if ranking.criterion not in CHARTED_CRITERIA:
        return None
    roles = [entry.role for entry in ranking.entries]
    panels = tuple(
        ChartPanel(measure, tuple(ChartBar(role, FIRST_FIGURE[measure](role)) for role in roles))
        for measure in MEASURES
    )
    return RoleChart(f"rank/{ranking.criterion}", panels, criterion=ranking.criterion)


def chart_for_path(kb: KnowledgeBase, path: str) -> RoleChart | None:
    """The chart a path names, or None for a path that names none (an unknown role or criterion)."""
    kind, *rest = path.strip("/").split("/")
    if kind == "compare" and len(rest) == 2 and rest[0] != rest[1] and all(part in kb.roles for part in rest):
        return comparison_chart(compare_roles(kb, rest[0], rest[1]))
    if kind == "rank" and len(rest) == 1 and rest[0] in CHARTED_CRITERIA:
        try:
            return ranking_chart(rank_roles(kb, rest[0]))
        except ValueError:  # figures from different years: the answer ranks nothing, so neither does a chart
            return None
    return None
