"""Draws a chart of roles as SVG with matplotlib: pay and growth panels side by side, one row per role,
each bar with its value and, beneath it, its year and source.

Drawn on a bare ``Figure`` (no pyplot state), so the web server can draw from any thread. Text is
drawn as outlines ("svg.fonttype: path"): the picture looks the same in every browser and needs no
font from anywhere.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bot.render.charts import NOT_COMPARABLE, SOME_MISSING, ChartText, PanelText
from bot.web.palette import PALETTE

WIDTH_IN = 4.6  # scaled to the conversation's width: about 1.2x on a desktop, 0.75x on a phone
TITLE_IN = 0.4
HEADER_IN = 0.28
LINE_IN = 0.16
NAME_IN, BAR_IN, GAP_IN_ROW = 0.22, 0.22, 0.12
MARGIN_IN = 0.1
LEFT_IN, GAP_IN = 0.1, 0.25
FONT_PT, SMALL_PT, TITLE_PT = 9.5, 7.5, 10.5
# Lines wrap at these lengths, so no text runs into the next panel or off the picture.
BASIS_CHARS = SMALL_PRINT_CHARS = 34
TITLE_CHARS, TITLE_LINE_IN = 52, 0.2
BAR_COLOURS = (PALETTE["accent"], PALETTE["second"])
# Room right of the longest bar for its value.
VALUE_ROOM = 1.55
WARNINGS = frozenset({NOT_COMPARABLE, SOME_MISSING})
STYLE = {"svg.fonttype": "path", "svg.hashsalt": "sonopath", "font.family": "DejaVu Sans"}


def _basis_lines(chart: ChartText) -> int:
    return max(len(textwrap.wrap(bar.basis, BASIS_CHARS)) or 1 for panel in chart.panels for bar in panel.bars)


def x_limits(values: list[float]) -> tuple[float, float]:
    """The panel's scale: zero and every value in it, and room right of the highest (or of zero) for the
    value written there. Bars grow from zero, to the left for a figure below it (a projected decline)."""
    highest, lowest = max([0.0, *values]), min([0.0, *values])
    longest = (highest - lowest) or 1.0
    return lowest * 1.05, highest + longest * (VALUE_ROOM - 1)


def _draw_panel(axes: Axes, panel: PanelText, colour: str, row_in: float) -> None:
    """One row per role, measured in inches from the panel's top: the role, its bar and value, then the
    bar's year and source in small print."""
    left, right = x_limits([bar.value for bar in panel.bars if bar.value is not None])
    axes.set_xlim(left, right)
    longest = right - left
    left_edge = axes.get_yaxis_transform()  # x from the panel's left edge, y in rows
    axes.set_ylim(len(panel.bars) * row_in, 0)
    axes.axis("off")
    for row, bar in enumerate(panel.bars):
        top = row * row_in
        axes.text(0, top + NAME_IN / 2, bar.label, fontsize=FONT_PT, color=PALETTE["ink"], va="center",
                  transform=left_edge, clip_on=False)
        middle = top + NAME_IN + BAR_IN / 2
        if bar.value is not None:
            drawn = axes.barh(middle, bar.value, height=BAR_IN * 0.85, color=colour)
            drawn.patches[0].set_gid(f"bar-{len(axes.figure.axes)}-{row}")
        axes.text(max(bar.value or 0, 0) + longest * 0.03, middle, bar.value_text, fontsize=FONT_PT, fontweight="bold",
                  color=PALETTE["ink"], va="center")
        basis = "\n".join(textwrap.wrap(bar.basis, BASIS_CHARS))
        axes.text(0, top + NAME_IN + BAR_IN + 0.03, basis, fontsize=SMALL_PT, color=PALETTE["muted"], va="top",
                  linespacing=1.25, transform=left_edge, clip_on=False)


def _small_print(panel: PanelText) -> list[tuple[str, str]]:
    """The panel's small print, wrapped to its width, each line with its colour."""
    return [
        (wrapped, PALETTE["warn"] if line in WARNINGS else PALETTE["muted"])
        for line in panel.lines
        for wrapped in textwrap.wrap(line, SMALL_PRINT_CHARS)
    ]


def _header(figure: Figure, panel: PanelText, left: float, top: float, height: float) -> None:
    """The panel's title, and beneath it its small print."""
    figure.text(left, top, panel.title, fontsize=FONT_PT, fontweight="bold", color=PALETTE["ink"], va="top")
    for number, (line, colour) in enumerate(_small_print(panel)):
        top_of_line = top - (HEADER_IN + number * LINE_IN - LINE_IN / 2) / height
        figure.text(left, top_of_line, line, fontsize=SMALL_PT, color=colour, va="top")


def draw_chart(chart: ChartText, image_format: str = "svg") -> bytes:
    """The chart as an SVG document (or another format matplotlib writes, such as "png")."""
    rows = max(len(panel.bars) for panel in chart.panels)
    row_in = NAME_IN + BAR_IN + _basis_lines(chart) * LINE_IN + GAP_IN_ROW
    title = textwrap.wrap(chart.title, TITLE_CHARS)
    title_in = TITLE_IN + (len(title) - 1) * TITLE_LINE_IN
    header = HEADER_IN + LINE_IN * max(len(_small_print(panel)) for panel in chart.panels)
    height = MARGIN_IN + title_in + header + rows * row_in + MARGIN_IN
    panel_width = (WIDTH_IN - 2 * LEFT_IN - GAP_IN * (len(chart.panels) - 1)) / len(chart.panels)
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, height))
        figure.patch.set_facecolor(PALETTE["surface"])
        figure.text(LEFT_IN / WIDTH_IN, 1 - MARGIN_IN / height, "\n".join(title), fontsize=TITLE_PT,
                    fontweight="bold", color=PALETTE["ink"], va="top", linespacing=1.3)
        for index, panel in enumerate(chart.panels):
            left = (LEFT_IN + index * (panel_width + GAP_IN)) / WIDTH_IN
            _header(figure, panel, left, 1 - (MARGIN_IN + title_in) / height, height)
            axes = figure.add_axes((left, MARGIN_IN / height, panel_width / WIDTH_IN, rows * row_in / height))
            _draw_panel(axes, panel, BAR_COLOURS[index % len(BAR_COLOURS)], row_in)
        out = io.BytesIO()
        # No date in the metadata: the same chart is the same file.
        metadata = {"Date": None, "Creator": None} if image_format == "svg" else {"Creator": None}
        figure.savefig(out, format=image_format, dpi=144, metadata=metadata)
    return out.getvalue()
