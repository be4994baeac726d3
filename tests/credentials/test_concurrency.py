"""Real threads and processes: one refresh for 64 threads across an expiry, one fetch
and one MFA prompt for 8 processes sharing the on-disk cache. Counts, not timings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from strato.credentials.cache import FileCache, MemoryCache, cache_key, reusable

from ._cache_children import fetch_once, lines, run_in_processes
from ._refresh_harness import Clock, Fetcher, make, strato_clock

THREADS = 64
PROCESSES = 8


def _together(n: int, work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in ``n`` threads released at once; their results (or errors)."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    guard = threading.Lock()

    def run() -> None:
        barrier.wait(60)
        try:
            value: Any = work()
        except Exception as error:
            value = error
        with guard:
            results.append(value)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a reader never finished"
    return results


class _SlowFetcher(Fetcher):
    """Holds the refresh open a little, so the other readers really overlap it (the
    counts hold whatever the timing; the pause only makes the overlap likely)."""

    def __call__(self) -> dict[str, Any]:
        time.sleep(0.3)
        return super().__call__()


@pytest.mark.parametrize("library", ["strato", "botocore"])
@pytest.mark.parametrize("expires_in", [-5, 300, 800], ids=["expired", "mandatory", "advisory"])
def test_64_threads_across_an_expiry_make_one_refresh(library: str, expires_in: int) -> None:
    clock = Clock()
    fetcher = _SlowFetcher(clock)
    with strato_clock(clock):
        creds = make(library, fetcher, expires_in)
        results = _together(THREADS, creds.get_frozen_credentials)
    assert fetcher.calls == 1
    old, new = ("AK0", "SK0", "TK0", None), ("AK1", "SK1", "TK1", None)
    assert all(tuple(r) in (old, new) for r in results), results[:3]
    if expires_in < 600:  # mandatory or expired: everyone waited for the new set
        assert all(tuple(r) == new for r in results)


def test_64_threads_on_deferred_credentials_make_one_fetch() -> None:
    clock = Clock()
    fetcher = _SlowFetcher(clock)
    with strato_clock(clock):
        creds = make("strato", fetcher, None)
        results = _together(THREADS, lambda: creds.access_key)
    assert fetcher.calls == 1 and set(results) == {"AK1"}


def test_64_threads_after_a_failed_short_lived_refresh_make_one_call() -> None:
    """The back-off holds for every thread, not just the one that failed."""
    clock = Clock()
    fetcher = Fetcher(clock, [("ok", 900), ("error",)])
    with strato_clock(clock):
        creds = make("strato", fetcher, None)
        creds.get_frozen_credentials()
        clock.advance(870)  # the short-lived mandatory window
        results = _together(THREADS, creds.get_frozen_credentials)
    assert fetcher.calls == 2
    assert {tuple(r) for r in results} == {("AK1", "SK1", "TK1", None)}


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_64_threads_sharing_a_cache_make_one_fetch(kind: str, tmp_path: Path) -> None:
    cache = MemoryCache() if kind == "memory" else FileCache(tmp_path)
    key = cache_key({"RoleArn": "arn:aws:iam::123456789012:role/r"})
    calls: list[int] = []

    def provider() -> str:
        with cache.lock(key):
            entry = cache.get(key)
            if not reusable(entry):
                calls.append(1)
                entry = {
                    "Credentials": {
                        "AccessKeyId": f"ASIA{len(calls)}",
                        "Expiration": datetime.now(UTC) + timedelta(hours=1),
                    }
                }
                cache.put(key, entry)
        assert entry is not None
        return str(entry["Credentials"]["AccessKeyId"])

    results = _together(THREADS, provider)
    assert len(calls) == 1 and set(results) == {"ASIA1"}


@pytest.mark.parametrize("start", ["empty", "corrupt", "expired"])
def test_8_processes_sharing_the_file_cache_make_one_fetch_and_one_prompt(
    tmp_path: Path, start: str
) -> None:
    cache_dir = tmp_path / "cli" / "cache"
    key = cache_key({"RoleArn": "arn:aws:iam::123456789012:role/r", "SerialNumber": "mfa"})
    if start == "corrupt":
        cache_dir.mkdir(parents=True)
        (cache_dir / f"{key}.json").write_text('{"Credentials": {"Acc')
    elif start == "expired":
        FileCache(cache_dir).put(
            key, {"Credentials": {"Expiration": datetime.now(UTC) - timedelta(hours=1)}}
        )
    calls, prompts = tmp_path / "calls", tmp_path / "prompts"
    results = run_in_processes(PROCESSES, fetch_once, str(cache_dir), key, str(calls), str(prompts))
    assert len(lines(calls)) == 1
    assert lines(prompts) == [f"Enter MFA code for {key}: "]
    assert len(results) == PROCESSES and all(r == results[0] for r in results)
    assert results[0][0] == f"ASIA{lines(calls)[0]}"
