"""The cross-SDK credential refresh suite (aws-sdk-cpp ``credentials-refresh-tests.json``)
replayed against strato's refreshable credentials with a scripted source and a clock.

strato adopts the suite's rules for short-lived credentials only (where botocore would
fetch on every read); the seeded credentials are such (a 15-minute lifetime, as the
suite's reference harness seeds them). Cases the suite resolves otherwise are listed in
``BOTOCORE`` with the result strato gives instead, which is botocore's; where botocore
can run the same scenario, it runs too and must agree.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._refresh_harness import Clock, Fetcher, FetchFailed, Refused, make, observe, strato_clock

_SUITE = Path(__file__).parents[1] / "data/conformance/aws-sdk-cpp-credential-refresh"
CASES: list[dict[str, Any]] = json.loads((_SUITE / "credentials-refresh-tests.json").read_text())

#: Seconds after a 15-minute set was fetched at which each seeded state begins
#: (remaining: valid 10 min, advisory 3 min, mandatory 30 s, expired -1 s).
_SEED_AGE = {"valid": 300, "advisory": 720, "mandatory": 870, "expired": 901}
_ANSWERS = {
    "freshCredentials": "ok",
    "error": "error",
    "staleCredentials": "stale",
    "nonRecoverableError": "refused",
}

_EXPIRED_RULE = (
    "expired credentials are refreshed as botocore does whatever their lifetime: a failed "
    "refresh raises the source's error and the next read tries again (strato never hands "
    "out expired credentials)"
)
_NO_INVALIDATE = (
    "botocore has no invalidate operation, nor has strato; the read follows the windows: "
    "10 of 15 minutes left is outside the short-lived advisory window, so the cached "
    "credentials are returned and the source is not contacted"
)
_LONG_LIVED = (
    "credentials longer-lived than botocore's 15-minute advisory window keep botocore's "
    "window (15 minutes), not the suite's 60"
)

#: Case index -> (why, per getCredentials step: (result, sourceContacted, window or None),
#: whether botocore runs the same scenario and must agree).
BOTOCORE: dict[int, tuple[str, list[tuple[str, bool, float | None]], bool]] = {
    6: (_EXPIRED_RULE, [("noCredentialsError", True, None)], True),
    12: (_LONG_LIVED, [("newCredentials", True, 900)], True),
    13: (
        _LONG_LIVED + ": 59 minutes left is no reason to refresh",
        [("newCredentials", True, 900), ("cachedCredentials", False, 900)],
        True,
    ),
    18: (_NO_INVALIDATE, [("cachedCredentials", False, None)], False),
    19: (_NO_INVALIDATE, [("cachedCredentials", False, None)], False),
    20: (
        _EXPIRED_RULE + "; " + _NO_INVALIDATE.split(";")[0],
        [
            ("noCredentialsError", True, None),
            ("noCredentialsError", True, None),
            ("newCredentials", True, None),
        ],
        True,
    ),
    21: (_NO_INVALIDATE, [("cachedCredentials", False, None)], False),
    22: (
        _EXPIRED_RULE,
        [
            ("noCredentialsError", True, None),
            ("noCredentialsError", True, None),
            ("newCredentials", True, None),
        ],
        True,
    ),
}


def _window(creds: Any) -> float:
    if hasattr(creds, "refresh_windows"):
        return float(creds.refresh_windows[0])
    return float(creds._advisory_refresh_timeout)


def _result(outcome: tuple[Any, ...], before: Any) -> str:
    if outcome[0] == "error":
        names = {
            FetchFailed.__name__: "noCredentialsError",
            Refused.__name__: "nonRecoverableError",
        }
        return names.get(outcome[1], str(outcome[1]))
    return "cachedCredentials" if outcome[1] == before else "newCredentials"


def replay(case: dict[str, Any], library: str) -> Iterator[dict[str, Any]]:
    """Yields what each getCredentials step observed. A step without a response that
    contacts the source anyway gets a failure (the source is still failing)."""
    given = case["given"]
    clock = Clock()
    fetcher = Fetcher(clock, fallback=("error",))
    with strato_clock(clock):
        creds = make(library, fetcher, None)
        if library == "strato":
            if "configuredAdvisoryWindowSeconds" in given:
                creds.advisory_refresh_seconds = given["configuredAdvisoryWindowSeconds"]
            if "refreshBackoffSeconds" in given:
                creds.refresh_backoff_seconds = given["refreshBackoffSeconds"]
        elif "configuredAdvisoryWindowSeconds" in given:
            creds._advisory_refresh_timeout = given["configuredAdvisoryWindowSeconds"]
        state = given["cachedCredentials"]
        cached: Any = None
        if state != "none":
            fetcher.script.append(("ok", 900))
            cached = tuple(creds.get_frozen_credentials())
            clock.advance(_SEED_AGE[state])
        logging.disable(logging.WARNING)
        try:
            for step in case["steps"]:
                if step["type"] == "advanceTime":
                    clock.advance(step["seconds"])
                    continue
                if step["type"] == "invalidate":
                    continue  # neither library has one
                answer = _ANSWERS.get(step.get("response", ""), "error")
                fetcher.script[:] = [(answer, step.get("lifetimeSeconds", 900))]
                calls = fetcher.calls
                outcome = observe(creds.get_frozen_credentials)
                contacted = fetcher.calls > calls
                result = _result(outcome, cached)
                if outcome[0] == "value":
                    cached = outcome[1]
                yield {
                    "result": result,
                    "sourceContacted": contacted,
                    "rateLimited": (
                        not contacted and result == "cachedCredentials" and creds.refresh_needed()
                    ),
                    "advisoryWindowSeconds": _window(creds),
                }
        finally:
            logging.disable(logging.NOTSET)


def _ids() -> list[str]:
    return [f"{i:02d}-{c['documentation'][:50]}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=_ids())
def test_refresh_suite_case(index: int) -> None:
    case = CASES[index]
    observed = list(replay(case, "strato"))
    steps = [s for s in case["steps"] if s["type"] == "getCredentials"]
    assert len(observed) == len(steps)
    if index not in BOTOCORE:
        for seen, step in zip(observed, steps, strict=True):
            expected = step["expected"]
            assert {k: seen[k] for k in expected} == expected, step.get("documentation")
        return
    why, botocore_steps, botocore_runs = BOTOCORE[index]
    assert why
    for seen, (result, contacted, window) in zip(observed, botocore_steps, strict=True):
        assert (seen["result"], seen["sourceContacted"]) == (result, contacted)
        if window is not None:
            assert seen["advisoryWindowSeconds"] == window
    if botocore_runs:
        theirs = list(replay(case, "botocore"))
        assert [(s["result"], s["sourceContacted"]) for s in theirs] == [
            (s["result"], s["sourceContacted"]) for s in observed
        ]


def test_the_suite_is_the_one_described() -> None:
    """24 cases, of which strato resolves 8 as botocore (listed above with the reason)."""
    assert len(CASES) == 24
    assert len(BOTOCORE) == 8
    assert all(i < len(CASES) for i in BOTOCORE)
