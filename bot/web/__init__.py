"""The landing page and what it serves. Standard library only at this level, so the offline asset
step (``tools.web_assets``) can import the bundle's path without the rest of the project."""

from pathlib import Path

# The chat widget's bundle, prepared offline by ``tools.web_assets`` (``make`` runs it).
SERVED_BUNDLE = Path(__file__).resolve().parents[2] / "build" / "web" / "webchat.js"
