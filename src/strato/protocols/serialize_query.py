"""Request serializers for the ``query`` and ``ec2`` protocols (form-encoded bodies).

The body stays a flat ``{"Action": ..., "Version": ..., "A.b.1": value}`` dict, as
botocore leaves it; the HTTP layer form-encodes it.
"""

from __future__ import annotations

from strato.model import ListShape, MapShape, StructureShape
from strato.protocols._serialize_common import (
    add_host_prefix,
    convert_timestamp,
    default_request,
    get_base64,
    handle_float,
    serialized_name,
)
from strato.protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import OperationModel, Shape
    from strato.protocols._serialize_common import SerializedRequest


class QuerySerializer:
    """Flattens parameters into dotted form keys (``Foo.member.1``, ``Map.entry.1.key``)."""

    # where a structure's member names are kept (one per dialect: EC2 names differ)
    _NAMES_KEY = "_strato_query_names"

    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: OperationModel
    ) -> SerializedRequest:
        serialized = default_request(operation_model.http.get("method", "POST"))
        serialized["headers"] = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        body: dict[str, Any] = {
            "Action": operation_model.name,
            "Version": operation_model.metadata["apiVersion"],
        }
        if operation_model.input_shape is not None:
            self._serialize(body, parameters, operation_model.input_shape, "")
        serialized["body"] = body
        add_host_prefix(serialized, parameters, operation_model)
        return serialized

    def _serialize(self, out: dict[str, Any], value: Any, shape: Shape, prefix: str) -> None:
        type_name = shape.type_name
        if isinstance(shape, StructureShape):
            self._serialize_structure(out, value, shape, prefix)
        elif isinstance(shape, ListShape):
            self._serialize_list(out, value, shape, prefix)
        elif isinstance(shape, MapShape):
            self._serialize_map(out, value, shape, prefix)
        elif type_name == "blob":
            out[prefix] = get_base64(value)
        elif type_name == "timestamp":
            fmt = shape.serialization.get("timestampFormat", "iso8601")
            out[prefix] = convert_timestamp(value, fmt)
        elif type_name == "boolean":
            out[prefix] = "true" if value else "false"
        elif type_name in ("float", "double"):
            out[prefix] = handle_float(value)
        else:
            out[prefix] = value

    def _name(self, shape: Shape, default_name: str) -> str:
        return serialized_name(shape, default_name)

    def _serialize_structure(
        self, out: dict[str, Any], value: dict[str, Any], shape: StructureShape, prefix: str
    ) -> None:
        names = cached_on(shape, self._NAMES_KEY, self._member_names)
        for key, member_value in value.items():
            member, member_prefix = names[key]
            if prefix:
                member_prefix = f"{prefix}.{member_prefix}"
            self._serialize(out, member_value, member, member_prefix)

    def _member_names(self, shape: StructureShape) -> dict[str, tuple[Shape, str]]:
        """Member name -> (member shape, its name in form keys), in this dialect."""
        return {name: (member, self._name(member, name)) for name, member in shape.members.items()}

    def _serialize_list(
        self, out: dict[str, Any], value: list[Any], shape: ListShape, prefix: str
    ) -> None:
        if not value:
            # The query protocol sends an empty list as an empty value.
            out[prefix] = ""
            return
        member = shape.member
        if shape.serialization.get("flattened"):
            list_prefix = prefix
            if member.serialization.get("name"):
                # A flattened list's member name replaces the last path segment.
                list_prefix = ".".join([*prefix.split(".")[:-1], self._name(member, "")])
        else:
            list_prefix = f"{prefix}.{member.serialization.get('name', 'member')}"
        for i, element in enumerate(value, 1):
            self._serialize(out, element, member, f"{list_prefix}.{i}")

    def _serialize_map(
        self, out: dict[str, Any], value: dict[Any, Any], shape: MapShape, prefix: str
    ) -> None:
        full_prefix = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        key_suffix = self._name(shape.key, "key")
        value_suffix = self._name(shape.value, "value")
        for i, key in enumerate(value, 1):
            self._serialize(out, key, shape.key, f"{full_prefix}.{i}.{key_suffix}")
            self._serialize(out, value[key], shape.value, f"{full_prefix}.{i}.{value_suffix}")


class EC2Serializer(QuerySerializer):
    """EC2's query dialect: capitalised ``locationName``/``queryName`` and bare ``Name.N`` lists."""

    _NAMES_KEY = "_strato_ec2_names"

    def _name(self, shape: Shape, default_name: str) -> str:
        serialization = shape.serialization
        if "queryName" in serialization:
            query_name: str = serialization["queryName"]
            return query_name
        if "name" in serialization:
            name: str = serialization["name"]
            return name[0].upper() + name[1:]
        return default_name

    def _serialize_list(
        self, out: dict[str, Any], value: list[Any], shape: ListShape, prefix: str
    ) -> None:
        for i, element in enumerate(value, 1):
            self._serialize(out, element, shape.member, f"{prefix}.{i}")
