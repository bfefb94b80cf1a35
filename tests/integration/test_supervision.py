"""Supervision (issue 16): under `make run` (scripts/run.sh) a server that dies is started again while
the other keeps answering, and Ctrl-C still stops everything at once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.render.notices import UNREACHABLE_MESSAGE
from tools.servers import (
    REPO_ROOT,
    free_port,
    reply_text,
    say,
    sqlite_endpoints,
    start_script,
    stop_process,
    wait_until_up,
)

SUPERVISE = REPO_ROOT / "scripts" / "supervise.sh"
# The promise after the action server dies: the notice at once, normal answers within seconds.
ANSWER_WITHIN_S = 5.0
ACTIONS_BACK_WITHIN_S = 30.0
RASA_BACK_WITHIN_S = 180.0


def process_ids(pattern: str) -> list[int]:
    """The processes whose command line contains ``pattern``, their supervisors left out."""
    found = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split() if SUPERVISE.name not in command_line(int(pid))]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # gone meanwhile
        return SUPERVISE.name


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


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


def test_the_supervisor_stops_its_server_when_it_is_stopped(tmp_path: Path) -> None:
    marker = f"sleep {900 + os.getpid() % 97}"  # a command line no other test has
    supervisor = subprocess.Popen([str(SUPERVISE), "sleeper", *marker.split()], stderr=subprocess.PIPE)
    assert eventually(lambda: bool(process_ids(marker)), 5)
    supervisor.terminate()
    assert supervisor.wait(timeout=10) == 0
    assert process_ids(marker) == []


@dataclass
class Assistant:
    """SonoPath as `make run` starts it, in a process group of its own."""

    process: subprocess.Popen
    url: str
    actions_port: int
    rasa_port: int
    log: Path

    def server_ids(self, which: str) -> list[int]:
        port = self.actions_port if which == "actions" else self.rasa_port
        pattern = f"run actions --actions actions --port {port}" if which == "actions" else f"--port {port} --cors"
        return process_ids(pattern)

    def answer(self, sender: str, text: str, timeout: float = 30) -> str:
        return reply_text(say(self.url, sender, text, timeout=timeout))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("supervised")
    actions_port, rasa_port = free_port(), free_port()
    env = {"RASA_PORT": str(rasa_port), "SONOPATH_ACTIONS_PORT": str(actions_port),
           "SONOPATH_ENDPOINTS": str(sqlite_endpoints(workdir))}
    log = workdir / "run.log"
    process = start_script("all", log, env)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", process, log)
        # run.sh waits for the action server first, so both are up here.
        yield Assistant(process, f"http://127.0.0.1:{rasa_port}", actions_port, rasa_port, log)
    finally:
        if process.poll() is None:
            stop_process(process)


def test_a_killed_action_server_is_started_again_and_answers_come_back(assistant: Assistant) -> None:
    user = "supervised-actions"
    assert "$72,218" in assistant.answer(user, "what does a PACS administrator earn?")
    [action_server] = assistant.server_ids("actions")
    os.kill(action_server, signal.SIGKILL)  # as a crash would

    # The Rasa server keeps answering meanwhile, with the notice, within seconds.
    assert assistant.answer(user, "what exams do they need?", timeout=ANSWER_WITHIN_S) == UNREACHABLE_MESSAGE
    assert eventually(lambda: "CIIP" in assistant.answer(user, "what exams do they need?"), ACTIONS_BACK_WITHIN_S)
    assert assistant.server_ids("actions") not in ([], [action_server])
    assert "supervise: the action server stopped (exit code 137); starting it again in 1s." in assistant.log.read_text()


def test_a_killed_rasa_server_is_started_again_and_the_conversation_continues(assistant: Assistant) -> None:
    user = "supervised-rasa"
    assert "$72,218" in assistant.answer(user, "what does a PACS administrator earn?")
    [rasa_server] = assistant.server_ids("rasa")
    os.kill(rasa_server, signal.SIGKILL)

    def answers_again() -> bool:
        try:
            return "CIIP" in assistant.answer(user, "what exams do they need?", timeout=10)
        except OSError:  # refused while it starts
            return False

    assert eventually(answers_again, RASA_BACK_WITHIN_S)
    assert "supervise: the Rasa server stopped (exit code 137)" in assistant.log.read_text()


def test_ctrl_c_stops_everything_at_once(assistant: Assistant) -> None:
    servers = assistant.server_ids("actions") + assistant.server_ids("rasa")
    assert len(servers) == 2
    restarts = assistant.log.read_text().count("starting it again")
    os.killpg(assistant.process.pid, signal.SIGINT)  # what the terminal sends its foreground job
    assert assistant.process.wait(timeout=30) == 130  # the shell's status after SIGINT, not a failure
    assert eventually(lambda: not any(alive(pid) for pid in servers), 10)
    assert eventually(lambda: not group_alive(assistant.process.pid), 10)  # the supervisors too
    log = assistant.log.read_text()
    assert "giving up" not in log and "kept stopping" not in log
    assert log.count("starting it again") == restarts  # none on Ctrl-C
