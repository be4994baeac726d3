"""Refreshable credentials against botocore's, driven by one scripted fetcher and one
clock: the same fetch calls, the same values, the same errors, the same locking; and
the short-lived rules where strato deliberately differs (docs/compatibility.md)."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from strato.credentials.objects import RefreshableCredentials
from strato.exceptions import CredentialRetrievalError, ExpiredCredentialsError

from ._refresh_harness import Clock, Fetcher, FetchFailed, make, observe, strato_clock

_ATTRS = ("access_key", "secret_key", "token", "account_id", "frozen")

# Answers outside the short-lived rules: lifetimes beyond botocore's advisory window,
# expired answers, failures and incomplete answers.
_OUTCOMES = st.one_of(
    st.tuples(st.just("ok"), st.integers(901, 7200)),
    st.tuples(st.just("stale"), st.integers(0, 3600)),
    st.tuples(st.just("error")),
    st.tuples(st.just("missing")),
)
# Offsets near the windows' edges (900 s, 600 s, expiry) are where libraries differ.
_EDGES = (0, 1, 299, 300, 301, 599, 600, 601, 899, 900, 901, 1800, 3600)
_EXPIRES_IN = st.one_of(
    st.none(), st.sampled_from(_EDGES), st.sampled_from(_EDGES).map(lambda s: -s)
)
_STEPS = st.lists(
    st.tuples(st.one_of(st.sampled_from(_EDGES), st.integers(0, 2400)), st.sampled_from(_ATTRS)),
    min_size=1,
    max_size=8,
)


def _read(creds: Any, attr: str) -> tuple[Any, ...]:
    if attr == "frozen":
        return observe(creds.get_frozen_credentials)
    return observe(lambda: getattr(creds, attr))


def _run(
    library: str, expires_in: int | None, script: list[Any], steps: list[Any]
) -> tuple[list[Any], int]:
    clock = Clock()
    fetcher = Fetcher(clock, list(script), fallback=("ok", 3600))
    with strato_clock(clock):
        creds = make(library, fetcher, expires_in)
        seen = []
        for advance, attr in steps:
            clock.advance(advance)
            seen.append(_read(creds, attr))
    return seen, fetcher.calls


@settings(max_examples=60, deadline=None)
@given(
    expires_in=st.one_of(_EXPIRES_IN, st.integers(-3600, 7200)),
    script=st.lists(_OUTCOMES, max_size=6),
    steps=_STEPS,
)
# An answer that expires the moment it arrives is spent, not short-lived.
@example(expires_in=None, script=[("stale", 0)], steps=[(0, "access_key"), (0, "access_key")])
def test_refresh_matches_botocore(
    expires_in: int | None, script: list[Any], steps: list[Any]
) -> None:
    logging.disable(logging.WARNING)  # both log tracebacks of the scripted failures
    try:
        ours = _run("strato", expires_in, script, steps)
        theirs = _run("botocore", expires_in, script, steps)
    finally:
        logging.disable(logging.NOTSET)
    assert ours == theirs


_FIRST_OUTCOMES = [("ok", 3600), ("stale", 1), ("error",), ("missing",)]


@pytest.mark.parametrize("outcome", _FIRST_OUTCOMES)
def test_each_window_edge_matches_botocore(outcome: Any) -> None:
    """Every edge offset, either side of expiry, with each answer: two reads a second
    apart (the hypothesis test above explores sequences; this pins the edges)."""
    logging.disable(logging.WARNING)
    try:
        for offset in _EDGES + tuple(-e for e in _EDGES):
            steps = [(0, "frozen"), (1, "access_key")]
            ours = _run("strato", offset, [outcome], steps)
            assert ours == _run("botocore", offset, [outcome], steps), offset
    finally:
        logging.disable(logging.NOTSET)


def test_missing_fields_name_botocore_message() -> None:
    clock = Clock()
    for library in ("strato", "botocore"):
        fetcher = Fetcher(clock, [("missing",)])
        with strato_clock(clock):
            result = observe(make(library, fetcher, None).get_frozen_credentials)
        assert result == (
            "error",
            "CredentialRetrievalError",
            "Error when retrieving credentials from test: Credential refresh failed, "
            "response did not contain: token, expiry_time",
        )


def test_still_expired_is_a_runtime_error_with_botocore_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    fetcher = Fetcher(clock, [("stale", 10)])
    with strato_clock(clock), caplog.at_level(logging.WARNING):
        creds = make("strato", fetcher, None)
        with pytest.raises(ExpiredCredentialsError) as raised:
            creds.get_frozen_credentials()
    assert isinstance(raised.value, RuntimeError)
    assert isinstance(raised.value, CredentialRetrievalError)
    assert str(raised.value) == (
        "Credentials were refreshed, but the refreshed credentials are still expired."
    )
    assert caplog.records[-1].getMessage() == str(raised.value)


@pytest.mark.parametrize(("expires_in", "period"), [(800, "advisory"), (300, "mandatory")])
def test_refresh_failure_warning_text(
    caplog: pytest.LogCaptureFixture, expires_in: int, period: str
) -> None:
    clock = Clock()
    fetcher = Fetcher(clock, [("error",)])
    with strato_clock(clock), caplog.at_level(logging.WARNING):
        creds = make("strato", fetcher, expires_in)
        result = observe(creds.get_frozen_credentials)
    warning = caplog.records[-1]
    assert warning.getMessage() == (
        f"Refreshing temporary credentials failed during {period} refresh period."
    )
    assert warning.exc_info is not None and warning.exc_info[0] is FetchFailed
    if period == "advisory":
        assert result == ("value", ("AK0", "SK0", "TK0", None))
    else:
        assert result[:2] == ("error", "FetchFailed")


def test_deferred_credentials_fetch_on_first_read_only() -> None:
    clock = Clock()
    fetcher = Fetcher(clock)
    with strato_clock(clock):
        creds = make("strato", fetcher, None)
        assert fetcher.calls == 0
        assert creds.method == "test"
        assert creds.access_key == "AK1"
        assert creds.get_frozen_credentials() == ("AK1", "SK1", "TK1", None)
    assert fetcher.calls == 1


def test_secrets_stay_out_of_repr() -> None:
    clock = Clock()
    with strato_clock(clock):
        creds = make("strato", Fetcher(clock), 7200)
        text = repr(creds) + repr(creds.get_frozen_credentials())
    assert "SK0" not in text and "TK0" not in text


# --- locking ------------------------------------------------------------------------


class _Gate:
    """A fetcher that blocks until released, so a second reader arrives mid-refresh."""

    def __init__(self, clock: Clock) -> None:
        self.inner = Fetcher(clock)
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> dict[str, Any]:
        self.entered.set()
        assert self.release.wait(30), "the refresh was never released"
        return self.inner()


@pytest.mark.parametrize("library", ["strato", "botocore"])
@pytest.mark.parametrize(("expires_in", "waits"), [(800, False), (300, True)])
def test_second_reader_waits_only_in_the_mandatory_window(
    library: str, expires_in: int, waits: bool
) -> None:
    """botocore's dance: advisory, a concurrent reader keeps the current values at
    once; mandatory, it waits for the refresher and gets the new ones."""
    clock = Clock()
    gate = _Gate(clock)
    with strato_clock(clock):
        creds = make(library, gate.inner, expires_in)
        creds._refresh_using = gate
        first = threading.Thread(target=creds.get_frozen_credentials)
        first.start()
        assert gate.entered.wait(30)
        seen: list[Any] = []
        second = threading.Thread(target=lambda: seen.append(creds.get_frozen_credentials()))
        second.start()
        if not waits:
            second.join(30)
            assert seen == [("AK0", "SK0", "TK0", None)]
        gate.release.set()
        first.join(30)
        second.join(30)
    assert not first.is_alive() and not second.is_alive()
    assert gate.inner.calls == 1
    if waits:
        assert seen == [("AK1", "SK1", "TK1", None)]


def test_frozen_set_never_mixes_two_refreshes() -> None:
    """Fields read one by one may straddle a refresh (as in botocore); a frozen set
    is one refresh's values."""
    clock = Clock()
    fetcher = Fetcher(clock, fallback=("ok", 3600))
    with strato_clock(clock):
        creds = make("strato", fetcher, 1000)
        access = creds.access_key
        clock.advance(200)  # now inside the advisory window
        secret = creds.secret_key
        frozen = creds.get_frozen_credentials()
    assert (access, secret) == ("AK0", "SK1")
    assert frozen == ("AK1", "SK1", "TK1", None)


# --- short-lived credentials (strato's deliberate difference) ------------------------


def _reads(library: str, lifetime: int, reads: int, gap: int = 1) -> int:
    clock = Clock()
    fetcher = Fetcher(clock, fallback=("ok", lifetime))
    with strato_clock(clock):
        creds = make(library, fetcher, None)
        for _ in range(reads):
            creds.get_frozen_credentials()
            clock.advance(gap)
    return fetcher.calls


@pytest.mark.parametrize(
    ("lifetime", "botocore_calls", "strato_calls"), [(900, 3, 1), (3600, 1, 1)]
)
def test_edge_37_fifteen_minute_credentials_are_not_fetched_on_every_read(
    lifetime: int, botocore_calls: int, strato_calls: int
) -> None:
    """Spec edge case 37: botocore fetches 15-minute credentials again on every read
    (3 reads, 3 AssumeRole calls); strato follows the cross-SDK rules: one fetch."""
    assert _reads("botocore", lifetime, 3) == botocore_calls
    assert _reads("strato", lifetime, 3) == strato_calls


@pytest.mark.parametrize(
    ("lifetime", "windows"),
    [(900, (300, 60)), (600, (300, 60)), (240, (120, 24)), (901, (900, 600))],
)
def test_short_lived_windows(lifetime: int, windows: tuple[int, int]) -> None:
    clock = Clock()
    with strato_clock(clock):
        creds = make("strato", Fetcher(clock, fallback=("ok", lifetime)), None)
        creds.get_frozen_credentials()
    assert creds.refresh_windows == windows


def test_short_lived_refresh_cadence_over_an_hour() -> None:
    """A 15-minute role read every second for an hour: botocore fetches 3600 times;
    strato once per 10 minutes (its 5-minute advisory window)."""
    assert _reads("strato", 900, 3600) == 6
    assert _reads("botocore", 900, 600, gap=6) == 600


def test_short_lived_failure_keeps_the_credentials_and_backs_off() -> None:
    clock = Clock()
    fetcher = Fetcher(clock, [("ok", 900), ("error",), ("stale", 5)], fallback=("ok", 900))
    with strato_clock(clock):
        creds = make("strato", fetcher, None)
        assert creds.access_key == "AK1"
        clock.advance(700)  # advisory window: 200 s left
        assert creds.access_key == "AK1" and fetcher.calls == 2  # failed, kept
        clock.advance(30)
        assert creds.access_key == "AK1" and fetcher.calls == 2  # held off
        clock.advance(RefreshableCredentials.refresh_backoff_seconds)
        assert creds.access_key == "AK1" and fetcher.calls == 3  # stale answer: kept
        clock.advance(RefreshableCredentials.refresh_backoff_seconds)
        assert creds.access_key == "AK4" and fetcher.calls == 4


def test_short_lived_non_recoverable_error_is_raised_then_reraised_for_5s() -> None:
    clock = Clock()
    fetcher = Fetcher(clock, [("ok", 900), ("refused",)], fallback=("ok", 900))
    with strato_clock(clock):
        creds = make("strato", fetcher, None)
        creds.get_frozen_credentials()
        clock.advance(700)
        first = observe(creds.get_frozen_credentials)
        second = observe(creds.get_frozen_credentials)
        assert fetcher.calls == 2
        clock.advance(6)
        assert creds.access_key == "AK3"
    assert first[:2] == second[:2] == ("error", "Refused")


def test_expired_short_lived_credentials_fail_as_botocore() -> None:
    """Expired credentials are never handed out: a failed refresh raises on every read,
    and every read tries again, whatever the lifetime (botocore's rule)."""
    results = {}
    for library in ("strato", "botocore"):
        clock = Clock()
        fetcher = Fetcher(clock, [("ok", 900)], fallback=("error",))
        with strato_clock(clock):
            creds = make(library, fetcher, None)
            creds.get_frozen_credentials()
            clock.advance(901)
            seen = [observe(creds.get_frozen_credentials)[:2] for _ in range(3)]
        results[library] = (seen, fetcher.calls - 1)
    assert results["strato"] == results["botocore"] == ([("error", "FetchFailed")] * 3, 3)
