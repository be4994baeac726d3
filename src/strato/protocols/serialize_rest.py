"""Request serializers for ``rest-json`` and ``rest-xml``.

Members bound to the URI, query string or headers are placed first; what is left
(or the ``payload`` member) becomes the JSON or XML body.
"""

from __future__ import annotations

from strato.model import ListShape, MapShape, StructureShape
from strato.protocols._serialize_common import (
    add_host_prefix,
    convert_timestamp,
    default_request,
    get_base64,
    handle_float,
    has_header,
    parse_to_aware_datetime,
    percent_encode,
    serialized_name,
)
from strato.protocols._shape_cache import cached_on
from strato.protocols._xmltree import XMLNode, to_bytes
from strato.protocols.serialize_json import json_body

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import OperationModel, Shape
    from strato.protocols._serialize_common import SerializedRequest

# URI template (from the models, so a bounded set) -> its labels
_URI_LABELS: dict[str, list[str]] = {}


class _Partitioned:
    """The user's parameters sorted by where they travel in the request."""

    def __init__(self) -> None:
        self.uri: dict[str, Any] = {}
        self.query: dict[str, Any] = {}
        self.body: dict[str, Any] = {}
        self.headers: dict[str, Any] = {}


class _BaseRestSerializer:
    """URI, query string and header binding shared by rest-json and rest-xml."""

    _EMPTY_BODY = b""

    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: OperationModel
    ) -> SerializedRequest:
        http = operation_model.http
        serialized = default_request(http.get("method", "POST"))
        shape = operation_model.input_shape
        add_host_prefix(serialized, parameters, operation_model)
        if shape is None:
            serialized["url_path"] = http["requestUri"]
            return serialized
        parts = _Partitioned()
        bindings = cached_on(shape, "_strato_rest_input_bindings", _input_bindings)
        for name, value in parameters.items():
            if value is not None:
                member, location, key = bindings[name]
                self._partition(parts, name, value, member, location, key)
        serialized["url_path"] = _render_uri(http["requestUri"], parts.uri)
        if "authPath" in http:
            serialized["auth_path"] = _render_uri(http["authPath"], parts.uri)
        serialized["query_string"] = parts.query
        if parts.headers:
            serialized["headers"] = parts.headers
        self._serialize_payload(parts, parameters, serialized, shape)
        self._add_content_type(serialized, shape)
        return serialized

    def _partition(
        self,
        parts: _Partitioned,
        name: str,
        value: Any,
        member: Shape,
        location: str | None,
        key: str,
    ) -> None:
        if location == "uri":
            parts.uri[key] = _uri_or_query_value(value, member)
        elif location == "querystring":
            if isinstance(value, dict):
                parts.query.update(value)
            elif isinstance(member, ListShape):
                parts.query[key] = [_uri_or_query_value(v, member.member) for v in value]
            else:
                parts.query[key] = _uri_or_query_value(value, member)
        elif location == "header":
            if not value and member.type_name == "list":
                # An empty list sends no header at all.
                return
            parts.headers[key] = _header_value(member, value)
        elif location == "headers":
            # ``key`` is a prefix; each map entry becomes one header.
            for sub_key, sub_value in value.items():
                parts.headers[key + sub_key] = sub_value
        else:
            parts.body[name] = value

    def _serialize_payload(
        self,
        parts: _Partitioned,
        parameters: dict[str, Any],
        serialized: SerializedRequest,
        shape: StructureShape,
    ) -> None:
        payload: str | None = shape.serialization.get("payload")
        if payload is not None and _is_streaming_payload(shape):
            body = parameters.get(payload, b"")
            serialized["body"] = body.encode("utf-8") if isinstance(body, str) else body
        elif payload is not None:
            value = parameters.get(payload)
            if value is not None:
                serialized["body"] = self._serialize_body(value, shape.members[payload])
            else:
                serialized["body"] = self._EMPTY_BODY
        elif parts.body:
            serialized["body"] = self._serialize_body(parts.body, shape)
        elif self._requires_empty_body(shape):
            serialized["body"] = self._EMPTY_BODY

    def _serialize_body(self, params: Any, shape: Shape) -> bytes:
        raise NotImplementedError

    def _requires_empty_body(self, shape: StructureShape) -> bool:
        return False

    def _add_content_type(self, serialized: SerializedRequest, shape: StructureShape) -> None:
        """Only rest-json sets a Content-Type of its own."""


class RestJSONSerializer(_BaseRestSerializer):
    _EMPTY_BODY = b"{}"

    def _serialize_body(self, params: Any, shape: Shape) -> bytes:
        return json_body(params, shape)

    def _requires_empty_body(self, shape: StructureShape) -> bool:
        """A body of ``{}`` is sent whenever some member is not bound to a location."""
        return any("location" not in m.serialization for m in shape.members.values())

    def _add_content_type(self, serialized: SerializedRequest, shape: StructureShape) -> None:
        if _is_streaming_payload(shape):
            return
        if serialized["body"] != b"" and not has_header("Content-Type", serialized["headers"]):
            serialized["headers"]["Content-Type"] = "application/json"


class RestXMLSerializer(_BaseRestSerializer):
    def _serialize_body(self, params: Any, shape: Shape) -> bytes:
        pseudo_root = XMLNode()
        _xml_node(shape, params, pseudo_root, shape.serialization["name"])
        return to_bytes(pseudo_root[0])


def _input_bindings(shape: StructureShape) -> dict[str, tuple[Shape, str | None, str]]:
    """Member name -> (shape, ``location`` trait, name on the wire)."""
    return {
        name: (member, member.serialization.get("location"), member.serialization.get("name", name))
        for name, member in shape.members.items()
    }


def _is_streaming_payload(shape: StructureShape) -> bool:
    payload = shape.serialization.get("payload")
    return payload is not None and shape.members[payload].type_name in ("blob", "string")


def _render_uri(template: str, params: dict[str, Any]) -> str:
    """Fill ``{Label}`` (fully encoded) and greedy ``{Label+}`` (keeps ``/``) placeholders."""
    encoded: dict[str, str] = {}
    for label in uri_labels(template):
        if label.endswith("+"):
            encoded[label] = percent_encode(params[label[:-1]], safe="/~")
        else:
            encoded[label] = percent_encode(params[label])
    return template.format(**encoded)


def uri_labels(template: str) -> list[str]:
    """The ``{...}`` labels of a URI template, in order (botocore's ``{(.*?)}``)."""
    labels = _URI_LABELS.get(template)
    if labels is None:
        labels = _URI_LABELS[template] = _find_labels(template)
    return labels


def _find_labels(template: str) -> list[str]:
    labels: list[str] = []
    start = template.find("{")
    while start != -1:
        end = template.find("}", start + 1)
        if end == -1:
            break
        label = template[start + 1 : end]
        if "\n" in label:  # ``.`` stops at a newline: try the next ``{``
            start = template.find("{", start + 1)
            continue
        labels.append(label)
        start = template.find("{", end + 1)
    return labels


def _uri_or_query_value(value: Any, member: Shape) -> Any:
    type_name = member.type_name
    if type_name == "boolean":
        return str(value).lower()
    if type_name == "timestamp":
        return convert_timestamp(value, member.serialization.get("timestampFormat", "iso8601"))
    if type_name in ("float", "double"):
        return str(handle_float(value))
    return value


def _header_value(shape: Shape, value: Any) -> str:
    type_name = shape.type_name
    if type_name == "timestamp":
        import calendar  # it imports locale: only timestamp headers need it

        # Headers carry whole seconds: sub-second precision is dropped first.
        seconds = calendar.timegm(parse_to_aware_datetime(value).utctimetuple())
        fmt = shape.serialization.get("timestampFormat", "rfc822")
        return str(convert_timestamp(seconds, fmt))
    if isinstance(shape, ListShape):
        member = shape.member
        if member.type_name == "string":
            items = [_escape_header_list_item(v) for v in value if v is not None]
        else:
            items = [_header_value(member, v) for v in value if v is not None]
        return ",".join(items)
    if (
        type_name == "string"
        and shape.serialization.get("jsonvalue", False)
        and shape.serialization.get("location") == "header"
    ):
        import json  # only JSON-valued headers need it

        return get_base64(json.dumps(value, separators=(",", ":")))
    if type_name == "boolean":
        return str(value).lower()
    if type_name in ("float", "double"):
        return str(handle_float(value))
    return str(value)


def _escape_header_list_item(value: str) -> str:
    if '"' in value or "," in value:
        return '"' + value.replace('"', '\\"') + '"'
    return value


def _sub_element(parent: XMLNode, name: str) -> XMLNode:
    node = XMLNode(name, name)
    parent.append(node)
    return node


def _xml_node(shape: Shape, value: Any, parent: XMLNode, name: str) -> None:
    """Append ``value`` under ``parent`` as element(s) called ``name``."""
    if isinstance(shape, StructureShape):
        _xml_structure(shape, value, parent, name)
    elif isinstance(shape, ListShape):
        _xml_list(shape, value, parent, name)
    elif isinstance(shape, MapShape):
        _xml_map(shape, value, parent, name)
    else:
        node = _sub_element(parent, name)
        node.text = _xml_scalar_text(shape, value)
        _add_namespace(shape, node)


def _xml_scalar_text(shape: Shape, value: Any) -> str:
    type_name = shape.type_name
    if type_name == "boolean":
        return "true" if value else "false"
    if type_name == "blob":
        return get_base64(value)
    if type_name == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "iso8601")
        return str(convert_timestamp(value, fmt))
    if type_name in ("float", "double"):
        return str(handle_float(value))
    return str(value)


def _xml_structure(
    shape: StructureShape, value: dict[str, Any], parent: XMLNode, name: str
) -> None:
    node = _sub_element(parent, name)
    _add_namespace(shape, node)
    for key, member_value in value.items():
        member = shape.members[key]
        if member_value is None:
            # botocore stops at the first None member: later members are not sent.
            return
        if member.serialization.get("xmlAttribute"):
            node.attrib[member.serialization["name"]] = member_value
            continue
        _xml_node(member, member_value, node, member.serialization.get("name", key))


def _xml_list(shape: ListShape, value: list[Any], parent: XMLNode, name: str) -> None:
    member = shape.member
    if shape.serialization.get("flattened"):
        element_name, list_node = name, parent
    else:
        element_name = member.serialization.get("name", "member")
        list_node = _sub_element(parent, name)
    _add_namespace(shape, list_node)
    for item in value:
        _xml_node(member, item, list_node, element_name)


def _xml_map(shape: MapShape, value: dict[Any, Any], parent: XMLNode, name: str) -> None:
    flattened = shape.serialization.get("flattened")
    if not flattened:
        map_node = _sub_element(parent, name)
        _add_namespace(shape, map_node)
    key_name = serialized_name(shape.key, "key")
    value_name = serialized_name(shape.value, "value")
    for key, item in value.items():
        entry = _sub_element(parent if flattened else map_node, name if flattened else "entry")
        _xml_node(shape.key, key, entry, key_name)
        _xml_node(shape.value, item, entry, value_name)


def _add_namespace(shape: Shape, node: XMLNode) -> None:
    namespace = shape.serialization.get("xmlNamespace")
    if isinstance(namespace, dict):
        attribute = "xmlns"
        if namespace.get("prefix"):
            attribute += f":{namespace['prefix']}"
        node.attrib[attribute] = namespace["uri"]
    elif isinstance(namespace, str):
        node.attrib["xmlns"] = namespace
