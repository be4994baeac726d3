"""Request serializer for ``smithy-rpc-v2-cbor``, with the small CBOR (RFC 8949) encoder it needs.

Encoding follows botocore byte for byte: definite lengths, shortest integer heads,
``float`` members as single precision, ``double`` as double precision, non-finite
values as half-precision specials and timestamps as tag 1 epoch seconds.
"""

from __future__ import annotations

import math
import struct

from strato.model import ListShape, MapShape, Shape, StructureShape
from strato.protocols._serialize_common import (
    add_host_prefix,
    add_query_compatible_header,
    convert_timestamp,
    default_request,
    has_header,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import OperationModel
    from strato.protocols._serialize_common import SerializedRequest

_UNSIGNED, _NEGATIVE, _BYTES, _TEXT, _ARRAY, _MAP, _TAG, _SIMPLE = range(8)
_TRUE = bytes([_SIMPLE << 5 | 21])
_FALSE = bytes([_SIMPLE << 5 | 20])
_HALF_INF = bytes([_SIMPLE << 5 | 25]) + struct.pack(">H", 0x7C00)
_HALF_NEG_INF = bytes([_SIMPLE << 5 | 25]) + struct.pack(">H", 0xFC00)
_HALF_NAN = bytes([_SIMPLE << 5 | 25]) + struct.pack(">H", 0x7E00)
_EVENT_STREAM = "application/vnd.amazon.eventstream"
_LONG = Shape("Long", {"type": "long"})


def _head(major: int, argument: int) -> bytes:
    """The initial byte(s) of a data item: major type plus its shortest-form argument."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(f"CBOR argument too large: {argument}")


def _encode_text(out: bytearray, value: str) -> None:
    encoded = value.encode("utf-8")
    out += _head(_TEXT, len(encoded)) + encoded


def _encode_float(out: bytearray, value: Any, fmt: str, info: int) -> None:
    if value == math.inf:
        out += _HALF_INF
    elif value == -math.inf:
        out += _HALF_NEG_INF
    elif math.isnan(value):
        out += _HALF_NAN
    else:
        out += bytes([_SIMPLE << 5 | info]) + struct.pack(fmt, value)


def _encode(out: bytearray, value: Any, shape: Shape) -> None:
    type_name = shape.type_name
    if isinstance(shape, StructureShape):
        present = {k: v for k, v in value.items() if v is not None}
        out += _head(_MAP, len(present))
        members = shape.members
        for key, member_value in present.items():
            member = members[key]
            _encode_text(out, member.serialization.get("name", key))
            _encode(out, member_value, member)
    elif isinstance(shape, ListShape):
        out += _head(_ARRAY, len(value))
        for item in value:
            _encode(out, item, shape.member)
    elif isinstance(shape, MapShape):
        out += _head(_MAP, len(value))
        for key, item in value.items():
            _encode(out, key, shape.key)
            _encode(out, item, shape.value)
    elif type_name in ("integer", "long"):
        if value >= 0:
            out += _head(_UNSIGNED, value)
        else:
            out += _head(_NEGATIVE, -1 - value)
    elif type_name == "string":
        _encode_text(out, value)
    elif type_name == "blob":
        data = value.encode("utf-8") if isinstance(value, str) else value
        if not isinstance(data, (bytes, bytearray)):
            data = data.read()
        out += _head(_BYTES, len(data)) + data
    elif type_name == "boolean":
        out += _TRUE if value else _FALSE
    elif type_name == "float":
        _encode_float(out, value, ">f", 26)
    elif type_name == "double":
        _encode_float(out, value, ">d", 27)
    elif type_name == "timestamp":
        out += _head(_TAG, 1)
        seconds = convert_timestamp(value, "unixtimestamp")
        if isinstance(seconds, float):
            _encode_float(out, seconds, ">d", 27)
        else:
            _encode(out, seconds, _LONG)
    else:
        raise ValueError(f"Unrecognized C2J type: {type_name}, unable to serialize request")


def encode_cbor(value: Any, shape: Shape) -> bytes:
    """CBOR bytes of ``value`` as described by ``shape``."""
    out = bytearray()
    _encode(out, value, shape)
    return bytes(out)


class RpcV2CBORSerializer:
    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: OperationModel
    ) -> SerializedRequest:
        serialized = default_request()
        target = operation_model.service_model.metadata["targetPrefix"]
        serialized["url_path"] = f"/service/{target}/operation/{operation_model.name}"
        input_shape = operation_model.input_shape
        if input_shape is not None:
            serialized["body"] = encode_cbor(parameters, input_shape)
        add_host_prefix(serialized, parameters, operation_model)
        headers = serialized["headers"]
        headers["smithy-protocol"] = "rpc-v2-cbor"
        add_query_compatible_header(serialized, operation_model)
        has_content_type = has_header("Content-Type", headers)
        headers["Accept"] = (
            _EVENT_STREAM if operation_model.has_event_stream_output else "application/cbor"
        )
        if not has_content_type and serialized["body"] != b"":
            headers["Content-Type"] = (
                _EVENT_STREAM if operation_model.has_event_stream_input else "application/cbor"
            )
        return serialized
