"""Fails when the held-out intent macro-F1 in a `rasa test nlu` report is below the floor."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="intent_report.json written by rasa test nlu")
    parser.add_argument("--floor", type=float, default=0.90)
    parser.add_argument("--label", default="held-out", help="what the report measured, for the summary line")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    macro_f1 = report["macro avg"]["f1-score"]
    weak = sorted(
        (name, scores["f1-score"])
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and name not in {"macro avg", "weighted avg", "micro avg"}
        and scores["f1-score"] < args.floor
    )
    for name, f1 in weak:
        print(f"  weak intent: {name} F1 {f1:.3f}")
    verdict = "ok" if macro_f1 >= args.floor else "BELOW FLOOR"
    print(f"{args.label} intent macro-F1 {macro_f1:.3f} (floor {args.floor:.2f}): {verdict}")
    return 0 if macro_f1 >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
