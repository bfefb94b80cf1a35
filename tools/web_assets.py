"""Prepares the rasa-webchat bundle for serving from this project.

rasa-webchat 1.0.1's ``lib/index.js`` embeds a CSS ``@import`` of a Google font. The page must make
no outside request, so the bundle is copied with every remote ``@import`` removed; the page's own
stylesheet sets the font instead.

The widget also falls short of keyboard and screen-reader use in a few exact places (``FIXES``):
quick replies are clickable ``div``s that a keyboard cannot reach, the send button and the text box
have no name, a chart has no text alternative (nor a way to see it larger), and new messages are not
announced. Each fix replaces one exact piece of the minified bundle; a bundle without that piece
(another version) is refused, so an upgrade cannot silently drop a fix.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.web import SERVED_BUNDLE

REPO_ROOT = Path(__file__).resolve().parents[1]
WEBCHAT_BUNDLE = REPO_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"

REMOTE_IMPORT = re.compile(r"@import url\((?:'|\")?https?://[^)]*\);?")


@dataclass(frozen=True)
class BundleFix:
    why: str
    old: str
    new: str


FIXES = (
    BundleFix(
        "a quick reply is a real button: reachable with Tab, pressed with Enter or Space",
        'o.a.createElement("div",{key:t,className:"rw-reply",onClick:function(t){',
        'o.a.createElement("button",{type:"button",key:t,className:"rw-reply",onClick:function(t){',
    ),
    BundleFix(
        "an image (a chart) carries its title as its text alternative, and is a link that opens it at full "
        "size (on a phone, to zoom in), from the keyboard too",
        'o.a.createElement("img",{className:"rw-image-frame",src:c})',
        'o.a.createElement("a",{href:c,target:"_blank",rel:"noopener noreferrer",className:"rw-image-link"},'
        'o.a.createElement("img",{className:"rw-image-frame",src:c,alt:s}))',
    ),
    BundleFix(
        "the send button has a name",
        'o.a.createElement("button",{type:"submit",className:"rw-send",',
        'o.a.createElement("button",{type:"submit",className:"rw-send","aria-label":"Send",',
    ),
    BundleFix(
        "the text box has a name beyond its placeholder",
        'className:"rw-new-message",name:"message",placeholder:n',
        'className:"rw-new-message",name:"message",placeholder:n,"aria-label":"Your question"',
    ),
    BundleFix(
        "the conversation is announced as it grows, and can be scrolled from the keyboard",
        'className:"rw-messages-container"}',
        'className:"rw-messages-container",role:"log","aria-live":"polite","aria-label":"Conversation",tabIndex:0}',
    ),
)


class AssetError(RuntimeError):
    """The widget bundle is missing or not what this code expects."""


def strip_remote_imports(css_or_js: str) -> tuple[str, int]:
    """The text without remote CSS @imports, and how many were removed."""
    return REMOTE_IMPORT.subn("", css_or_js)


def apply_fixes(bundle: str, fixes: tuple[BundleFix, ...] = FIXES) -> str:
    """The bundle with every fix applied; each fix's piece must occur exactly once."""
    for fix in fixes:
        found = bundle.count(fix.old)
        if found != 1:
            raise AssetError(f"expected one {fix.old!r} to fix ({fix.why}), found {found}; is this rasa-webchat 1.0.1?")
        bundle = bundle.replace(fix.old, fix.new)
    return bundle


def vendor_webchat(source: Path = WEBCHAT_BUNDLE, target: Path = SERVED_BUNDLE) -> int:
    if not source.exists():
        raise AssetError(f"{source} not found: run `npm ci` (make does) to install rasa-webchat")
    text, removed = strip_remote_imports(source.read_text(encoding="utf-8"))
    if removed == 0:
        raise AssetError(f"{source}: expected a remote font @import to remove; is this rasa-webchat 1.0.1?")
    text = apply_fixes(text)
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
    print(f"{args.target} written ({removed} remote @import removed, {len(FIXES)} accessibility fixes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
