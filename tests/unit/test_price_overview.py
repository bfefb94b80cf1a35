"""How widely sonography programs' prices differ (bot.schools.price_overview, bot.render.prices)."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.render.prices import price_sentences
from bot.render.topics import topic_answer
from bot.schools.catalogue import default_catalogue
from bot.schools.costs import CostsTable
from bot.schools.price_overview import SONOGRAPHY_CIP, PriceOverview, Spread, price_overview, spread
from bot.schools.results import Costs, CostYears
from bot.schools.tables import CATALOGUE_FILE

YEARS = CostYears(charges="2022-23", programs="2023-24", distance="2024-25")


@dataclass
class FakeCatalogue:
    costs: CostsTable
    public: list[int]

    def institutions_offering(self, cip: str, award_levels, control: str) -> list[int]:
        assert (cip, control) == (SONOGRAPHY_CIP, "public") and 3 in award_levels and 5 not in award_levels
        return self.public


def test_a_spread_is_its_count_ends_and_median() -> None:
    assert spread([30, 10, 20, 40], "2023-24") == Spread(4, 10, 25, 40, "2023-24")
    assert spread([], "2023-24") is None


def test_each_program_reporter_counts_once_at_its_longest_program_and_colleges_at_their_yearly_charge() -> None:
    costs = CostsTable(
        years=YEARS,
        by_institution={5: Costs(YEARS, in_district=4000), 6: Costs(YEARS), 7: Costs(YEARS, in_district=9000)},
        by_program={
            (1, SONOGRAPHY_CIP): Costs(YEARS, program_tuition=(10_000, 30_000)),
            (2, SONOGRAPHY_CIP): Costs(YEARS, program_tuition=(20_000, 20_000)),
            (3, "51.0901"): Costs(YEARS, program_tuition=(99_000, 99_000)),
            (4, SONOGRAPHY_CIP): Costs(YEARS, books_supplies=(500, 500)),
        },
    )
    overview = price_overview(FakeCatalogue(costs, public=[5, 6, 8]))
    assert overview == PriceOverview(
        Spread(2, 20_000, 25_000, 30_000, "2023-24"), Spread(1, 4000, 4000, 4000, "2022-23")
    )


def test_the_public_colleges_are_those_the_catalogue_file_lists() -> None:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        expected = sorted({
            int(row["unitid"]) for row in csv.DictReader(handle)
            if row["cip"] == SONOGRAPHY_CIP and row["control"] == "public" and int(row["award_level"]) in (1, 2, 3, 4)
        })
    assert default_catalogue().institutions_offering(SONOGRAPHY_CIP, (1, 2, 3, 4), "public") == expected


def test_the_words_give_each_figure_its_level_and_year_and_nothing_without_data() -> None:
    whole, yearly = price_sentences(PriceOverview(Spread(53, 4500, 42750, 63633, "2023-24"),
                                                  Spread(176, 1146, 4210, 16263, "2022-23")))
    assert "$4,500 to $63,633" in whole and "2023-24" in whole
    assert "as a whole rather than by the academic year" in whole
    assert "2022-23" in yearly and "college as a whole" in yearly
    assert price_sentences(PriceOverview(None, None)) == []


def test_the_cost_topic_says_how_widely_prices_vary_and_cites_ipeds(kb: KnowledgeBase) -> None:
    answer = topic_answer(kb, "cost_pointers")
    assert "Prices vary widely" in answer
    assert kb.source("nces_ipeds").short in answer.rsplit("Sources:", 1)[1]
