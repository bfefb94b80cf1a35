"""The servers scripts/run.sh started, found and measured through /proc (Linux), for the benchmark and
the soak. Every server runs under scripts/supervise.sh, so the process run.sh's caller holds is a shell:
the memory to measure is its server's."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

SUPERVISOR = "supervise.sh"
# What tells the servers' command lines apart (scripts/run.sh).
RASA_MARKER, ACTIONS_MARKER = "rasa_patches", "run actions"


def _answers(send_signal: Callable[[int, int], None], target: int) -> bool:
    """Whether signal 0 finds the process (``os.kill``) or process group (``os.killpg``) ``target``."""
    try:
        send_signal(target, 0)
    except ProcessLookupError:
        return False
    return True


def alive(pid: int) -> bool:
    return _answers(os.kill, pid)


def group_alive(group: int) -> bool:
    """Whether any process of the process group ``group`` is left."""
    return _answers(os.killpg, group)


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    found = children(pid)
    return found + [grandchild for child in found for grandchild in descendants(child)]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of /proc/PID/status in MB: ``VmRSS`` (resident now) or ``VmHWM`` (its peak)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def servers(run_pid: int, marker: str) -> list[int]:
    """The server processes under ``run_pid`` (scripts/run.sh or its supervisor) whose command line
    contains ``marker``, supervisors left out."""
    lines = {pid: command_line(pid) for pid in [run_pid, *descendants(run_pid)]}
    return [pid for pid, line in lines.items() if marker in line and SUPERVISOR not in line]


def server_memory_mb(run_pid: int, marker: str, field: str = "VmRSS") -> float:
    return sum(memory_mb(pid, field) for pid in servers(run_pid, marker))
