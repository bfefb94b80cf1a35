"""The answer to "where do your figures come from?": every source, its year and what it backs."""

from __future__ import annotations

from bot.formatting import bullets, span
from bot.knowledge import KnowledgeBase

# The button under the sources answer.
RANK_BY_PAY_TITLE = "Rank roles by pay"


def _source_uses(kb: KnowledgeBase, source_id: str) -> list[str]:
    uses: set[str] = set()
    for role in kb.roles.values():
        uses.update(f"{figure.year} median pay" for figure in role.median_pay if figure.source == source_id)
        uses.update(f"job growth {span(figure.period)}" for figure in role.job_growth if figure.source == source_id)
    for occupation in kb.occupations.values():
        wage, projection = occupation.median_annual_wage, occupation.projection
        if wage and wage.source == source_id:
            uses.add(f"{wage.period} median wages")
        if projection and projection.source == source_id:
            uses.add(f"projected growth {span(projection.period)}")
    return sorted(uses)


def sources_answer(kb: KnowledgeBase) -> str:
    """Every source behind a figure, with what it is used for and its year."""
    lines = []
    for source_id, source in kb.sources.items():
        uses = _source_uses(kb, source_id)
        if uses:
            lines.append(f"**{source.title}** (published {source.published[:4]}): {', '.join(uses)}")
    return (
        "My figures come from these sources:\n" + bullets(lines) + "\n\n"
        "Figures from different years are shown side by side with their own labels, never blended."
    )
