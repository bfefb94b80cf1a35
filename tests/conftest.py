"""Shared by all tests: the project's paths and knowledge base. Unit tests (tests/unit) start no
server and no browser; integration tests (tests/integration) start the real servers, PostgreSQL,
Redis or Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, default_knowledge_base

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge_base()
