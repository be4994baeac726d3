"""Hypothesis strategies for operation parameters, drawn from botocore's input shapes.

Values are valid for the model (required members, min lengths, enums, types); strings mix
plain ASCII with arbitrary Unicode so URI, header, query and body encodings get exercised.
"""

from __future__ import annotations

import datetime
from typing import Any

import botocore.model
from hypothesis import strategies as st

MAX_DEPTH = 3
#: Bucket names both clients accept: DNS-compatible (virtual host) and not (path style).
BUCKETS = ["examplebucket", "my.dotted.bucket", "Upper_Case", "a--b", "bucket-123"]
_ASCII = st.text(alphabet="abcAZ09-_.~/ +=&?%:@!*'()", min_size=1, max_size=8)
_TEXT = st.one_of(_ASCII, st.text(min_size=0, max_size=6))
_TIMESTAMPS = st.one_of(
    st.datetimes(
        min_value=datetime.datetime(1971, 1, 1),
        max_value=datetime.datetime(2090, 1, 1),
        timezones=st.sampled_from([None, datetime.UTC]),
    ),
    st.integers(min_value=0, max_value=3_000_000_000),
)
#: Members whose value a client customisation constrains (validated or rewritten elsewhere).
_OVERRIDES: dict[str, st.SearchStrategy[Any]] = {
    "Bucket": st.sampled_from(BUCKETS),
    "ChecksumAlgorithm": st.sampled_from(["CRC32", "SHA1", "SHA256"]),
    # Metadata must be ASCII for S3; header values must be printable.
    "Metadata": st.dictionaries(_ASCII, _ASCII, max_size=2),
}


def _string(shape: botocore.model.Shape) -> st.SearchStrategy[Any]:
    if shape.enum:
        return st.sampled_from(shape.enum)
    low = shape.metadata.get("min", 0)
    if shape.serialization.get("location") in ("header", "headers"):
        # Header values go on the wire as they are: keep them printable ASCII.
        return st.text(alphabet="abcXYZ019-_.:/ ", min_size=max(low, 1), max_size=max(low, 8))
    if low > 8:
        return st.text(alphabet="abcdef0123", min_size=low, max_size=low)
    return _TEXT.filter(lambda s: len(s) >= low)


def for_shape(shape: botocore.model.Shape, depth: int = 0, name: str = "") -> Any:
    """A strategy for valid values of ``shape`` (``name`` is the member's name)."""
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    type_name = shape.type_name
    low = shape.metadata.get("min", 0)
    if type_name == "structure":
        return _structure(shape, depth)
    if type_name == "list":
        if depth >= MAX_DEPTH and not low:
            return st.just([])
        return st.lists(for_shape(shape.member, depth + 1), min_size=low, max_size=max(low, 2))
    if type_name == "map":
        if depth >= MAX_DEPTH:
            return st.just({})
        keys = for_shape(shape.key, depth + 1)
        return st.dictionaries(keys, for_shape(shape.value, depth + 1), max_size=2)
    if type_name == "string":
        return _string(shape)
    if type_name in ("integer", "long"):
        return st.integers(min_value=low, max_value=low + 10**6)
    if type_name in ("float", "double"):
        return st.floats(min_value=float(low), max_value=1e9, allow_nan=False)
    if type_name == "boolean":
        return st.booleans()
    if type_name == "blob":
        return st.binary(min_size=low, max_size=max(low, 8))
    if type_name == "timestamp":
        return _TIMESTAMPS
    raise AssertionError(f"no strategy for {type_name}")


def _structure(shape: botocore.model.StructureShape, depth: int) -> Any:
    members = shape.members
    if shape.is_tagged_union:
        names = [
            n
            for n in members
            if depth < MAX_DEPTH or members[n].type_name not in ("structure", "list", "map")
        ] or list(members)  # every member nested: the depth limit has to give way
        return st.sampled_from(names).flatmap(
            lambda n: st.fixed_dictionaries({n: for_shape(members[n], depth + 1, n)})
        )
    required = set(shape.required_members)
    optional = [] if depth >= MAX_DEPTH else [n for n in members if n not in required]
    return st.fixed_dictionaries(
        {n: for_shape(members[n], depth + 1, n) for n in members if n in required},
        optional={n: for_shape(members[n], depth + 1, n) for n in optional},
    )


def operation_params(operation: botocore.model.OperationModel) -> Any:
    """Parameters for one call of ``operation``."""
    shape = operation.input_shape
    if shape is None:
        return st.just({})
    return for_shape(shape)
