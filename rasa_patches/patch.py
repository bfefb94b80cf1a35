"""What a patch is: Rasa class members swapped for the project's versions, Rasa's own kept.

Rasa's members are captured when the patch module is imported (before any install), so a test can
always compare against them or put them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Replacement:
    """One member of a Rasa class and the project's version of it (raw class attributes, so a
    ``staticmethod`` stays one)."""

    owner: type
    name: str
    ours: Any
    rasas: Any = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rasas", vars(self.owner)[self.name])


@dataclass(frozen=True)
class Patch:
    """A named change to Rasa, and the Rasa release whose code its replacements were copied from
    (or, for a wrapper, written against)."""

    name: str
    rasa_version: str
    replacements: tuple[Replacement, ...]

    @property
    def applied(self) -> bool:
        """Whether every member this patch swaps is the project's version now."""
        return all(vars(part.owner).get(part.name) is part.ours for part in self.replacements)

    def apply(self) -> None:
        """Idempotent: each member is set to the same object every time."""
        for replacement in self.replacements:
            setattr(replacement.owner, replacement.name, replacement.ours)
