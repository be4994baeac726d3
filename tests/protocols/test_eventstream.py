"""Event streams: strato's decoder and event parsers against botocore 1.44.8's.

The framing is checked with hypothesis-made messages (every header value type, any split
of the bytes into chunks), corrupted and truncated streams, and hand-made malformed
messages with valid CRCs. The parsers are checked with real service models (s3 rest-xml,
lambda rest-json, kinesis json): both libraries get the same bytes and must give the same
events, errors and initial responses.
"""

from __future__ import annotations

import copy
import struct
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import botocore.eventstream
import botocore.exceptions
import botocore.model
import botocore.parsers
import pytest
from botocore.awsrequest import HeadersDict
from hypothesis import given, settings
from hypothesis import strategies as st

from strato import model as strato_model
from strato.exceptions import (
    ChecksumMismatch,
    ClientError,
    EventStreamError,
    MalformedEventStreamMessage,
    ParserError,
    ResponseParserError,
)
from strato.protocols import eventstream
from strato.protocols.parse import create_parser

_FIXED = {2: "!b", 3: "!h", 4: "!i", 5: "!q", 8: "!q"}
Header = tuple[int, Any]


def encode_header(name: str, kind: int, value: Any) -> bytes:
    raw_name = name.encode("utf-8")
    out = bytes([len(raw_name)]) + raw_name + bytes([kind])
    if kind in _FIXED:
        return out + struct.pack(_FIXED[kind], value)
    if kind in (6, 7):
        raw = value if kind == 6 else value.encode("utf-8")
        return out + struct.pack("!H", len(raw)) + raw
    if kind == 9:
        return out + value
    return out  # 0 and 1: true and false carry no value


def frame(
    header_bytes: bytes,
    payload: bytes = b"",
    *,
    total_length: int | None = None,
    headers_length: int | None = None,
) -> bytes:
    """A message with correct CRCs around whatever lengths and bytes it is given."""
    if total_length is None:
        total_length = 16 + len(header_bytes) + len(payload)
    if headers_length is None:
        headers_length = len(header_bytes)
    prelude = struct.pack("!II", total_length, headers_length)
    prelude += struct.pack("!I", zlib.crc32(prelude))
    message = prelude + header_bytes + payload
    return message + struct.pack("!I", zlib.crc32(message))


def message(headers: dict[str, Header], payload: bytes = b"") -> bytes:
    return frame(b"".join(encode_header(n, k, v) for n, (k, v) in headers.items()), payload)


def event(event_type: str, payload: bytes = b"", **extra: Header) -> bytes:
    headers: dict[str, Header] = {
        ":message-type": (7, "event"),
        ":event-type": (7, event_type),
        **extra,
    }
    return message(headers, payload)


def exception_event(exception_type: str, payload: bytes) -> bytes:
    return message(
        {":message-type": (7, "exception"), ":exception-type": (7, exception_type)}, payload
    )


def error_event(code: str, text: str) -> bytes:
    headers: dict[str, Header] = {
        ":message-type": (7, "error"),
        ":error-code": (7, code),
        ":error-message": (7, text),
    }
    return message(headers)


_names = st.text(min_size=1, max_size=12).filter(lambda name: len(name.encode("utf-8")) <= 255)
_values: st.SearchStrategy[Header] = st.one_of(
    st.just((0, True)),
    st.just((1, False)),
    st.integers(-(2**7), 2**7 - 1).map(lambda v: (2, v)),
    st.integers(-(2**15), 2**15 - 1).map(lambda v: (3, v)),
    st.integers(-(2**31), 2**31 - 1).map(lambda v: (4, v)),
    st.integers(-(2**63), 2**63 - 1).map(lambda v: (5, v)),
    st.binary(max_size=40).map(lambda v: (6, v)),
    st.text(max_size=40).map(lambda v: (7, v)),
    st.integers(-(2**63), 2**63 - 1).map(lambda v: (8, v)),
    st.binary(min_size=16, max_size=16).map(lambda v: (9, v)),
)
_messages = st.lists(
    st.tuples(st.dictionaries(_names, _values, max_size=6), st.binary(max_size=120)),
    max_size=5,
).map(lambda items: b"".join(message(headers, payload) for headers, payload in items))


def _summary(msg: Any) -> tuple[Any, ...]:
    headers = [(name, type(value).__name__, value) for name, value in msg.headers.items()]
    prelude = msg.prelude
    return (
        prelude.total_length,
        prelude.headers_length,
        prelude.crc,
        prelude.payload_length,
        headers,
        msg.payload,
        msg.crc,
        msg.to_response_dict()["status_code"],
    )


def _decode(buffer_class: type, data: bytes, chunk: int) -> tuple[list[Any], Exception | None]:
    """The messages decoded from ``data`` fed ``chunk`` bytes at a time, and the error if any."""
    buffer = buffer_class()
    decoded: list[Any] = []
    try:
        for start in range(0, len(data), chunk):
            buffer.add_data(data[start : start + chunk])
            decoded.extend(_summary(msg) for msg in buffer)
    except Exception as error:
        return decoded, error
    return decoded, None


def _assert_same_decoding(data: bytes, chunk: int) -> list[Any]:
    theirs, their_error = _decode(botocore.eventstream.EventStreamBuffer, data, chunk)
    ours, our_error = _decode(eventstream.EventStreamBuffer, data, chunk)
    assert ours == theirs
    if isinstance(their_error, botocore.eventstream.ParserError):
        assert isinstance(our_error, ParserError)
        assert (type(our_error).__name__, str(our_error)) == (
            type(their_error).__name__,
            str(their_error),
        )
    elif their_error is not None:
        # botocore lets struct.error, KeyError or UnicodeDecodeError escape
        assert isinstance(our_error, MalformedEventStreamMessage), their_error
    else:
        assert our_error is None
    return ours


@settings(max_examples=150, deadline=None)
@given(data=_messages, chunk=st.integers(1, 300))
def test_well_formed_messages_decode_the_same(data: bytes, chunk: int) -> None:
    ours = _assert_same_decoding(data, chunk)
    assert sum(item[0] for item in ours) == len(data)


@settings(max_examples=150, deadline=None)
@given(
    data=_messages.filter(bool),
    chunk=st.integers(1, 300),
    where=st.integers(0),
    mask=st.integers(1, 255),
)
def test_a_corrupted_byte_gives_the_same_checksum_mismatch(
    data: bytes, chunk: int, where: int, mask: int
) -> None:
    corrupted = bytearray(data)
    corrupted[where % len(data)] ^= mask
    _assert_same_decoding(bytes(corrupted), chunk)
    _, error = _decode(eventstream.EventStreamBuffer, bytes(corrupted), chunk)
    assert isinstance(error, ChecksumMismatch)


@settings(max_examples=100, deadline=None)
@given(data=_messages.filter(bool), chunk=st.integers(1, 300), cut=st.integers(0))
def test_a_truncated_stream_stops_at_the_last_whole_message(
    data: bytes, chunk: int, cut: int
) -> None:
    truncated = data[: cut % len(data)]
    ours = _assert_same_decoding(truncated, chunk)
    assert sum(item[0] for item in ours) <= len(truncated)


@settings(max_examples=300, deadline=None)
@given(header_bytes=st.binary(max_size=48), payload=st.binary(max_size=8))
def test_arbitrary_header_bytes_with_valid_crcs(header_bytes: bytes, payload: bytes) -> None:
    _assert_same_decoding(frame(header_bytes, payload), 64)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        pytest.param(
            message({"a": (7, "x"), "b": (0, True), "a ": (1, False)})
            + frame(encode_header("dup", 4, 1) + encode_header("dup", 4, 2)),
            "DuplicateHeader",
            id="duplicate-header",
        ),
        pytest.param(frame(b"\x01a\x0a"), "KeyError", id="unknown-value-type"),
        pytest.param(frame(b"\x01a\x04\x00\x01"), "error", id="int-cut-short"),
        pytest.param(frame(b"\x01a"), "error", id="no-value-type"),
        pytest.param(frame(b"\x01a\x06\x00"), "error", id="array-length-cut-short"),
        pytest.param(frame(b"\x02\xff\xfe\x00"), "UnicodeDecodeError", id="name-not-utf8"),
        pytest.param(
            frame(b"\x01a\x07\x00\x02\xc3\x28"), "UnicodeDecodeError", id="value-not-utf8"
        ),
        pytest.param(
            frame(b"", headers_length=128 * 1024 + 1), "InvalidHeadersLength", id="headers-too-long"
        ),
        pytest.param(
            frame(b"", total_length=16 + 24 * 1024 * 1024 + 1),
            "InvalidPayloadLength",
            id="payload-too-long",
        ),
        pytest.param(frame(b"")[:-1] + b"\x00", "ChecksumMismatch", id="message-crc"),
        pytest.param(b"\x00" * 11 + b"\x01" + b"\x00" * 4, "ChecksumMismatch", id="prelude-crc"),
    ],
)
def test_malformed_messages(data: bytes, error: str) -> None:
    _, their_error = _decode(botocore.eventstream.EventStreamBuffer, data, 1024)
    assert type(their_error).__name__ == error
    _assert_same_decoding(data, 1024)
    _assert_same_decoding(data, 3)


def test_short_array_values_are_kept_short_as_in_botocore() -> None:
    ours = _assert_same_decoding(frame(b"\x01a\x06\x00\x09abc"), 64)
    assert ours[0][4] == [("a", "bytes", b"abc")]
    ours = _assert_same_decoding(frame(b"\x01u\x09xy"), 64)
    assert ours[0][4] == [("u", "bytes", b"xy")]


def test_lengths_that_do_not_fit_the_message_are_refused() -> None:
    """A divergence: botocore reads such a message's headers from the bytes after it."""
    data = frame(b"", total_length=16, headers_length=10) + message({"next": (7, "message")})
    _, their_error = _decode(botocore.eventstream.EventStreamBuffer, data, 1024)
    assert type(their_error).__name__ == "UnicodeDecodeError"
    assert b"\x00\x00\x00" in their_error.object  # type: ignore[union-attr]
    ours, our_error = _decode(eventstream.EventStreamBuffer, data, 1024)
    assert ours == []
    assert isinstance(our_error, MalformedEventStreamMessage)
    assert str(our_error) == (
        "Malformed event stream message: total length 16 cannot hold 10 bytes of headers"
    )


# -- parsing events against real models ---------------------------------------------------


class _Raw:
    """A transport's raw response: ``stream()`` yields the bytes in fixed-size chunks."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self._data = data
        self._chunk = chunk
        self.closed = False

    def stream(self) -> Iterator[bytes]:
        for start in range(0, len(self._data), self._chunk):
            yield self._data[start : start + self._chunk]

    def close(self) -> None:
        self.closed = True


def _parse(
    description: dict[str, Any],
    operation_name: str,
    data: bytes,
    chunk: int,
    model_module: Any,
    make_parser: Callable[[str], Any],
    headers: dict[str, str] | None = None,
    headers_type: Callable[[dict[str, str]], Any] = dict,
) -> Any:
    model = model_module.ServiceModel(description)
    operation = model.operation_model(operation_name)
    response = {
        "status_code": 200,
        "headers": headers_type(headers or {}),
        "body": _Raw(data, chunk),
        "context": {"operation_name": operation_name},
    }
    return make_parser(model.metadata["protocol"]).parse(response, operation.output_shape)


def _outcome(parsed: Any, stream_member: str) -> tuple[dict[str, Any], list[Any], Any]:
    """(the response without its stream, the events, the error that ended the stream)."""
    stream = parsed.pop(stream_member)
    events: list[Any] = []
    error: Any = None
    try:
        for item in stream:
            events.append(item)
    except Exception as e:
        error = (type(e).__name__, str(e), getattr(e, "response", None))
    parsed.get("ResponseMetadata", {}).pop("HTTPHeaders", None)
    return parsed, events, error


def _both(
    service_description: Callable[[str], dict[str, Any]],
    service: str,
    operation_name: str,
    member: str,
    data: bytes,
    headers: dict[str, str] | None = None,
) -> tuple[Any, Any]:
    results = []
    for chunk in (7, 4096):
        theirs = _parse(
            service_description(service),
            operation_name,
            data,
            chunk,
            botocore.model,
            botocore.parsers.create_parser,
            headers,
            HeadersDict,
        )
        ours = _parse(
            service_description(service),
            operation_name,
            data,
            chunk,
            strato_model,
            create_parser,
            headers,
        )
        assert type(ours[member]).__name__ == "EventStream"
        results.append((_outcome(ours, member), _outcome(theirs, member)))
    assert results[0] == results[1]
    return results[0]


_SELECT_STATS = (
    b'<Stats xmlns=""><BytesScanned>12</BytesScanned><BytesProcessed>12</BytesProcessed>'
    b"<BytesReturned>5</BytesReturned></Stats>"
)
_SELECT_PROGRESS = (
    b"<Progress><BytesScanned>1</BytesScanned><BytesProcessed>2</BytesProcessed>"
    b"<BytesReturned>3</BytesReturned></Progress>"
)


def test_s3_select_events(service_description: Callable[[str], dict[str, Any]]) -> None:
    data = (
        event("Records", b"a,b\n1,2\n")
        + event("Cont")
        + event("Progress", _SELECT_PROGRESS)
        + event("NotInTheModel", b"skipped")
        + event("Stats", _SELECT_STATS)
        + event("End")
    )
    headers = {"x-amz-request-id": "req", "x-amz-id-2": "host"}
    ours, theirs = _both(service_description, "s3", "SelectObjectContent", "Payload", data, headers)
    assert ours == theirs
    response, events, error = ours
    assert error is None
    assert [next(iter(item)) for item in events] == ["Records", "Cont", "Progress", "Stats", "End"]
    assert events[0] == {"Records": {"Payload": b"a,b\n1,2\n"}}
    assert events[3] == {
        "Stats": {"Details": {"BytesScanned": 12, "BytesProcessed": 12, "BytesReturned": 5}}
    }
    assert response["ResponseMetadata"]["RequestId"] == "req"


def test_s3_select_error_event(service_description: Callable[[str], dict[str, Any]]) -> None:
    data = event("Records", b"x") + error_event("InternalError", "We had a problem") + event("End")
    ours, theirs = _both(service_description, "s3", "SelectObjectContent", "Payload", data)
    assert ours == theirs
    _, events, error = ours
    assert events == [{"Records": {"Payload": b"x"}}]
    assert error == (
        "EventStreamError",
        "An error occurred (InternalError) when calling the SelectObjectContent operation: "
        "We had a problem",
        {"Error": {"Code": "InternalError", "Message": "We had a problem"}},
    )


def test_lambda_response_stream(service_description: Callable[[str], dict[str, Any]]) -> None:
    data = (
        event("PayloadChunk", b'{"part": 1}')
        + event("PayloadChunk", b"")
        + event("InvokeComplete", b'{"ErrorCode": "", "LogResult": "bG9n"}')
    )
    headers = {
        "x-amzn-RequestId": "req",
        "X-Amz-Executed-Version": "$LATEST",
        "Content-Type": "application/vnd.amazon.eventstream",
    }
    ours, theirs = _both(
        service_description, "lambda", "InvokeWithResponseStream", "EventStream", data, headers
    )
    assert ours == theirs
    response, events, error = ours
    assert error is None
    assert response["ExecutedVersion"] == "$LATEST"
    assert events[0] == {"PayloadChunk": {"Payload": b'{"part": 1}'}}
    assert events[2] == {"InvokeComplete": {"ErrorCode": "", "LogResult": "bG9n"}}


def _kinesis_record(sequence: str) -> bytes:
    return (
        b'{"Records": [{"SequenceNumber": "' + sequence.encode() + b'", "Data": "aGk=", '
        b'"PartitionKey": "k", "ApproximateArrivalTimestamp": 1700000000.5}], '
        b'"ContinuationSequenceNumber": "' + sequence.encode() + b'", "MillisBehindLatest": 0}'
    )


def test_kinesis_initial_response_events_and_modeled_exception(
    service_description: Callable[[str], dict[str, Any]],
) -> None:
    data = (
        event("initial-response", b"{}")
        + event("SubscribeToShardEvent", _kinesis_record("1"))
        + exception_event("ResourceNotFoundException", b'{"message": "shard is gone"}')
    )
    headers = {"x-amzn-RequestId": "req"}
    ours, theirs = _both(
        service_description, "kinesis", "SubscribeToShard", "EventStream", data, headers
    )
    assert ours == theirs
    response, events, error = ours
    assert response["ResponseMetadata"]["RequestId"] == "req"
    record = events[0]["SubscribeToShardEvent"]["Records"][0]
    assert record["Data"] == b"hi"
    assert record["ApproximateArrivalTimestamp"].timestamp() == 1700000000.5
    assert error[0] == "EventStreamError"
    assert error[2] == {"Error": {"Code": "ResourceNotFoundException", "Message": "shard is gone"}}


@pytest.mark.parametrize(
    "data", [b"", event("SubscribeToShardEvent", _kinesis_record("1"))], ids=["empty", "no-initial"]
)
def test_kinesis_without_initial_response(
    service_description: Callable[[str], dict[str, Any]], data: bytes
) -> None:
    with pytest.raises(botocore.parsers.ResponseParserError) as theirs:
        _parse(
            service_description("kinesis"),
            "SubscribeToShard",
            data,
            64,
            botocore.model,
            botocore.parsers.create_parser,
        )
    with pytest.raises(ResponseParserError) as ours:
        _parse(
            service_description("kinesis"),
            "SubscribeToShard",
            data,
            64,
            strato_model,
            create_parser,
        )
    assert str(ours.value) == str(theirs.value) == "First event was not of type initial-response"


def test_a_corrupted_stream_raises_checksum_mismatch_while_iterating(
    service_description: Callable[[str], dict[str, Any]],
) -> None:
    data = bytearray(event("Records", b"one") + event("Records", b"two"))
    data[-1] ^= 0xFF
    parsed = _parse(
        service_description("s3"),
        "SelectObjectContent",
        bytes(data),
        5,
        strato_model,
        create_parser,
    )
    stream = parsed["Payload"]
    events = iter(stream)
    assert next(events) == {"Records": {"Payload": b"one"}}
    with pytest.raises(ChecksumMismatch, match="Checksum mismatch: expected 0x"):
        next(events)


def test_event_stream_error_is_a_client_error_and_close_closes_the_raw_stream() -> None:
    assert issubclass(EventStreamError, ClientError)
    raw = _Raw(b"", 1)
    stream = eventstream.EventStream(raw, None, None, "Op")  # type: ignore[arg-type]
    assert list(stream) == []
    stream.close()
    assert raw.closed


def _cbor(value: Any) -> bytes:
    """Just enough CBOR for the test's maps of text, unsigned integers and bytes."""

    def head(major: int, argument: int) -> bytes:
        if argument < 24:
            return bytes([major << 5 | argument])
        return bytes([major << 5 | 26]) + struct.pack("!I", argument)

    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    return head(0, value)


_CBOR_SERVICE: dict[str, Any] = {
    "metadata": {"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor"]},
    "operations": {"Watch": {"name": "Watch", "output": {"shape": "WatchOutput"}}},
    "shapes": {
        "WatchOutput": {
            "type": "structure",
            "members": {"Greeting": {"shape": "Text"}, "Events": {"shape": "Events"}},
        },
        "Events": {
            "type": "structure",
            "eventstream": True,
            "members": {"Tick": {"shape": "Tick"}, "Oops": {"shape": "Oops"}},
        },
        "Tick": {
            "type": "structure",
            "event": True,
            "members": {
                "Count": {"shape": "Number"},
                "Data": {"shape": "Data"},
                "At": {"shape": "Instant", "eventheader": True},
            },
        },
        "Oops": {
            "type": "structure",
            "exception": True,
            "members": {"message": {"shape": "Text"}},
        },
        "Text": {"type": "string"},
        "Number": {"type": "integer"},
        "Data": {"type": "blob"},
        "Instant": {"type": "timestamp"},
    },
}


def test_rpc_v2_cbor_events() -> None:
    """No AWS model has a CBOR event stream yet: a small model of one."""
    data = (
        event("initial-response", _cbor({"Greeting": "hi", "Unmodeled": 1}))
        + event("Tick", _cbor({"Count": 2, "Data": b"\x00\x01"}), At=(8, 1_700_000_000_250))
        + exception_event("Oops", _cbor({"message": "broken"}))
    )
    ours, theirs = _both(lambda _: copy.deepcopy(_CBOR_SERVICE), "x", "Watch", "Events", data)
    assert ours == theirs
    response, events, error = ours
    assert response["Greeting"] == "hi"
    tick = events[0]["Tick"]
    assert (tick["Count"], tick["Data"]) == (2, b"\x00\x01")
    assert tick["At"].timestamp() == 1_700_000_000.25
    assert error[:2] == (
        "EventStreamError",
        "An error occurred (Oops) when calling the Watch operation: broken",
    )
