"""Child processes that share an on-disk credential cache, for the concurrency tests.

``run_in_processes(n, target, *args)`` starts ``n`` spawned processes that wait at one
barrier, then each run ``target(*args)``; it returns their results (in no order) and
raises if a child failed or did not finish within the timeout. Targets must be
module-level functions (spawn imports them by name).

Two targets are ready: ``fetch_once`` (the lock-protected "look up, else prompt, fetch
and put" a provider performs, with a generic fetch) and ``session_credentials`` (a
strato session with the file cache and a file-backed MFA prompter, for assume-role).
Both append a line per fetch / prompt to files the test counts.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

CHILD_TIMEOUT = 120.0


def _append(path: str, line: str) -> None:
    # O_APPEND: each line lands whole even if two processes were to write at once.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def lines(path: str | Path) -> list[str]:
    """The lines a set of children appended (none if the file was never made)."""
    p = Path(path)
    return p.read_text().splitlines() if p.exists() else []


def file_prompter(prompts_file: str, code: str = "123456") -> Callable[[str], str]:
    """An MFA prompter that records each prompt text and answers ``code``."""

    def prompt(text: str) -> str:
        _append(prompts_file, text)
        return code

    return prompt


def fetch_once(cache_dir: str, key: str, calls_file: str, prompts_file: str) -> list[str]:
    """What an assume-role provider does with the cache, with a generic fetch: under
    the key's lock, reuse a fresh entry, or prompt, fetch (one line in ``calls_file``)
    and put. Returns the credentials used."""
    from strato.credentials.cache import FileCache, reusable

    cache = FileCache(cache_dir)
    with cache.lock(key):
        entry = cache.get(key)
        if not reusable(entry):
            file_prompter(prompts_file)(f"Enter MFA code for {key}: ")
            _append(calls_file, str(os.getpid()))
            entry = {
                "Credentials": {
                    "AccessKeyId": f"ASIA{os.getpid()}",
                    "SecretAccessKey": "secret",
                    "SessionToken": "token",
                    "Expiration": datetime.now(UTC) + timedelta(hours=1),
                }
            }
            cache.put(key, entry)
    assert entry is not None
    creds = entry["Credentials"]
    return [creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]]


def session_credentials(profile: str, cache_dir: str, prompts_file: str) -> list[Any]:
    """A fresh strato session with the file cache reads its credentials (the
    environment is the parent's, as spawned)."""
    import strato

    session = strato.Session(
        profile_name=profile,
        credential_cache=cache_dir,
        mfa_prompter=file_prompter(prompts_file),
    )
    creds = session.get_credentials()
    assert creds is not None
    return list(creds.get_frozen_credentials())


def _child(barrier: Any, results: Any, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        barrier.wait(CHILD_TIMEOUT)
        results.put(("ok", target(*args)))
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))


def run_in_processes(
    n: int, target: Callable[..., Any], *args: Any, timeout: float = CHILD_TIMEOUT
) -> list[Any]:
    """Run ``target(*args)`` in ``n`` spawned processes released together."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(n)
    results = context.Queue()
    children = [
        context.Process(target=_child, args=(barrier, results, target, args)) for _ in range(n)
    ]
    for child in children:
        child.start()
    outcomes = []
    try:
        for _ in range(n):
            outcomes.append(results.get(timeout=timeout))
    except queue.Empty:
        raise AssertionError(f"only {len(outcomes)} of {n} children finished") from None
    finally:
        for child in children:
            child.join(timeout)
            if child.is_alive():
                child.kill()
    failures = [detail for status, detail in outcomes if status != "ok"]
    assert not failures, failures
    return [detail for _, detail in outcomes]
