"""Parameters for wire calls: ``tests/client/strategies.py`` plus the odd and the invalid.

``odd`` values are valid for the model but awkward on the wire: non-ASCII text in header
members, dot segments in URI members, timestamps as epoch floats, before 1970, at year
9999, naive and aware in other zones, and as strings. ``invalid`` parameters break one
rule (a missing required member, a wrong type, an unknown member, a value too short);
their observable is the exception and that no request reaches the server.
"""

from __future__ import annotations

import datetime
from typing import Any

import botocore.model
from hypothesis import strategies as st

from client import strategies as plain

KINDS = ("plain", "odd", "invalid")
DOT_SEGMENTS = [".", "..", "a/./b/../c", "./x", "x/..", "../..", "a/.", "%2e%2E", ".../x"]
_NON_ASCII = st.text(alphabet="aé中ü€😀 -", min_size=1, max_size=6)
_ZONES = [
    None,
    datetime.UTC,
    datetime.timezone(datetime.timedelta(hours=5, minutes=30)),
    datetime.timezone(datetime.timedelta(hours=-8)),
]
_ODD_TIMES: list[Any] = [
    0,
    -1,
    -86400.5,
    1_000_000_000.123456,
    253402300799,
    253402300799.999,
    "2024-05-17T12:30:45Z",
    "2024-05-17T12:30:45.123+02:00",
    "1715949045",
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(1969, 12, 31, 23, 59, 59, 500000),
]
_TIMESTAMPS = st.one_of(
    st.sampled_from(_ODD_TIMES),
    st.builds(
        lambda instant, zone: instant.replace(tzinfo=zone),
        st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
        st.sampled_from(_ZONES),
    ),
)


def operation_params(operation: botocore.model.OperationModel, kind: str) -> Any:
    """Parameters of ``kind`` (one of :data:`KINDS`) for one call of ``operation``."""
    shape = operation.input_shape
    if shape is None:
        return st.just({"NotAMember": 1} if kind == "invalid" else {})
    if kind == "plain":
        return plain.for_shape(shape)
    if kind == "odd":
        return _odd(shape, 0, "")
    return plain.for_shape(shape).flatmap(lambda valid: _broken(shape, valid))


def _odd(shape: botocore.model.Shape, depth: int, name: str) -> Any:
    type_name = shape.type_name
    if name in plain._OVERRIDES or type_name not in ("structure", "list", "map", "string"):
        if type_name == "timestamp":
            return _TIMESTAMPS
        return plain.for_shape(shape, depth, name)
    low = shape.metadata.get("min", 0)
    if type_name == "structure":
        members = shape.members
        required = set(shape.required_members)
        if shape.is_tagged_union:
            return plain.for_shape(shape, depth, name)
        optional = [] if depth >= plain.MAX_DEPTH else [n for n in members if n not in required]
        return st.fixed_dictionaries(
            {n: _odd(members[n], depth + 1, n) for n in members if n in required},
            optional={n: _odd(members[n], depth + 1, n) for n in optional},
        )
    if type_name == "list":
        if depth >= plain.MAX_DEPTH and not low:
            return st.just([])
        member = _odd(shape.member, depth + 1, "")
        return st.lists(member, min_size=low, max_size=max(low, 2))
    if type_name == "map":
        return plain.for_shape(shape, depth, name)
    location = shape.serialization.get("location")
    if shape.enum or low > 8:
        return plain.for_shape(shape, depth, name)
    if location == "header":
        return _NON_ASCII
    if location == "uri":
        return st.sampled_from(DOT_SEGMENTS)
    return st.one_of(_NON_ASCII, st.sampled_from(DOT_SEGMENTS)).filter(lambda s: len(s) >= low)


_WRONG: dict[str, Any] = {
    "string": 123,
    "integer": "12",
    "long": 1.5,
    "float": "1.5",
    "double": "x",
    "boolean": "true",
    "blob": 1.5,
    "timestamp": [1],
    "list": "not-a-list",
    "map": ["not", "a", "map"],
    "structure": "not-a-structure",
}


def _broken(shape: botocore.model.StructureShape, valid: dict[str, Any]) -> Any:
    """``valid`` with one rule broken at the top level."""
    members = shape.members
    ways: list[Any] = [st.just({**valid, "NotAMember": 1})]
    if valid:
        ways.append(
            st.sampled_from(sorted(valid)).map(
                lambda n: {**valid, n: _WRONG[members[n].type_name]} if n in members else valid
            )
        )
    required = [n for n in shape.required_members if n in valid]
    if required:
        ways.append(
            st.sampled_from(required).map(lambda n: {k: v for k, v in valid.items() if k != n})
        )
    short = [
        n
        for n in valid
        if n in members
        and members[n].type_name in ("string", "list", "blob")
        and members[n].metadata.get("min", 0) > 0
        and not getattr(members[n], "enum", None)
    ]
    if short:
        empty = {"string": "", "list": [], "blob": b""}
        ways.append(st.sampled_from(short).map(lambda n: {**valid, n: empty[members[n].type_name]}))
    return st.one_of(ways)
