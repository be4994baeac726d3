"""The operations and shapes of a service model (botocore.model's ``OperationModel``,
``Shape`` and its kinds), served by :mod:`strato.model`: import them from there.

A client is made from its :class:`~strato.model.ServiceModel` alone; serializing,
validating and parsing read these, so they load at a client's first call (or its first
paginator, waiter or shape), not with every client.
"""

from __future__ import annotations

from strato import exceptions as errors
from strato._lazy import cached_property

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.loader import LazyBlobs
    from strato.model import ServiceModel

# Keys of a shape (or member reference) that steer serialization; ``locationName``
# is exposed as ``name``.
_SERIALIZED_ATTRS: tuple[str, ...] = (
    "locationName",
    "queryName",
    "flattened",
    "location",
    "payload",
    "streaming",
    "timestampFormat",
    "xmlNamespace",
    "resultWrapper",
    "xmlAttribute",
    "eventstream",
    "event",
    "eventheader",
    "eventpayload",
    "jsonvalue",
    "hostLabel",
)
_METADATA_ATTRS: tuple[str, ...] = (
    "required",
    "min",
    "max",
    "pattern",
    "sensitive",
    "enum",
    "idempotencyToken",
    "error",
    "exception",
    "endpointdiscoveryid",
    "retryable",
    "document",
    "union",
    "contextParam",
    "clientContextParams",
    "requiresLength",
)


class StaticContextParameter:
    """An endpoint parameter an operation fixes (``staticContextParams``)."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: bool | str) -> None:
        self.name = name
        self.value = value


class ContextParameter:
    """An endpoint parameter taken from an input member (``contextParam``)."""

    __slots__ = ("member_name", "name")

    def __init__(self, name: str, member_name: str) -> None:
        self.name = name
        self.member_name = member_name


class Shape:
    """A shape of the model, merged with the traits of the member that refers to it."""

    def __init__(
        self, shape_name: str, shape_model: dict[str, Any], resolver: ShapeResolver | None = None
    ) -> None:
        self.name = shape_name
        self.type_name: str = shape_model["type"]
        self.documentation: str = shape_model.get("documentation", "")
        self._shape_model = shape_model
        self._resolver = resolver

    @cached_property
    def serialization(self) -> dict[str, Any]:
        model = self._shape_model
        result = {attr: model[attr] for attr in _SERIALIZED_ATTRS if attr in model}
        if "locationName" in result:
            result["name"] = result.pop("locationName")
        return result

    @cached_property
    def metadata(self) -> dict[str, Any]:
        model = self._shape_model
        return {attr: model[attr] for attr in _METADATA_ATTRS if attr in model}

    @cached_property
    def required_members(self) -> list[str]:
        required: list[str] = self.metadata.get("required", [])
        return required

    @property
    def event_stream_name(self) -> str | None:
        return None

    def _resolve(self, shape_ref: dict[str, Any]) -> Shape:
        if self._resolver is None:
            raise ValueError(
                f"Attempted to resolve shape '{shape_ref}', but no shape map was provided."
            )
        return self._resolver.resolve_shape_ref(shape_ref)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({self.name})>"


class StructureShape(Shape):
    @cached_property
    def members(self) -> dict[str, Shape]:
        refs: dict[str, dict[str, Any]] = self._shape_model.get("members", {})
        return {name: self._resolve(ref) for name, ref in refs.items()}

    @cached_property
    def event_stream_name(self) -> str | None:
        for name, member in self.members.items():
            if member.serialization.get("eventstream"):
                return name
        return None

    @cached_property
    def error_code(self) -> str | None:
        if not self.metadata.get("exception", False):
            return None
        code: str | None = self.metadata.get("error", {}).get("code")
        return code or self.name

    @cached_property
    def is_document_type(self) -> bool:
        return bool(self.metadata.get("document", False))

    @cached_property
    def is_tagged_union(self) -> bool:
        return bool(self.metadata.get("union", False))

    @property
    def is_union(self) -> bool:
        return self.is_tagged_union


class ListShape(Shape):
    @cached_property
    def member(self) -> Shape:
        return self._resolve(self._shape_model["member"])


class MapShape(Shape):
    @cached_property
    def key(self) -> Shape:
        return self._resolve(self._shape_model["key"])

    @cached_property
    def value(self) -> Shape:
        return self._resolve(self._shape_model["value"])


class StringShape(Shape):
    @cached_property
    def enum(self) -> list[str]:
        values: list[str] = self.metadata.get("enum", [])
        return values


_SHAPE_CLASSES: dict[str, type[Shape]] = {
    "structure": StructureShape,
    "list": ListShape,
    "map": MapShape,
    "string": StringShape,
}


class ShapeResolver:
    """Turns shape names and member references into Shape objects, caching plain names."""

    def __init__(self, shape_map: dict[str, dict[str, Any]] | LazyBlobs) -> None:
        self._shape_map = shape_map
        self._cache: dict[str, Shape] = {}

    def get_shape_by_name(
        self, shape_name: str, member_traits: dict[str, Any] | None = None
    ) -> Shape:
        if not member_traits and shape_name in self._cache:
            return self._cache[shape_name]
        try:
            shape_model = self._shape_map[shape_name]
        except KeyError:
            raise errors.NoShapeFoundError(shape_name=shape_name) from None
        if "type" not in shape_model:
            raise errors.InvalidShapeError(
                msg=f"Shape is missing required key 'type': {shape_model}"
            )
        cls = _SHAPE_CLASSES.get(shape_model["type"], Shape)
        if member_traits:
            return cls(shape_name, {**shape_model, **member_traits}, self)
        shape = self._cache[shape_name] = cls(shape_name, shape_model, self)
        return shape

    def resolve_shape_ref(self, shape_ref: dict[str, Any]) -> Shape:
        if "shape" not in shape_ref:
            raise errors.InvalidShapeReferenceError(
                msg=f"Invalid model, missing shape reference: {shape_ref}"
            )
        traits = {k: v for k, v in shape_ref.items() if k != "shape"}
        return self.get_shape_by_name(shape_ref["shape"], traits)


class OperationModel:
    """One operation: its HTTP binding, input/output shapes and per-operation traits."""

    def __init__(
        self, operation_model: dict[str, Any], service_model: ServiceModel, name: str | None = None
    ) -> None:
        self._operation_model = operation_model
        self._service_model = service_model
        self._api_name = name
        self.metadata = service_model.metadata
        self.http: dict[str, Any] = operation_model.get("http", {})

    @cached_property
    def name(self) -> str:
        return self._api_name if self._api_name is not None else self.wire_name

    @property
    def wire_name(self) -> str:
        """The name sent on the wire (differs from ``name`` for a few cloudfront calls)."""
        return str(self._operation_model.get("name"))

    @property
    def service_model(self) -> ServiceModel:
        return self._service_model

    @cached_property
    def documentation(self) -> str:
        return str(self._operation_model.get("documentation", ""))

    @cached_property
    def deprecated(self) -> bool:
        return bool(self._operation_model.get("deprecated", False))

    @cached_property
    def endpoint_discovery(self) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._operation_model.get("endpointdiscovery")
        return value

    @cached_property
    def is_endpoint_discovery_operation(self) -> bool:
        return bool(self._operation_model.get("endpointoperation", False))

    @cached_property
    def input_shape(self) -> StructureShape | None:
        return self._structure_ref("input")

    @cached_property
    def output_shape(self) -> StructureShape | None:
        return self._structure_ref("output")

    def _structure_ref(self, key: str) -> StructureShape | None:
        ref = self._operation_model.get(key)
        if ref is None:
            return None
        shape = self._service_model.resolve_shape_ref(ref)
        if not isinstance(shape, StructureShape):
            raise errors.InvalidShapeError(msg=f"Operation {key} must be a structure: {ref}")
        return shape

    @cached_property
    def idempotent_members(self) -> list[str]:
        if self.input_shape is None:
            return []
        return [
            name
            for name, shape in self.input_shape.members.items()
            if shape.metadata.get("idempotencyToken")
        ]

    @cached_property
    def static_context_parameters(self) -> list[StaticContextParameter]:
        params: dict[str, Any] = self._operation_model.get("staticContextParams", {})
        return [StaticContextParameter(name=n, value=p.get("value")) for n, p in params.items()]

    @cached_property
    def context_parameters(self) -> list[ContextParameter]:
        if self.input_shape is None:
            return []
        return [
            ContextParameter(name=shape.metadata["contextParam"]["name"], member_name=name)
            for name, shape in self.input_shape.members.items()
            if "name" in shape.metadata.get("contextParam", {})
        ]

    @cached_property
    def operation_context_parameters(self) -> dict[str, dict[str, str]]:
        """Rule-set parameter name to ``{"path": <JMESPath over the input>}``."""
        params: dict[str, dict[str, str]] = self._operation_model.get("operationContextParams", {})
        return params

    @cached_property
    def request_compression(self) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._operation_model.get("requestcompression")
        return value

    @cached_property
    def auth(self) -> list[str] | None:
        value: list[str] | None = self._operation_model.get("auth")
        return value

    @cached_property
    def auth_type(self) -> str | None:
        value: str | None = self._operation_model.get("authtype")
        return value

    @cached_property
    def unsigned_payload(self) -> bool | None:
        value: bool | None = self._operation_model.get("unsignedPayload")
        return value

    @cached_property
    def error_shapes(self) -> list[Shape]:
        refs: list[dict[str, Any]] = self._operation_model.get("errors", [])
        return [self._service_model.resolve_shape_ref(ref) for ref in refs]

    @cached_property
    def endpoint(self) -> dict[str, Any] | None:
        """The ``endpoint`` trait, e.g. ``{"hostPrefix": "{Bucket}."}``."""
        value: dict[str, Any] | None = self._operation_model.get("endpoint")
        return value

    @cached_property
    def http_checksum_required(self) -> bool:
        return bool(self._operation_model.get("httpChecksumRequired", False))

    @cached_property
    def http_checksum(self) -> dict[str, Any]:
        value: dict[str, Any] = self._operation_model.get("httpChecksum", {})
        return value

    @cached_property
    def has_event_stream_input(self) -> bool:
        return self.get_event_stream_input() is not None

    @cached_property
    def has_event_stream_output(self) -> bool:
        return self.get_event_stream_output() is not None

    def get_event_stream_input(self) -> Shape | None:
        return _event_stream_member(self.input_shape)

    def get_event_stream_output(self) -> Shape | None:
        return _event_stream_member(self.output_shape)

    @cached_property
    def has_streaming_input(self) -> bool:
        return self.get_streaming_input() is not None

    @cached_property
    def has_streaming_output(self) -> bool:
        return self.get_streaming_output() is not None

    def get_streaming_input(self) -> Shape | None:
        return _streaming_payload(self.input_shape)

    def get_streaming_output(self) -> Shape | None:
        return _streaming_payload(self.output_shape)

    def __repr__(self) -> str:
        return f"OperationModel(name={self.name})"


def _event_stream_member(shape: StructureShape | None) -> Shape | None:
    if shape is None or shape.event_stream_name is None:
        return None
    return shape.members[shape.event_stream_name]


def _streaming_payload(shape: StructureShape | None) -> Shape | None:
    """The payload member when it is a blob (botocore's notion of a streaming body)."""
    if shape is None:
        return None
    payload = shape.serialization.get("payload")
    if payload is None:
        return None
    member = shape.members[payload]
    return member if member.type_name == "blob" else None
