"""Supervision (issue 16): under `make run` (scripts/run.sh) a server that dies is started again while
the other keeps answering, and Ctrl-C still stops everything at once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest

from bot.render.notices import UNREACHABLE_MESSAGE
from tools.processes import ACTIONS_MARKER, RASA_MARKER, alive, group_alive, servers
from tools.servers import REPO_ROOT, RunningAssistant, reply_text, say, whole_assistant

SUPERVISE = REPO_ROOT / "scripts" / "supervise.sh"
# The promise after the action server dies: the notice at once, normal answers within seconds.
ANSWER_WITHIN_S = 5.0
ACTIONS_BACK_WITHIN_S = 30.0
RASA_BACK_WITHIN_S = 180.0


def eventually(check: Callable[[], bool], within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_a_server_that_keeps_crashing_is_restarted_after_growing_pauses_then_given_up() -> None:
    env = dict(os.environ, SONOPATH_RESTART_DELAY_S="0.2", SONOPATH_RESTART_MAX_DELAY_S="0.4",
               SONOPATH_MAX_CRASHES="4")
    started = time.monotonic()
    done = subprocess.run([str(SUPERVISE), "test server", "sh", "-c", "echo started; exit 3"], env=env,
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 3
    assert done.stdout.split() == ["started"] * 4
    pauses = [line.rsplit("again in ", 1)[1] for line in done.stderr.splitlines() if "again in" in line]
    assert pauses == ["0.2s.", "0.4s.", "0.4s."]  # doubled, up to the longest pause
    assert "stopped (exit code 3) 4 times in a row; giving up." in done.stderr
    assert time.monotonic() - started >= 1.0


def test_the_supervisor_stops_its_server_when_it_is_stopped() -> None:
    marker = "sleep 97.5"
    supervisor = subprocess.Popen([str(SUPERVISE), "sleeper", *marker.split()], stderr=subprocess.PIPE)
    assert eventually(lambda: bool(servers(supervisor.pid, marker)), 5)
    [server] = servers(supervisor.pid, marker)
    supervisor.terminate()
    assert supervisor.wait(timeout=10) == 0
    assert not alive(server)


def server_ids(assistant: RunningAssistant, marker: str) -> list[int]:
    return servers(assistant.process.pid, marker)


def answer(assistant: RunningAssistant, sender: str, text: str, timeout: float = 30) -> str:
    return reply_text(say(assistant.url, sender, text, timeout=timeout))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningAssistant]:
    with whole_assistant(tmp_path_factory.mktemp("supervised")) as running:
        yield running


def test_a_killed_action_server_is_started_again_and_answers_come_back(assistant: RunningAssistant) -> None:
    user = "supervised-actions"
    assert "$72,218" in answer(assistant, user, "what does a PACS administrator earn?")
    [action_server] = server_ids(assistant, ACTIONS_MARKER)
    os.kill(action_server, signal.SIGKILL)  # as a crash would

    # The Rasa server keeps answering meanwhile, with the notice, within seconds.
    assert answer(assistant, user, "what exams do they need?", timeout=ANSWER_WITHIN_S) == UNREACHABLE_MESSAGE
    assert eventually(lambda: "CIIP" in answer(assistant, user, "what exams do they need?"), ACTIONS_BACK_WITHIN_S)
    assert server_ids(assistant, ACTIONS_MARKER) not in ([], [action_server])
    assert "supervise: the action server stopped (exit code 137); starting it again in 1s." in assistant.log.read_text()


def test_a_killed_rasa_server_is_started_again_and_the_conversation_continues(assistant: RunningAssistant) -> None:
    user = "supervised-rasa"
    assert "$72,218" in answer(assistant, user, "what does a PACS administrator earn?")
    [rasa_server] = server_ids(assistant, RASA_MARKER)
    os.kill(rasa_server, signal.SIGKILL)

    def answers_again() -> bool:
        try:
            return "CIIP" in answer(assistant, user, "what exams do they need?", timeout=10)
        except OSError:  # refused while it starts
            return False

    assert eventually(answers_again, RASA_BACK_WITHIN_S)
    assert "supervise: the Rasa server stopped (exit code 137)" in assistant.log.read_text()


def test_ctrl_c_stops_everything_at_once(assistant: RunningAssistant) -> None:
    running = server_ids(assistant, ACTIONS_MARKER) + server_ids(assistant, RASA_MARKER)
    assert len(running) == 2
    restarts = assistant.log.read_text().count("starting it again")
    os.killpg(assistant.process.pid, signal.SIGINT)  # what the terminal sends its foreground job
    assert assistant.process.wait(timeout=30) == 130  # the shell's status after SIGINT, not a failure
    assert eventually(lambda: not any(alive(pid) for pid in running), 10)
    assert eventually(lambda: not group_alive(assistant.process.pid), 10)  # the supervisors too
    log = assistant.log.read_text()
    assert "giving up" not in log and "kept stopping" not in log
    assert log.count("starting it again") == restarts  # none on Ctrl-C
