"""Faults: the action server down or slow, and the Rasa server restarted in the middle of a form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
import rasa

import rasa_patches
from bot.render.notices import UNREACHABLE_MESSAGE
from rasa_patches.action_guard import DEFAULT_TIMEOUT_S
from tests.integration.stand_ins import hanging_action_server
from tools.servers import action_server, free_port, rasa_server, reply_text, say

# The promise: a clear message within 5 seconds, never silence.
ANSWER_WITHIN_S = 5.0


def test_the_default_action_timeout_leaves_room_for_the_answer() -> None:
    assert DEFAULT_TIMEOUT_S < ANSWER_WITHIN_S - 1


@dataclass(frozen=True)
class Outage:
    """A Rasa server whose action server is down unless a test starts it with ``actions_up()``."""

    bot: str
    actions_up: Callable[[], AbstractContextManager[str]]
    workdir: Path  # the servers' logs


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outage]:
    workdir, port = tmp_path_factory.mktemp("outage"), free_port()
    with rasa_server(workdir, f"http://127.0.0.1:{port}/webhook") as bot:
        yield Outage(bot, partial(action_server, workdir, port), workdir)


def test_the_server_started_through_run_sh_has_the_rasa_patches(outage: Outage) -> None:
    [log] = outage.workdir.glob("rasa-*.log")
    every_patch = ", ".join(patch.name for patch in rasa_patches.ALL_PATCHES)
    assert f"rasa_patches  - Rasa {rasa.__version__} patched: {every_patch}\n" in log.read_text()


def test_action_server_down_then_back_the_conversation_continues(outage: Outage) -> None:
    user = "outage"
    with outage.actions_up():
        assert "$72,218" in reply_text(say(outage.bot, user, "what does a PACS administrator earn?"))

    replies = say(outage.bot, user, "what exams do they need?", timeout=ANSWER_WITHIN_S)
    assert reply_text(replies) == UNREACHABLE_MESSAGE  # once, and nothing half-done

    with outage.actions_up():
        # The role in focus is still the PACS administrator.
        assert "CIIP" in reply_text(say(outage.bot, user, "what exams do they need?"))


def test_a_hanging_action_server_gets_a_notice_within_five_seconds(tmp_path: Path) -> None:
    with hanging_action_server() as actions_url, rasa_server(tmp_path, actions_url) as bot:
        replies = say(bot, "waiting", "how do I become an echocardiographer?", timeout=ANSWER_WITHIN_S)
        assert reply_text(replies) == UNREACHABLE_MESSAGE
        # A greeting is a response from the domain, no custom action: still answered in full.
        assert "SonoPath" in reply_text(say(bot, "waiting", "hello", timeout=ANSWER_WITHIN_S))


def test_an_answer_given_during_an_outage_is_asked_for_again(outage: Outage) -> None:
    user = "outage-mid-form"
    with outage.actions_up():
        assert "enjoy most" in reply_text(say(outage.bot, user, "which role would fit me?"))
    # A button answer while the action server is down: it cannot be checked, so it is not kept.
    down = say(outage.bot, user, '/inform_choice{"interest":"teaching"}', timeout=ANSWER_WITHIN_S)
    assert reply_text(down) == UNREACHABLE_MESSAGE
    with outage.actions_up():
        # Back again: the typed answer is read as the answer to the same question, not the next.
        text = reply_text(say(outage.bot, user, "I like teaching people"))
        assert "highest degree" in text and "didn't catch" not in text


def test_a_form_in_progress_survives_a_rasa_restart(tmp_path: Path) -> None:
    user = "restart-mid-form"
    with action_server(tmp_path) as actions_url:
        with rasa_server(tmp_path, actions_url) as bot:
            assert "enjoy most" in reply_text(say(bot, user, "which role would fit me?"))
            assert "highest degree" in reply_text(say(bot, user, "I like teaching people"))
        with rasa_server(tmp_path, actions_url) as bot:
            assert "How many years" in reply_text(say(bot, user, "I have a bachelor's degree"))
