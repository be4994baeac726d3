"""Measuring children: the CPU time, wall time and peak RSS of one fresh process, and
warm children that time blocks of a measure on command.

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
from collections.abc import Callable, Iterator
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


# --- warm children -----------------------------------------------------------------


def timed(work: Callable[[], object], n: int) -> tuple[float, float]:
    """CPU and wall seconds of ``n`` calls."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        work()
    return time.process_time() - cpu, time.perf_counter() - wall


def block_size(work: Callable[[], object], seconds: float) -> int:
    """How many calls take about ``seconds`` of CPU (the first call warms up)."""
    work()
    n = 1
    while True:
        cpu, _ = timed(work, n)
        if cpu >= seconds / 4:
            return max(1, round(n * seconds / cpu))
        n *= 2


def serve_blocks(measures: dict[str, Callable[[], object]], seconds: float) -> None:
    """A warm child's loop: size each measure's block (about ``seconds`` of CPU), say
    ``ready``, then time one block per measure name read from stdin and answer its CPU
    and wall seconds per call."""
    sizes = {name: block_size(work, seconds) for name, work in measures.items()}
    print("ready", flush=True)
    for line in sys.stdin:
        name = line.strip()
        cpu, wall = timed(measures[name], sizes[name])
        print(cpu / sizes[name], wall / sizes[name], flush=True)


class WarmChild:
    """A child running :func:`serve_blocks`, started by ``argv``; its stderr is the bench's."""

    def __init__(self, argv: list[str], env: dict[str, str], name: str) -> None:
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
        )
        self.name = name
        self._answer()

    def _answer(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} child exited with {self.proc.wait()}")
        return line

    def block(self, measure: str) -> tuple[float, float]:
        """CPU and wall seconds per call of one block of ``measure``."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(measure + "\n")
        self.proc.stdin.flush()
        cpu, wall = self._answer().split()
        return float(cpu), float(wall)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()
