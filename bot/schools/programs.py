"""``knowledge/schools/programs.yml``: which IPEDS programs serve which role, what people call them,
how award levels read, and the state geography; validated with pydantic when it loads, like the
knowledge base."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, ValidationError, root_validator, validator

from bot.reading.words import Phrase
from bot.validation import REPO_ROOT, StrictModel, describe_errors, display_path, read_yaml_mapping

SCHOOLS_DIR = REPO_ROOT / "knowledge" / "schools"
PROGRAMS_FILE = SCHOOLS_DIR / "programs.yml"
# The credential "group" that means no filter; implicit, so programs.yml must not define it.
ANY_CREDENTIAL = "any"


class SchoolsDataError(ValueError):
    """A school data file is missing, unreadable or breaks its schema; the message names the file."""


class RoleLink(StrictModel):
    """A role a program serves, optionally only at some award levels (the educator: master's only)."""

    role: str = Field(regex=r"^[a-z][a-z0-9_]*$")
    award_levels: list[int] | None = Field(None, min_items=1)


class Program(StrictModel):
    title: str
    roles: list[RoleLink] = Field(min_items=1)
    # What people call the program in a request ("ultrasound"), written as ``fold`` leaves text; naming
    # one asks for the program's first role.
    words: list[Phrase] = []

    @validator("roles", pre=True, each_item=True)
    def role_may_be_a_plain_id(cls, value: object) -> object:
        return {"role": value} if isinstance(value, str) else value


class Honesty(StrictModel):
    """What every answer must say: the data's scope and where to check accreditation."""

    source: str
    scope_note: str
    accreditation_note: str
    accreditation_url: str = Field(regex=r"^https://")
    accreditation_cips: list[str] = Field(min_items=1)


class ProgramsFile(StrictModel):
    programs: dict[str, Program]
    role_notes: dict[str, str] = {}
    award_levels: dict[int, str]
    credential_groups: dict[str, list[int]]
    honesty: Honesty
    state_names: dict[str, str]
    neighbours: dict[str, list[str]]

    @validator("programs", "award_levels", "credential_groups", "state_names", "neighbours")
    def not_empty(cls, value: dict) -> dict:
        if not value:
            raise ValueError("must not be empty")
        return value

    @validator("programs")
    def cip_codes_are_quoted_and_complete(cls, value: dict[str, Program]) -> dict[str, Program]:
        for cip in value:
            if not re.fullmatch(r"\d{2}\.\d{4}", cip):
                raise ValueError(f"CIP code '{cip}' must look like \"51.0910\" (quoted: YAML reads 51.0910 as 51.091)")
        return value

    @validator("programs")
    def program_words_name_one_program(cls, value: dict[str, Program]) -> dict[str, Program]:
        seen: dict[str, str] = {}
        for cip, program in value.items():
            for word in program.words:
                if word in seen:
                    raise ValueError(f"{cip}: the word '{word}' is already a word of {seen[word]}")
                seen[word] = cip
        return value

    @validator("state_names")
    def state_codes_are_two_letters(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"state code '{code}' must be two capital letters")
        return value

    @root_validator(skip_on_failure=True)
    def references_exist(cls, values: dict) -> dict:
        levels = set(values["award_levels"])
        programs: dict[str, Program] = values["programs"]
        for cip, program in programs.items():
            for link in program.roles:
                unknown = set(link.award_levels or ()) - levels
                if unknown:
                    raise ValueError(f"programs.{cip}: role '{link.role}': unknown award level {min(unknown)}")
        roles = {link.role for program in programs.values() for link in program.roles}
        for role in values["role_notes"]:
            if role not in roles:
                raise ValueError(f"role_notes: role '{role}' is not served by any program")
        for cip in values["honesty"].accreditation_cips:
            if cip not in programs:
                raise ValueError(f"honesty.accreditation_cips: '{cip}' is not in programs")
        _check_groups(values["credential_groups"], levels)
        _check_neighbours(values["neighbours"], values["state_names"])
        return values

    def offerings_for(self, role_id: str) -> list[tuple[str, frozenset[int] | None]]:
        """The (CIP code, award levels or None for all) pairs that serve ``role_id``, in file order."""
        return [
            (cip, None if link.award_levels is None else frozenset(link.award_levels))
            for cip, program in self.programs.items()
            for link in program.roles
            if link.role == role_id
        ]

    @property
    def role_ids(self) -> list[str]:
        return sorted({link.role for program in self.programs.values() for link in program.roles})

    @property
    def program_words(self) -> list[tuple[str, str]]:
        """(word, the role it asks for) for every program word, in file order: the first found wins."""
        return [(word, program.roles[0].role) for program in self.programs.values() for word in program.words]


def _check_groups(groups: dict[str, list[int]], levels: set[int]) -> None:
    """Every award level belongs to exactly one group, so "any" is the union of the groups."""
    if ANY_CREDENTIAL in groups:
        raise ValueError(f"credential_groups: '{ANY_CREDENTIAL}' is implicit (no filter); do not define it")
    seen: dict[int, str] = {}
    for name, members in groups.items():
        for level in members:
            if level not in levels:
                raise ValueError(f"credential_groups.{name}: unknown award level {level}")
            if level in seen:
                raise ValueError(f"credential_groups.{name}: award level {level} is already in '{seen[level]}'")
            seen[level] = name
    missing = sorted(levels - set(seen))
    if missing:
        raise ValueError(f"credential_groups: award level {missing[0]} belongs to no group")


def _check_neighbours(neighbours: dict[str, list[str]], names: dict[str, str]) -> None:
    """Neighbours name known states, never themselves, and go both ways."""
    for code, others in neighbours.items():
        if code not in names:
            raise ValueError(f"neighbours: '{code}' is not in state_names")
        for other in others:
            if other == code:
                raise ValueError(f"neighbours.{code}: a state is not its own neighbour")
            if other not in neighbours:
                raise ValueError(f"neighbours.{code}: '{other}' has no neighbours entry")
            if code not in neighbours[other]:
                raise ValueError(f"neighbours.{code}: lists {other}, but neighbours.{other} does not list {code}")


def load_programs(path: Path = PROGRAMS_FILE) -> ProgramsFile:
    """Read and validate programs.yml; any problem raises SchoolsDataError naming the file and field."""
    content = read_yaml_mapping(path, SchoolsDataError)
    try:
        return ProgramsFile(**content)
    except ValidationError as error:
        raise SchoolsDataError(f"{display_path(path)}: {describe_errors(error)}") from error
