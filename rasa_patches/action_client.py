"""Action calls on kept-open connections, their JSON bodies encoded with ``ujson``.

Rasa 3.6 opens a new aiohttp session, and so a new TCP connection to the action server, for every
action call, and closes it after the answer. The replacement of ``EndpointConfig.session`` (Rasa
3.6.21's, with the same headers, authentication and timeout) gives each session the event loop's
shared connection pool instead, which the session does not own: closing the session leaves the
connections open for the next call (bench/experiments.md, step 11). As in Rasa, the pool sets no
limit on connections and looks the action server's address up for each new connection.

- A connection idle for ``IDLE_CONNECTION_S`` is closed by the pool, before the action server
  (Sanic, keep-alive 5 s) would close it under a request in flight.
- With several action-server replicas behind one address, a Rasa server keeps calling the ones it
  is connected to while it is busy; a replica added under load gets its calls as connections turn
  over (each idle one closes after ``IDLE_CONNECTION_S``).
- A connection the action server has closed (a restart) is dropped, and the call opens a new one.
- The pool is closed when the Rasa server stops (a wrapper around ``rasa.core.run.close_resources``,
  the listener Rasa registers for it).

``ujson`` (a Rasa and Sanic dependency) encodes the body, the whole conversation, twice as fast as
``json``.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

import aiohttp
import rasa.core.run
import ujson
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

from rasa_patches.patch import Patch, Replacement

# Under Sanic's default keep-alive (5 s), which the action server runs with.
IDLE_CONNECTION_S = 2.0
# One pool per event loop: a connection belongs to the loop that opened it.
POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.TCPConnector] = weakref.WeakKeyDictionary()
rasa_close_resources = rasa.core.run.close_resources


def shared_pool() -> aiohttp.TCPConnector:
    """The running loop's connection pool, made on first use (Rasa's sessions, too, need a loop)."""
    loop = asyncio.get_running_loop()
    pool = POOLS.get(loop)
    if pool is None or pool.closed:
        pool = POOLS[loop] = aiohttp.TCPConnector(keepalive_timeout=IDLE_CONNECTION_S, limit=0, use_dns_cache=False)
    return pool


async def close_shared_pool() -> None:
    """Closes the running loop's pool, if it has one; the next call makes a new one."""
    pool = POOLS.pop(asyncio.get_running_loop(), None)
    if pool is not None:
        await pool.close()


def client_session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's ``EndpointConfig.session`` on the loop's shared pool, encoding JSON bodies with ``ujson``."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=ujson.dumps,
        connector=shared_pool(),
        connector_owner=False,  # closing the session leaves the connections to the pool
    )


async def close_resources(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Rasa's ``close_resources`` (the server's after-stop listener), then the connection pool."""
    try:
        await rasa_close_resources(app, loop)
    finally:
        await close_shared_pool()


PATCH = Patch(
    "action_client",
    rasa_version="3.6.21",
    replacements=(
        Replacement(EndpointConfig, "session", client_session),
        Replacement(rasa.core.run, "close_resources", close_resources),
    ),
)
