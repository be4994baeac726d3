"""The child process of a real-world run: one example script, or pytest, under one library.

``python _run.py REPORT (script PATH [ARG...] | pytest [ARG...])``. The parent puts the shim
first on ``PYTHONPATH`` for strato's runs. A script runs as ``python PATH`` would (its
directory first on ``sys.path``; pytest, like ``python -m pytest``, has the working directory
there). Either way ``random``, ``uuid``'s and ``time.time_ns`` are seeded and ``time.sleep``
is a no-op, so two runs print the same names (against a fresh moto) and take no waiting.
REPORT receives, as JSON, which libraries' files were loaded: proof that a strato run used
no module of the real boto3, botocore or s3transfer.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import runpy
import socket
import sys
import sysconfig
import time
import uuid
from pathlib import Path
from typing import Any

#: The real libraries' directories, found without importing them.
_PURELIB = Path(sysconfig.get_paths()["purelib"])
_REAL = {name: str(_PURELIB / name) for name in ("boto3", "botocore", "s3transfer")}


def _deterministic() -> None:
    """Seeded names (made with ``random``, ``uuid1``, ``uuid4``, ``time_ns``), no sleeping."""
    seeded = random.Random(20261207)
    random.seed(20261207)
    uuid.uuid4 = lambda: uuid.UUID(int=seeded.getrandbits(128), version=4)
    uuid.uuid1 = lambda node=None, clock_seq=None: uuid.UUID(int=seeded.getrandbits(128), version=1)
    time.sleep = lambda seconds: None
    # Names made of time.time_ns() (neither library calls it): a clock that counts calls.
    ticks = itertools.count(1_796_000_000_000_000_000, 1_000)
    time.time_ns = lambda: next(ticks)


def _loopback_only() -> None:
    """Names other than loopback do not resolve: an unstubbed call cannot reach AWS."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, f"realworld guard: {name} is not loopback")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = guarded


def _loaded() -> dict[str, list[str]]:
    """Each library's loaded modules, by the file they came from."""
    found: dict[str, list[str]] = {name: [] for name in (*_REAL, "strato")}
    for name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        for real, directory in _REAL.items():
            if path.startswith(directory):
                found[real].append(name)
        if "/strato/" in path:
            found["strato"].append(name)
    return found


def main(argv: list[str]) -> int:
    report, mode, *rest = argv
    code = 0
    _loopback_only()
    _deterministic()
    try:
        if mode == "script":
            script = Path(rest[0]).resolve()
            sys.argv = [str(script), *rest[1:]]
            sys.path[0] = str(script.parent)
            runpy.run_path(str(script), run_name="__main__")
        else:
            import pytest

            sys.path[0] = os.getcwd()  # as ``python -m pytest`` has it: the examples rely on it
            code = int(pytest.main(rest))
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.stdout.flush()
        Path(report).write_text(json.dumps(_loaded()))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
