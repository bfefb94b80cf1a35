"""Measurement (not a test) of the off-topic second look: how many CLINC150 requests, none of them about
sonography, the rule in ``actions.fallback`` would answer from the answer bank instead of declining.

Each request is parsed by the trained model; a request read as off-topic goes through the action's own
rule (``unsure_off_topic_about_sonography``) and, where that lets it through, the bank's match. Prints
the counts per file and every request that would be answered.

Run it as ``python bench/off_topic_second_look.py [--model models/sonopath.tar.gz] [FILE ...]``
(default: CLINC150's in-scope and out-of-scope validation files in ../shared/data/clinc150/).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402

from actions.fallback import unsure_off_topic_about_sonography  # noqa: E402
from bot.answer_bank import default_answer_bank  # noqa: E402

CLINC_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "clinc150"
DEFAULT_FILES = (CLINC_DIR / "in_scope_val.tsv", CLINC_DIR / "oos_val.txt")


def requests_in(path: Path) -> list[str]:
    """The request texts of a CLINC150 file: the second column of a .tsv, else one a line."""
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".tsv":
            return [row[1] for row in csv.reader(handle, delimiter="\t") if len(row) > 1]
        return [line.strip() for line in handle if line.strip()]


def tracker_for(parsed: dict) -> Tracker:
    return Tracker("bench", {}, parsed, [], False, None, {}, "action_listen")


async def measure(model: Path, paths: list[Path]) -> None:
    agent, bank = Agent.load(str(model)), default_answer_bank()
    for path in paths:
        off_topic = let_through = answered = 0
        for text in requests_in(path):
            parsed = await agent.parse_message(text)
            parsed["intent_ranking"] = [item for item in parsed["intent_ranking"] if item["name"] != "nlu_fallback"]
            if not parsed["intent_ranking"] or parsed["intent_ranking"][0]["name"] != "out_of_scope":
                continue
            off_topic += 1
            if unsure_off_topic_about_sonography(tracker_for(parsed)):
                let_through += 1
                match = bank.best(text)
                if match is not None:
                    answered += 1
                    print(f"  answered: {text!r} -> {match.entry.key}")
        print(f"{path.name}: read as off-topic {off_topic}, given a second look {let_through}, answered {answered}")


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("models/sonopath.tar.gz"))
    parser.add_argument("files", type=Path, nargs="*", default=list(DEFAULT_FILES))
    options = parser.parse_args(arguments)
    asyncio.run(measure(options.model, options.files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
