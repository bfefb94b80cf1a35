"""Benchmark (not a test) of the answer bank: how long it takes to build, and to answer one message.

The bank is built once per action-server process (tf-idf index plus the linear picker), then every
question about sonography that no fixed intent covers goes through ``AnswerBank.best``. The messages
are the topics' own ways of asking, alone and joined two at a time into story-like messages, in an
order fixed by the seed so runs are comparable. Exits 1 when the 95th percentile reaches 10 ms.

Run it as ``python bench/answer_bank_query.py [--queries N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import report  # noqa: E402
from bot.answer_bank import AnswerBank, bank_texts  # noqa: E402
from bot.careers import default_careers  # noqa: E402
from bot.knowledge import KnowledgeBase, default_knowledge_base  # noqa: E402

P95_BUDGET_MS = 10.0


def messages(kb: KnowledgeBase, count: int, seed: int) -> list[str]:
    """Single questions and two questions joined, as a long message tells a story before it asks."""
    rng = random.Random(seed)
    asked = [question for topic in kb.topics.values() for question in (*topic.questions, *topic.also_asked)]
    return [
        rng.choice(asked) if rng.random() < 0.7 else f"{rng.choice(asked)} {rng.choice(asked)}" for _ in range(count)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)

    kb, careers = default_knowledge_base(), default_careers()
    started = time.perf_counter()
    bank = AnswerBank(bank_texts(kb, careers))
    build_ms = (time.perf_counter() - started) * 1000

    timings: list[float] = []
    answered = 0
    for message in messages(kb, args.queries, args.seed):
        start = time.perf_counter()
        answered += bank.best(message) is not None
        timings.append((time.perf_counter() - start) * 1000)
    heading = f"{len(timings)} messages ({answered} answered), bank built in {build_ms:.0f} ms"
    return report(timings, heading, P95_BUDGET_MS)


if __name__ == "__main__":
    sys.exit(main())
