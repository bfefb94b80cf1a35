"""Shared fixtures: the project's knowledge base and paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, default_knowledge_base
from tests.servers import action_server, rasa_server

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge_base()


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Rasa server with its action server, shared by the web tests."""
    workdir = tmp_path_factory.mktemp("live-bot")
    with action_server(workdir) as actions_url, rasa_server(workdir, actions_url) as base_url:
        yield base_url
