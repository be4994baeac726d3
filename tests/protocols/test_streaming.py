"""strato's StreamingBody against botocore.response.StreamingBody on generated payloads."""

from __future__ import annotations

import io
from typing import Any

import botocore.exceptions
import botocore.response
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.exceptions import IncompleteReadError
from strato.protocols.streaming import StreamingBody

PAYLOADS = st.binary(max_size=300) | st.lists(
    st.sampled_from([b"line", b"\n", b"\r\n", b"\r", b"x" * 40, b"\x0b", b"\xe2\x80\xa8"]),
    max_size=30,
).map(b"".join)
CHUNK = st.integers(min_value=1, max_value=70)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.none() | st.integers(min_value=0, max_value=80)),
        st.tuples(st.just("iter_chunks"), CHUNK),
        st.tuples(st.just("iter_lines"), CHUNK, st.booleans()),
        st.tuples(st.just("readinto"), st.integers(min_value=0, max_value=50)),
        st.tuples(st.just("next")),
        st.tuples(st.just("iter")),
        st.tuples(st.just("tell")),
        st.tuples(st.just("readlines")),
    ),
    min_size=1,
    max_size=6,
)


def _apply(body: Any, operation: tuple[Any, ...]) -> Any:
    """Run one operation; an exception is a result (class name and message)."""
    name, *args = operation
    try:
        if name == "read":
            return body.read(*args)
        if name == "iter_chunks":
            return list(body.iter_chunks(*args))
        if name == "iter_lines":
            return list(body.iter_lines(*args))
        if name == "readinto":
            buffer = bytearray(args[0])
            return body.readinto(buffer), bytes(buffer)
        if name == "next":
            return next(body)
        if name == "iter":
            return list(body)
        if name == "tell":
            return body.tell()
        return body.readlines()
    except Exception as error:
        return type(error).__name__, str(error)


@settings(max_examples=300, deadline=None)
@given(
    data=PAYLOADS,
    length_delta=st.sampled_from([None, 0, 0, 0, 1, -1, 7]),
    as_text=st.booleans(),
    operations=OPERATIONS,
)
def test_same_behaviour_as_botocore(
    data: bytes, length_delta: int | None, as_text: bool, operations: list[tuple[Any, ...]]
) -> None:
    length: int | str | None = None if length_delta is None else max(len(data) + length_delta, 0)
    if as_text and length is not None:
        length = str(length)
    ours = StreamingBody(io.BytesIO(data), length)
    reference = botocore.response.StreamingBody(io.BytesIO(data), length)
    for operation in operations:
        assert _apply(ours, operation) == _apply(reference, operation), operation
    assert ours.readable() == reference.readable()


def test_short_body_raises_incomplete_read_with_botocore_text() -> None:
    body = StreamingBody(io.BytesIO(b"abc"), 5)
    with pytest.raises(IncompleteReadError) as caught:
        body.read()
    expected = botocore.exceptions.IncompleteReadError(actual_bytes=3, expected_bytes=5)
    assert str(caught.value) == str(expected) == "3 read, but total bytes expected is 5."


def test_partial_reads_check_length_only_at_end_of_stream() -> None:
    body = StreamingBody(io.BytesIO(b"abcdef"), 10)
    assert body.read(4) == b"abcd"
    assert body.read(2) == b"ef"
    with pytest.raises(IncompleteReadError):
        body.read(1)


def test_context_manager_yields_raw_stream_and_closes_it() -> None:
    raw = io.BytesIO(b"data")
    with StreamingBody(raw, 4) as inner:
        assert inner is raw
    assert raw.closed


def test_close_closes_raw_stream_but_collection_does_not() -> None:
    raw = io.BytesIO(b"data")
    body = StreamingBody(raw, None)
    del body
    assert not raw.closed
    StreamingBody(raw, None).close()
    assert raw.closed


def test_readable_is_false_without_raw_readable() -> None:
    class _Raw:
        def read(self, amt: int | None = None) -> bytes:
            return b""

    assert StreamingBody(_Raw(), 0).readable() is False
