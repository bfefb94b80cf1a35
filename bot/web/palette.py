"""SonoPath's colours, in one place for the page, the chat widget and the charts.

The page's stylesheet reads them as CSS custom properties (``css_variables``); the charts draw with the
same values. Text colours keep at least 4.5:1 contrast on ``surface`` and ``paper`` (WCAG AA).
"""

from __future__ import annotations

PALETTE = {
    "ink": "#1d2733",  # body text
    "muted": "#4f5b67",  # secondary text
    "accent": "#0b6e80",  # teal: headers, buttons, the person's messages, pay bars
    "accent-strong": "#084f5c",  # hover and focus
    "accent-ink": "#ffffff",  # text on the accent
    "accent-soft": "#e2f0f2",  # the assistant's messages
    "second": "#a3540f",  # amber: growth bars
    "paper": "#f3f6f7",  # page background
    "surface": "#ffffff",  # cards, the chat panel
    "line": "#d5dde1",  # borders
    "focus": "#c2410c",  # keyboard focus ring, visible on teal and on white
    "warn": "#8a1c1c",
    "warn-paper": "#fdecec",
}


def css_variables() -> str:
    """The palette as a CSS ``:root`` rule."""
    return ":root { " + " ".join(f"--{name}: {value};" for name, value in PALETTE.items()) + " }"
