"""Request serializer for the ``json`` protocol (awsJson1_0/1_1: POST / with ``X-Amz-Target``).

``to_json_value`` turns parameters into JSON-ready values; rest-json reuses it for bodies.
"""

from __future__ import annotations

import decimal
import json
from typing import Any

from strato.model import ListShape, MapShape, OperationModel, Shape, StructureShape
from strato.protocols._serialize_common import (
    SerializedRequest,
    add_host_prefix,
    add_query_compatible_header,
    convert_timestamp,
    default_request,
    get_base64,
    handle_float,
)


def to_json_value(value: Any, shape: Shape) -> Any:
    """The JSON form of ``value``: blobs base64, timestamps epoch seconds unless overridden."""
    if isinstance(shape, StructureShape):
        if shape.is_document_type:
            return value
        members = shape.members
        result: dict[str, Any] = {}
        for key, member_value in value.items():
            member = members[key]
            result[member.serialization.get("name", key)] = to_json_value(member_value, member)
        return result
    if isinstance(shape, MapShape):
        return {key: to_json_value(item, shape.value) for key, item in value.items()}
    if isinstance(shape, ListShape):
        return [to_json_value(item, shape.member) for item in value]
    type_name = shape.type_name
    if type_name == "timestamp":
        return convert_timestamp(value, shape.serialization.get("timestampFormat", "unixtimestamp"))
    if type_name == "blob":
        return get_base64(value)
    if type_name in ("float", "double"):
        return handle_float(float(value) if isinstance(value, decimal.Decimal) else value)
    return value


def json_body(params: Any, shape: Shape) -> bytes:
    """The JSON body bytes, encoded with ``json.dumps`` defaults as botocore does.

    botocore stores a document-typed body under a ``None`` key, which ``json.dumps``
    writes as ``{"null": ...}``; strato sends the same bytes.
    """
    value = to_json_value(params, shape)
    if isinstance(shape, StructureShape) and shape.is_document_type:
        value = {"null": value}
    return json.dumps(value).encode("utf-8")


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
