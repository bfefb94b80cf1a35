"""How fast one sender or one client address may send messages: a token bucket per key.

Each key may send ``burst`` messages at once and then ``per_minute`` a minute; a message over the
limit is refused with the seconds to wait, never queued, so a flood costs the server almost nothing
and everyone else is served as usual. Knows nothing of Rasa or HTTP: the channels ask it
(``channels/limits.py``).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# Keys remembered at most; the least recently seen are forgotten first (they would be full again).
MAX_KEYS = 100_000
# A longer key (a client chooses its socket.io session id) is kept as its digest, so that each key
# costs the same few bytes whatever a client sends.
MAX_KEY_CHARS = 128


def _stored(key: str) -> str:
    return key if len(key) <= MAX_KEY_CHARS else hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Limit:
    """``burst`` messages at once, then ``per_minute`` a minute; 0 per minute: no limit."""

    per_minute: float
    burst: int

    @property
    def off(self) -> bool:
        return self.per_minute <= 0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: int = 0  # whole seconds, as HTTP's Retry-After says them


class TokenBuckets:
    """One bucket per key, filled at the limit's rate up to its burst."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.limit, self.clock, self.max_keys = limit, clock, max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key: (tokens, when)

    def _tokens(self, key: str, now: float) -> float:
        tokens, when = self._buckets.get(_stored(key), (float(self.limit.burst), now))
        return min(float(self.limit.burst), tokens + (now - when) * self.limit.per_minute / 60.0)

    def wait_s(self, key: str) -> float:
        """Seconds until ``key`` may send one message; 0: now."""
        if self.limit.off:
            return 0.0
        missing = 1.0 - self._tokens(key, self.clock())
        return max(0.0, missing * 60.0 / self.limit.per_minute)

    def take(self, key: str) -> None:
        if self.limit.off:
            return
        now = self.clock()
        stored = _stored(key)
        self._buckets[stored] = (self._tokens(key, now) - 1.0, now)
        self._buckets.move_to_end(stored)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)


class MessageLimits:
    """A message is let through when both its sender and its client address are within their limits;
    only a message let through uses up either allowance."""

    def __init__(self, sender: Limit, address: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        self.senders, self.addresses = TokenBuckets(sender, clock), TokenBuckets(address, clock)

    def check(self, sender: str, address: str) -> Verdict:
        wait = max(self.senders.wait_s(sender), self.addresses.wait_s(address))
        if wait > 0:
            return Verdict(False, max(1, math.ceil(wait)))
        self.senders.take(sender)
        self.addresses.take(address)
        return Verdict(True)
