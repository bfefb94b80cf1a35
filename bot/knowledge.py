"""The knowledge base: roles, their facts and the sources behind every figure.

Facts live in YAML under ``knowledge/``; this module validates them with pydantic when they
load, so a broken file fails at start-up with the file, the role and the field in the message,
instead of producing a wrong answer in the chat later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, root_validator, validator

from bot.reading.words import fold, singular
from bot.topics import Topic, load_topics
from bot.validation import REPO_ROOT, StrictModel, describe_errors, display_path, read_yaml_mapping

KNOWLEDGE_DIR = REPO_ROOT / "knowledge"


class KnowledgeBaseError(ValueError):
    """A knowledge file is missing, unreadable or breaks the schema."""



class Source(StrictModel):
    short: str
    title: str
    published: str = Field(description='a date or year, or "undated" for a page that shows none')
    url: str | None = None
    note: str | None = None
    accessed: str | None = Field(None, regex=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="when an undated page was read")

    @root_validator(skip_on_failure=True)
    def dated_or_read(cls, values: dict) -> dict:
        published = values["published"]
        if published == "undated":
            if not values["accessed"]:
                raise ValueError("an undated source needs 'accessed', the date it was read")
        elif not re.match(r"\d{4}", published):
            raise ValueError("'published' must start with a year, or be 'undated'")
        return values

    @property
    def year(self) -> str:
        """The year to show a person: when it was published, or when an undated page was read."""
        return (self.accessed if self.published == "undated" else self.published)[:4]

    @property
    def dated(self) -> str:
        """ "published 2019", or "undated, read 2026" for a page that shows no date."""
        return f"undated, read {self.year}" if self.published == "undated" else f"published {self.year}"


class PayFigure(StrictModel):
    amount: int = Field(gt=0)
    year: int = Field(ge=1990, le=2100)
    source: str
    period: str | None = None
    occupation_group: str | None = None


class GrowthFigure(StrictModel):
    percent: float
    period: str
    occupation_group: str
    source: str

    @validator("period")
    def period_is_a_year_range(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-\d{4}", value):
            raise ValueError("must look like 2016-2026")
        return value


class Certification(StrictModel):
    credential: str
    full_name: str
    awarding_body: str
    exams: list[str] = Field(min_items=1)
    url: str | None = Field(None, regex=r"^https://")
    note: str | None = None


# How much schooling a role adds for a sonographer with an associate's degree, least first.
EXTRA_SCHOOLING_ORDER = ("associate", "credential", "bachelor", "master")


class Education(StrictModel):
    minimum: str
    level: Literal["associate", "credential", "bachelor", "master"]
    extra_study: str
    details: str

    @property
    def extra_schooling_rank(self) -> int:
        return EXTRA_SCHOOLING_ORDER.index(self.level)


class Specialization(StrictModel):
    name: str
    needs: str | None = None


class Role(StrictModel):
    id: str
    name: str
    plural: str
    order: int = Field(ge=1, description="where the role stands in lists and buttons")
    full_title: str | None = None
    starting_point: bool = False
    aliases: list[str] = Field(min_items=1)
    summary: str
    duties: list[str] = Field(min_items=1)
    education: Education
    certifications: list[Certification] = Field(min_items=1)
    experience: str
    specializations: list[Specialization] = Field(min_items=1)
    how_to_become: list[str] = Field(min_items=1)
    median_pay: list[PayFigure] = []
    job_growth: list[GrowthFigure] = []
    bls_occupations: list[str] = []

    @validator("specializations", pre=True, each_item=True)
    def specialization_may_be_a_plain_name(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value

    @validator("id")
    def id_is_a_slug(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError("must be lowercase letters, digits and underscores")
        return value

    @root_validator(skip_on_failure=True)
    def figures_exist(cls, values: dict) -> dict:
        if not values["median_pay"] and not values["bls_occupations"]:
            raise ValueError("a role needs median_pay figures or bls_occupations to answer pay questions")
        return values

    @property
    def title(self) -> str:
        """The name to show a person: the full title where the short one is an acronym."""
        return self.full_title or self.name


class Credential(StrictModel):
    """A credential or exam: what it is, who awards it, which roles use it, what it takes."""

    id: str
    full_name: str
    awarding_body: str
    url: str = Field(regex=r"^https://")
    kind: Literal["credential", "exam"]
    what: str
    exams: list[str] = Field(min_items=1)
    prerequisites: str
    roles: list[str] = Field(min_items=1)


class OccupationWage(StrictModel):
    amount: int = Field(gt=0)
    year: int
    period: str
    source: str


class OccupationProjection(StrictModel):
    percent: float
    period: str
    source: str
    employment_start: int | None = None
    employment_end: int | None = None
    annual_openings: int | None = None
    typical_entry_education: str | None = None


class Occupation(StrictModel):
    """A BLS occupation (SOC code) with its newest figures, derived by ``tools.bls_import``."""

    soc: str
    title: str
    median_annual_wage: OccupationWage | None = None
    projection: OccupationProjection | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    roles: dict[str, Role]
    sources: dict[str, Source]
    occupations: dict[str, Occupation]
    aliases: dict[str, str]
    credentials: dict[str, Credential]
    topics: dict[str, Topic]

    def role(self, role_id: str) -> Role:
        return self.roles[role_id]

    def resolve_role(self, text: str | None) -> str | None:
        """Map a role id, name or alias as a person typed it to the role id, or None."""
        if not text:
            return None
        key = fold(text)
        if key.replace(" ", "_") in self.roles:
            return key.replace(" ", "_")
        for candidate in (key, singular(key)):
            if candidate in self.aliases:
                return self.aliases[candidate]
        return None

    def resolve_credential(self, text: str | None) -> str | None:
        """Map "rdcs", "R.D.C.S." or "Registered Diagnostic Cardiac Sonographer" to "RDCS"."""
        if not text:
            return None
        key = fold(text).replace(" ", "")
        for credential in self.credentials.values():
            if key in {credential.id.lower(), fold(credential.full_name).replace(" ", "")}:
                return credential.id
        return None

    def credentials_for(self, role_id: str) -> list[Credential]:
        return [credential for credential in self.credentials.values() if role_id in credential.roles]

    def target_role(self, role_ids: list[str]) -> str | None:
        """The role a question is about when it names several: "I'm a sonographer, how do I become an
        echocardiographer?" is about the echocardiographer, not the starting point."""
        targets = [role_id for role_id in role_ids if not self.roles[role_id].starting_point]
        return (targets or role_ids or [None])[0]

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def occupations_for(self, role: Role) -> list[Occupation]:
        return [self.occupations[soc] for soc in role.bls_occupations]

    @property
    def starting_role(self) -> Role:
        """The role a question about sonography in general is about: the diagnostic medical sonographer."""
        return next(role for role in self.roles.values() if role.starting_point)

    @property
    def advancement_roles(self) -> list[Role]:
        return [role for role in self.roles.values() if not role.starting_point]


def _read_yaml(path: Path) -> dict:
    return read_yaml_mapping(path, KnowledgeBaseError)




def _parse(model: type, data: object, where: str):
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{where}: expected a mapping")
    try:
        return model(**data)
    except ValidationError as error:
        raise KnowledgeBaseError(f"{where}: {describe_errors(error)}") from error


def _load_role(path: Path) -> Role:
    data = _read_yaml(path)
    label = data.get("id") or path.stem
    return _parse(Role, data, f"{display_path(path)}: role '{label}'")


def _load_sources(path: Path) -> dict[str, Source]:
    data = _read_yaml(path).get("sources")
    if not isinstance(data, dict) or not data:
        raise KnowledgeBaseError(f"{display_path(path)}: expected a non-empty 'sources' mapping")
    return {key: _parse(Source, value, f"{display_path(path)}: source '{key}'") for key, value in data.items()}


def _load_occupations(path: Path) -> dict[str, Occupation]:
    if not path.exists():
        return {}
    data = _read_yaml(path).get("occupations") or {}
    return {
        str(soc): _parse(Occupation, {"soc": str(soc), **(value or {})}, f"{display_path(path)}: occupation '{soc}'")
        for soc, value in data.items()
    }


def _load_credentials(path: Path, roles: dict[str, Role]) -> dict[str, Credential]:
    entries = _read_yaml(path).get("credentials")
    if not isinstance(entries, list) or not entries:
        raise KnowledgeBaseError(f"{display_path(path)}: expected a non-empty 'credentials' list")
    credentials: dict[str, Credential] = {}
    for index, entry in enumerate(entries):
        label = entry.get("id", index) if isinstance(entry, dict) else index
        credential = _parse(Credential, entry, f"{display_path(path)}: credential '{label}'")
        unknown = [role for role in credential.roles if role not in roles]
        if unknown:
            where = f"{display_path(path)}: credential '{credential.id}'"
            raise KnowledgeBaseError(f"{where}: field 'roles': unknown role {unknown[0]!r}")
        credentials[credential.id] = credential
    return credentials


def _check_references(
    roles: dict[str, Role], sources: dict[str, Source], occupations: dict[str, Occupation], paths: dict[str, Path]
) -> None:
    """Every figure's source and every SOC code a role names must exist."""
    for role in roles.values():
        where = f"{display_path(paths[role.id])}: role '{role.id}'"
        for field in ("median_pay", "job_growth"):
            for index, figure in enumerate(getattr(role, field)):
                if figure.source not in sources:
                    raise KnowledgeBaseError(
                        f"{where}: field '{field}.{index}.source': unknown source '{figure.source}'"
                        f" (known: {', '.join(sorted(sources))})"
                    )
        for soc in role.bls_occupations:
            if soc not in occupations:
                raise KnowledgeBaseError(
                    f"{where}: field 'bls_occupations': SOC code '{soc}' is not in bls_occupations.yml"
                    " (rebuild it with `make refresh-bls`)"
                )
    for occupation in occupations.values():
        for figure in (occupation.median_annual_wage, occupation.projection):
            if figure is not None and figure.source not in sources:
                raise KnowledgeBaseError(
                    f"bls_occupations.yml: occupation '{occupation.soc}': unknown source '{figure.source}'"
                )


def _build_alias_index(roles: dict[str, Role], paths: dict[str, Path]) -> dict[str, str]:
    index: dict[str, str] = {}
    for role in roles.values():
        for alias in [role.name, role.plural, *role.aliases]:
            key = fold(alias)
            owner = index.get(key)
            if owner and owner != role.id:
                raise KnowledgeBaseError(
                    f"{display_path(paths[role.id])}: role '{role.id}': field 'aliases': "
                    f"'{alias}' is already an alias of '{owner}'"
                )
            index[key] = role.id
    return index


def load_knowledge_base(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read and validate every knowledge file under ``directory``."""
    role_paths: dict[str, Path] = {}
    roles: dict[str, Role] = {}
    files = sorted((directory / "roles").glob("*.yml"))
    if not files:
        raise KnowledgeBaseError(f"{display_path(directory / 'roles')}: no role files found")
    for path in files:
        role = _load_role(path)
        if role.id in roles:
            raise KnowledgeBaseError(
                f"{display_path(path)}: role '{role.id}': field 'id': "
                f"already defined in {display_path(role_paths[role.id])}"
            )
        roles[role.id] = role
        role_paths[role.id] = path
    sources = _load_sources(directory / "sources.yml")
    occupations = _load_occupations(directory / "bls_occupations.yml")
    _check_references(roles, sources, occupations, role_paths)
    aliases = _build_alias_index(roles, role_paths)
    credentials = _load_credentials(directory / "credentials.yml", roles)
    topics = load_topics(directory / "topics", sources, occupations, KnowledgeBaseError)
    roles = dict(sorted(roles.items(), key=lambda item: item[1].order))
    return KnowledgeBase(
        roles=roles, sources=sources, occupations=occupations, aliases=aliases, credentials=credentials,
        topics=topics,
    )


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """The project's knowledge base, loaded once per process."""
    return load_knowledge_base()
