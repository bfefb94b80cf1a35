"""The landing page and what it serves. Standard library only at this level, so the offline asset
step (``tools.web_assets``) and the action server can import these paths without the rest of the project."""

from pathlib import Path

# The chat widget's bundle, prepared offline by ``tools.web_assets`` (``make`` runs it).
SERVED_BUNDLE = Path(__file__).resolve().parents[2] / "build" / "web" / "webchat.js"
# Where the Rasa server serves the page, and the charts that answers link to (``channels.webpage``).
PAGE_PATH = "/chat"
CHARTS_PATH = f"{PAGE_PATH}/charts"
