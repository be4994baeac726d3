"""Comparing strato's response dicts with boto3's for the same call against the same server.

Request ids, dates and similar per-request values differ between two calls, so they are
replaced by a marker of their type before the dicts are compared; everything else,
``ResponseMetadata`` included, must be equal.
"""

from __future__ import annotations

import datetime
from typing import Any

#: Keys whose values change with every request.
PER_REQUEST = frozenset({"RequestId", "HostId"})
#: Response headers that change with every request (lower-case, as botocore reports them).
PER_REQUEST_HEADERS = frozenset(
    {"date", "x-amzn-requestid", "x-amz-request-id", "x-amz-id-2", "x-amz-crc32"}
)


def _marker(value: Any) -> str:
    return f"<{type(value).__name__}>"


def normalized(value: Any, volatile: frozenset[str] = frozenset()) -> Any:
    """``value`` with per-request parts (and the keys in ``volatile``) reduced to type markers."""
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key in PER_REQUEST or key in volatile:
                result[key] = _marker(item)
            elif key == "HTTPHeaders":
                skipped = PER_REQUEST_HEADERS | volatile
                result[key] = {
                    name: _marker(text) if name in skipped else text for name, text in item.items()
                }
            else:
                result[key] = normalized(item, volatile)
        return result
    if isinstance(value, list):
        return [normalized(item, volatile) for item in value]
    return value


def shape(value: Any) -> Any:
    """Keys and value types only: for responses of two calls that create different things."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items() if key != "HTTPHeaders"}
    if isinstance(value, list):
        return [shape(item) for item in value]
    if isinstance(value, datetime.datetime):
        return f"datetime(tz={value.tzinfo is not None})"
    return type(value).__name__


def differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Where two nested values differ, one line per difference (for readable failures)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = [f"{path}.{k}: only in boto3 = {theirs[k]!r}" for k in theirs if k not in ours]
        found += [f"{path}.{k}: only in strato = {ours[k]!r}" for k in ours if k not in theirs]
        for key in ours.keys() & theirs.keys():
            found += differences(ours[key], theirs[key], f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [
            d
            for i, (a, b) in enumerate(zip(ours, theirs, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    if ours != theirs or type(ours) is not type(theirs):
        return [f"{path}: strato {ours!r} != boto3 {theirs!r}"]
    return []


def assert_same(ours: dict[str, Any], theirs: dict[str, Any], *volatile: str) -> None:
    """strato's dict equals boto3's except per-request values and the ``volatile`` keys."""
    assert type(ours) is dict
    keys = frozenset(volatile)
    found = differences(normalized(ours, keys), normalized(theirs, keys))
    assert not found, "\n".join(found)


def assert_same_shape(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """The same keys at every level, with values of the same types, and the same headers."""
    found = differences(shape(ours), shape(theirs))
    ours_headers = set(ours["ResponseMetadata"]["HTTPHeaders"]) - PER_REQUEST_HEADERS
    theirs_headers = set(theirs["ResponseMetadata"]["HTTPHeaders"]) - PER_REQUEST_HEADERS
    found += [f"header {h} only in boto3" for h in theirs_headers - ours_headers]
    found += [f"header {h} only in strato" for h in ours_headers - theirs_headers]
    assert not found, "\n".join(found)
