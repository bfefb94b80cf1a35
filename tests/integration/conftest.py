"""Fixtures of the integration tests: real servers started through scripts/run.sh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tools.servers import action_server, rasa_server


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Rasa server with its action server, shared by the web tests."""
    workdir = tmp_path_factory.mktemp("live-bot")
    with action_server(workdir) as actions_url, rasa_server(workdir, actions_url) as base_url:
        yield base_url
