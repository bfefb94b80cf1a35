"""What the micro-benchmarks share: percentiles of per-call timings, one summary line, one budget check."""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def report(timings_ms: list[float], heading: str, p95_budget_ms: float) -> int:
    """Prints ``heading`` with the percentiles of the timings; 1 when the 95th percentile is over budget."""
    timings = sorted(timings_ms)
    p50, p95, p99 = (percentile(timings, fraction) for fraction in (0.50, 0.95, 0.99))
    print(
        f"{heading}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms,"
        f" max {timings[-1]:.2f} ms, mean {statistics.fmean(timings):.2f} ms"
    )
    if p95 >= p95_budget_ms:
        print(f"FAIL: p95 {p95:.2f} ms is not under the {p95_budget_ms:.0f} ms budget", file=sys.stderr)
        return 1
    return 0
