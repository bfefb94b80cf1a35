"""Sonography beside its neighbouring careers: radiologic and MRI technologists, registered nurses,
cardiovascular technologists.

``knowledge/careers.yml`` holds only what figures cannot say: a few sourced sentences on what each
career does differently. Pay, growth, openings and entry education are read from the BLS table in
the knowledge base through each career's SOC code, so ``make refresh-bls`` updates every answer and
no figure is copied by hand. The answers are worded in ``bot.render.careers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import Field, ValidationError, root_validator

from bot.knowledge import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeBaseError, default_knowledge_base
from bot.reading.words import Phrase, fold, singular
from bot.validation import StrictModel, describe_errors, display_path, read_yaml_mapping

CAREERS_FILE = KNOWLEDGE_DIR / "careers.yml"

Value = TypeVar("Value", float, str)


class SourcedStatement(StrictModel):
    """One sentence about a career and the id (in sources.yml) of the source it rests on."""

    text: str
    source: str


class Career(StrictModel):
    id: str = Field(regex=r"^[a-z][a-z0-9_]*$")
    name: str
    plural: str
    soc: str = Field(regex=r"^\d{2}-\d{4}$", description="the BLS occupation whose figures the career quotes")
    what_differs: list[SourcedStatement] = Field(min_items=1)


class Neighbour(Career):
    aliases: list[Phrase] = Field(min_items=1, description="names people type for it, folded")


class CareersFile(StrictModel):
    sonography: Career
    neighbours: list[Neighbour] = Field(min_items=1)

    @root_validator(skip_on_failure=True)
    def ids_and_aliases_are_unique(cls, values: dict) -> dict:
        seen_ids = {values["sonography"].id}
        owners: dict[str, str] = {}
        for neighbour in values["neighbours"]:
            if neighbour.id in seen_ids:
                raise ValueError(f"career id '{neighbour.id}' is used twice")
            seen_ids.add(neighbour.id)
            for alias in neighbour.aliases:
                owner = owners.setdefault(singular(alias), neighbour.id)
                if owner != neighbour.id:
                    raise ValueError(f"alias '{alias}' of '{neighbour.id}' is already an alias of '{owner}'")
        return values


@dataclass(frozen=True)
class Careers:
    """Sonography and its neighbours as validated from careers.yml, neighbours in file order."""

    sonography: Career
    neighbours: dict[str, Neighbour]

    def neighbour(self, neighbour_id: str) -> Neighbour:
        return self.neighbours[neighbour_id]

    def resolve_neighbour(self, text: str | None) -> str | None:
        """Map "rad tech", "X-ray technicians" or "registered_nurse" to a neighbour's id, or None."""
        if not text:
            return None
        key = fold(text)
        if key.replace(" ", "_") in self.neighbours:
            return key.replace(" ", "_")
        for neighbour in self.neighbours.values():
            if singular(key) in {singular(alias) for alias in neighbour.aliases}:
                return neighbour.id
        return None


@dataclass(frozen=True)
class Sourced(Generic[Value]):
    """A figure as it is quoted: the value, when it applies ("May 2025", "2024-2034") and its source id."""

    value: Value
    when: str
    source: str


@dataclass(frozen=True)
class CareerFigures:
    """One career's national BLS figures (None where BLS published none) and its sourced description."""

    career: Career
    bls_title: str
    median_annual_wage: Sourced[float] | None
    growth_percent: Sourced[float] | None
    annual_openings: Sourced[float] | None  # average a year over the projection period
    entry_education: Sourced[str] | None


@dataclass(frozen=True)
class Pair(Generic[Value]):
    """One criterion for sonography and a neighbour."""

    sonography: Sourced[Value] | None
    neighbour: Sourced[Value] | None

    @property
    def shared(self) -> bool:
        """Both figures exist and share period and source, so one label serves both."""
        first, second = self.sonography, self.neighbour
        return first is not None and second is not None and (first.when, first.source) == (second.when, second.source)


@dataclass(frozen=True)
class NeighbourComparison:
    """Sonography and one neighbour side by side; no criterion declares either the better choice."""

    sonography: CareerFigures
    neighbour: CareerFigures

    @property
    def pay(self) -> Pair[float]:
        return Pair(self.sonography.median_annual_wage, self.neighbour.median_annual_wage)

    @property
    def growth(self) -> Pair[float]:
        return Pair(self.sonography.growth_percent, self.neighbour.growth_percent)

    @property
    def openings(self) -> Pair[float]:
        return Pair(self.sonography.annual_openings, self.neighbour.annual_openings)

    @property
    def entry_education(self) -> Pair[str]:
        return Pair(self.sonography.entry_education, self.neighbour.entry_education)


def career_figures(kb: KnowledgeBase, career: Career) -> CareerFigures:
    """The knowledge base's own BLS figures for a career, labelled with their period and source."""
    occupation = kb.occupations[career.soc]
    wage, projection = occupation.median_annual_wage, occupation.projection
    growth = openings = education = None
    if projection is not None:
        label = (projection.period, projection.source)
        growth = Sourced(projection.percent, *label)
        if projection.annual_openings is not None:
            openings = Sourced(projection.annual_openings, *label)
        if projection.typical_entry_education is not None:
            education = Sourced(projection.typical_entry_education, *label)
    return CareerFigures(
        career=career,
        bls_title=occupation.title,
        median_annual_wage=Sourced(wage.amount, wage.period, wage.source) if wage else None,
        growth_percent=growth,
        annual_openings=openings,
        entry_education=education,
    )


def compare_with_neighbour(kb: KnowledgeBase, careers: Careers, neighbour_id: str) -> NeighbourComparison:
    """Sonography beside one neighbour (an id from ``Careers.resolve_neighbour``)."""
    return NeighbourComparison(
        sonography=career_figures(kb, careers.sonography),
        neighbour=career_figures(kb, careers.neighbour(neighbour_id)),
    )


def neighbour_overview(kb: KnowledgeBase, careers: Careers) -> tuple[CareerFigures, ...]:
    """Sonography first, then every neighbour in the order careers.yml lists them."""
    return tuple(career_figures(kb, career) for career in (careers.sonography, *careers.neighbours.values()))


# --- loading careers.yml --------------------------------------------------------------------------


def load_careers(kb: KnowledgeBase, path: Path = CAREERS_FILE) -> Careers:
    """Read and validate careers.yml; every source and SOC code it names must be in the knowledge base."""
    where = display_path(path)
    data = read_yaml_mapping(path, KnowledgeBaseError)
    try:
        parsed = CareersFile(**data)
    except ValidationError as error:
        raise KnowledgeBaseError(f"{where}: {describe_errors(error)}") from error
    for career in (parsed.sonography, *parsed.neighbours):
        _check_references(kb, career, where)
    return Careers(parsed.sonography, {neighbour.id: neighbour for neighbour in parsed.neighbours})


def _check_references(kb: KnowledgeBase, career: Career, where: str) -> None:
    if career.soc not in kb.occupations:
        raise KnowledgeBaseError(
            f"{where}: career '{career.id}': field 'soc': SOC code '{career.soc}' is not in bls_occupations.yml"
            " (add it to the importer's SOC codes and run `make refresh-bls`)"
        )
    for index, statement in enumerate(career.what_differs):
        if statement.source not in kb.sources:
            raise KnowledgeBaseError(
                f"{where}: career '{career.id}': field 'what_differs.{index}.source': "
                f"unknown source '{statement.source}' (known: {', '.join(sorted(kb.sources))})"
            )


@lru_cache(maxsize=1)
def default_careers() -> Careers:
    """The project's careers.yml checked against the project's knowledge base, loaded once per process."""
    return load_careers(default_knowledge_base())
