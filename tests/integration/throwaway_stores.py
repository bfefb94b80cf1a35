"""A PostgreSQL and a Redis server of the test's own, on a temporary directory and free ports, that a
test may stop and start again; the machine's shared instances are never touched.

PostgreSQL refuses to run as root: as root, its commands run as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import redis

from tools.servers import free_port

START_TIMEOUT_S = 30


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


@dataclass
class ThrowawayPostgres:
    directory: Path
    port: int
    database: str = "sonopath"
    user: str = "postgres"

    def _pg_ctl(self, *args: str) -> list[str]:
        return _as_postgres(["pg_ctl", "-D", str(self.directory / "data"), *args])

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(self._pg_ctl("start", "-w", "-t", str(START_TIMEOUT_S), "-l", str(self.directory / "postgres.log"),
                          "-o", options))

    def stop(self) -> None:
        """Stops it at once, as a crash or a lost connection would: open connections are cut."""
        _run(self._pg_ctl("stop", "-m", "immediate", "-w"))

    def connect(self) -> psycopg2.extensions.connection:
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname=self.database,
                                connect_timeout=3)

    @property
    def settings(self) -> dict[str, str]:
        """endpoints.production.yml's settings for this server."""
        return {"SONOPATH_DB_HOST": "127.0.0.1", "SONOPATH_DB_PORT": str(self.port), "SONOPATH_DB_NAME": self.database,
                "SONOPATH_DB_USER": self.user, "SONOPATH_DB_PASSWORD": ""}


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    """A new cluster in a directory of its own (pytest's are private to root, so ``postgres`` could not
    enter them), removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="sonopath-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    server = ThrowawayPostgres(directory, free_port())
    _run(_as_postgres(["initdb", "-D", str(directory / "data"), "-U", server.user, "--auth=trust", "-E", "UTF8"]))
    server.start()
    try:
        _run(_as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", server.user,
                           server.database]))
        yield server
    finally:
        subprocess.run(server._pg_ctl("stop", "-m", "immediate"), capture_output=True, check=False)
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class ThrowawayRedis:
    directory: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self) -> None:
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                redis.Redis(port=self.port, socket_timeout=1).ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server on port {self.port} did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        """Kills it, as a crash would (it keeps nothing on disk, as the machine's own Redis)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    @property
    def settings(self) -> dict[str, str]:
        return {"SONOPATH_REDIS_HOST": "127.0.0.1", "SONOPATH_REDIS_PORT": str(self.port), "SONOPATH_REDIS_DB": "0",
                "SONOPATH_REDIS_PASSWORD": ""}


@contextmanager
def throwaway_redis(workdir: Path) -> Iterator[ThrowawayRedis]:
    directory = workdir / "redis"
    directory.mkdir()
    server = ThrowawayRedis(directory, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
