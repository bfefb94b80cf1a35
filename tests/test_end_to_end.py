"""The real servers: NLU, dialogue, action server and tracker store together, over REST."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers import action_server, rasa_server, reply_text, say


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="module")
def actions_url(workdir: Path):
    with action_server(workdir) as url:
        yield url


def test_a_conversation_over_rest_survives_a_rasa_restart(workdir: Path, actions_url: str) -> None:
    with rasa_server(workdir, actions_url) as bot:
        first = say(bot, "nurse-jo", "How much does a PACS administrator earn?")
        assert "$72,218" in reply_text(first) and "2018" in reply_text(first)

        assert "RDCS" in reply_text(say(bot, "nurse-jo", "what exams do I need to become an echocardiographer?"))
        # Role switch keeps the question type (certification -> for managers).
        assert "CRA" in reply_text(say(bot, "nurse-jo", "what about an imaging manager?"))

    with rasa_server(workdir, actions_url) as bot:
        # Same conversation after a restart: the role in focus came back from the SQLite store.
        text = reply_text(say(bot, "nurse-jo", "and how much do they make?"))
        assert "$79,953" in text


def test_buttons_reach_the_channel_and_work_when_clicked(workdir: Path, actions_url: str) -> None:
    with rasa_server(workdir, actions_url) as bot:
        replies = say(bot, "new-user", "what education do I need?")
        buttons = replies[-1].get("buttons", [])
        assert len(buttons) == 5, replies
        educator = next(button for button in buttons if button["title"] == "Clinical educator")
        assert "Master's degree" in reply_text(say(bot, "new-user", educator["payload"]))
