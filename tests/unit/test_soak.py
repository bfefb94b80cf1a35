"""The soak's verdict (bench/soak.py): memory that keeps growing after the warm-up, or any error, fails."""

from __future__ import annotations

from bench.soak import Minute, Soak, growth_mb_per_minute, report

SAMPLES_PER_MINUTE = 12  # one every 5 seconds


def soak_with(totals_per_minute: list[list[float]], errors: int = 0) -> Soak:
    soak = Soak(started=0.0)
    for index, totals in enumerate(totals_per_minute):
        minute = Minute(latencies_s=[0.02, 0.03, 0.05], hostile=10, rss_mb=[(total - 200.0, 200.0) for total in totals])
        minute.errors = [f"error {number}" for number in range(errors)] if index == 0 else []
        soak.minutes.append(minute)
    return soak


def test_memory_that_settles_after_the_warm_up_passes() -> None:
    warm_up = [[700 + 3 * step for step in range(SAMPLES_PER_MINUTE)] for _ in range(3)]
    settled = [[736.0] * SAMPLES_PER_MINUTE for _ in range(6)]
    soak = soak_with(warm_up + settled)
    assert abs(growth_mb_per_minute(soak)) < 0.5
    text, passed = report(soak, 9, 6, max_growth=2.0)
    assert passed and "Verdict: **passed**" in text and "| 9 | 3 | 30 | 50 | 10 | 0 | 536 | 200 |" in text


def test_memory_that_keeps_growing_fails() -> None:
    growing = [[700 + minute * 5 + step * 5 / SAMPLES_PER_MINUTE for step in range(SAMPLES_PER_MINUTE)]
               for minute in range(9)]
    soak = soak_with(growing)
    assert growth_mb_per_minute(soak) > 4.9
    text, passed = report(soak, 9, 6, max_growth=2.0)
    assert not passed and "Verdict: **failed**" in text


def test_a_last_minute_without_memory_samples_is_reported() -> None:
    soak = soak_with([[700.0] * SAMPLES_PER_MINUTE] * 3)
    soak.minutes.append(Minute(latencies_s=[0.02]))  # a request answered just after the deadline
    text, passed = report(soak, 3, 6, max_growth=2.0)
    assert passed and "at the end: 500 MB and 200 MB" in text and "| 4 | 1 | 20 | 20 | 0 | 0 | nan | nan |" in text


def test_a_run_shorter_than_the_warm_up_does_not_judge_memory() -> None:
    soak = soak_with([[700 + 10 * step for step in range(SAMPLES_PER_MINUTE)]] * 2)  # two minutes, growing
    assert growth_mb_per_minute(soak) is None
    text, passed = report(soak, 2, 6, max_growth=2.0)
    assert passed and "Growth not judged" in text


def test_any_error_fails() -> None:
    text, passed = report(soak_with([[700.0] * SAMPLES_PER_MINUTE] * 3, errors=2), 3, 6, max_growth=2.0)
    assert not passed and "Errors: 2." in text and "- error 1" in text
