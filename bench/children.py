"""Measuring fresh processes: the CPU time, wall time and peak RSS of one child.

CPU time (user + system of the child alone, from ``os.wait4``) is the figure the
benchmarks compare: on a shared machine it moves far less than wall time.

The peak RSS is the child's own ``VmHWM``, which it prints last (:data:`PEAK_RSS`):
on Linux a child's ``ru_maxrss`` starts at its parent's peak (kept across fork and
exec), so it cannot show a child smaller than the benchmark process that spawns it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

#: Appended to a child's code: it prints its peak resident set, ``VmHWM:  N kB``.
PEAK_RSS = "\nprint([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"


class Usage(NamedTuple):
    """One child's CPU seconds, wall seconds and peak resident set (KiB; 0 when the
    child did not print it)."""

    cpu: float
    wall: float
    rss_kib: int


def run_child(argv: list[str], env: dict[str, str]) -> Usage:
    """Run ``argv`` to completion; a failing child is an error, not a fast sample."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()  # small: read before reaping, so wait4 gets the usage
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{argv} exited with {proc.returncode}")
    _, found, peak = out.rpartition("VmHWM:")
    return Usage(usage.ru_utime + usage.ru_stime, wall, int(peak.split()[0]) if found else 0)


@contextmanager
def canned_server() -> Iterator[str]:
    """bench/canned_server.py in a process of its own, for the block; its URL."""
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("canned_server.py"))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{server.stdout.readline().strip()}"
    finally:
        server.terminate()
        server.wait()


def span(values: list[float], unit: float = 1.0, decimals: int = 1) -> str:
    """``low-high`` of ``values`` times ``unit``: a table cell's range over the runs."""
    return f"{min(values) * unit:.{decimals}f}-{max(values) * unit:.{decimals}f}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
