"""Request serializer for the ``json`` protocol (awsJson1_0/1_1: POST / with ``X-Amz-Target``).

``to_json_value`` turns parameters into JSON-ready values; rest-json reuses it for bodies.
"""

from __future__ import annotations

import sys

from strato._fastjson import dumps
from strato.model import ListShape, MapShape, StructureShape
from strato.protocols._serialize_common import (
    add_host_prefix,
    add_query_compatible_header,
    convert_timestamp,
    default_request,
    get_base64,
    handle_float,
)
from strato.protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import OperationModel, Shape
    from strato.protocols._serialize_common import SerializedRequest


def to_json_value(value: Any, shape: Shape) -> Any:
    """The JSON form of ``value``: blobs base64, timestamps epoch seconds unless overridden."""
    kind: str = shape.__dict__.get(_KIND) or cached_on(shape, _KIND, _json_kind)
    if kind == "plain":
        return value
    if kind == "structure":
        keys = shape.__dict__.get(_KEYS) or cached_on(shape, _KEYS, _member_keys)
        result: dict[str, Any] = {}
        for key, member_value in value.items():
            wire_key, member = keys[key]
            result[wire_key] = to_json_value(member_value, member)
        return result
    if kind == "map":
        value_shape = shape.value  # type: ignore[attr-defined]
        return {key: to_json_value(item, value_shape) for key, item in value.items()}
    if kind == "list":
        member = shape.member  # type: ignore[attr-defined]
        return [to_json_value(item, member) for item in value]
    if kind == "timestamp":
        return convert_timestamp(value, shape.serialization.get("timestampFormat", "unixtimestamp"))
    if kind == "blob":
        return get_base64(value)
    # float or double
    return handle_float(float(value) if _is_decimal(value) else value)


def _is_decimal(value: Any) -> bool:
    """A ``decimal.Decimal``, without importing decimal: an instance means it is loaded."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


_KIND = "_strato_json_kind"
_KEYS = "_strato_json_member_keys"


def _json_kind(shape: Shape) -> str:
    """How ``to_json_value`` converts values of ``shape`` (documents pass through as is)."""
    if isinstance(shape, StructureShape):
        return "plain" if shape.is_document_type else "structure"
    if isinstance(shape, MapShape):
        return "map"
    if isinstance(shape, ListShape):
        return "list"
    type_name = shape.type_name
    if type_name in ("timestamp", "blob"):
        return type_name
    if type_name in ("float", "double"):
        return "float"
    return "plain"


def _member_keys(shape: StructureShape) -> dict[str, tuple[str, Shape]]:
    """Member name -> (JSON key, member shape)."""
    return {
        name: (member.serialization.get("name", name), member)
        for name, member in shape.members.items()
    }


def json_body(params: Any, shape: Shape) -> bytes:
    """The JSON body bytes, encoded with ``json.dumps`` defaults as botocore does (through
    :mod:`strato._fastjson`: the same encoder, without importing json).

    botocore stores a document-typed body under a ``None`` key, which ``json.dumps``
    writes as ``{"null": ...}``; strato sends the same bytes.
    """
    value = to_json_value(params, shape)
    if isinstance(shape, StructureShape) and shape.is_document_type:
        value = {"null": value}
    return dumps(value).encode("utf-8")


class JSONSerializer:
    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: OperationModel
    ) -> SerializedRequest:
        metadata = operation_model.metadata
        serialized = default_request(operation_model.http.get("method", "POST"))
        serialized["headers"] = {
            "X-Amz-Target": f"{metadata['targetPrefix']}.{operation_model.name}",
            "Content-Type": f"application/x-amz-json-{metadata['jsonVersion']}",
        }
        add_query_compatible_header(serialized, operation_model)
        input_shape = operation_model.input_shape
        serialized["body"] = b"{}" if input_shape is None else json_body(parameters, input_shape)
        add_host_prefix(serialized, parameters, operation_model)
        return serialized
