"""Response parsers for the JSON protocols: ``json`` (awsJson 1.0/1.1) and ``rest-json``."""

from __future__ import annotations

from strato._fastjson import loads
from strato.protocols._parse_common import (
    ResponseParser,
    RestBindingParser,
    apply_query_error,
    as_structure,
    check_union,
    split_error_code,
    unknown_union_member,
)
from strato.protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import MapShape, Shape, StructureShape
    from strato.protocols._parse_common import HttpResponse, Parsed
    from strato.protocols.eventstream import EventStreamParser


def _load_json(body: bytes) -> Any:
    """An empty body is ``{}``; a non-JSON body becomes the error message, as in botocore."""
    if not body:
        return {}
    text = body.decode("utf-8")
    try:
        return loads(text)
    except ValueError:
        return {"message": text}


class _JSONMembers:
    """A structure's traits and members, once per shape.

    ``members`` are ``(position, name, shape, JSON key, type name)`` in model order;
    ``by_key`` maps each JSON key to its member's entry (None in the unlikely case of two
    members on one key, which are then read member by member).
    """

    __slots__ = ("by_key", "document", "members", "union")

    def __init__(self, shape: StructureShape) -> None:
        self.document = shape.is_document_type
        self.union = shape.is_tagged_union
        self.members = [
            (position, name, member, str(member.serialization.get("name", name)), member.type_name)
            for position, (name, member) in enumerate(shape.members.items())
        ]
        by_key = {entry[3]: entry for entry in self.members}
        self.by_key = by_key if len(by_key) == len(self.members) else None


_PLAN = "_strato_json_members"


class _JSONBodyParser(ResponseParser):
    """Walks decoded JSON along the model; errors come from ``__type`` and ``message``."""

    def _handle_structure(self, shape: Shape, value: Any) -> Any:
        plan: _JSONMembers = shape.__dict__.get(_PLAN) or cached_on(shape, _PLAN, _JSONMembers)
        if plan.document:
            return value
        if value is None:
            return None
        if plan.union:
            tag = check_union(as_structure(shape), value)
            if tag is not None:
                return unknown_union_member(tag)
        parsed: Parsed = {}
        handlers = self._handlers
        by_key = plan.by_key
        if by_key is None or type(value) is not dict:
            # Member by member, as botocore reads (and fails on what is not an object).
            for _, name, member, key, type_name in plan.members:
                raw = value.get(key)
                if raw is not None:
                    handler = handlers.get(type_name)
                    parsed[name] = raw if handler is None else handler(member, raw)
            return parsed
        # An object has fewer keys than its model has members (one of AttributeValue's
        # ten): look its keys up, then fill the result in model order as botocore does.
        present = []
        for key, raw in value.items():
            entry = by_key.get(key)
            if entry is not None and raw is not None:
                present.append((entry, raw))
        if len(present) > 1:
            present.sort()  # by model position: positions differ, nothing else is compared
        for (_, name, member, _, type_name), raw in present:
            handler = handlers.get(type_name)
            parsed[name] = raw if handler is None else handler(member, raw)
        return parsed

    def _handle_map(self, shape: Shape, value: Any) -> Any:
        map_shape: MapShape = shape  # type: ignore[assignment]
        key_shape, value_shape = map_shape.key, map_shape.value
        parse_value = self._handlers.get(value_shape.type_name)
        if parse_value is None or key_shape.type_name in self._handlers:
            return {
                self._parse_shape(key_shape, key): self._parse_shape(value_shape, item)
                for key, item in value.items()
            }
        # The common case: keys are kept as they are, only the values need parsing.
        return {key: parse_value(value_shape, item) for key, item in value.items()}

    def _handle_blob(self, shape: Shape, value: Any) -> bytes:
        return self._blob_parser(value)

    def _handle_timestamp(self, shape: Shape, value: Any) -> Any:
        return self._timestamp_parser(value)

    def _event_parser(self) -> EventStreamParser:
        """Event bodies are plain JSON: rest-json's conversions of header text do not apply."""
        from strato.protocols.eventstream import EventStreamParser

        body = _JSONBodyParser(self._timestamp_parser, self._blob_parser)
        return EventStreamParser(body._parse_shape, _load_json, self._timestamp_parser)

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        body = _load_json(http.body)
        error: Parsed = {"Error": {"Message": "", "Code": ""}, "ResponseMetadata": {}}
        error["Error"]["Message"] = body.get("message", body.get("Message", ""))
        code = body.get("__type", str(http.status_code) if http.status_code else None)
        if code is not None:
            code = apply_query_error(split_error_code(code), http.headers, error)
            error["Error"]["Code"] = code
        if "x-amzn-requestid" in http.headers:
            error["ResponseMetadata"]["RequestId"] = http.headers["x-amzn-requestid"]
        return error


class JSONParser(_JSONBodyParser):
    """``json``: the whole body is the output structure; the request id is a header."""

    def _parse_success(self, http: HttpResponse, shape: Shape | None) -> Any:
        parsed: Any = {}
        if shape is not None:
            stream_member = as_structure(shape).event_stream_name
            if stream_member is not None:
                stream, initial = self._initial_response(http, as_structure(shape), stream_member)
                parsed = self._parse_shape(shape, _load_json(initial))
                parsed[stream_member] = stream
            else:
                parsed = self._parse_shape(shape, _load_json(http.body))
        request_id = http.headers.get_lowered("x-amzn-requestid")
        if request_id is not None:
            parsed.setdefault("ResponseMetadata", {})["RequestId"] = request_id
        return parsed

    def _parse_modeled_error(self, http: HttpResponse, shape: Shape) -> Any:
        return self._parse_shape(shape, _load_json(http.body))


class RestJSONParser(RestBindingParser, _JSONBodyParser):
    """``rest-json``: scalars may arrive as header text; ``x-amzn-errortype`` names errors."""

    def _initial_body_parse(self, body: Any) -> Any:
        return _load_json(body)

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        error = super()._parse_error(http, shape)
        body = _load_json(http.body)
        code: Any = None
        if "x-amzn-errortype" in http.headers:
            code = http.headers["x-amzn-errortype"]
        elif "code" in body or "Code" in body:
            code = body.get("code", body.get("Code", ""))
        if code is None:
            return error
        if isinstance(code, str):
            code = code.split(":", 1)[0].rsplit("#", 1)[-1]
        error["Error"]["Code"] = code
        return error

    def _handle_boolean(self, shape: Shape, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        return isinstance(value, str) and value.lower() == "true"

    def _handle_integer(self, shape: Shape, value: Any) -> int:
        return int(value)

    def _handle_float(self, shape: Shape, value: Any) -> float:
        return float(value)

    _handle_long = _handle_integer
    _handle_double = _handle_float
