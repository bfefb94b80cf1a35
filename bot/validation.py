"""What every data file loader shares: strict pydantic models and error messages that name the
file (relative to the project) and the field, so a broken file is found without a debugger."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent


class StrictModel(BaseModel):
    """Unknown fields and empty strings are errors: a typo in a data file must not pass silently."""

    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True
        min_anystr_length = 1


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def describe_errors(error: ValidationError) -> str:
    parts = []
    for detail in error.errors():
        location = ".".join(str(step) for step in detail["loc"] if step != "__root__")
        parts.append(f"field '{location}': {detail['msg']}" if location else detail["msg"])
    return "; ".join(parts)


def read_yaml_mapping(path: Path, error: type[Exception]) -> dict:
    """A YAML file whose top level is a mapping; anything else raises ``error`` naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except FileNotFoundError as missing:
        raise error(f"{display_path(path)}: file not found") from missing
    except (OSError, yaml.YAMLError) as broken:
        raise error(f"{display_path(path)}: not valid YAML: {broken}") from broken
    if not isinstance(content, dict):
        raise error(f"{display_path(path)}: expected a mapping at the top level")
    return content
