"""Serves SonoPath's landing page and the chat widget from the Rasa server itself.

Registered in credentials.yml, so `rasa run` serves page, socket.io and REST on one port: the page
is at ``/chat/`` and talks to ``/socket.io`` on the same origin.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge import default_knowledge_base
from bot.web import SERVED_BUNDLE
from bot.web.page import STATIC_DIR, render_landing_page

PAGE_PATH = "/chat"
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the widget injects its styles at run time
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STATIC_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def static_files() -> dict[str, Path]:
    """The only files the page may load: the page's own assets and the prepared widget bundle."""
    files = {path.name: path for path in STATIC_DIR.iterdir() if path.suffix in STATIC_TYPES}
    files[SERVED_BUNDLE.name] = SERVED_BUNDLE
    return files


class WebPageInput(InputChannel):
    """An input channel that only serves the web page; messages arrive over socket.io."""

    @classmethod
    def name(cls) -> str:
        return "webpage"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebPageInput:
        return cls()

    def url_prefix(self) -> str:
        # An absolute prefix: Rasa joins it onto "/webhooks/", which keeps it as it is.
        return PAGE_PATH

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("sonopath_webpage", __name__)
        landing_page = render_landing_page(default_knowledge_base())
        files = static_files()

        @page.route("/", methods=["GET"], strict_slashes=False)
        async def index(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):
                return response.redirect(f"{PAGE_PATH}/")
            return response.html(landing_page, headers=SECURITY_HEADERS)

        @page.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            path = files.get(name)
            if path is None or not path.exists():
                return response.text("Not found", status=404, headers=SECURITY_HEADERS)
            return await response.file(
                path, mime_type=STATIC_TYPES[path.suffix], headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"}
            )

        return page
