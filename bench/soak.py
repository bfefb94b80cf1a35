"""`make soak`: SonoPath as `make run` starts it, under mixed conversations for a bounded time, with its
memory and latency recorded minute by minute; fails when memory keeps growing or errors appear.

Simulated visitors (``--users``) go through the benchmark's conversation (bench/load.py) again and
again, each round as a new conversation; one more sends the fuzz test's hostile requests (markup, SQL,
control characters, payloads with bad entities, malformed bodies: tools/hostile_messages.py) without
pause. An error is a 5xx, a lost connection, a visitor's message left without an answer or answered
with a failure notice. Every 5 seconds the resident memory of the Rasa server and of the action server
is read from /proc. Memory "keeps growing" when, after the warm-up (the first third of the run), the
servers' total grows by more than ``--max-growth-mb`` a minute (least-squares slope).

    python bench/soak.py --minutes 10 [--users 6] [--out bench/soak-results.md]

It starts its own servers through scripts/run.sh (free ports, a SQLite tracker store in a temporary
directory, the abuse limits off: every visitor here comes from one address) and stops them at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import count, cycle
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import CONVERSATION, REQUEST_TIMEOUT_S, send  # noqa: E402
from bot.render.notices import FAILURE_NOTICES  # noqa: E402
from tools.hostile_messages import hostile_requests  # noqa: E402
from tools.processes import ACTIONS_MARKER, RASA_MARKER, server_memory_mb  # noqa: E402
from tools.servers import whole_assistant  # noqa: E402

SAMPLE_EVERY_S = 5.0
# A server's memory grows while it warms up (caches, first conversations): judged from then on.
WARM_UP_S = 120.0
OUT = Path(__file__).resolve().parent / "soak-results.md"


@dataclass
class Minute:
    latencies_s: list[float] = field(default_factory=list)
    hostile: int = 0
    errors: list[str] = field(default_factory=list)
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (Rasa server, action server)

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000 if ordered else float("nan")


@dataclass
class Soak:
    started: float
    minutes: list[Minute] = field(default_factory=list)

    def now(self) -> Minute:
        index = int((time.monotonic() - self.started) // 60)
        while len(self.minutes) <= index:
            self.minutes.append(Minute())
        return self.minutes[index]


def server_memory(run_pid: int) -> tuple[float, float]:
    """The resident memory of the Rasa server and of the action server started by scripts/run.sh."""
    return server_memory_mb(run_pid, RASA_MARKER), server_memory_mb(run_pid, ACTIONS_MARKER)


async def visitor(session: aiohttp.ClientSession, url: str, name: str, soak: Soak, until: float) -> None:
    for round_number in count():
        for message in CONVERSATION:
            if time.monotonic() >= until:
                return
            latency, error = await send(session, url, f"{name}-{round_number}", message, FAILURE_NOTICES)
            minute = soak.now()
            if error is not None:
                minute.errors.append(error)
            else:
                minute.latencies_s.append(latency)


async def pest(session: aiohttp.ClientSession, url: str, soak: Soak, until: float) -> None:
    """Hostile requests without pause; only a 5xx or a lost connection is an error (a 400 is the answer
    to a malformed body)."""
    for request in cycle(hostile_requests(500, seed=16)):
        if time.monotonic() >= until:
            return
        try:
            async with session.post(f"{url}/webhooks/rest/webhook", data=request.body,
                                    headers={"Content-Type": request.content_type}) as response:
                await response.read()
                if response.status >= 500:
                    soak.now().errors.append(f"hostile {request.kind}: HTTP {response.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            soak.now().errors.append(f"hostile {request.kind}: {type(error).__name__} {error}")
        soak.now().hostile += 1


async def sample_memory(run_pid: int, soak: Soak, until: float) -> None:
    while time.monotonic() < until:
        soak.now().rss_mb.append(server_memory(run_pid))
        await asyncio.sleep(SAMPLE_EVERY_S)


async def run(url: str, run_pid: int, minutes: float, users: int, hostile: bool = True) -> Soak:
    soak = Soak(time.monotonic())
    until = soak.started + minutes * 60
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=users + 1)) as session:
        pests = [pest(session, url, soak, until)] if hostile else []
        await asyncio.gather(sample_memory(run_pid, soak, until), *pests,
                             *(visitor(session, url, f"soak-{index}", soak, until) for index in range(users)))
    return soak


def growth_mb_per_minute(soak: Soak) -> float | None:
    """Least-squares slope of the servers' total memory after the warm-up (the first third of the run,
    at least WARM_UP_S), in MB a minute; None for a run too short to tell."""
    samples = [(index * 60 + offset * SAMPLE_EVERY_S, sum(rss)) for index, minute in enumerate(soak.minutes)
               for offset, rss in enumerate(minute.rss_mb)]
    after_warm_up = [(second, total) for second, total in samples[len(samples) // 3:] if second >= WARM_UP_S]
    if len(after_warm_up) < 2:
        return None
    seconds, totals = zip(*after_warm_up, strict=True)
    return statistics.linear_regression(seconds, totals).slope * 60


def report(soak: Soak, minutes: float, users: int, max_growth: float) -> tuple[str, bool]:
    errors = [error for minute in soak.minutes for error in minute.errors]
    growth = growth_mb_per_minute(soak)
    # A request answered after the deadline can open a minute with no memory sample.
    samples = [rss for minute in soak.minutes for rss in minute.rss_mb]
    first, last = samples[0], samples[-1]
    passed = not errors and (growth is None or growth <= max_growth)
    judged = (f"Growth after the warm-up: {growth:+.2f} MB a minute (limit {max_growth:g})" if growth is not None
              else f"Growth not judged: the run is too short for a warm-up of {WARM_UP_S:g} s")
    lines = [
        f"# Soak: {minutes:g} minutes, {users} visitors"
        + (" and one sender of hostile requests" if any(minute.hostile for minute in soak.minutes) else ""),
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make soak` (bench/soak.py).",
        f"Resident memory at the start: Rasa server {first[0]:.0f} MB, action server {first[1]:.0f} MB; at the "
        f"end: {last[0]:.0f} MB and {last[1]:.0f} MB. {judged}. Errors: {len(errors)}. "
        f"Verdict: **{'passed' if passed else 'failed'}**.",
        "",
        "| minute | visitor messages | p50 ms | p95 ms | hostile requests | errors | Rasa server MB | actions MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for index, minute in enumerate(soak.minutes, start=1):
        rasa, actions = minute.rss_mb[-1] if minute.rss_mb else (float("nan"), float("nan"))
        lines.append(f"| {index} | {len(minute.latencies_s)} | {minute.percentile_ms(0.5):.0f} | "
                     f"{minute.percentile_ms(0.95):.0f} | {minute.hostile} | {len(minute.errors)} | {rasa:.0f} | "
                     f"{actions:.0f} |")
    lines += ["", *(f"- {error}" for error in errors[:20])]
    return "\n".join(lines).rstrip() + "\n", passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--max-growth-mb", type=float, default=2.0, help="MB a minute, after the warm-up")
    parser.add_argument("--no-hostile", action="store_true", help="visitors only, no hostile sender")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    if arguments.minutes <= 0 or arguments.users < 1:
        parser.error("--minutes must be above 0 and --users at least 1")
    with whole_assistant(Path(tempfile.mkdtemp(prefix="sonopath-soak-"))) as assistant:
        print(f"soaking {assistant.url} for {arguments.minutes:g} minutes (servers' log: {assistant.log})", flush=True)
        soak = asyncio.run(run(assistant.url, assistant.process.pid, arguments.minutes, arguments.users,
                               not arguments.no_hostile))
    text, passed = report(soak, arguments.minutes, arguments.users, arguments.max_growth_mb)
    arguments.out.write_text(text, encoding="utf-8")
    print(text)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
