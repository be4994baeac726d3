"""``application/vnd.amazon.eventstream`` bodies, decoded into botocore's ``EventStream``.

A message is a 12-byte prelude (total length, headers length, CRC32 of those 8 bytes), typed
headers, a payload and a CRC32 of all the bytes before it. ``EventStream`` yields
each message parsed against the output's event-stream union, as botocore's does; an error or
exception event raises ``EventStreamError``.
"""

from __future__ import annotations

import struct
import zlib

from strato.exceptions import (
    ChecksumMismatch,
    DuplicateHeader,
    EventStreamError,
    InvalidHeadersLength,
    InvalidPayloadLength,
    MalformedEventStreamMessage,
    NoInitialResponseError,
)
from strato.protocols._parse_common import as_structure

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any

    from strato.model import Shape
    from strato.protocols._parse_common import Parsed, TimestampParser

_PRELUDE_LENGTH = 12
_CRC_LENGTH = 4
_MAX_HEADERS_LENGTH = 128 * 1024
_MAX_PAYLOAD_LENGTH = 24 * 1024 * 1024
_PRELUDE = struct.Struct("!III")
_UINT16 = struct.Struct("!H")
_UINT32 = struct.Struct("!I")
# header value type -> layout of its fixed-width value (2 byte, 3 short, 4 int, 5 long,
# 8 timestamp in epoch milliseconds)
_FIXED_WIDTH = {
    2: struct.Struct("!b"),
    3: struct.Struct("!h"),
    4: struct.Struct("!i"),
    5: struct.Struct("!q"),
    8: struct.Struct("!q"),
}
_BYTE_ARRAY, _STRING, _UUID = 6, 7, 9
_UUID_LENGTH = 16

HeaderValue = bool | int | bytes | str


class MessagePrelude:
    """The lengths and CRC at the start of a message."""

    __slots__ = ("crc", "headers_length", "total_length")

    def __init__(self, total_length: int, headers_length: int, crc: int) -> None:
        self.total_length = total_length
        self.headers_length = headers_length
        self.crc = crc

    @property
    def payload_length(self) -> int:
        return self.total_length - self.headers_length - _PRELUDE_LENGTH - _CRC_LENGTH

    @property
    def payload_end(self) -> int:
        return self.total_length - _CRC_LENGTH

    @property
    def headers_end(self) -> int:
        return _PRELUDE_LENGTH + self.headers_length


class EventStreamMessage:
    """One decoded message: typed headers and the raw payload."""

    __slots__ = ("crc", "headers", "payload", "prelude")

    def __init__(
        self, prelude: MessagePrelude, headers: dict[str, HeaderValue], payload: bytes, crc: int
    ) -> None:
        self.prelude = prelude
        self.headers = headers
        self.payload = payload
        self.crc = crc

    def to_response_dict(self, status_code: int = 200) -> dict[str, Any]:
        """The message as a response for the event parser; error events count as a 400."""
        if self.headers.get(":message-type") in ("error", "exception"):
            status_code = 400
        return {"status_code": status_code, "headers": self.headers, "body": self.payload}


def _check_crc(data: memoryview, expected: int, crc: int = 0) -> None:
    calculated = zlib.crc32(data, crc)
    if calculated != expected:
        raise ChecksumMismatch(expected=expected, calculated=calculated)


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedEventStreamMessage(reason=f"header text is not UTF-8 ({error})") from None


def _parse_headers(data: bytes) -> dict[str, HeaderValue]:
    """Headers as botocore reads them: a byte array, string or uuid cut short by the end of
    the headers is kept short; a fixed-width value that does not fit is an error."""
    headers: dict[str, HeaderValue] = {}
    end = len(data)
    pos = 0
    while pos < end:
        name_end = pos + 1 + data[pos]
        name = _utf8(data[pos + 1 : name_end])
        if name_end >= end:
            raise MalformedEventStreamMessage(reason=f"header {name!r} has no value type")
        kind = data[name_end]
        pos = name_end + 1
        value: HeaderValue
        if kind in (0, 1):
            value = kind == 0
        elif kind in _FIXED_WIDTH:
            layout = _FIXED_WIDTH[kind]
            if pos + layout.size > end:
                raise MalformedEventStreamMessage(reason=f"header {name!r} value is cut short")
            value = layout.unpack_from(data, pos)[0]
            pos += layout.size
        elif kind in (_BYTE_ARRAY, _STRING):
            if pos + _UINT16.size > end:
                raise MalformedEventStreamMessage(reason=f"header {name!r} length is cut short")
            value_end = pos + _UINT16.size + _UINT16.unpack_from(data, pos)[0]
            raw = data[pos + _UINT16.size : value_end]
            value = raw if kind == _BYTE_ARRAY else _utf8(raw)
            pos = value_end
        elif kind == _UUID:
            value = data[pos : pos + _UUID_LENGTH]
            pos += _UUID_LENGTH
        else:
            raise MalformedEventStreamMessage(reason=f"header {name!r} has unknown type {kind}")
        if name in headers:
            raise DuplicateHeader(header=name)
        headers[name] = value
    return headers


def _parse_prelude(data: bytes, pos: int) -> MessagePrelude:
    view = memoryview(data)[pos : pos + _PRELUDE_LENGTH]
    prelude = MessagePrelude(*_PRELUDE.unpack(view))
    _check_crc(view[: _PRELUDE_LENGTH - _CRC_LENGTH], prelude.crc)
    if prelude.headers_length > _MAX_HEADERS_LENGTH:
        raise InvalidHeadersLength(length=prelude.headers_length)
    if prelude.payload_length > _MAX_PAYLOAD_LENGTH:
        raise InvalidPayloadLength(length=prelude.payload_length)
    if prelude.payload_length < 0:
        # botocore would read the headers or the CRC from outside the message
        raise MalformedEventStreamMessage(
            reason=f"total length {prelude.total_length} cannot hold "
            f"{prelude.headers_length} bytes of headers"
        )
    return prelude


class EventStreamBuffer:
    """Bytes in, complete messages out; an incomplete message waits for more data."""

    def __init__(self) -> None:
        self._data = b""
        self._pos = 0
        self._prelude: MessagePrelude | None = None

    def add_data(self, data: bytes) -> None:
        self._data = self._data[self._pos :] + data
        self._pos = 0

    def __iter__(self) -> Iterator[EventStreamMessage]:
        return self

    def __next__(self) -> EventStreamMessage:
        data, pos = self._data, self._pos
        available = len(data) - pos
        if available < _PRELUDE_LENGTH:
            raise StopIteration
        prelude = self._prelude
        if prelude is None:
            prelude = self._prelude = _parse_prelude(data, pos)
        if available < prelude.total_length:
            raise StopIteration
        payload_end = pos + prelude.payload_end
        crc: int = _UINT32.unpack_from(data, payload_end)[0]
        # the message CRC goes on from the prelude's: it covers the whole message
        prelude_end = pos + _PRELUDE_LENGTH - _CRC_LENGTH
        _check_crc(memoryview(data)[prelude_end:payload_end], crc, prelude.crc)
        headers_end = pos + prelude.headers_end
        headers = _parse_headers(data[pos + _PRELUDE_LENGTH : headers_end])
        message = EventStreamMessage(prelude, headers, data[headers_end:payload_end], crc)
        self._pos = pos + prelude.total_length
        self._prelude = None
        return message


class EventStream:
    """A response's stream of events: iterate for ``{EventName: {...}}`` dicts.

    Events are decoded as the transport's chunks arrive; unknown event types are skipped.
    """

    def __init__(
        self,
        raw_stream: Any,
        output_shape: Shape,
        parser: EventStreamParser,
        operation_name: Any,
    ) -> None:
        self._raw_stream = raw_stream
        self._output_shape = output_shape
        self._operation_name = operation_name
        self._parser = parser
        self._event_generator = self._create_raw_event_generator()

    def __iter__(self) -> Iterator[Parsed]:
        for event in self._event_generator:
            parsed = self._parse_event(event)
            if parsed:
                yield parsed

    def _create_raw_event_generator(self) -> Iterator[EventStreamMessage]:
        buffer = EventStreamBuffer()
        for chunk in self._raw_stream.stream():
            buffer.add_data(chunk)
            yield from buffer

    def _parse_event(self, event: EventStreamMessage) -> Parsed:
        response = event.to_response_dict()
        parsed: Parsed = self._parser.parse(response, self._output_shape)
        if response["status_code"] == 200:
            return parsed
        raise EventStreamError(parsed, self._operation_name)

    def get_initial_response(self) -> EventStreamMessage:
        """The first message, which must be the ``initial-response`` event (json protocols)."""
        try:
            event = next(self._event_generator)
        except StopIteration:
            raise NoInitialResponseError() from None
        if event.headers.get(":event-type") == "initial-response":
            return event
        raise NoInitialResponseError()

    def close(self) -> None:
        """Close the underlying HTTP response stream."""
        self._raw_stream.close()


class EventStreamParser:
    """Parses one event message against the event-stream union (botocore's
    ``BaseEventStreamParser``), walking bodies with the protocol's plain body parser."""

    def __init__(
        self,
        parse_shape: Callable[[Shape, Any], Any],
        initial_body_parse: Callable[[bytes], Any],
        timestamp_parser: TimestampParser,
    ) -> None:
        self._parse_shape = parse_shape
        self._initial_body_parse = initial_body_parse
        self._timestamp_parser = timestamp_parser

    def parse(self, response: Mapping[str, Any], shape: Shape) -> Parsed:
        """Events carry no ``ResponseMetadata``; error events come with status 400."""
        headers: Mapping[str, Any] = response["headers"]
        body: bytes = response["body"]
        if response["status_code"] >= 301:
            return self._parse_event_error(headers, body, shape)
        return self._parse_event(headers, body, shape)

    def _parse_event(self, headers: Mapping[str, Any], body: bytes, shape: Shape) -> Parsed:
        structure = as_structure(shape)
        parsed: Parsed = {}
        if structure.serialization.get("eventstream"):
            event_type = headers.get(":event-type")
            if event_type in structure.members:
                parsed[event_type] = self._parse_event(headers, body, structure.members[event_type])
            return parsed
        for name, member in structure.members.items():
            if member.serialization.get("eventheader") and name in headers:
                value = headers[name]
                if member.type_name == "timestamp":
                    value = self._timestamp_parser(value / 1000.0)
                parsed[name] = value
        if structure.serialization.get("event"):
            self._parse_payload(body, structure.members, shape, parsed)
        return parsed

    def _parse_payload(
        self, body: bytes, members: Mapping[str, Shape], shape: Shape, parsed: Parsed
    ) -> None:
        for name, member in members.items():
            if member.serialization.get("eventpayload"):
                if member.type_name == "blob":
                    parsed[name] = body
                elif member.type_name == "string":
                    parsed[name] = body.decode("utf-8")
                else:
                    parsed[name] = self._parse_shape(member, self._initial_body_parse(body))
                return
        parsed.update(self._parse_shape(shape, self._initial_body_parse(body)))

    def _parse_event_error(self, headers: Mapping[str, Any], body: bytes, shape: Shape) -> Parsed:
        exception_type = headers.get(":exception-type")
        members = as_structure(shape).members
        if exception_type not in members:
            return {
                "Error": {
                    "Code": headers.get(":error-code", ""),
                    "Message": headers.get(":error-message", ""),
                }
            }
        fields = self._parse_shape(members[exception_type], self._initial_body_parse(body))
        message = fields.get("Message", fields.get("message", ""))
        return {"Error": {"Code": exception_type, "Message": message}}
