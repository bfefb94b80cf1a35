"""Abuse limits (bot/rate_limit.py, channels/limits.py): a burst, then a steady rate, per sender and per
address; a refused message uses up nothing."""

from __future__ import annotations

import pytest

from bot.rate_limit import Limit, MessageLimits, TokenBuckets, Verdict
from bot.render.notices import too_many_messages
from channels.limits import limits_from_environment


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_steady_rate() -> None:
    clock = Clock()
    limits = MessageLimits(Limit(per_minute=6, burst=3), Limit(per_minute=0, burst=1), clock)
    assert [limits.check("pest", "1.2.3.4").allowed for _ in range(4)] == [True, True, True, False]
    assert limits.check("pest", "1.2.3.4") == Verdict(False, 10)  # one message every 10 s
    clock.now += 9.5
    assert limits.check("pest", "1.2.3.4") == Verdict(False, 1)
    clock.now += 0.5
    assert limits.check("pest", "1.2.3.4").allowed
    assert not limits.check("pest", "1.2.3.4").allowed


def test_one_sender_over_its_limit_leaves_the_others_alone() -> None:
    limits = MessageLimits(Limit(per_minute=1, burst=2), Limit(per_minute=0, burst=1), Clock())
    for _ in range(5):
        limits.check("pest", "10.0.0.1")
    assert not limits.check("pest", "10.0.0.1").allowed
    assert limits.check("visitor", "10.0.0.1").allowed


def test_one_address_over_its_limit_whatever_senders_it_names() -> None:
    limits = MessageLimits(Limit(per_minute=60, burst=5), Limit(per_minute=60, burst=4), Clock())
    assert [limits.check(f"sender-{n}", "10.0.0.1").allowed for n in range(5)] == [True] * 4 + [False]
    assert limits.check("sender-new", "10.0.0.2").allowed


def test_a_refused_message_uses_up_neither_allowance() -> None:
    limits = MessageLimits(Limit(per_minute=60, burst=1), Limit(per_minute=60, burst=2), Clock())
    assert limits.check("pest", "10.0.0.1").allowed
    for _ in range(10):  # refused by the sender's limit: the address keeps its second message
        assert not limits.check("pest", "10.0.0.1").allowed
    assert limits.check("visitor", "10.0.0.1").allowed


def test_the_buckets_forget_the_least_recently_seen_keys() -> None:
    buckets = TokenBuckets(Limit(per_minute=1, burst=1), Clock(), max_keys=2)
    for key in ("a", "b", "c"):
        buckets.take(key)
    assert buckets.wait_s("a") == 0  # forgotten: a full bucket again
    assert buckets.wait_s("c") == pytest.approx(60)


def test_a_long_key_is_kept_as_its_digest_and_still_limited() -> None:
    buckets = TokenBuckets(Limit(per_minute=1, burst=1), Clock())
    long_key = "x" * 1_000_000  # a socket.io session id is the client's choice
    buckets.take(long_key)
    assert buckets.wait_s(long_key) == pytest.approx(60)
    assert all(len(key) <= 128 for key in buckets._buckets)
    assert buckets.wait_s("x" * 1_000_001) == 0  # another key


def test_limits_are_read_from_the_environment_with_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SENDER", "ADDRESS"):
        monkeypatch.delenv(f"SONOPATH_{name}_LIMIT_PER_MINUTE", raising=False)
        monkeypatch.delenv(f"SONOPATH_{name}_LIMIT_BURST", raising=False)
    limits = limits_from_environment()
    assert (limits.senders.limit, limits.addresses.limit) == (Limit(20, 10), Limit(300, 60))
    monkeypatch.setenv("SONOPATH_SENDER_LIMIT_PER_MINUTE", "0")
    monkeypatch.setenv("SONOPATH_ADDRESS_LIMIT_BURST", "5")
    limits = limits_from_environment()
    assert limits.senders.limit.off and limits.addresses.limit == Limit(300, 5)
    monkeypatch.setenv("SONOPATH_ADDRESS_LIMIT_BURST", "many")
    with pytest.raises(ValueError, match="must be numbers"):
        limits_from_environment()


def test_the_notice_says_how_long_to_wait() -> None:
    assert "wait a second" in too_many_messages(1)
    assert "wait 12 seconds" in too_many_messages(12)
