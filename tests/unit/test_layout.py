"""The layout says what runs where; these checks keep it true as the code grows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SERVER_SIDE = {"rasa", "rasa_sdk", "sanic", "channels", "actions", "rasa_patches", "components"}
RUNTIME_PACKAGES = ("bot", "actions", "channels", "components", "rasa_patches")


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, as written (``from a.b import c`` gives ``a.b``)."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (REPO_ROOT / folder).rglob("*.py"))


def top_level(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


@pytest.mark.parametrize("path", python_files("bot"), ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_the_domain_imports_no_rasa_and_no_server(path: Path) -> None:
    assert not top_level(imported_modules(path)) & SERVER_SIDE


@pytest.mark.parametrize("path", python_files(*RUNTIME_PACKAGES), ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_what_runs_in_the_servers_needs_no_offline_tool_or_test(path: Path) -> None:
    assert not top_level(imported_modules(path)) & {"tools", "tests", "bench"}


def test_no_test_module_imports_another_and_bench_imports_no_test() -> None:
    for path in python_files("tests"):
        assert not any(module.split(".")[-1].startswith("test_") for module in imported_modules(path)), path
    for path in python_files("bench"):
        assert "tests" not in top_level(imported_modules(path)), path
