"""How widely sonography programs' prices differ, for "how much does sonography school cost?".

IPEDS has no single price of a sonography program. It has two figures at different levels, so each is
summarised on its own, as a spread (lowest, median, highest) with how many institutions it covers and
its year: the whole-program tuition that program reporters (schools not organised by academic year)
give for their sonography program, and the yearly in-district tuition and fees of the public colleges that award a
sonography certificate or associate degree (for the college as a whole, not the program).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from bot.schools.catalogue import SchoolCatalogue, default_catalogue

SONOGRAPHY_CIP = "51.0910"
# IPEDS award levels below the bachelor's: certificates (1, 2, 4) and the associate degree (3).
SUB_BACCALAUREATE_LEVELS = (1, 2, 3, 4)
PUBLIC = "public"


@dataclass(frozen=True)
class Spread:
    """Dollar figures of ``count`` institutions for one academic ``year``."""

    count: int
    lowest: int
    median: int
    highest: int
    year: str


@dataclass(frozen=True)
class PriceOverview:
    whole_program: Spread | None  # program reporters' tuition for the whole sonography program
    public_yearly: Spread | None  # public colleges' yearly in-district tuition and fees, college-wide


def spread(amounts: list[int], year: str) -> Spread | None:
    if not amounts:
        return None
    return Spread(len(amounts), min(amounts), round(median(amounts)), max(amounts), year)


def price_overview(catalogue: SchoolCatalogue, cip: str = SONOGRAPHY_CIP) -> PriceOverview:
    """The two spreads for the catalogue's programs of ``cip``. The costs table holds one row per
    institution and code, with the range over the institution's programs of that code; each counts at
    the top of its range."""
    costs = catalogue.costs
    whole = [found.program_tuition[1] for (_, code), found in sorted(costs.by_program.items())
             if code == cip and found.program_tuition is not None]
    public = catalogue.institutions_offering(cip, SUB_BACCALAUREATE_LEVELS, PUBLIC)
    yearly = [found.in_district for unitid in public
              if (found := costs.by_institution.get(unitid)) is not None and found.in_district is not None]
    return PriceOverview(spread(whole, costs.years.programs), spread(yearly, costs.years.charges))


@lru_cache(maxsize=1)
def default_price_overview() -> PriceOverview:
    return price_overview(default_catalogue())
