"""Response parsers for the XML protocols: ``query``, ``ec2`` and ``rest-xml``.

Children are grouped by namespace-free tag; repeated tags become lists, which is how
flattened lists and maps are told apart from wrapped ones (botocore's rules). Bodies are
read into :mod:`strato.protocols._xmltree`'s tree (ElementTree's, without xml.etree).
"""

from __future__ import annotations

from strato.protocols._parse_common import (
    ResponseParser,
    RestBindingParser,
    as_structure,
    check_union,
    is_bound_elsewhere,
    status_error,
    unknown_union_member,
)
from strato.protocols._shape_cache import cached_on
from strato.protocols._xmltree import ExpatError, XMLNode, parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import ListShape, MapShape, Shape, StructureShape
    from strato.protocols._parse_common import HttpResponse, Parsed
    from strato.protocols.eventstream import EventStreamParser


def _strip_namespace(name: str, replacement: str = "") -> str:
    """Replace the ``{uri}`` part of a tag or attribute name."""
    start = name.find("{")
    end = name.rfind("}")
    if start == -1 or end < start:
        return name
    return name[:start] + replacement + name[end + 1 :]


def _text(node: Any) -> Any:
    """An element's text (``""`` when empty) or a header's string, unchanged."""
    if type(node) is XMLNode:
        return node.text or ""
    return node


def _children_by_tag(parent: Any) -> dict[str, Any]:
    """``{local name: element}``, with repeated tags gathered into a list of elements."""
    if type(parent) is list:
        return _children_by_tag(parent[0])
    grouped: dict[str, Any] = {}
    for child in parent:
        key = child.local
        seen = grouped.get(key)
        if seen is None:
            grouped[key] = child
        elif type(seen) is list:
            seen.append(child)
        else:
            grouped[key] = [seen, child]
    return grouped


def _to_plain_dict(grouped: dict[str, Any]) -> dict[str, Any]:
    """Error bodies are not modeled: turn elements into nested dicts of texts."""
    for key, value in grouped.items():
        if len(value):
            grouped[key] = _to_plain_dict(_children_by_tag(value))
        else:
            grouped[key] = value.text
    return grouped


def _merge(into: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and key in into:
            _merge(into[key], value)
        else:
            into[key] = value


def _parse_xml(body: bytes) -> XMLNode:
    try:
        root = parse(body)
    except ExpatError as error:
        from strato.exceptions import ResponseParserError

        raise ResponseParserError(
            msg=f"Unable to parse response ({error}), invalid XML received. "
            f"Further retries may succeed:\n{body!r}"
        ) from None
    return root


def _member_tag(member: Shape, name: str) -> str:
    """A flattened list's items carry the list member's name, if it has one."""
    serialization = member.serialization
    if member.type_name == "list" and serialization.get("flattened"):
        list_shape: ListShape = member  # type: ignore[assignment]
        item_name = list_shape.member.serialization.get("name")
        if item_name is not None:
            return str(item_name)
    return str(serialization.get("name", name))


class _XMLMembers:
    """A structure's body members with their element tags, derived once per shape.

    Each entry is ``(name, shape, tag, type name, attribute name or None)``.
    """

    __slots__ = ("exception", "members", "union")

    def __init__(self, shape: StructureShape) -> None:
        self.exception = bool(shape.metadata.get("exception", False))
        self.union = shape.is_tagged_union
        self.members: list[tuple[str, Shape, str, str, str | None]] = [
            (
                name,
                member,
                _member_tag(member, name),
                member.type_name,
                member.serialization["name"] if member.serialization.get("xmlAttribute") else None,
            )
            for name, member in shape.members.items()
            if not is_bound_elsewhere(member)
        ]


_PLAN = "_strato_xml_members"


class _XMLBodyParser(ResponseParser):
    """Walks an XML tree along the model."""

    def _error_root(self, root: XMLNode) -> XMLNode:
        if root.local == "ErrorResponse":
            for child in root:
                if child.local == "Error":
                    return child
        return root

    def _handle_structure(self, shape: Shape, node: Any) -> Any:
        plan: _XMLMembers = shape.__dict__.get(_PLAN) or cached_on(shape, _PLAN, _XMLMembers)
        if plan.exception:
            node = self._error_root(node)
        children = _children_by_tag(node)
        if plan.union:
            tag = check_union(as_structure(shape), children)
            if tag is not None:
                return unknown_union_member(tag)
        parsed: Parsed = {}
        handlers = self._handlers
        for name, member, tag, type_name, attribute in plan.members:
            child = children.get(tag)
            if child is not None:
                handler = handlers.get(type_name)
                parsed[name] = child if handler is None else handler(member, child)
            elif attribute is not None:
                prefix = attribute.split(":")[0] + ":"
                attributes = {_strip_namespace(k, prefix): v for k, v in node.attrib.items()}
                if attribute in attributes:
                    parsed[name] = attributes[attribute]
        return parsed

    def _handle_list(self, shape: Shape, node: Any) -> Any:
        if shape.serialization.get("flattened") and type(node) is not list:
            node = [node]
        return super()._handle_list(shape, node)

    def _handle_map(self, shape: Shape, node: Any) -> Any:
        map_shape: MapShape = shape  # type: ignore[assignment]
        key_shape, value_shape = map_shape.key, map_shape.value
        key_tag = key_shape.serialization.get("name") or "key"
        value_tag = value_shape.serialization.get("name") or "value"
        if shape.serialization.get("flattened") and type(node) is not list:
            node = [node]
        parsed: Parsed = {}
        key: Any = None
        value: Any = None
        for entry in node:
            for part in entry:
                tag = part.local
                if tag == key_tag:
                    key = self._parse_shape(key_shape, part)
                elif tag == value_tag:
                    value = self._parse_shape(value_shape, part)
                else:
                    from strato.exceptions import ResponseParserError

                    raise ResponseParserError(msg=f"Unknown tag: {tag}")
            parsed[key] = value
        return parsed

    def _handle_boolean(self, shape: Shape, node: Any) -> bool:
        return bool(_text(node) == "true")

    def _handle_float(self, shape: Shape, node: Any) -> float:
        return float(_text(node))

    def _handle_integer(self, shape: Shape, node: Any) -> int:
        return int(_text(node))

    def _handle_timestamp(self, shape: Shape, node: Any) -> Any:
        return self._timestamp_parser(_text(node))

    def _handle_string(self, shape: Shape, node: Any) -> Any:
        if type(node) is XMLNode:  # ``_text``, written out: most members are strings
            return node.text or ""
        return node

    def _handle_blob(self, shape: Shape, node: Any) -> bytes:
        return self._blob_parser(_text(node))

    _handle_character = _handle_string
    _handle_double = _handle_float
    _handle_long = _handle_integer


class QueryParser(_XMLBodyParser):
    """``query``: the result sits under ``<OpResult>``; metadata under ``<ResponseMetadata>``."""

    def _parse_success(self, http: HttpResponse, shape: Shape | None) -> Any:
        return self._parse_body(http, shape, inject_metadata=True)

    def _parse_modeled_error(self, http: HttpResponse, shape: Shape) -> Any:
        return self._parse_body(http, shape, inject_metadata=False)

    def _parse_body(self, http: HttpResponse, shape: Shape | None, inject_metadata: bool) -> Any:
        root = _parse_xml(http.body)
        top = _children_by_tag(root)
        parsed: Any = {}
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper")
            parsed = self._parse_shape(shape, root if wrapper is None else top[wrapper])
        if inject_metadata:
            self._inject_metadata(top, parsed)
        return parsed

    def _inject_metadata(self, top: dict[str, Any], parsed: Any) -> None:
        """Copy the response metadata from the root's children (``top``) into ``parsed``."""
        node = top.get("ResponseMetadata")
        if node is not None:
            parsed["ResponseMetadata"] = {
                key: child.text for key, child in _children_by_tag(node).items()
            }

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        parsed = _to_plain_dict(_children_by_tag(_parse_xml(http.body)))
        if "Errors" in parsed:
            parsed.update(parsed.pop("Errors"))
        if "RequestId" in parsed:
            parsed["ResponseMetadata"] = {"RequestId": parsed.pop("RequestId")}
        return parsed


class EC2QueryParser(QueryParser):
    """``ec2``: no result wrapper; ``requestId`` / ``RequestID`` and ``<Errors><Error>``."""

    def _inject_metadata(self, top: dict[str, Any], parsed: Any) -> None:
        node = top.get("requestId")
        if node is not None:
            parsed["ResponseMetadata"] = {"RequestId": node.text}

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        parsed = super()._parse_error(http, shape)
        if "RequestID" in parsed:
            parsed["ResponseMetadata"] = {"RequestId": parsed.pop("RequestID")}
        return parsed

    def _error_root(self, root: XMLNode) -> XMLNode:
        for child in root:
            if child.local == "Errors":
                for error in child:
                    if error.local == "Error":
                        return error
        return root


def _initial_xml_parse(body: bytes) -> XMLNode:
    if not body:
        return XMLNode()
    return _parse_xml(body)


class RestXMLParser(RestBindingParser, _XMLBodyParser):
    """``rest-xml``: S3's ``<Error>`` root and the ``<ErrorResponse>`` of other services."""

    def _initial_body_parse(self, body: Any) -> Any:
        return _initial_xml_parse(body)

    def _event_parser(self) -> EventStreamParser:
        from strato.protocols.eventstream import EventStreamParser

        body = _XMLBodyParser(self._timestamp_parser, self._blob_parser)
        return EventStreamParser(body._parse_shape, _initial_xml_parse, self._timestamp_parser)

    def _handle_string(self, shape: Shape, node: Any) -> Any:
        if type(node) is XMLNode:
            # Body text: only header values carry ``jsonvalue`` encoding.
            return node.text or ""
        return RestBindingParser._handle_string(self, shape, node)

    def _parse_error(self, http: HttpResponse, shape: Shape | None) -> Any:
        if http.body:
            from strato.exceptions import ResponseParserError  # error answers only

            try:
                return self._parse_error_body(http)
            except ResponseParserError:
                pass
        error = status_error(http.status_code)
        error["ResponseMetadata"] = {
            "RequestId": http.headers.get("x-amz-request-id", ""),
            "HostId": http.headers.get("x-amz-id-2", ""),
        }
        return error

    def _parse_error_body(self, http: HttpResponse) -> Parsed:
        root = _parse_xml(http.body)
        parsed = _to_plain_dict(_children_by_tag(root))
        if root.tag == "Error":
            metadata = self._request_metadata(http.headers)
            parsed.pop("RequestId", None)
            parsed.pop("HostId", None)
            return {"Error": parsed, "ResponseMetadata": metadata}
        if "RequestId" in parsed:
            parsed["ResponseMetadata"] = {"RequestId": parsed.pop("RequestId")}
        error: Parsed = {"Error": {"Message": "", "Code": ""}}
        _merge(error, parsed)
        return error
