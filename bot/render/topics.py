"""Answers about the road into sonography: a topic's sentences, its caveat, and where each fact comes from.

Every answer ends with its sources and their years ("Source: ARDMS, Examinations and Credentials,
undated, read 2026"), so a person can judge how current it is and check it at the source.
"""

from __future__ import annotations

from bot.formatting import money, percent, span
from bot.knowledge import KnowledgeBase, Source
from bot.render.prices import price_sentences
from bot.schools.price_overview import default_price_overview
from bot.topics import SCHOOL_PRICES_SOURCE, Topic

# Opens an answer to a should-I question: the facts are given, the choice stays with the person.
ADVICE_FRAME = "There's no single right answer to this, and the choice is yours; here are the facts that bear on it."


def _occupation_sentence(kb: KnowledgeBase, soc: str) -> tuple[str, list[str]]:
    """Pay and outlook for a BLS occupation, from the figures the knowledge base keeps for it."""
    occupation = kb.occupations[soc]
    projection, wage = occupation.projection, occupation.median_annual_wage
    if projection is None or wage is None:
        raise ValueError(f"occupation '{soc}' has no projection or wage")
    openings = f", with about {projection.annual_openings:,} openings a year" if projection.annual_openings else ""
    sentence = (
        f"BLS projects employment of {occupation.title.lower()} to {'grow' if projection.percent >= 0 else 'shrink'}"
        f" by {percent(abs(projection.percent))} over "
        f"{span(projection.period)}{openings}; their median annual wage was {money(wage.amount)} in {wage.period}."
    )
    return sentence, [projection.source, wage.source]


def source_citation(source: Source) -> str:
    """ "ARDMS, Examinations and Credentials, undated, read 2026", linked to the page where there is one."""
    name = f"[{source.short}]({source.url})" if source.url else source.short
    when = f"undated, read {source.year}" if source.published == "undated" else source.year
    return f"{name}, {when}"


def sources_line(kb: KnowledgeBase, source_ids: list[str]) -> str:
    label = "Source" if len(source_ids) == 1 else "Sources"
    return f"{label}: " + "; ".join(source_citation(kb.source(source_id)) for source_id in source_ids)


def topic_answer(kb: KnowledgeBase, topic_id: str) -> str:
    """A topic's answer for a chat bubble: its sentences, any caveat, and its sources with their years."""
    topic: Topic = kb.topics[topic_id]
    sentences = [statement.text for statement in topic.answer]
    source_ids = topic.source_ids
    if topic.school_prices and (prices := price_sentences(default_price_overview())):
        # What programs charge answers "how much does it cost?" before where to look it up.
        sentences = [*prices, *sentences]
        source_ids = list(dict.fromkeys([SCHOOL_PRICES_SOURCE, *source_ids]))
    if topic.bls_occupation:
        sentence, figure_sources = _occupation_sentence(kb, topic.bls_occupation)
        sentences.append(sentence)
        source_ids = list(dict.fromkeys([*source_ids, *figure_sources]))
    blocks = [ADVICE_FRAME] if topic.advice else []
    blocks.append(" ".join(sentences))
    if topic.caveat:
        blocks.append(f"*Note:* {topic.caveat}")
    blocks.append(sources_line(kb, source_ids))
    return "\n\n".join(blocks)

