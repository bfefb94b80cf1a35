"""The socket.io protocol rasa-webchat speaks, against the real server."""

from __future__ import annotations

import asyncio

import pytest
import socketio

from channels.socketio import ALLOWED_ORIGINS_VARIABLE, allowed_origins

REPLY_TIMEOUT_S = 20


async def converse(base_url: str, message: str, origin: str | None = None) -> tuple[dict, list[dict]]:
    """Opens a session like rasa-webchat does, sends one message, and collects the replies."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.done() or confirmed.set_result(data))
    client.on("bot_uttered", replies.put_nowait)
    headers = {"Origin": origin or base_url}
    await client.connect(base_url, socketio_path="/socket.io", transports=["websocket"], headers=headers)
    try:
        await client.emit("session_request", {"session_id": None})
        session = await asyncio.wait_for(confirmed, REPLY_TIMEOUT_S)
        session_id = session["session_id"] if isinstance(session, dict) else session
        await client.emit(
            "user_uttered", {"message": message, "session_id": session_id, "customData": {"language": "en"}}
        )
        received = [await asyncio.wait_for(replies.get(), REPLY_TIMEOUT_S)]
        while True:
            try:
                received.append(await asyncio.wait_for(replies.get(), 1.5))
            except asyncio.TimeoutError:
                return {"session_id": session_id}, received
    finally:
        await client.disconnect()


def test_session_request_confirm_and_a_reply_with_quick_replies(live_bot: str) -> None:
    session, replies = asyncio.run(converse(live_bot, "what certifications would I need?"))
    assert session["session_id"]
    last = replies[-1]
    assert "Which role" in last["text"]
    titles = [reply["title"] for reply in last["quick_replies"]]
    assert titles == [
        "Diagnostic medical sonographer", "Echocardiographer", "PACS administrator",
        "Clinical educator", "Diagnostic imaging manager",
    ]
    assert all(reply["payload"].startswith("/inform_role{") for reply in last["quick_replies"])


def test_a_foreign_origin_is_refused(live_bot: str) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(converse(live_bot, "hello", origin="https://evil.example"))


def test_allowed_origins_come_from_the_environment_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOWED_ORIGINS_VARIABLE, raising=False)
    assert allowed_origins(None) is None  # python-socketio: same origin only
    assert allowed_origins(["https://sonopath.example/"]) == ["https://sonopath.example"]
    monkeypatch.setenv(ALLOWED_ORIGINS_VARIABLE, "https://a.example, https://b.example/")
    assert allowed_origins(["https://ignored.example"]) == ["https://a.example", "https://b.example"]
    monkeypatch.setenv(ALLOWED_ORIGINS_VARIABLE, " , ")  # nothing listed must not open the door
    assert allowed_origins(None) is None
    monkeypatch.setenv(ALLOWED_ORIGINS_VARIABLE, "*")
    assert allowed_origins(None) == "*"

