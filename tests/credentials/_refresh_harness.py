"""A controllable clock and a scripted fetcher, usable by strato's and botocore's
refreshable credentials alike (botocore takes the clock as ``time_fetcher``; strato's
``refreshable._now`` is patched)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.credentials  # type: ignore[import-untyped]
import pytest

import strato.credentials.refreshable as refreshable
from strato.credentials.refreshable import DeferredRefreshableCredentials, RefreshableCredentials

START = datetime(2026, 1, 1, tzinfo=UTC)


class FetchFailed(Exception):
    """A recoverable failure of the credential source (a connection error, say)."""


class Refused(Exception):
    """A non-recoverable failure: the service said no (403 AccessDenied)."""

    def __init__(self) -> None:
        super().__init__("An error occurred (AccessDenied) when calling the AssumeRole operation")
        self.response = {
            "Error": {"Code": "AccessDenied", "Message": "no"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


#: What the source answers: ("ok", lifetime seconds), ("stale", seconds before now),
#: ("error",), ("refused",) or ("missing",).
Outcome = tuple[Any, ...]


@dataclass
class Fetcher:
    """Answers with the next scripted outcome (default: ``fallback``); counts calls."""

    clock: Clock
    script: list[Outcome] = field(default_factory=list)
    fallback: Outcome = ("ok", 3600)
    calls: int = 0

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        outcome = self.script.pop(0) if self.script else self.fallback
        kind = outcome[0]
        if kind == "error":
            raise FetchFailed("source unavailable")
        if kind == "refused":
            raise Refused()
        n = self.calls
        if kind == "missing":
            return {"access_key": f"AK{n}", "secret_key": f"SK{n}"}
        offset = outcome[1] if kind == "ok" else -outcome[1]
        return {
            "access_key": f"AK{n}",
            "secret_key": f"SK{n}",
            "token": f"TK{n}",
            "expiry_time": (self.clock.now + timedelta(seconds=offset)).isoformat(),
            "account_id": None,
        }


@contextmanager
def strato_clock(clock: Clock) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refreshable, "_now", clock)
        yield


def make(
    library: str,
    fetcher: Fetcher,
    expires_in: float | None,
    **windows: float,
) -> Any:
    """Refreshable credentials of ``library`` ("strato"/"botocore"): constructed with
    values expiring in ``expires_in`` seconds, or deferred when that is None."""
    clock = fetcher.clock
    if library == "botocore":
        if expires_in is None:
            return botocore.credentials.DeferredRefreshableCredentials(
                fetcher, "test", time_fetcher=clock
            )
        return botocore.credentials.RefreshableCredentials(
            "AK0",
            "SK0",
            "TK0",
            clock.now + timedelta(seconds=expires_in),
            fetcher,
            "test",
            time_fetcher=clock,
            **{f"{k}_timeout": v for k, v in windows.items()},
        )
    if expires_in is None:
        return DeferredRefreshableCredentials(fetcher, "test")
    return RefreshableCredentials(
        "AK0",
        "SK0",
        "TK0",
        clock.now + timedelta(seconds=expires_in),
        fetcher,
        "test",
        advisory_timeout=windows.get("advisory"),
        mandatory_timeout=windows.get("mandatory"),
    )


def observe(read: Callable[[], Any]) -> tuple[Any, ...]:
    """A read's outcome comparable across libraries: the values, or the error's class
    name and text (strato's ExpiredCredentialsError is botocore's RuntimeError)."""
    try:
        value = read()
    except Exception as error:
        name = type(error).__name__
        if name == "ExpiredCredentialsError" and isinstance(error, RuntimeError):
            name = "RuntimeError"
        return ("error", name, str(error))
    return ("value", tuple(value) if isinstance(value, tuple) else value)
