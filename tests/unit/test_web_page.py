"""The landing page and the prepared widget bundle, without a browser."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.web import SERVED_BUNDLE
from bot.web.page import render_landing_page
from tools.web_assets import AssetError, strip_remote_imports, vendor_webchat


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
    assert 'id="start-over"' in html and 'id="server-status"' in html
    assert "https://fonts" not in html and "<script src=\"http" not in html
