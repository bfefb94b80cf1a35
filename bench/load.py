"""Concurrent REST conversations against running SonoPath servers (loopback only, bounded).

Each simulated user sends the script's messages one after another, waiting for each answer; after
the script's last message ("bye") it starts a new conversation (a new sender id), as a new visitor
would. Its messages go to the servers in turn (as a load balancer without sticky sessions would
send them). Used by the load test (tests/integration/test_production.py) and the
benchmark (bench/).

    python bench/load.py http://127.0.0.1:5005 [http://127.0.0.1:5006] --users 50 --messages 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid
from dataclasses import dataclass, field
from itertools import cycle, islice

import aiohttp

# A realistic mix: facts, follow-ups that lean on context, comparisons, the questionnaire, schools.
CONVERSATION = [
    "hi",
    "what does a PACS administrator earn?",
    "what exams do they need?",
    "and what about an echocardiographer?",
    "how much do they make?",
    "compare a clinical educator and an imaging manager",
    "which role pays best?",
    "which role would fit me?",
    "I like teaching people",
    "I have a bachelor's degree",
    "about 6 years",
    "a short course at most",
    "where can I study for a master's?",
    "in Ohio",
    "show more",
    "what does a diagnostic imaging manager do?",
    "what is the job outlook for sonographers?",
    "where do your figures come from?",
    "thanks",
    "bye",
]
REQUEST_TIMEOUT_S = 60


@dataclass
class LoadReport:
    users: int
    messages_per_user: int
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conversations: dict[str, int] = field(default_factory=dict)  # sender id -> messages sent
    wall_s: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.latencies_s) + len(self.errors)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_s)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies_s) / self.wall_s if self.wall_s else 0.0

    def summary(self) -> str:
        return (
            f"{self.users} users x {self.messages_per_user} messages: {len(self.latencies_s)} answered, "
            f"{len(self.errors)} errors in {self.wall_s:.1f} s ({self.throughput:.1f} msg/s); "
            f"latency p50 {self.percentile(0.5) * 1000:.0f} ms, p95 {self.percentile(0.95) * 1000:.0f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.0f} ms, mean {statistics.fmean(self.latencies_s or [0]) * 1000:.0f} ms"
        )


async def send(
    session: aiohttp.ClientSession, server: str, sender: str, message: str, failure_texts: tuple[str, ...] = ()
) -> tuple[float | None, str | None]:
    """One REST message: the seconds to its answer, or what went wrong (an error status, no answer, an
    answer with one of ``failure_texts``, a lost connection)."""
    started = time.perf_counter()
    try:
        async with session.post(
            f"{server}/webhooks/rest/webhook", json={"sender": sender, "message": message}
        ) as response:
            body = await response.text()
            if response.status != 200:
                return None, f"{sender} {message!r}: HTTP {response.status} {body[:200]}"
            replies = json.loads(body)
            if not replies:
                return None, f"{sender} {message!r}: no answer"
            said = " ".join(str(reply.get("text", "")) for reply in replies)
            if any(failure in said for failure in failure_texts):
                return None, f"{sender} {message!r}: answered with a failure notice: {said[:200]}"
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return None, f"{sender} {message!r}: {type(error).__name__} {error}"
    return time.perf_counter() - started, None


async def _user(
    session: aiohttp.ClientSession,
    servers: list[str],
    sender: str,
    messages: list[str],
    report: LoadReport,
    failure_texts: tuple[str, ...],
) -> None:
    for index, (server, message) in enumerate(zip(cycle(servers), messages)):
        conversation = f"{sender}-{index // len(CONVERSATION)}"
        report.conversations[conversation] = report.conversations.get(conversation, 0) + 1
        latency, error = await send(session, server, conversation, message, failure_texts)
        if error is not None:
            report.errors.append(error)
        else:
            report.latencies_s.append(latency)


def _rotated(servers: list[str], start: int) -> list[str]:
    start %= len(servers)
    return servers[start:] + servers[:start]


async def run_load(
    servers: list[str],
    users: int,
    messages_per_user: int,
    failure_texts: tuple[str, ...] = (),
    tag: str | None = None,
) -> LoadReport:
    """``users`` concurrent conversations of ``messages_per_user`` messages each, spread over ``servers``.

    An answer containing one of ``failure_texts`` (such as "I can't reach my knowledge") is an error.
    """
    tag = tag or uuid.uuid4().hex[:8]
    report = LoadReport(users=users, messages_per_user=messages_per_user)
    senders = [f"load-{tag}-{index}" for index in range(users)]
    messages = list(islice(cycle(CONVERSATION), messages_per_user))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        # Each user starts on a different server, so every server sees every step of the script.
        await asyncio.gather(
            *(
                _user(session, _rotated(servers, index), sender, messages, report, failure_texts)
                for index, sender in enumerate(senders)
            )
        )
        report.wall_s = time.perf_counter() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("servers", nargs="+", help="base URLs such as http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    arguments = parser.parse_args()
    if any(not server.startswith(("http://127.0.0.1", "http://localhost")) for server in arguments.servers):
        parser.error("the load generator only talks to loopback servers")
    print(asyncio.run(run_load(arguments.servers, arguments.users, arguments.messages)).summary())


if __name__ == "__main__":
    main()
