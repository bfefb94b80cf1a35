"""What every data file loader shares: strict pydantic models and error messages that name the
file (relative to the project) and the field, so a broken file is found without a debugger."""

from __future__ import annotations

from pathlib import Path

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
