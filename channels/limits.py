"""Abuse limits on the REST and socket.io channels: the settings, and the answer over a limit.

A sender or a client address sending faster than its limit (``bot.rate_limit``) gets, instead of an
answer, HTTP 429 with ``Retry-After`` on REST, and on socket.io the same notice as a bot message
(socket.io has no status codes); the message is not handled, so nothing of it is stored. Everyone
else is served as usual. The limits are environment settings, read when the channel starts:

  SONOPATH_SENDER_LIMIT_PER_MINUTE   (20)  SONOPATH_SENDER_LIMIT_BURST   (10)
  SONOPATH_ADDRESS_LIMIT_PER_MINUTE (300)  SONOPATH_ADDRESS_LIMIT_BURST  (60)

0 a minute switches that limit off (the benchmark and load tests, where one address stands for many
people). The address is the connection's; behind a proxy, set Sanic's ``SANIC_PROXIES_COUNT`` (or
``SANIC_REAL_IP_HEADER``) so that it is the person's as the proxy forwards it, not the proxy's own.
"""

from __future__ import annotations

import os

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rate_limit import Limit, MessageLimits, Verdict
from bot.render.notices import too_many_messages

DEFAULTS = {"SENDER": (20.0, 10), "ADDRESS": (300.0, 60)}


def _limit(kind: str) -> Limit:
    per_minute, burst = DEFAULTS[kind]
    try:
        per_minute = float(os.environ.get(f"SONOPATH_{kind}_LIMIT_PER_MINUTE", per_minute))
        burst = int(os.environ.get(f"SONOPATH_{kind}_LIMIT_BURST", burst))
    except ValueError as error:
        raise ValueError(f"SONOPATH_{kind}_LIMIT_* must be numbers: {error}") from None
    return Limit(per_minute, max(1, burst))


def limits_from_environment() -> MessageLimits:
    return MessageLimits(_limit("SENDER"), _limit("ADDRESS"))


def client_address(request: Request) -> str:
    """The person's address: the forwarded one where Sanic is told to trust a proxy (``remote_addr``, empty
    otherwise), else the connection's own."""
    return request.remote_addr or request.ip or "unknown"


def too_many_response(verdict: Verdict) -> HTTPResponse:
    """REST's answer over a limit: 429, how long to wait, and the notice a person can read."""
    notice = too_many_messages(verdict.retry_after_s)
    return response.json({"error": notice, "retry_after": verdict.retry_after_s}, status=429,
                         headers={"Retry-After": str(verdict.retry_after_s)})
