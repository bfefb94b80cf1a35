"""`make help` lists every target a person can call."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import REPO_ROOT


def test_make_help_lists_every_phony_target() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", makefile, re.M).group(1).replace("\\\n", " ").split())
    listed = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    shown = {line.split()[1] for line in listed.stdout.splitlines() if line.startswith("make ")}
    assert phony and shown == phony
