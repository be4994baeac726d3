"""What every response parser shares: the parse flow, metadata, unions and REST bindings.

``parse(response, shape)`` takes ``{"status_code", "headers", "body"}`` (plus an optional
``"context"``) and returns the dict botocore's parsers return for it. As in botocore, the
parser itself adds ``HTTPStatusCode`` and ``HTTPHeaders`` (and ``ChecksumAlgorithm`` from
``context["checksum"]``) to ``ResponseMetadata``; ``RetryAttempts`` and ``MaxAttemptsReached``
belong to the retry layer above. A streaming body (already wrapped in
:class:`strato.protocols.streaming.StreamingBody` by the transport) is left in the dict as is;
for status >= 300 the transport must hand over the read bytes instead, as botocore's does.
An event-stream output's body is the transport's raw stream (with botocore's ``stream()``
method): its member becomes an :class:`strato.protocols.eventstream.EventStream`.
"""

from __future__ import annotations

from strato.protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from datetime import datetime
    from typing import Any

    from strato.model import ListShape, Shape, StructureShape
    from strato.protocols.eventstream import EventStream, EventStreamParser

    Parsed = dict[str, Any]
    TimestampParser = Callable[[Any], datetime]
    BlobParser = Callable[[Any], bytes]
else:
    from _collections_abc import Mapping  # Headers' base; collections.abc imports collections

_KNOWN_LOCATIONS = ("header", "headers", "statusCode")


class Headers(Mapping[str, str]):
    """Case-insensitive view of response headers that iterates in their original spelling."""

    __slots__ = ("_names", "_values", "get_lowered")

    def __init__(self, raw: Mapping[str, str]) -> None:
        lowered = [*map(str.lower, raw)]
        names = dict(zip(lowered, raw, strict=True))
        if len(names) == len(raw):
            values = dict(zip(lowered, raw.values(), strict=True))
        else:
            # Names differing only in case: the last one's spelling and value win.
            values = {name.lower(): value for name, value in raw.items()}
        self._names = names
        self._values = values
        # The value of an already lower-cased header name, or None (the dict's own ``get``).
        self.get_lowered: Callable[[str], str | None] = values.get

    def __getitem__(self, name: str) -> str:
        return self._values[name.lower()]

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._names.values())

    def __len__(self) -> int:
        return len(self._values)

    def lowered(self) -> dict[str, str]:
        """``{lower-case name: value}``, botocore's ``HTTPHeaders`` form."""
        return self._values.copy()

    def lowered_items(self) -> Iterable[tuple[str, str]]:
        """``(lower-case name, value)`` pairs, without a copy."""
        return self._values.items()

    def prefixed(self, lowered_prefix: str) -> dict[str, str]:
        """``{name without the prefix: value}`` for every header starting with the prefix."""
        cut = len(lowered_prefix)
        values = self._values
        return {
            name[cut:]: values[lowered]
            for lowered, name in self._names.items()
            if lowered.startswith(lowered_prefix)
        }


class HttpResponse:
    """The response dict's fields, with headers made case-insensitive once."""

    __slots__ = ("body", "context", "headers", "status_code")

    def __init__(self, response: Mapping[str, Any]) -> None:
        self.status_code: int = response["status_code"]
        raw_headers = response["headers"]
        self.headers = raw_headers if isinstance(raw_headers, Headers) else Headers(raw_headers)
        self.body: Any = response.get("body")
        self.context: Mapping[str, Any] = response.get("context") or {}


def _default_blob_parser(value: Any) -> bytes:
    """``base64.b64decode(value)``; binascii gives its results and errors for text and bytes."""
    if isinstance(value, (str, bytes)):
        from binascii import a2b_base64  # loaded at the first blob

        return a2b_base64(value)
    import base64  # other buffers, and the TypeError for what is none

    return base64.b64decode(value)


def _status_text(status_code: int) -> str:
    """The HTTP reason phrase; http.client (with ssl and email) loads only for such errors."""
    import http.client

    return http.client.responses.get(status_code, "")


def status_error(status_code: int) -> Parsed:
    """The error botocore reports when the body says nothing: the HTTP status and its text."""
    return {
        "Error": {
            "Code": str(status_code),
            "Message": _status_text(status_code),
        },
        "ResponseMetadata": {},
    }


def split_error_code(code: str) -> str:
    """``"aws.ns#Name:http://uri"`` -> ``"Name"`` (JSON protocols' ``__type`` forms)."""
    if ":" in code:
        code = code.split(":", 1)[0]
    if "#" in code:
        code = code.rsplit("#", 1)[1]
    return code


def apply_query_error(code: str, headers: Headers, error: Parsed) -> str:
    """Swap in the awsQuery code from ``x-amzn-query-error: Code;Type`` when present."""
    if "x-amzn-query-error" not in headers:
        return code
    parts = headers["x-amzn-query-error"].split(";")
    if len(parts) == 2 and parts[0]:
        error["Error"]["QueryErrorCode"] = code
        error["Error"]["Type"] = parts[1]
        return parts[0]
    return code


def as_structure(shape: Shape) -> StructureShape:
    """The shape typed as the structure the caller knows it is (no runtime check)."""
    return shape  # type: ignore[return-value]


def check_union(shape: StructureShape, value: Mapping[str, Any]) -> str | None:
    """For a union, require exactly one member set; return its tag when the model lacks it."""
    if not shape.is_tagged_union:
        return None
    present = [key for key, item in value.items() if key != "__type" and item is not None]
    if len(present) != 1:
        from strato.exceptions import ResponseParserError  # its module loads on failure only

        raise ResponseParserError(
            msg=f"Invalid service response: {shape.name} must have one and only one member set."
        )
    tag = present[0]
    return None if tag in cached_on(shape, "_strato_union_tags", _union_tags) else tag


def _union_tags(shape: StructureShape) -> frozenset[str]:
    return frozenset(m.serialization.get("name", name) for name, m in shape.members.items())


def unknown_union_member(tag: str) -> Parsed:
    return {"SDK_UNKNOWN_MEMBER": {"name": tag}}


class ResponseParser:
    """One protocol's parser; subclasses supply the body format and the error rules."""

    def __init__(
        self,
        timestamp_parser: TimestampParser | None = None,
        blob_parser: BlobParser | None = None,
    ) -> None:
        self._timestamp_parser: TimestampParser = timestamp_parser or _parse_timestamp
        self._blob_parser: BlobParser = blob_parser or _default_blob_parser
        # shape type name -> bound ``_handle_<type>`` method, found once, not per value
        self._handlers: dict[str, Callable[[Shape, Any], Any]] = {
            name.removeprefix("_handle_"): getattr(self, name)
            for name in dir(self)
            if name.startswith("_handle_")
        }

    def parse(self, response: Mapping[str, Any], shape: Shape | None) -> Any:
        """Parse one HTTP response against ``shape`` (the output or a modeled error shape)."""
        http = HttpResponse(response)
        if http.status_code >= 301:
            if self._is_generic_error(http):
                parsed: Any = status_error(http.status_code)
            elif shape is not None and shape.metadata.get("exception", False):
                return self._parse_modeled_error(http, shape)
            else:
                parsed = self._parse_error(http, shape)
        else:
            parsed = self._parse_success(http, shape)
        if shape is not None and shape.serialization.get("eventstream"):
            return parsed
        if isinstance(parsed, dict):
            metadata = parsed.get("ResponseMetadata", {})
            metadata["HTTPStatusCode"] = http.status_code
            metadata["HTTPHeaders"] = http.headers.lowered()
            checksum = http.context.get("checksum")
            algorithm = checksum.get("response_algorithm") if checksum else None
            if algorithm:
                metadata["ChecksumAlgorithm"] = algorithm
            parsed["ResponseMetadata"] = metadata
        return parsed

    def _is_generic_error(self, http: HttpResponse) -> bool:
        """A 5xx with no body or an HTML page (a proxy or load balancer answered)."""
        if http.status_code < 500:
            return False
        if http.body is None:
            return True
        body = http.body.strip()
        return body.startswith(b"<html>") or not body

    def _parse_success(self, http: HttpResponse, shape: Shape | None) -> Any:
        raise NotImplementedError

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        raise NotImplementedError

    def _parse_modeled_error(self, http: HttpResponse, shape: Shape) -> Any:
        raise NotImplementedError

    def _event_parser(self) -> EventStreamParser:
        """The parser of single events, in this protocol's body format."""
        raise NotImplementedError

    def _event_stream(self, http: HttpResponse, shape: Shape) -> EventStream:
        from strato.protocols.eventstream import EventStream

        return EventStream(
            http.body, shape, self._event_parser(), http.context.get("operation_name")
        )

    def _initial_response(
        self, http: HttpResponse, shape: StructureShape, name: str
    ) -> tuple[EventStream, bytes]:
        """Member ``name``'s event stream and the payload of its initial-response event."""
        from strato.exceptions import NoInitialResponseError, ResponseParserError

        stream = self._event_stream(http, shape.members[name])
        try:
            event = stream.get_initial_response()
        except NoInitialResponseError:
            raise ResponseParserError(msg="First event was not of type initial-response") from None
        return stream, event.payload

    def _parse_shape(self, shape: Shape, node: Any) -> Any:
        handler = self._handlers.get(shape.type_name)
        return node if handler is None else handler(shape, node)

    def _handle_list(self, shape: Shape, node: Any) -> Any:
        list_shape: ListShape = shape  # type: ignore[assignment]
        member = list_shape.member
        handler = self._handlers.get(member.type_name)
        if handler is None:
            return list(node)
        return [None if item is None else handler(member, item) for item in node]


class RestBindingParser(ResponseParser):
    """rest-json / rest-xml: members bound to headers, status code and an HTTP payload."""

    def _initial_body_parse(self, body: Any) -> Any:
        raise NotImplementedError

    def _parse_success(self, http: HttpResponse, shape: Shape | None) -> Any:
        parsed: Parsed = {"ResponseMetadata": self._request_metadata(http.headers)}
        if shape is not None:
            self._parse_bound_members(http, as_structure(shape), parsed)
        return parsed

    def _parse_modeled_error(self, http: HttpResponse, shape: Shape) -> Any:
        parsed: Parsed = {}
        self._parse_bound_members(http, as_structure(shape), parsed)
        return parsed

    @staticmethod
    def _request_metadata(headers: Headers) -> Parsed:
        get = headers.get_lowered
        request_id = get("x-amzn-requestid")
        if request_id is not None:
            return {"RequestId": request_id}
        request_id = get("x-amz-request-id")
        if request_id is not None:
            return {"RequestId": request_id, "HostId": get("x-amz-id-2") or ""}
        return {}

    def _parse_bound_members(self, http: HttpResponse, shape: StructureShape, out: Parsed) -> None:
        bindings = shape.__dict__.get(_BINDINGS) or cached_on(shape, _BINDINGS, _RestBindings)
        headers = http.headers
        # (model position, name, shape or None when the value is final, value)
        found: list[tuple[int, str, Shape | None, Any]] = []
        by_header = bindings.by_header
        if by_header:
            # The response's few headers are looked up, not the model's many members.
            for lowered, value in headers.lowered_items():
                for position, name, member in by_header.get(lowered, ()):
                    found.append((position, name, member, value))
        for position, name, member, prefix in bindings.always:
            if prefix is None:
                found.append((position, name, member, http.status_code))
            else:
                found.append((position, name, None, headers.prefixed(prefix)))
        found.sort()  # positions differ: model order, as botocore fills the dict
        parse_shape = self._parse_shape
        for _, name, bound, value in found:
            out[name] = value if bound is None else parse_shape(bound, value)
        payload = bindings.payload
        if payload is None:
            out.update(self._parse_shape(shape, self._initial_body_parse(http.body)))
            return
        body_shape = bindings.payload_shape
        if body_shape.serialization.get("eventstream"):
            out[payload] = self._event_stream(http, body_shape)
        elif body_shape.type_name in ("string", "blob"):
            body = http.body
            out[payload] = body.decode("utf-8") if isinstance(body, bytes) else body
        else:
            out[payload] = self._parse_shape(body_shape, self._initial_body_parse(http.body))

    def _handle_string(self, shape: Shape, value: Any) -> Any:
        serialization = shape.serialization
        if serialization.get("jsonvalue") and serialization.get("location") == "header":
            from strato._fastjson import loads  # only JSON-valued headers need it

            return loads(_default_blob_parser(value).decode("utf-8"))
        return value

    def _handle_list(self, shape: Shape, node: Any) -> Any:
        if shape.serialization.get("location") == "header" and not isinstance(node, list):
            node = [item.strip() for item in node.split(",")]
        return super()._handle_list(shape, node)


_BINDINGS = "_strato_rest_bindings"


class _RestBindings:
    """An output structure's members bound to the status code, headers and payload.

    ``by_header`` maps a lower-cased header name to the members read from it, as
    ``(model position, name, shape)``; ``always`` are the members every response sets:
    ``(model position, name, shape, None)`` for the status code and ``(..., lower-cased
    prefix)`` for a ``headers`` map.
    """

    __slots__ = ("always", "by_header", "payload", "payload_shape")

    def __init__(self, shape: StructureShape) -> None:
        self.by_header: dict[str, list[tuple[int, str, Shape]]] = {}
        self.always: list[tuple[int, str, Shape, str | None]] = []
        for position, (name, member) in enumerate(shape.members.items()):
            location = member.serialization.get("location")
            if location == "statusCode":
                self.always.append((position, name, member, None))
            elif location == "headers":
                prefix: str = member.serialization.get("name", "")
                self.always.append((position, name, member, prefix.lower()))
            elif location == "header":
                header: str = member.serialization.get("name", name)
                self.by_header.setdefault(header.lower(), []).append((position, name, member))
        self.payload: str | None = shape.serialization.get("payload")
        self.payload_shape = shape.members[self.payload] if self.payload is not None else shape


def is_bound_elsewhere(member: Shape) -> bool:
    """True for members read from headers or the status code rather than the body."""
    serialization = member.serialization
    return serialization.get("location") in _KNOWN_LOCATIONS or bool(
        serialization.get("eventheader")
    )


def _parse_timestamp(value: Any) -> Any:
    """The default timestamp parser, :mod:`strato.protocols.timestamps` loaded by the
    first timestamp an answer holds rather than by every first call."""
    from strato.protocols import timestamps

    return timestamps.parse_timestamp(value)
