"""Topics: sourced answers about the road into sonography (school, exams, credentials, work).

Each file under ``knowledge/topics/`` holds the topics of one area. Every sentence of an answer names
the sources it rests on, so an answer can always say where it comes from and how old that is; the
files are validated when the knowledge base loads, like the roles, so a broken reference fails at
start-up rather than in a chat.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationError, validator

from bot.validation import StrictModel, describe_errors, display_path, read_yaml_mapping

if TYPE_CHECKING:
    from bot.knowledge import Occupation, Source

# Where a fact holds: the same everywhere in the U.S., or set by each state, school or program.
Scope = Literal["national", "varies by state", "varies by institution", "varies by program"]


# Where the school tables' prices come from (knowledge/sources.yml), cited by a topic with school_prices.
SCHOOL_PRICES_SOURCE = "nces_ipeds"


class Statement(StrictModel):
    """One sentence of an answer and the sources that back it."""

    text: str
    sources: list[str] = Field(min_items=1)


class Topic(StrictModel):
    id: str
    title: str
    scope: Scope
    advice: bool = Field(False, description="answers a should-I question with facts, leaving the choice open")
    answer: list[Statement] = Field(min_items=2, max_items=5)
    caveat: str | None = Field(None, description="where sources disagree, are old or only give examples")
    related: list[str] = []
    questions: list[str] = Field(min_items=3, max_items=8)
    also_asked: list[str] = Field(
        [],
        max_items=12,
        description="more ways people ask for the topic, in their own voice; the answer bank finds the topic by"
        " them too, while the NLU trains on ``questions`` only, so no topic outweighs the fixed intents",
    )
    bls_occupation: str | None = Field(None, description="SOC code whose pay and outlook the answer adds")
    school_prices: bool = Field(False, description="adds how widely programs' prices differ, from the school tables")

    @validator("id")
    def id_is_a_slug(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError("must be lowercase letters, digits and underscores")
        return value

    @validator("related")
    def related_names_other_topics(cls, value: list[str], values: dict) -> list[str]:
        if values.get("id") in value:
            raise ValueError("a topic cannot be related to itself")
        return value

    @property
    def source_ids(self) -> list[str]:
        """Every source the answer cites, in the order it first cites them."""
        return list(dict.fromkeys(source for statement in self.answer for source in statement.sources))


class TopicFile(StrictModel):
    """One area's topics, with the date its facts were last checked against their sources."""

    reviewed: datetime.date
    topics: list[Topic] = Field(min_items=1)


def _check_sources(topic: Topic, sources: Mapping[str, Source], where: str, error: type[Exception]) -> None:
    if topic.school_prices and SCHOOL_PRICES_SOURCE not in sources:
        raise error(f"{where}: field 'school_prices': source '{SCHOOL_PRICES_SOURCE}' is not in knowledge/sources.yml")
    for index, statement in enumerate(topic.answer):
        for source_id in statement.sources:
            if source_id not in sources:
                raise error(
                    f"{where}: field 'answer.{index}.sources': unknown source '{source_id}'"
                    " (add it to knowledge/sources.yml)"
                )


def _check_occupation(
    topic: Topic, occupations: Mapping[str, Occupation], where: str, error: type[Exception]
) -> None:
    if topic.bls_occupation is None:
        return
    occupation = occupations.get(topic.bls_occupation)
    if occupation is None or occupation.projection is None or occupation.median_annual_wage is None:
        raise error(
            f"{where}: field 'bls_occupation': SOC code '{topic.bls_occupation}' has no wage and projection"
            " in bls_occupations.yml"
        )


def _load_file(path: Path, error: type[Exception]) -> TopicFile:
    data = read_yaml_mapping(path, error)
    try:
        return TopicFile(**data)
    except ValidationError as broken:
        raise error(f"{display_path(path)}: {describe_errors(broken)}") from broken


def load_topics(
    directory: Path, sources: Mapping[str, Source], occupations: Mapping[str, Occupation], error: type[Exception]
) -> dict[str, Topic]:
    """Every topic under ``directory``, checked against the sources and occupations it names.

    ``error`` is the exception type to raise, so the knowledge base reports topics like its other files.
    """
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise error(f"{display_path(directory)}: no topic files found")
    topics: dict[str, Topic] = {}
    paths: dict[str, Path] = {}
    for path in files:
        for topic in _load_file(path, error).topics:
            where = f"{display_path(path)}: topic '{topic.id}'"
            if topic.id in topics:
                raise error(f"{where}: field 'id': already defined in {display_path(paths[topic.id])}")
            _check_sources(topic, sources, where, error)
            _check_occupation(topic, occupations, where, error)
            topics[topic.id] = topic
            paths[topic.id] = path
    for topic in topics.values():
        unknown = [related for related in topic.related if related not in topics]
        if unknown:
            where = f"{display_path(paths[topic.id])}: topic '{topic.id}'"
            raise error(f"{where}: field 'related': unknown topic '{unknown[0]}'")
    return topics
