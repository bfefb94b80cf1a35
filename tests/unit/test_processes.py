"""Finding a supervised server's process and its memory (tools/processes.py), as the benchmark and the soak do."""

from __future__ import annotations

import subprocess
import time

from tools.processes import memory_mb, server_memory_mb, servers
from tools.servers import REPO_ROOT


def test_the_server_under_its_supervisor_is_found_and_measured() -> None:
    marker = "sleep 31.5"
    supervisor = subprocess.Popen([str(REPO_ROOT / "scripts" / "supervise.sh"), "sleeper", *marker.split()],
                                  stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not servers(supervisor.pid, marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        [server] = servers(supervisor.pid, marker)
        assert server != supervisor.pid  # the shell holding it is left out
        assert 0 < memory_mb(server) <= memory_mb(server, "VmHWM") < 50
        assert server_memory_mb(supervisor.pid, marker) > 0
        assert servers(supervisor.pid, "no such command") == []
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=10)
    assert memory_mb(server) == 0.0  # gone
