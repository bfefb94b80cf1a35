"""Abuse limits (issue 16) through the real server: one sender, or one client address, sending faster than
its limit gets 429 on REST and a notice on socket.io, while everyone else is answered as usual."""

from __future__ import annotations

import asyncio
import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import socketio

from bot.render.notices import too_many_messages
from tools.servers import action_server, rasa_server, reply_text

# Small limits, so that a test floods them in a few requests: 3 at once per sender, 10 at once per address,
# then one a minute, so that no allowance comes back while a test runs. Each test sends from addresses of
# its own on the loopback network (127.0.0.0/8), so none uses up another's; only socket.io uses 127.0.0.1.
# Sanic reads SANIC_PROXIES_COUNT: one proxy's X-Forwarded-For names the person's address.
LIMITS = {"SONOPATH_SENDER_LIMIT_PER_MINUTE": "1", "SONOPATH_SENDER_LIMIT_BURST": "3",
          "SONOPATH_ADDRESS_LIMIT_PER_MINUTE": "1", "SONOPATH_ADDRESS_LIMIT_BURST": "10",
          "SANIC_PROXIES_COUNT": "1"}
REPLY_TIMEOUT_S = 20


@pytest.fixture(scope="module")
def limited_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("limited")
    with action_server(workdir) as actions_url, rasa_server(workdir, actions_url, env=LIMITS) as base_url:
        yield base_url


def post_from(base_url: str, address: str, sender: str, message: str, forwarded_for: str | None = None,
              path: str = "/webhooks/rest/webhook") -> tuple[int, dict[str, str], dict | list]:
    """A REST message sent from ``address`` (through a proxy, with ``forwarded_for``): the status, the
    headers and the decoded body."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(address, 0))
    try:
        body = json.dumps({"sender": sender, "message": message})
        headers = {"Content-Type": "application/json", **({"X-Forwarded-For": forwarded_for} if forwarded_for else {})}
        connection.request("POST", path, body, headers)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), json.loads(answer.read())
    finally:
        connection.close()


def test_one_sender_flooding_rest_gets_429_while_another_is_answered(limited_bot: str) -> None:
    address = "127.0.0.2"
    statuses = [post_from(limited_bot, address, "rest-pest", "hello")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # A trailing slash reaches the same route, and the same limit.
    status, headers, body = post_from(limited_bot, address, "rest-pest", "hello", path="/webhooks/rest/webhook/")
    assert status == 429
    wait = int(headers["Retry-After"])
    assert 1 <= wait <= 60 and body == {"error": too_many_messages(wait), "retry_after": wait}
    status, _, replies = post_from(limited_bot, address, "rest-visitor", "hello")  # same address, another sender
    assert status == 200 and "SonoPath" in reply_text(replies)


def test_one_address_flooding_rest_with_many_senders_gets_429_while_others_are_answered(limited_bot: str) -> None:
    statuses = [post_from(limited_bot, "127.0.0.3", f"crowd-{n}", "hello")[0] for n in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    status, _, replies = post_from(limited_bot, "127.0.0.4", "rest-neighbour", "hello")
    assert status == 200 and "SonoPath" in reply_text(replies)


def test_behind_a_proxy_the_forwarded_address_is_limited(limited_bot: str) -> None:
    proxy = "127.0.0.5"
    statuses = [post_from(limited_bot, proxy, f"behind-{n}", "hello", forwarded_for="203.0.113.7")[0]
                for n in range(11)]
    assert statuses == [200] * 10 + [429]
    # Another person behind the same proxy is answered.
    status, _, replies = post_from(limited_bot, proxy, "behind-other", "hello", forwarded_for="203.0.113.8")
    assert status == 200 and "SonoPath" in reply_text(replies)


async def session_messages(base_url: str, messages: list[str]) -> list[list[str]]:
    """One socket.io session as rasa-webchat opens it; the texts received after each message."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.done() or confirmed.set_result(data))
    client.on("bot_uttered", replies.put_nowait)
    await client.connect(base_url, socketio_path="/socket.io", transports=["websocket"], headers={"Origin": base_url})
    try:
        await client.emit("session_request", {"session_id": None})
        session = await asyncio.wait_for(confirmed, REPLY_TIMEOUT_S)
        session_id = session["session_id"] if isinstance(session, dict) else session
        received = []
        for message in messages:
            await client.emit("user_uttered", {"message": message, "session_id": session_id})
            texts = [(await asyncio.wait_for(replies.get(), REPLY_TIMEOUT_S)).get("text", "")]
            while True:
                try:
                    texts.append((await asyncio.wait_for(replies.get(), 1.0)).get("text", ""))
                except asyncio.TimeoutError:
                    break
            received.append(texts)
        return received
    finally:
        await client.disconnect()


def test_one_session_flooding_socket_io_gets_the_notice_and_no_answer(limited_bot: str) -> None:
    first, second, third, fourth = asyncio.run(session_messages(limited_bot, ["hello"] * 4))
    assert all("SonoPath" in " ".join(texts) for texts in (first, second, third))
    [notice] = fourth
    assert notice.startswith("You're sending messages faster than I can answer them.")
    [[answer]] = asyncio.run(session_messages(limited_bot, ["hello"]))  # another visitor, same address
    assert "SonoPath" in answer
