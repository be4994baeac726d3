"""Assertions that a botocore outcome and a strato outcome are the same."""

from __future__ import annotations

import io
from typing import Any

from ._harness import Captured

#: Headers left out of the request comparison, with the reason. Everything else is compared,
#: and ``Authorization`` byte for byte.
EXCLUDED_HEADERS = {
    "user-agent": "each client names itself; the brief compares every header except this one",
}


def request_view(request: Captured) -> dict[str, Any]:
    headers = {k: v for k, v in request.headers.items() if k not in EXCLUDED_HEADERS}
    return {"method": request.method, "url": request.url, "headers": headers, "body": request.body}


def _differences(boto: Any, mine: Any, path: str = "") -> list[str]:
    if isinstance(boto, dict) and isinstance(mine, dict):
        found: list[str] = []
        for key in sorted(set(boto) | set(mine), key=str):
            found += _differences(boto.get(key), mine.get(key), f"{path}.{key}")
        return found
    return [] if boto == mine else [f"{path or '.'}: botocore {boto!r} != strato {mine!r}"]


def assert_same_requests(boto: list[Captured], mine: list[Captured]) -> None:
    assert len(mine) == len(boto), f"{len(mine)} requests sent, botocore sent {len(boto)}"
    for boto_request, strato_request in zip(boto, mine, strict=True):
        problems = _differences(request_view(boto_request), request_view(strato_request))
        assert not problems, "\n".join(problems)


def _plain(value: Any) -> Any:
    """Response values with streaming bodies read, so dicts compare by content."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "read") and not isinstance(value, io.BytesIO | bytes):
        return ("stream", value.read())
    return value


def outcome_view(outcome: Any) -> Any:
    """A result dict, or an exception as (class name, message, ``response`` if any)."""
    if isinstance(outcome, Exception):
        return (type(outcome).__name__, str(outcome), _plain(getattr(outcome, "response", None)))
    return _plain(outcome)


def botocore_crash_typed(boto: Any, mine: Any) -> bool:
    """botocore crashed with a bare Python exception (not one of botocore's) and strato raised
    a typed ``StratoError`` carrying botocore's text: the project's rule, not a difference
    (each such case has a row in docs/compatibility.md)."""
    from strato.exceptions import StratoError

    return (
        isinstance(boto, Exception)
        and not type(boto).__module__.startswith("botocore")
        and isinstance(mine, StratoError)
        and str(boto) in str(mine)
    )


def assert_same_outcome(boto: Any, mine: Any) -> None:
    if botocore_crash_typed(boto, mine):
        return
    expected, actual = outcome_view(boto), outcome_view(mine)
    assert actual == expected, "\n".join(_differences({"": expected}, {"": actual}))
