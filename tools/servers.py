"""Starts the real action server and Rasa server (through scripts/run.sh) on free local ports, for the
integration tests and the benchmark."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools.processes import group_alive

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL = REPO_ROOT / "models" / "sonopath.tar.gz"
RUN_SCRIPT = REPO_ROOT / "scripts" / "run.sh"
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The servers started here serve load generators and tests that stand for many people from one address,
# sending as fast as the server answers: the abuse limits (channels/limits.py) are off unless a test sets them.
NO_LIMITS = {"SONOPATH_SENDER_LIMIT_PER_MINUTE": "0", "SONOPATH_ADDRESS_LIMIT_PER_MINUTE": "0"}


def _environment(extra: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", **NO_LIMITS)
    env.update(extra or {})
    return env


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"server at {url} not up after {START_TIMEOUT_S}s; log:\n{log.read_text()[-3000:]}")


def start_script(mode: str, log: Path, env: dict[str, str]) -> subprocess.Popen:
    """Starts ``scripts/run.sh MODE``: the way `make run` starts the servers. It and everything it starts
    are a process group of their own, as a terminal's foreground job is, so that they stop together."""
    with log.open("ab") as log_file:
        return subprocess.Popen(
            [str(RUN_SCRIPT), mode], cwd=REPO_ROOT, env=_environment(env), stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )


def stop_process(process: subprocess.Popen, timeout_s: float = 20) -> None:
    """Stops scripts/run.sh and every process it started (its supervisors and servers); whatever has not
    stopped within ``timeout_s`` is killed."""
    if group_alive(process.pid):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while group_alive(process.pid) and time.monotonic() < deadline:
        process.poll()  # reaps run.sh itself, so that its group can empty
        time.sleep(0.1)
    if group_alive(process.pid):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def running(mode: str, health_url: str, log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = start_script(mode, log, env)
    try:
        wait_until_up(health_url, process, log)
        yield process
    finally:
        stop_process(process)


@dataclass(frozen=True)
class RunningAssistant:
    process: subprocess.Popen  # scripts/run.sh, the leader of its process group
    url: str
    log: Path


@contextmanager
def whole_assistant(workdir: Path) -> Iterator[RunningAssistant]:
    """Both servers as `make run` starts them (scripts/run.sh), on free ports, with a SQLite tracker
    store in ``workdir``; everything left of them is stopped at the end."""
    rasa_port, actions_port = free_port(), free_port()
    env = {"RASA_PORT": str(rasa_port), "SONOPATH_ACTIONS_PORT": str(actions_port),
           "SONOPATH_ENDPOINTS": str(sqlite_endpoints(workdir))}
    log = workdir / "run.log"
    process = start_script("all", log, env)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", process, log)  # run.sh starts the action server first
        yield RunningAssistant(process, f"http://127.0.0.1:{rasa_port}", log)
    finally:
        stop_process(process)


@contextmanager
def action_server(workdir: Path, port: int | None = None) -> Iterator[str]:
    """Yields the webhook URL of a running action server."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make setup` first")
    port = port or free_port()
    env = {"SONOPATH_ACTIONS_PORT": str(port)}
    with running("actions", f"http://127.0.0.1:{port}/health", workdir / f"actions-{port}.log", env):
        yield f"http://127.0.0.1:{port}/webhook"


def sqlite_endpoints(workdir: Path) -> Path:
    """An endpoints file like endpoints.yml whose SQLite tracker store lives in ``workdir``."""
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        'action_endpoint:\n  url: ${SONOPATH_ACTION_SERVER_URL}\n'
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{workdir / "trackers.db"}"\n',
        encoding="utf-8",
    )
    return endpoints


def _rasa_settings(workdir: Path, action_url: str, port: int, endpoints: Path | None, env: dict | None) -> dict:
    return {
        "RASA_PORT": str(port),
        "SONOPATH_ACTION_SERVER_URL": action_url,
        "SONOPATH_ENDPOINTS": str(endpoints or sqlite_endpoints(workdir)),
        **(env or {}),
    }


@contextmanager
def rasa_server(
    workdir: Path,
    action_url: str,
    port: int | None = None,
    endpoints: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Yields the base URL of a Rasa server; by default its tracker store is a SQLite file in ``workdir``."""
    port = port or free_port()
    settings = _rasa_settings(workdir, action_url, port, endpoints, env)
    with running("rasa", f"http://127.0.0.1:{port}/", workdir / f"rasa-{port}.log", settings):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def rasa_replicas(
    workdir: Path, action_url: str, count: int, endpoints: Path, env: dict[str, str]
) -> Iterator[list[str]]:
    """Yields the base URLs of ``count`` Rasa servers sharing the stores ``endpoints`` names (started together)."""
    ports = [free_port() for _ in range(count)]
    processes: list[subprocess.Popen] = []
    try:
        for port in ports:
            settings = _rasa_settings(workdir, action_url, port, endpoints, env)
            processes.append(start_script("rasa", workdir / f"rasa-{port}.log", settings))
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(f"http://127.0.0.1:{port}/", process, workdir / f"rasa-{port}.log")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            stop_process(process)


def say(base_url: str, sender: str, message: str, timeout: float = 30) -> list[dict]:
    """Sends one message through the REST channel and returns the bot's replies."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def http_request(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """A raw request: status, headers and body, error statuses included."""
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post(base_url: str, path: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A raw JSON POST: the status and body."""
    status, _, answer = http_request(
        f"{base_url}{path}", "POST", body, {"Content-Type": "application/json", **(headers or {})}
    )
    return status, answer


def reply_text(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)
