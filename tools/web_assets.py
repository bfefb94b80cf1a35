"""Prepares the rasa-webchat bundle for serving from this project.

rasa-webchat 1.0.1's ``lib/index.js`` embeds a CSS ``@import`` of a Google font. The page must make
no outside request, so the bundle is copied with every remote ``@import`` removed; the page's own
stylesheet sets the font instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bot.web import SERVED_BUNDLE

REPO_ROOT = Path(__file__).resolve().parents[1]
WEBCHAT_BUNDLE = REPO_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"

REMOTE_IMPORT = re.compile(r"@import url\((?:'|\")?https?://[^)]*\);?")


class AssetError(RuntimeError):
    """The widget bundle is missing or not what this code expects."""


def strip_remote_imports(css_or_js: str) -> tuple[str, int]:
    """The text without remote CSS @imports, and how many were removed."""
    return REMOTE_IMPORT.subn("", css_or_js)


def vendor_webchat(source: Path = WEBCHAT_BUNDLE, target: Path = SERVED_BUNDLE) -> int:
    if not source.exists():
        raise AssetError(f"{source} not found: run `npm ci` (make does) to install rasa-webchat")
    text, removed = strip_remote_imports(source.read_text(encoding="utf-8"))
    if removed == 0:
        raise AssetError(f"{source}: expected a remote font @import to remove; is this rasa-webchat 1.0.1?")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=WEBCHAT_BUNDLE)
    parser.add_argument("--target", type=Path, default=SERVED_BUNDLE)
    args = parser.parse_args(argv)
    try:
        removed = vendor_webchat(args.source, args.target)
    except AssetError as error:
        print(f"web assets: {error}", file=sys.stderr)
        return 1
    print(f"{args.target} written ({removed} remote @import removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
