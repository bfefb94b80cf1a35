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



def _is_text(node: ast.AST) -> bool:
    """A string literal or an f-string: wording written in place."""
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _is_sentence(node: ast.AST) -> bool:
    """A string constant long enough and with a space to read as words, not as a name, id or payload."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 15 and " " in node.value


def wording_written_in(path: Path) -> list[str]:
    """Sentences and button titles a module writes itself: module constants, utter_message texts, "title"s."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = [
        node
        for statement in tree.body
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None
        for node in ast.walk(statement.value)
        if _is_sentence(node)
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "utter_message":
            found += [keyword.value for keyword in node.keywords if keyword.arg == "text" and _is_text(keyword.value)]
        elif isinstance(node, ast.Dict):
            found += [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value == "title" and _is_text(value)
            ]
    return [f"line {node.lineno}: {ast.unparse(node)}" for node in found]


@pytest.mark.parametrize("path", python_files("actions"), ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_actions_take_their_wording_from_the_renderers(path: Path) -> None:
    """Every sentence and button title lives in ``bot.render`` (or domain.yml), so wording is changed in one place."""
    assert wording_written_in(path) == []
