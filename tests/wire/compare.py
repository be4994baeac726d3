"""What differs between botocore's exchange and strato's: request bytes, then outcome.

A :class:`Difference` names its kind (``path``, ``header:<name>``, ``body``, ``outcome``,
...) so findings group by kind and known differences can be matched precisely.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .harness import UNCOMPARED_HEADERS, Exchange
from .server import RawRequest


@dataclass(frozen=True)
class Difference:
    """One observable that is not the same: ``kind``, botocore's value, strato's value."""

    kind: str
    botocore: Any
    strato: Any

    def __str__(self) -> str:
        return f"{self.kind}: botocore {self.botocore!r} != strato {self.strato!r}"


def differences(boto: Exchange, mine: Exchange) -> list[Difference]:
    """Every difference between the two exchanges (empty when they agree)."""
    found = [Difference("server", [], mine.server_errors)] if mine.server_errors else []
    if boto.server_errors:
        found.append(Difference("server", boto.server_errors, []))
    if len(boto.requests) != len(mine.requests):
        found.append(Difference("requests", len(boto.requests), len(mine.requests)))
    for expected, actual in zip(boto.requests, mine.requests, strict=False):
        found += request_differences(expected, actual)
    expected, actual = outcome_view(boto.outcome), outcome_view(mine.outcome)
    if expected != actual:
        found.append(Difference("outcome", expected, actual))
    return found


def request_differences(boto: RawRequest, mine: RawRequest) -> list[Difference]:
    found: list[Difference] = []
    if boto.method != mine.method:
        found.append(Difference("method", boto.method, mine.method))
    if boto.target != mine.target:
        found.append(Difference("path", boto.target, mine.target))
    if boto.sni != mine.sni:
        found.append(Difference("sni", boto.sni, mine.sni))
    expected, actual = _header_values(boto), _header_values(mine)
    for name in sorted(set(expected) | set(actual)):
        if expected.get(name) != actual.get(name):
            found.append(Difference(f"header:{name}", expected.get(name), actual.get(name)))
    if boto.body != mine.body:
        found.append(Difference("body", boto.body, mine.body))
    elif boto.framing != mine.framing:
        found.append(Difference("framing", boto.framing, mine.framing))
    if boto.continued != mine.continued:
        found.append(Difference("100-continue", boto.continued, mine.continued))
    return found


def _header_values(request: RawRequest) -> dict[str, list[bytes]]:
    """Values by lower-cased name, repeated headers kept in the order sent."""
    values: dict[str, list[bytes]] = {}
    for name, value in request.headers:
        key = name.decode("latin-1").lower()
        if key not in UNCOMPARED_HEADERS:
            values.setdefault(key, []).append(value)
    return values


def outcome_view(outcome: Any) -> Any:
    """The responses helper's normal form when it is there; else an exception as (class
    name, message) and a result as it is."""
    try:
        from .responses import comparable
    except ImportError:
        if isinstance(outcome, Exception):
            return ("raised", type(outcome).__name__, str(outcome))
        return outcome
    return comparable(outcome)
