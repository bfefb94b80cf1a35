"""Fixtures of the Rasa patch tests: Rasa's own members, or the patches installed, for one test."""

from __future__ import annotations

import pytest

import rasa_patches


@pytest.fixture()
def stock_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own members during the test, whatever an earlier test installed; put back afterwards."""
    monkeypatch.delenv(rasa_patches.SPEEDUPS_VARIABLE, raising=False)
    for patch in rasa_patches.ALL_PATCHES:
        for replacement in patch.replacements:
            monkeypatch.setattr(replacement.owner, replacement.name, replacement.rasas)


@pytest.fixture()
def patched_rasa(stock_rasa: None) -> None:
    """Rasa as the server runs it: every patch installed, for this test only."""
    assert rasa_patches.install()
