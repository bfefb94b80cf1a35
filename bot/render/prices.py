"""How widely sonography programs' prices differ, in words: each spread at its level and with its year."""

from __future__ import annotations

from bot.formatting import money
from bot.schools.price_overview import PriceOverview, Spread


def _range(spread: Spread) -> str:
    return f"from {money(spread.lowest)} to {money(spread.highest)}, with a median of {money(spread.median)}"


def price_sentences(overview: PriceOverview) -> list[str]:
    """A sentence per spread the school tables have; none when they have neither."""
    sentences = []
    if overview.whole_program:
        whole = overview.whole_program
        sentences.append(
            f"Prices vary widely: {whole.count} schools that price their sonography program as a whole rather"
            f" than by the academic year reported its tuition to the federal IPEDS survey for {whole.year},"
            f" {_range(whole)}."
        )
    if overview.public_yearly:
        yearly = overview.public_yearly
        sentences.append(
            f"At the {yearly.count} public colleges with a sonography certificate or associate degree, in-district"
            f" tuition and fees for {yearly.year} ran {_range(yearly)} a year, a figure for the college as a whole"
            " rather than the program."
        )
    return sentences
