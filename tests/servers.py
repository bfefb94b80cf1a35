"""Starts the real action server and Rasa server for end-to-end tests, on free local ports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = REPO_ROOT / ".venv" / "bin"
MODEL = REPO_ROOT / "models" / "sonopath.tar.gz"
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment() -> dict:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
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


@contextmanager
def running(command: list[str], health_url: str, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=_environment(), stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(health_url, process, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def action_server(workdir: Path) -> Iterator[str]:
    """Yields the webhook URL of a running action server."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make setup` first")
    port = free_port()
    command = [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/health", workdir / "actions.log"):
        yield f"http://127.0.0.1:{port}/webhook"


@contextmanager
def rasa_server(workdir: Path, action_url: str, port: int | None = None) -> Iterator[str]:
    """Yields the base URL of a Rasa server whose tracker store is a SQLite file in ``workdir``."""
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "{action_url}"\n'
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{workdir / "trackers.db"}"\n',
        encoding="utf-8",
    )
    port = port or free_port()
    command = [
        str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
        "--credentials", str(REPO_ROOT / "credentials.yml"), "--port", str(port),
    ]
    with running(command, f"http://127.0.0.1:{port}/", workdir / "rasa.log"):
        yield f"http://127.0.0.1:{port}"


def say(base_url: str, sender: str, message: str) -> list[dict]:
    """Sends one message through the REST channel and returns the bot's replies."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def reply_text(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)
