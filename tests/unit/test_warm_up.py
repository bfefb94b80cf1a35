"""The action server loads its data when it starts, so the first message is answered in time."""

from __future__ import annotations

import importlib
import pkgutil

import actions
from bot.answer_bank import default_answer_bank
from bot.careers import default_careers
from bot.knowledge import default_knowledge_base
from bot.schools.catalogue import default_catalogue

LOADED_AT_START = (default_knowledge_base, default_careers, default_answer_bank, default_catalogue)


def test_importing_the_warm_up_module_fills_every_cache() -> None:
    # rasa-sdk imports every module of the package before serving (ActionExecutor.register_package).
    assert "warm_up" in {module.name for module in pkgutil.walk_packages(actions.__path__)}
    for cached in LOADED_AT_START:
        cached.cache_clear()
    importlib.reload(importlib.import_module("actions.warm_up"))
    assert [cached.cache_info().currsize for cached in LOADED_AT_START] == [1] * len(LOADED_AT_START)
