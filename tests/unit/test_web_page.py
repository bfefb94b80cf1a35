"""The landing page and the prepared widget bundle, without a browser."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.web import SERVED_BUNDLE
from bot.web.page import render_landing_page
from bot.web.palette import PALETTE
from tools.web_assets import FIXES, AssetError, BundleFix, apply_fixes, strip_remote_imports, vendor_webchat


def test_remote_css_imports_are_removed_and_the_rest_is_kept() -> None:
    bundle = 'a.push([e.i,"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);",""]),x'
    text, removed = strip_remote_imports(bundle)
    assert removed == 1
    assert text == 'a.push([e.i,"",""]),x'


def test_a_bundle_without_the_expected_import_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "index.js"
    source.write_text("console.log('no fonts here')", encoding="utf-8")
    with pytest.raises(AssetError, match="expected a remote font @import"):
        vendor_webchat(source, tmp_path / "out.js")


def test_a_missing_bundle_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="npm ci"):
        vendor_webchat(tmp_path / "missing.js", tmp_path / "out.js")


def test_the_served_bundle_makes_no_outside_request() -> None:
    assert SERVED_BUNDLE.exists(), "make builds build/web/webchat.js"
    text = SERVED_BUNDLE.read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in text and "@import url(http" not in text


def test_the_landing_page_lists_the_roles_and_every_source_with_its_year(kb: KnowledgeBase) -> None:
    html = render_landing_page(kb)
    for role in kb.advancement_roles:
        assert role.title[1:] in html
    for source in kb.sources.values():
        assert escape(source.title) in html
        assert f"({source.dated})" in html
    assert 'id="start-over"' in html and 'id="server-status"' in html and 'id="webchat"' in html
    assert f"--accent: {PALETTE['accent']};" in html  # the page's colours come from the one palette
    assert "https://fonts" not in html and "<script src=\"http" not in html


def test_every_accessibility_fix_is_in_the_served_bundle() -> None:
    text = SERVED_BUNDLE.read_text(encoding="utf-8")
    for fix in FIXES:
        assert fix.new in text, fix.why


def test_a_bundle_without_a_piece_to_fix_is_refused() -> None:
    fix = BundleFix("a name", 'createElement("button",{type:"submit"', 'createElement("button",{type:"submit",x:1')
    assert apply_fixes('a.createElement("button",{type:"submit"}', (fix,)).endswith(",x:1}")
    with pytest.raises(AssetError, match="a name"):
        apply_fixes("a bundle of another version", (fix,))
    with pytest.raises(AssetError, match="found 2"):
        apply_fixes(fix.old * 2, (fix,))


def _luminance(colour: str) -> float:
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [("ink", "surface"), ("ink", "paper"), ("ink", "accent-soft"), ("muted", "surface"), ("muted", "paper"),
     ("accent", "surface"), ("accent-strong", "accent-soft"), ("accent-ink", "accent"), ("warn", "warn-paper")],
)
def test_text_colours_are_readable_on_their_backgrounds(text: str, background: str) -> None:
    assert contrast(PALETTE[text], PALETTE[background]) >= 4.5
