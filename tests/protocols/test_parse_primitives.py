"""Timestamps, the CBOR decoder and the shared parse flow, checked against botocore."""

from __future__ import annotations

import io
import math
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.parsers
import botocore.utils
import dateutil.tz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato import model as strato_model
from strato.exceptions import ResponseParserError
from strato.protocols import timestamps
from strato.protocols.parse import create_parser
from strato.protocols.parse_cbor import CBORDecoder
from strato.protocols.timestamps import parse_timestamp

# --- timestamps ---------------------------------------------------------------------------

MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timedelta(minutes=m))


def _render(moment: datetime, style: int, offset: timedelta) -> str:
    shifted = moment + offset
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    zone = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    forms = [
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z",
        shifted.strftime("%Y-%m-%dT%H:%M:%S") + zone,
        shifted.strftime("%Y-%m-%dT%H:%M:%S.%f") + zone.replace(":", ""),
        moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        moment.strftime("%d %b %Y %H:%M:%S GMT"),
        moment.strftime("%Y%m%dT%H%M%SZ"),
        moment.strftime("%Y-%m-%dT%H:%M:%S"),
        moment.strftime("%Y-%m-%d"),
        str(int(moment.timestamp())),
        f"{moment.timestamp():.3f}",
    ]
    return forms[style]


@settings(max_examples=300, deadline=None)
@given(moment=MOMENTS, style=st.integers(min_value=0, max_value=11), offset=OFFSETS)
def test_timestamp_text_equals_botocore(moment: datetime, style: int, offset: timedelta) -> None:
    text = _render(moment, style, offset)
    ours = parse_timestamp(text)
    reference = botocore.utils.parse_timestamp(text)
    assert ours == reference
    assert (ours.tzinfo is None) == (reference.tzinfo is None)
    assert ours.isoformat() == reference.isoformat()


@settings(max_examples=200, deadline=None)
@given(value=st.integers(-(10**10), 10**10) | st.floats(-1e10, 1e10, allow_nan=False))
def test_epoch_numbers_equal_botocore(value: float) -> None:
    ours, reference = parse_timestamp(value), botocore.utils.parse_timestamp(value)
    assert ours.timestamp() == reference.timestamp()
    assert (ours.isoformat(), ours.tzname()) == (reference.isoformat(), reference.tzname())
    assert isinstance(ours.tzinfo, timestamps.LocalTime)


def test_epoch_out_of_datetime_range_raises_like_botocore() -> None:
    with pytest.raises(ValueError) as ours:
        parse_timestamp(-(10**11))
    with pytest.raises(ValueError) as reference:
        botocore.utils.parse_timestamp(-(10**11))
    assert str(ours.value) == str(reference.value)


def test_epoch_rejected_by_platform_falls_back_to_timedelta(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class _NoPlatformTime(datetime):
        @classmethod
        def fromtimestamp(cls, t: float, tz: Any = None) -> Any:
            raise OSError("platform localtime() failed")

    monkeypatch.setattr(timestamps, "datetime", _NoPlatformTime)
    ours = parse_timestamp(-86400.5)
    reference = botocore.utils._epoch_seconds_to_datetime(-86400.5, dateutil.tz.tzlocal)
    assert (ours.isoformat(), ours.timestamp()) == (reference.isoformat(), reference.timestamp())


@pytest.mark.parametrize("text", ["not a date", "2014-13-45T00:00:00Z", "", "Mon"])
def test_bad_timestamp_text_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="Invalid timestamp"):
        parse_timestamp(text)


# --- CBOR ---------------------------------------------------------------------------------


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * width):
            return bytes([major << 5 | info]) + value.to_bytes(width, "big")
    raise ValueError(value)


@st.composite
def _cbor(draw: Any, depth: int = 0) -> bytes:
    """Random CBOR covering every major type, indefinite lengths and all float widths."""
    kinds = ["uint", "nint", "bytes", "text", "float", "simple", "tag"]
    if depth < 3:
        kinds += ["array", "map"]
    kind = draw(st.sampled_from(kinds))
    indefinite = draw(st.booleans())
    if kind == "uint":
        return _head(0, draw(st.integers(0, 2**64 - 1)))
    if kind == "nint":
        return _head(1, draw(st.integers(0, 2**64 - 1)))
    if kind in ("bytes", "text"):
        major = 2 if kind == "bytes" else 3
        parts = draw(
            st.lists(st.text(max_size=5).map(str.encode), max_size=3)
            if kind == "text"
            else st.lists(st.binary(max_size=5), max_size=3)
        )
        if indefinite:
            chunks = b"".join(_head(major, len(p)) + p for p in parts)
            return bytes([major << 5 | 31]) + chunks + b"\xff"
        joined = b"".join(parts)
        return _head(major, len(joined)) + joined
    if kind == "float":
        fmt, info = draw(st.sampled_from([(">e", 25), (">f", 26), (">d", 27)]))
        width = {">e": 16, ">f": 32, ">d": 64}[fmt]
        value = draw(st.floats(width=width, allow_nan=False))  # type: ignore[call-overload]
        return bytes([0xE0 | info]) + struct.pack(fmt, value)
    if kind == "simple":
        return bytes([0xE0 | draw(st.sampled_from([20, 21, 22, 23]))])
    if kind == "tag":
        return b"\xc1" + _head(0, draw(st.integers(0, 4_000_000_000)))
    items = draw(st.lists(_cbor(depth + 1), max_size=3))
    if kind == "map":
        keys = draw(st.lists(st.text(max_size=4), min_size=len(items), max_size=len(items)))
        pairs = [
            _head(3, len(k.encode())) + k.encode() + item
            for k, item in zip(keys, items, strict=True)
        ]
        body = b"".join(pairs)
        return (b"\xbf" + body + b"\xff") if indefinite else _head(5, len(pairs)) + body
    body = b"".join(items)
    return (b"\x9f" + body + b"\xff") if indefinite else _head(4, len(items)) + body


def _botocore_decode(data: bytes) -> Any:
    parser = botocore.parsers.RpcV2CBORParser()
    try:
        return parser.parse_data_item(parser.get_peekable_stream_from_bytes(data))
    except Exception as error:
        return type(error).__name__


def _ours(data: bytes) -> Any:
    try:
        return CBORDecoder(data, parse_timestamp).decode()
    except Exception as error:
        return type(error).__name__


def _nan_safe(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: _nan_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nan_safe(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(data=_cbor())
def test_cbor_decoding_equals_botocore(data: bytes) -> None:
    assert _nan_safe(_ours(data)) == _nan_safe(_botocore_decode(data))


@settings(max_examples=200, deadline=None)
@given(data=_cbor(), cut=st.integers(min_value=1, max_value=8))
def test_truncated_cbor_fails_like_botocore(data: bytes, cut: int) -> None:
    truncated = data[: max(len(data) - cut, 0)]
    if truncated:
        assert _ours(truncated) == _botocore_decode(truncated)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xc2\x01", "Found CBOR tag not supported by botocore: 2"),
        (b"\xc1\x61a", "Unable to parse datetime value: a"),
        (b"\xf8\x10", "Invalid additional info found for major type 7: 24."),
        (b"\x1c", "unparsable additional info found for major type 0 or 1: 28"),
        (b"\x19\x01", "End of stream reached"),
    ],
)
def test_cbor_errors_carry_botocore_text(data: bytes, message: str) -> None:
    with pytest.raises(ResponseParserError, match=message):
        CBORDecoder(data, parse_timestamp).decode()


# --- the shared parse flow ----------------------------------------------------------------

_SERVICE = {
    "metadata": {"protocol": "json", "apiVersion": "2020-01-01"},
    "shapes": {
        "Out": {"type": "structure", "members": {"A": {"shape": "S"}}},
        "S": {"type": "string"},
    },
    "operations": {},
}


def _output_shape() -> Any:
    return strato_model.ServiceModel(_SERVICE).shape_for("Out")


def test_parser_adds_status_and_lowercased_headers_like_botocore() -> None:
    response = {
        "status_code": 200,
        "headers": {"X-Amzn-RequestId": "rid", "Content-Type": "application/json"},
        "body": b'{"A": "x"}',
        "context": {"checksum": {"response_algorithm": "crc32"}},
    }
    parsed = create_parser("json").parse(response, _output_shape())
    assert parsed == {
        "A": "x",
        "ResponseMetadata": {
            "RequestId": "rid",
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"x-amzn-requestid": "rid", "content-type": "application/json"},
            "ChecksumAlgorithm": "crc32",
        },
    }


@pytest.mark.parametrize("protocol", ["query", "ec2", "json", "rest-json", "rest-xml"])
@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body>Gateway</body></html>", None])
def test_generic_5xx_reports_status_text(protocol: str, body: bytes | None) -> None:
    response = {"status_code": 503, "headers": {}, "body": body}
    parsed = create_parser(protocol).parse(response, None)
    assert parsed["Error"] == {"Code": "503", "Message": "Service Unavailable"}


def test_rest_xml_error_without_body_uses_s3_headers() -> None:
    response = {
        "status_code": 404,
        "headers": {"x-amz-request-id": "r1", "x-amz-id-2": "h1"},
        "body": b"",
    }
    parsed = create_parser("rest-xml").parse(response, None)
    assert parsed["Error"] == {"Code": "404", "Message": "Not Found"}
    assert parsed["ResponseMetadata"]["RequestId"] == "r1"
    assert parsed["ResponseMetadata"]["HostId"] == "h1"


def test_streaming_payload_is_left_untouched() -> None:
    service = {
        "metadata": {"protocol": "rest-xml", "apiVersion": "2020-01-01"},
        "shapes": {
            "Out": {
                "type": "structure",
                "payload": "Body",
                "members": {
                    "Body": {"shape": "Blob"},
                    "Length": {"shape": "Long", "location": "header", "locationName": "Size"},
                },
            },
            "Blob": {"type": "blob", "streaming": True},
            "Long": {"type": "long"},
        },
        "operations": {},
    }
    shape = strato_model.ServiceModel(service).shape_for("Out")
    stream = io.BytesIO(b"payload")
    parsed = create_parser("rest-xml").parse(
        {"status_code": 200, "headers": {"size": "7"}, "body": stream}, shape
    )
    assert parsed["Body"] is stream
    assert parsed["Length"] == 7


def test_unknown_protocol_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        create_parser("soap")
