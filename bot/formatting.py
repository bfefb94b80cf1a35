"""Small wording helpers every answer shares: money, percentages, year ranges, bullet lists.

The answers themselves are composed in ``bot.render``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def money(amount: float) -> str:
    """73896 -> $73,896 (whole dollars)."""
    return f"${amount:,.0f}"


def percent(value: float) -> str:
    return f"{value:g}%"


def span(period: str) -> str:
    """2016-2026 -> 2016–2026 (an en dash reads as a range)."""
    return period.replace("-", "\u2013")


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def with_article(noun: str) -> str:
    """ "an echocardiographer", "a PACS administrator" (by first letter: good enough for role names)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_excerpt(typed: str, limit: int = 60) -> str:
    """User text safe to quote in a Markdown answer: one line, short, no Markdown or HTML syntax."""
    return re.sub(r"[\[\]()*_`<>#!|\\]", "", " ".join(typed.split()))[:limit].strip()
