"""Serves SonoPath's landing page and the chat widget from the Rasa server itself.

Registered in credentials.yml, so `rasa run` serves page, socket.io and REST on one port: the page
is at ``/chat/`` and talks to ``/socket.io`` on the same origin.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.charts import chart_for_path
from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.render.charts import chart_text
from bot.web import CHARTS_PATH, PAGE_PATH, SERVED_BUNDLE
from bot.web.page import STATIC_DIR, render_landing_page

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
SVG_TYPE = "image/svg+xml"
CHART_SUFFIX = ".svg"


def static_files() -> dict[str, Path]:
    """The only files the page may load: the page's own assets and the prepared widget bundle."""
    files = {path.name: path for path in STATIC_DIR.iterdir() if path.suffix in STATIC_TYPES}
    files[SERVED_BUNDLE.name] = SERVED_BUNDLE
    return files


class ChartImages:
    """Draws each chart once and keeps it under the chart's own path: a path written another way
    ("rank//pay") names no chart, so only the few dozen charts that exist are ever kept.

    matplotlib is imported with the first chart drawn (a server that draws none neither loads nor holds
    it), and drawing runs in a worker thread, so the server keeps answering meanwhile; one lock, as
    matplotlib's style settings are global.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.drawn: dict[str, bytes] = {}
        self._drawing = threading.Lock()

    def svg(self, path: str) -> bytes | None:
        chart = chart_for_path(self.kb, path)
        if chart is None or chart.path != path:
            return None
        with self._drawing:
            if path not in self.drawn:
                from bot.web.chart_image import draw_chart

                self.drawn[path] = draw_chart(chart_text(self.kb, chart))
        return self.drawn[path]

    async def svg_soon(self, path: str) -> bytes | None:
        """``svg`` without holding up the event loop when the chart is not drawn yet."""
        return self.drawn.get(path) or await asyncio.to_thread(self.svg, path)


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
        kb = default_knowledge_base()
        landing_page = render_landing_page(kb)
        files = static_files()
        charts = ChartImages(kb)
        charts_prefix = CHARTS_PATH.removeprefix(PAGE_PATH)

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

        @page.route(f"{charts_prefix}/<name:path>", methods=["GET"])
        async def chart(request: Request, name: str) -> HTTPResponse:
            svg = await charts.svg_soon(name.removesuffix(CHART_SUFFIX)) if name.endswith(CHART_SUFFIX) else None
            if svg is None:
                return response.text("No such chart", status=404, headers=SECURITY_HEADERS)
            return response.raw(svg, content_type=SVG_TYPE, headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

        return page
