"""``EndpointConfig.session`` with ujson (rasa_patches.action_client) against Rasa's own: the same
session settings, and action calls that reach the action server with the same headers and bodies."""

from __future__ import annotations

import asyncio
import json
from types import MethodType, SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_patches import action_client
from tests.conftest import REPO_ROOT

RASAS_SESSION = action_client.PATCH.replacements[0].rasas
ENDPOINTS = {
    "plain": EndpointConfig("http://127.0.0.1/webhook"),
    "with headers and basic auth": EndpointConfig(
        "http://127.0.0.1/webhook",
        headers={"X-Sonopath": "yes", "Accept-Language": "en"},
        basic_auth={"username": "rasa", "password": "pässwörd:1"},
    ),
}
AWKWARD_VALUES = {
    "text": "échocardiographie ✓ 🩺 </script> \"quoted\" \\ back\nslash \u2028",
    "numbers": [0.1 + 0.2, 1e-7, 1.5e300, -0.0, 2**53 + 1, -(2**63), 72218.0, 3],
    "nested": {"empty": {}, "none": None, "flags": [True, False], "list": [[], [[]]]},
}


def action_call_body() -> dict[str, Any]:
    """What Rasa sends the action server: a conversation with the project's domain."""
    domain = Domain.load(str(REPO_ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events(
        "ana ✓",
        [
            ActionExecuted("action_listen"),
            UserUttered("what does a PACS administrator earn?", {"name": "ask_salary", "confidence": 0.93}),
            SlotSet("role", "pacs_administrator"),
        ],
        domain.slots,
    )
    return RemoteAction("action_answer_role_fact", ENDPOINTS["plain"])._action_call_format(tracker, domain)


ACTION_CALL_BODY = action_call_body()


def session_settings(session: aiohttp.ClientSession) -> tuple:
    return dict(session.headers), session.auth, session.timeout


@pytest.mark.parametrize("endpoint", ENDPOINTS.values(), ids=ENDPOINTS.keys())
def test_the_session_has_rasas_headers_auth_and_timeout(endpoint: EndpointConfig) -> None:
    async def both() -> tuple:
        async with action_client.client_session(endpoint) as ours, RASAS_SESSION(endpoint) as rasas:
            return session_settings(ours), session_settings(rasas)

    ours, rasas = asyncio.run(both())
    assert ours == rasas


@pytest.mark.parametrize("body", [ACTION_CALL_BODY, AWKWARD_VALUES], ids=["action call", "awkward values"])
def test_json_bodies_decode_to_what_json_would_send(body: dict) -> None:
    async def serializers() -> tuple:
        async with action_client.client_session(ENDPOINTS["plain"]) as ours, RASAS_SESSION(ENDPOINTS["plain"]) as rasas:
            return ours.json_serialize, rasas.json_serialize

    ours, rasas = asyncio.run(serializers())
    assert rasas is json.dumps
    assert json.loads(ours(body)) == json.loads(rasas(body)) == body


async def started_action_server(webhook: Any, port: int = 0) -> tuple[web.AppRunner, int]:
    """A stand-in action server on loopback answering POST /webhook with ``webhook``, and its port."""
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def received_by_action_server(endpoint: EndpointConfig, body: dict) -> list[tuple]:
    """What an action server receives from ``endpoint.request``, once through each session."""
    received: list[tuple] = []

    async def webhook(request: web.Request) -> web.Response:
        headers = {name: request.headers.get(name) for name in ("Authorization", "Content-Type", "X-Sonopath")}
        received.append((headers, json.loads(await request.read())))
        return web.json_response({"events": [], "responses": []})

    runner, port = await started_action_server(webhook)
    try:
        url = f"http://127.0.0.1:{port}/webhook"
        at_port = EndpointConfig(url, headers=endpoint.headers, basic_auth=endpoint.basic_auth)
        for session in (action_client.client_session, RASAS_SESSION):
            at_port.session = MethodType(session, at_port)  # this endpoint's only
            assert await at_port.request(json=body, method="post") == {"events": [], "responses": []}
    finally:
        await runner.cleanup()
        await action_client.close_shared_pool()
    return received


@pytest.mark.parametrize("endpoint", ENDPOINTS.values(), ids=ENDPOINTS.keys())
def test_an_action_call_reaches_the_action_server_as_with_rasas_session(endpoint: EndpointConfig) -> None:
    ours, rasas = asyncio.run(received_by_action_server(endpoint, ACTION_CALL_BODY))
    assert ours == rasas
    assert ours[1] == ACTION_CALL_BODY


async def client_ports(calls: int, restart_between: bool = False) -> list[int]:
    """The client port of each of ``calls`` action calls through the patched session, as the action
    server saw them; with ``restart_between``, the server stops and starts again between calls."""
    ports: list[int] = []

    async def webhook(request: web.Request) -> web.Response:
        ports.append(request.transport.get_extra_info("peername")[1])  # type: ignore[union-attr]
        return web.json_response({"events": [], "responses": []})

    runner, port = await started_action_server(webhook)
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    endpoint.session = MethodType(action_client.client_session, endpoint)
    try:
        for _ in range(calls):
            assert await endpoint.request(json={}, method="post") == {"events": [], "responses": []}
            if restart_between:
                await runner.cleanup()  # closes the kept connection, as a crashed action server would
                runner, _ = await started_action_server(webhook, port)
    finally:
        await runner.cleanup()
        await action_client.close_shared_pool()
    return ports


def test_action_calls_on_one_loop_share_one_connection() -> None:
    ports = asyncio.run(client_ports(3))
    assert len(ports) == 3 and len(set(ports)) == 1


def test_a_call_after_the_action_server_restarted_opens_a_new_connection() -> None:
    ports = asyncio.run(client_ports(3, restart_between=True))
    assert len(ports) == 3 and len(set(ports)) == 3


def test_idle_connections_close_before_the_action_server_would_close_them() -> None:
    from sanic.config import DEFAULT_CONFIG  # the action server (rasa-sdk) runs Sanic's defaults

    async def pool_settings() -> tuple[float, int, bool]:
        pool = action_client.shared_pool()
        try:
            return pool._keepalive_timeout, pool.limit, pool.use_dns_cache
        finally:
            await action_client.close_shared_pool()

    idle, limit, dns_cache = asyncio.run(pool_settings())
    assert idle == action_client.IDLE_CONNECTION_S < DEFAULT_CONFIG["KEEP_ALIVE_TIMEOUT"]
    assert (limit, dns_cache) == (0, False)  # as Rasa's own sessions: no cap, a lookup per connection


def test_the_pool_closes_with_the_rasa_server() -> None:
    async def stopped() -> tuple[bool, bool]:
        pool = action_client.shared_pool()
        assert pool is not None and action_client.shared_pool() is pool  # one per loop
        no_agent = SimpleNamespace(ctx=SimpleNamespace())  # Rasa's part has nothing to close
        await action_client.close_resources(no_agent, asyncio.get_running_loop())
        return pool.closed, action_client.shared_pool() is pool

    closed, reused = asyncio.run(stopped())
    assert closed and not reused

