"""Security defaults: the HTTP API is off unless asked for with a token; CORS only for allowed origins."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tools.servers import REPO_ROOT, RUN_SCRIPT, action_server, free_port, http_request, rasa_server

TOKEN = "test-token-not-a-secret"


def status_of(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str]]:
    status, answer_headers, _ = http_request(url, method, headers=headers)
    return status, answer_headers


def test_the_http_api_is_off_by_default(live_bot: str) -> None:
    assert status_of(f"{live_bot}/status")[0] == 404
    assert status_of(f"{live_bot}/conversations/someone/tracker")[0] == 404
    assert status_of(f"{live_bot}/model/parse", method="POST")[0] == 404


def test_the_api_refuses_to_start_without_a_token() -> None:
    env = dict(os.environ, SONOPATH_ENABLE_API="true", SONOPATH_API_TOKEN="", RASA_PORT=str(free_port()))
    started = subprocess.run(
        [str(RUN_SCRIPT), "rasa"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert started.returncode != 0
    assert "needs SONOPATH_API_TOKEN" in started.stderr


def test_an_enabled_api_requires_the_token(tmp_path: Path) -> None:
    settings = {"SONOPATH_ENABLE_API": "true", "SONOPATH_API_TOKEN": TOKEN}
    with action_server(tmp_path) as actions_url, rasa_server(tmp_path, actions_url, env=settings) as bot:
        assert status_of(f"{bot}/status")[0] == 401
        assert status_of(f"{bot}/status?token=wrong")[0] == 401
        assert status_of(f"{bot}/status?token={TOKEN}")[0] == 200


def test_cors_answers_only_the_allowed_origin(live_bot: str) -> None:
    own_origin = "http://localhost:" + live_bot.rsplit(":", 1)[1]  # scripts/run.sh's default
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    _, allowed = status_of(f"{live_bot}/webhooks/rest/webhook", {**preflight, "Origin": own_origin}, "OPTIONS")
    assert allowed.get("Access-Control-Allow-Origin") == own_origin
    _, refused = status_of(
        f"{live_bot}/webhooks/rest/webhook", {**preflight, "Origin": "https://evil.example"}, "OPTIONS"
    )
    assert "Access-Control-Allow-Origin" not in refused
