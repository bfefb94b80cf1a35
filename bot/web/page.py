"""The landing page: the chat, what SonoPath is, whom it serves, and where its figures come from.

Rendered from ``templates/index.html`` with the roles and sources of the knowledge base, so the page
never lists a source or a year that the answers do not use.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template

from bot.formatting import capitalized
from bot.knowledge import KnowledgeBase
from bot.web.palette import css_variables

WEB_DIR = Path(__file__).resolve().parent
TEMPLATE = WEB_DIR / "templates" / "index.html"
STATIC_DIR = WEB_DIR / "static"


def _source_items(kb: KnowledgeBase) -> str:
    items = []
    for source in kb.sources.values():
        title = escape(source.title)
        if source.url:
            title = f'<a href="{escape(source.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
        note = f" {escape(source.note)}" if source.note else ""
        items.append(f"<li>{title} ({escape(source.dated)}).{note}</li>")
    return "\n        ".join(items)


def _role_items(kb: KnowledgeBase) -> str:
    return "\n        ".join(
        f"<li><strong>{escape(capitalized(role.title))}</strong></li>" for role in kb.advancement_roles
    )


def render_landing_page(kb: KnowledgeBase) -> str:
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        roles=_role_items(kb), sources=_source_items(kb), source_count=len(kb.sources), palette=css_variables()
    )
