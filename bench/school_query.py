"""Benchmark (not a test) of school searches: 2,000 mixed queries against the committed catalogue.

Each query is what a chat turn does: resolve the place text, search, and look for alternatives when
the search finds nothing. States, cities (with their radius widening), "anywhere", credential levels
and pages are mixed with a fixed seed, so runs are comparable. The catalogue loads once, before the
clock starts. Exits 1 when the 95th percentile reaches 5 ms.

Run it as ``python bench/school_query.py [--queries N] [--seed S]``.
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
from bot.schools.catalogue import SchoolCatalogue, default_catalogue  # noqa: E402
from bot.schools.programs import ANY_CREDENTIAL  # noqa: E402

P95_BUDGET_MS = 5.0


def place_texts(catalogue: SchoolCatalogue, rng: random.Random) -> list[str]:
    """State names and codes, cities in the forms people type them, bare (maybe ambiguous) cities, anywhere."""
    states = list(catalogue.programs.state_names.items())
    cities = sorted(catalogue.cities.values(), key=lambda city: (-city.institutions, city.state, city.name))
    big, rest = cities[:200], rng.sample(cities[200:], 200)
    texts = [name for _, name in states] + [code.lower() for code, _ in states]
    texts += [f"{city.name}, {city.state}" for city in big + rest]
    texts += [f"near {city.name.lower()} {catalogue.state_name(city.state).lower()}" for city in big[:100]]
    texts += [city.name for city in big[:100]]
    texts += ["anywhere"] * 20
    return texts


def program_choices(catalogue: SchoolCatalogue) -> list[str | list[str]]:
    """Each role, one program alone and two together (the first CIP codes of programs.yml)."""
    cips = list(catalogue.programs.programs)
    return [*catalogue.programs.role_ids, cips[:1], cips[1:3]]


def level_choices(catalogue: SchoolCatalogue) -> list[str | list[str] | None]:
    """No level (twice as often), any level, each credential group of programs.yml, and two groups together."""
    groups = list(catalogue.programs.credential_groups)
    return [None, None, ANY_CREDENTIAL, *groups, groups[1:3]]


def make_queries(catalogue: SchoolCatalogue, count: int, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    places = place_texts(catalogue, rng)
    programs, levels = program_choices(catalogue), level_choices(catalogue)
    return [
        (rng.choice(places), rng.choice(programs), rng.choice(levels), rng.choice([0, 0, 0, 1, 1, 2, 3]))
        for _ in range(count)
    ]


def run_query(catalogue: SchoolCatalogue, text: str, programs, levels, page: int) -> bool:
    """One chat turn's data work; returns whether alternatives were needed."""
    place = catalogue.resolve_place(text)
    if place is None:
        raise SystemExit(f"benchmark place {text!r} did not resolve")
    result = catalogue.search(programs, place, levels, page=page, page_size=5)
    if result.empty:
        catalogue.alternatives(programs, place, levels)
        return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20241125)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    catalogue = default_catalogue()
    load_ms = (time.perf_counter() - started) * 1000
    queries = make_queries(catalogue, args.queries, args.seed)

    timings: list[float] = []
    with_alternatives = 0
    for query in queries:
        start = time.perf_counter()
        with_alternatives += run_query(catalogue, *query)
        timings.append((time.perf_counter() - start) * 1000)
    heading = (
        f"{len(timings)} queries ({with_alternatives} needed alternatives) on {catalogue.row_count} catalogue rows,"
        f" load {load_ms:.0f} ms"
    )
    return report(timings, heading, P95_BUDGET_MS)


if __name__ == "__main__":
    sys.exit(main())
