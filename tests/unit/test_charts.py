"""Charts of roles: which chart a path names, its words, its drawing, and how the server keeps them."""

from __future__ import annotations

import asyncio
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace

import pytest

from bot.charts import ChartBar, RoleChart, chart_for_path, comparison_chart, ranking_chart
from bot.comparison import compare_roles, rank_roles
from bot.knowledge import KnowledgeBase
from bot.render.charts import NOT_COMPARABLE, SOME_MISSING, BarText, ChartText, PanelText, chart_attachment, chart_text
from bot.web.chart_image import draw_chart, x_limits
from channels.webpage import ChartImages
from tests.unit.conftest import with_newer_pay

SVG = "{http://www.w3.org/2000/svg}"


def bar_ids(svg: bytes) -> list[str]:
    """The ids the drawing gives its bars, in drawing order."""
    root = ElementTree.fromstring(svg)
    return [element.get("id") for element in root.iter(f"{SVG}g") if (element.get("id") or "").startswith("bar-")]


def test_a_comparison_path_names_the_chart_of_the_comparison(kb: KnowledgeBase) -> None:
    chart = chart_for_path(kb, "compare/echocardiographer/pacs_administrator")
    assert chart == comparison_chart(compare_roles(kb, "echocardiographer", "pacs_administrator"))
    assert [role.id for role in chart.roles] == ["echocardiographer", "pacs_administrator"]
    assert [panel.measure for panel in chart.panels] == ["pay", "growth"]


@pytest.mark.parametrize("criterion", ["pay", "growth"])
def test_a_ranking_chart_keeps_the_rankings_order_in_both_panels(kb: KnowledgeBase, criterion: str) -> None:
    ranking = rank_roles(kb, criterion)
    chart = chart_for_path(kb, f"rank/{criterion}")
    assert chart == ranking_chart(ranking)
    order = [entry.role.id for entry in ranking.entries]
    for panel in chart.panels:
        assert [bar.role.id for bar in panel.bars] == order
    ranked = next(panel for panel in chart.panels if panel.measure == criterion)
    values = [bar.figure.value for bar in ranked.bars]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize(
    "path",
    [
        "rank/schooling",  # ranked by degree level: no figure to draw
        "rank/salary",
        "compare/echocardiographer",
        "compare/echocardiographer/echocardiographer",
        "compare/echocardiographer/astronaut",
        "compare/../../etc/passwd",
        "",
        "rank/pay/extra",
    ],
)
def test_a_path_that_names_no_chart_gets_none(kb: KnowledgeBase, path: str) -> None:
    assert chart_for_path(kb, path) is None


def test_no_ranking_chart_when_the_figures_do_not_share_a_year(kb: KnowledgeBase) -> None:
    assert chart_for_path(with_newer_pay(kb, "echocardiographer"), "rank/pay") is None


def test_every_bar_names_its_year_and_source_and_the_text_alternative_says_every_figure(kb: KnowledgeBase) -> None:
    chart = chart_for_path(kb, "rank/pay")
    text = chart_text(kb, chart)
    assert text.title == "Roles by pay, highest first"
    for panel, words in zip(chart.panels, text.panels, strict=True):
        for bar, bar_words in zip(panel.bars, words.bars, strict=True):
            source = kb.source(bar.figure.source).short
            assert bar_words.basis.endswith(source)
            assert bar.figure.when.split("-")[0] in bar_words.basis
            assert bar_words.value_text in text.alt
            assert bar.role.name in text.alt
            if bar.figure.group:  # growth counts an occupation group; the alternative names it
                assert bar.figure.group in text.alt
    assert NOT_COMPARABLE not in text.alt


def test_figures_of_different_years_are_drawn_with_a_warning(kb: KnowledgeBase) -> None:
    chart = chart_for_path(kb, "compare/diagnostic_medical_sonographer/clinical_educator")
    pay, growth = chart.panels
    assert not pay.comparable and growth.comparable
    text = chart_text(kb, chart)
    assert NOT_COMPARABLE in text.panels[0].lines and NOT_COMPARABLE not in text.panels[1].lines
    assert f"{NOT_COMPARABLE}." in text.alt
    whens = {bar.figure.when for bar in pay.bars}
    assert len(whens) == 2 and all(when in text.alt for when in whens)


def test_the_attachment_points_at_the_served_chart_with_its_text_alternative(kb: KnowledgeBase) -> None:
    chart = chart_for_path(kb, "rank/growth")
    attachment = chart_attachment(kb, chart)
    assert attachment == {
        "type": "image",
        "payload": {"src": "/chat/charts/rank/growth.svg", "title": chart_text(kb, chart).alt},
    }


def test_the_drawing_has_one_bar_per_figure_and_is_the_same_every_time(kb: KnowledgeBase) -> None:
    text = chart_text(kb, chart_for_path(kb, "compare/echocardiographer/pacs_administrator"))
    svg = draw_chart(text)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert len(bar_ids(svg)) == 4  # two roles, two measures
    assert draw_chart(text) == svg
    links = re.findall(rb'href="([^"]*)"', svg)
    assert links and all(link.startswith(b"#") for link in links)  # glyphs of its own: nothing to fetch


def test_a_missing_figure_draws_no_bar_but_says_so() -> None:
    bars = (
        BarText("Echocardiographer", 62027, "$62,027", "2018 · A source"),
        BarText("Someone", None, "no figure", ""),
    )
    text = ChartText("Echocardiographer vs someone", (PanelText("Median pay", (), bars),), alt="...")
    assert len(bar_ids(draw_chart(text))) == 1


def test_the_server_draws_each_chart_once_and_keeps_only_charts_that_exist(kb: KnowledgeBase) -> None:
    images = ChartImages(kb)
    first = images.svg("rank/pay")
    assert first is not None and images.svg("rank/pay") is first
    assert images.svg("rank/nothing") is None and images.svg("compare/a/b") is None
    for written_otherwise in ["rank//pay", "rank/pay/", "/rank/pay", "rank/pay/.", "//rank/pay"]:
        assert images.svg(written_otherwise) is None  # else each spelling would be drawn and kept again
    assert list(images.drawn) == ["rank/pay"]
    assert asyncio.run(images.svg_soon("rank/growth")) == images.drawn["rank/growth"]


def test_a_growth_bar_names_the_occupation_group_it_counts(kb: KnowledgeBase) -> None:
    chart = chart_for_path(kb, "compare/echocardiographer/pacs_administrator")
    growth = chart_text(kb, chart).panels[1]
    for bar, words in zip(chart.panels[1].bars, growth.bars, strict=True):
        assert words.basis.startswith(bar.figure.group)


def test_a_panel_missing_a_figure_says_so_rather_than_that_years_differ(kb: KnowledgeBase) -> None:
    pay, growth = chart_for_path(kb, "compare/echocardiographer/pacs_administrator").panels
    gap = replace(pay, bars=(pay.bars[0], ChartBar(pay.bars[1].role, None)))
    chart = RoleChart("compare/x/y", (gap, growth))
    text = chart_text(kb, chart)
    assert text.panels[0].lines == (SOME_MISSING,) and NOT_COMPARABLE not in text.alt
    assert text.panels[0].bars[1].value_text == "no figure" and f"{SOME_MISSING}." in text.alt


@pytest.mark.parametrize("values", [[62027.0, 72218.0], [-7.0, 12.0], [-7.0, -2.0], [0.0], []])
def test_the_scale_holds_zero_and_every_figure_with_room_for_the_values(values: list[float]) -> None:
    left, right = x_limits(values)
    assert left <= min([0.0, *values]) and right > max([0.0, *values])
    assert right - max([0.0, *values]) >= 0.3 * (right - left)  # where the highest value is written


def test_a_figure_below_zero_is_drawn() -> None:
    bars = (BarText("Declining", -7.0, "-7%", "2024–2034 · A source"), BarText("Growing", 12.0, "12%", "x"))
    svg = draw_chart(ChartText("Growth", (PanelText("Job growth", (), bars),), alt="..."))
    assert len(bar_ids(svg)) == 2
