"""Response parser for ``smithy-rpc-v2-cbor``, with the small CBOR (RFC 8949) decoder it needs.

Only what AWS sends is decoded: integers, byte/text strings (also indefinite), arrays, maps,
tag 1 (epoch timestamps), floats and the simple values false/true/null/undefined.
"""

from __future__ import annotations

import struct

from strato import exceptions as errors
from strato.protocols._parse_common import (
    ResponseParser,
    apply_query_error,
    as_structure,
    split_error_code,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import Shape
    from strato.protocols._parse_common import HttpResponse, Parsed, TimestampParser
    from strato.protocols.eventstream import EventStreamParser

_BREAK = 0xFF
_INDEFINITE = 31
_WIDTHS = {24: 1, 25: 2, 26: 4, 27: 8}
_FLOATS = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}
_SIMPLE: dict[int, bool | None] = {20: False, 21: True, 22: None, 23: None}


class CBORDecoder:
    """Decodes one data item from bytes; map entries whose value is null are dropped."""

    def __init__(self, data: bytes, timestamp_parser: TimestampParser) -> None:
        self._data = data
        self._pos = 0
        self._timestamp_parser = timestamp_parser

    def decode(self) -> Any:
        initial = self._read_int(1)
        major, info = initial >> 5, initial & 0x1F
        if major == 0:
            return self._argument(info)
        if major == 1:
            return -1 - self._argument(info)
        if major == 2:
            return self._bytes(info)
        if major == 3:
            return self._bytes(info).decode("utf-8")
        if major == 4:
            return self._array(info)
        if major == 5:
            return self._map(info)
        if major == 6:
            return self._tag(info)
        return self._simple(info)

    def _read(self, count: int) -> bytes:
        chunk = self._data[self._pos : self._pos + count]
        if len(chunk) != count:
            raise errors.ResponseParserError(
                msg="End of stream reached; this indicates a malformed CBOR response from the "
                "server or an issue in botocore"
            )
        self._pos += count
        return chunk

    def _read_int(self, count: int) -> int:
        return int.from_bytes(self._read(count), "big")

    def _argument(self, info: int) -> int:
        if info < 24:
            return info
        if info in _WIDTHS:
            return self._read_int(_WIDTHS[info])
        raise errors.ResponseParserError(
            msg="Invalid CBOR integer returned from the service; unparsable additional info "
            f"found for major type 0 or 1: {info}"
        )

    def _at_break(self) -> bool:
        """Consume the break byte that ends an indefinite-length item, if it is next."""
        if self._data[self._pos : self._pos + 1] == bytes([_BREAK]):
            self._pos += 1
            return True
        return False

    def _bytes(self, info: int) -> bytes:
        if info != _INDEFINITE:
            return self._read(self._argument(info))
        chunks = []
        while not self._at_break():
            chunks.append(self._read(self._argument(self._read_int(1) & 0x1F)))
        return b"".join(chunks)

    def _array(self, info: int) -> list[Any]:
        if info != _INDEFINITE:
            return [self.decode() for _ in range(self._argument(info))]
        items = []
        while not self._at_break():
            items.append(self.decode())
        return items

    def _map(self, info: int) -> dict[Any, Any]:
        items: dict[Any, Any] = {}
        if info != _INDEFINITE:
            for _ in range(self._argument(info)):
                self._entry(items)
        else:
            while not self._at_break():
                self._entry(items)
        return items

    def _entry(self, items: dict[Any, Any]) -> None:
        key = self.decode()
        value = self.decode()
        if value is not None:
            items[key] = value

    def _tag(self, info: int) -> Any:
        tag = self._argument(info)
        value = self.decode()
        if tag != 1:
            raise errors.ResponseParserError(msg=f"Found CBOR tag not supported by botocore: {tag}")
        if isinstance(value, int | float):
            return self._timestamp_parser(value)
        raise errors.ResponseParserError(msg=f"Unable to parse datetime value: {value}")

    def _simple(self, info: int) -> Any:
        if info in _SIMPLE:
            return _SIMPLE[info]
        if info in _FLOATS:
            fmt, width = _FLOATS[info]
            return struct.unpack(fmt, self._read(width))[0]
        raise errors.ResponseParserError(
            msg=f"Invalid additional info found for major type 7: {info}.  This indicates an "
            "unsupported simple type or an indefinite float value"
        )


class RpcV2CBORParser(ResponseParser):
    """``smithy-rpc-v2-cbor``: members keyed by name; blobs, maps and numbers come typed."""

    def _decode(self, body: bytes) -> Any:
        if not body:
            return {}
        return CBORDecoder(body, self._timestamp_parser).decode()

    def _parse_success(self, http: HttpResponse, shape: Shape | None) -> Any:
        if shape is None:
            return {}
        stream_member = as_structure(shape).event_stream_name
        if stream_member is not None:
            # botocore keeps the initial response as decoded, without walking the model
            stream, initial = self._initial_response(http, as_structure(shape), stream_member)
            parsed: Parsed = self._decode(initial)
            parsed[stream_member] = stream
        else:
            parsed = dict(self._parse_shape(shape, self._decode(http.body)))
        parsed["ResponseMetadata"] = (
            {"RequestId": http.headers["x-amzn-requestid"]}
            if "x-amzn-requestid" in http.headers
            else {}
        )
        return parsed

    def _parse_modeled_error(self, http: HttpResponse, shape: Shape) -> Any:
        return self._parse_shape(shape, self._decode(http.body))

    def _event_parser(self) -> EventStreamParser:
        """As in botocore, decoded event bodies are not walked along the model."""
        from strato.protocols.eventstream import EventStreamParser

        body = ResponseParser(self._timestamp_parser, self._blob_parser)
        return EventStreamParser(body._parse_shape, self._decode, self._timestamp_parser)

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        body = self._decode(http.body)
        error: Parsed = {
            "Error": {"Message": body.get("message", body.get("Message", "")), "Code": ""},
            "ResponseMetadata": {},
        }
        code = body.get("__type")
        if code is None:
            code = str(http.status_code)
        error["Error"]["Code"] = apply_query_error(split_error_code(code), http.headers, error)
        if "x-amzn-requestid" in http.headers:
            error["ResponseMetadata"]["RequestId"] = http.headers["x-amzn-requestid"]
        return error

    def _handle_structure(self, shape: Shape, node: Any) -> Any:
        structure = as_structure(shape)
        if structure.is_tagged_union:
            _check_union_members(structure.name, node)
        return {
            name: self._parse_shape(member, node[name])
            for name, member in structure.members.items()
            if node.get(name) is not None
        }


def _check_union_members(name: str, node: dict[str, Any]) -> None:
    """rpc-v2-cbor only checks that exactly one union member is set (no unknown handling)."""
    if sum(1 for key, value in node.items() if key != "__type" and value is not None) != 1:
        raise errors.ResponseParserError(
            msg=f"Invalid service response: {name} must have one and only one member set."
        )
