"""Rasa's socket.io channel, limited to the origins allowed to embed the chat.

Rasa 3.6 creates its socket.io server with ``cors_allowed_origins=[]``, which switches the origin
check off: any web site could open a chat session. This channel restores the check. By default
only the page's own origin is accepted; ``cors_allowed_origins`` in credentials.yml, or the
``SONOPATH_ALLOWED_ORIGINS`` environment variable (comma-separated), lists other origins.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput

from bot.render.notices import too_many_messages
from channels.cleaning import handle_safely
from channels.limits import client_address, limits_from_environment

ALLOWED_ORIGINS_VARIABLE = "SONOPATH_ALLOWED_ORIGINS"


def allowed_origins(configured: list[str] | None) -> list[str] | str | None:
    """The origins to accept; None means "the server's own origin only" to python-socketio.

    A configured list replaces the own-origin default, so it must name the page's origin too.
    """
    from_environment = os.environ.get(ALLOWED_ORIGINS_VARIABLE, "")
    listed = from_environment.split(",") if from_environment.strip() else [str(origin) for origin in configured or []]
    origins = [origin.strip().rstrip("/") for origin in listed if origin.strip()]
    if "*" in origins:
        return "*"  # every origin: only for development
    return origins or None  # an empty list would switch the check off in engine.io


class RestrictedSocketIOInput(SocketIOInput):
    """socket.io channel that rejects connections from origins it was not configured for."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestrictedSocketIOInput:
        credentials = dict(credentials or {})
        origins = credentials.pop("cors_allowed_origins", None)
        channel = super().from_credentials(credentials)
        channel.cors_allowed_origins = allowed_origins(origins)
        return channel

    cors_allowed_origins: list[str] | str | None = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        blueprint = super().blueprint(handle_safely(on_new_message))
        # The engine.io server reads this on every handshake.
        blueprint.ctx.sio.eio.cors_allowed_origins = self.cors_allowed_origins
        self._limit_messages(blueprint.ctx.sio)
        return blueprint

    def _limit_messages(self, sio: Any) -> None:
        """Wraps Rasa's message handler: a message over the sender's or the address's limit gets the
        notice as a bot message, to this socket only, and is not handled (``channels/limits.py``)."""
        limits, handlers = limits_from_environment(), sio.handlers[self.namespace or "/"]
        handle_message = handlers[self.user_message_evt]

        async def within_limits(sid: str, data: Any) -> None:
            sender = data.get("session_id") if isinstance(data, dict) else None
            request = (sio.get_environ(sid, namespace=self.namespace) or {}).get("sanic.request")
            address = client_address(request) if request is not None else "unknown"
            verdict = limits.check(str(sender or sid), address)
            if not verdict.allowed:
                await sio.emit(self.bot_message_evt, {"text": too_many_messages(verdict.retry_after_s)}, room=sid,
                               namespace=self.namespace)
                return
            await handle_message(sid, data)

        handlers[self.user_message_evt] = within_limits
