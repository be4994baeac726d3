"""Typed, lazy view of a service's JSON model (botocore.model's public API).

Serializers, parsers and validation all read shapes through these classes, so the
attribute names mirror botocore's: code written against ``botocore.model`` reads
the same here. Shapes are built on first use and cached on their owner. Making a
client reads only :class:`ServiceModel`; operations and shapes live in
:mod:`strato._operation_model`, loaded when the first of them is made or named here.
"""

from __future__ import annotations

from strato import exceptions as errors
from strato._lazy import cached_property, forwarding
from strato.loader import LazyBlobs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from strato._operation_model import ContextParameter as ContextParameter
    from strato._operation_model import ListShape as ListShape
    from strato._operation_model import MapShape as MapShape
    from strato._operation_model import OperationModel as OperationModel
    from strato._operation_model import Shape as Shape
    from strato._operation_model import ShapeResolver
    from strato._operation_model import StaticContextParameter as StaticContextParameter
    from strato._operation_model import StringShape as StringShape
    from strato._operation_model import StructureShape as StructureShape

#: The names :mod:`strato._operation_model` defines and this module serves.
_OPERATION_NAMES = frozenset(
    {
        "ContextParameter",
        "ListShape",
        "MapShape",
        "OperationModel",
        "Shape",
        "StaticContextParameter",
        "StringShape",
        "StructureShape",
    }
)


# The protocols strato speaks, most preferred first (botocore's order).
PRIORITY_ORDERED_SUPPORTED_PROTOCOLS: tuple[str, ...] = (
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
)


class ServiceId(str):
    """The model's ``serviceId``; ``hyphenize`` gives the event-name form."""

    def hyphenize(self) -> str:
        return self.replace(" ", "-").lower()


class ClientContextParameter:
    """An endpoint parameter set on the client (``clientContextParams``)."""

    __slots__ = ("documentation", "name", "type")

    def __init__(self, name: str, type: str, documentation: str) -> None:
        self.name = name
        self.type = type
        self.documentation = documentation


class ServiceModel:
    """A whole service description; operations and shapes are built on demand."""

    def __init__(
        self, service_description: dict[str, Any], service_name: str | None = None
    ) -> None:
        self._service_description = service_description
        self.metadata: dict[str, Any] = service_description.get("metadata", {})
        self._service_name = service_name
        self._signature_version: str | None = self.metadata.get("signatureVersion")
        self._operations: dict[str, OperationModel] = {}

    @cached_property
    def _resolver(self) -> ShapeResolver:
        from strato._operation_model import ShapeResolver

        return ShapeResolver(self._service_description.get("shapes", {}))

    def shape_for(self, shape_name: str, member_traits: dict[str, Any] | None = None) -> Shape:
        return self._resolver.get_shape_by_name(shape_name, member_traits)

    def resolve_shape_ref(self, shape_ref: dict[str, Any]) -> Shape:
        return self._resolver.resolve_shape_ref(shape_ref)

    def shape_for_error_code(self, error_code: str) -> StructureShape | None:
        return self._error_code_cache.get(error_code)

    @cached_property
    def _error_code_cache(self) -> dict[str, StructureShape]:
        return {shape.error_code or shape.name: shape for shape in self.error_shapes}

    @cached_property
    def shape_names(self) -> list[str]:
        return list(self._service_description.get("shapes", {}))

    @cached_property
    def error_shapes(self) -> list[StructureShape]:
        # Filtered on the raw model first: building every shape of S3 costs milliseconds.
        from strato._operation_model import StructureShape

        shapes: dict[str, Any] = self._service_description.get("shapes", {})
        found = (
            self.shape_for(name)
            for name, raw in shapes.items()
            if raw.get("type") == "structure" and raw.get("exception")
        )
        return [shape for shape in found if isinstance(shape, StructureShape)]

    def operation_model(self, operation_name: str) -> OperationModel:
        cached = self._operations.get(operation_name)
        if cached is not None:
            return cached
        try:
            model = self._operation_description(operation_name)
        except KeyError:
            raise errors.OperationNotFoundError(operation_name=operation_name) from None
        from strato._operation_model import OperationModel

        op = self._operations[operation_name] = OperationModel(model, self, operation_name)
        return op

    def _operation_description(self, operation_name: str) -> dict[str, Any]:
        """The description's entry of an operation (strato's S3 client model adapts it)."""
        found: dict[str, Any] = self._service_description["operations"][operation_name]
        return found

    @cached_property
    def documentation(self) -> str:
        doc: str = self._service_description.get("documentation", "")
        return doc

    @cached_property
    def operation_names(self) -> list[str]:
        return list(self._service_description.get("operations", []))

    @cached_property
    def service_name(self) -> str:
        if self._service_name is not None:
            return self._service_name
        return self.endpoint_prefix

    @cached_property
    def service_id(self) -> ServiceId:
        try:
            return ServiceId(self._metadata_property("serviceId"))
        except errors.UndefinedModelAttributeError:
            raise errors.MissingServiceIdError(service_name=self._service_name) from None

    @cached_property
    def signing_name(self) -> str:
        name: str | None = self.metadata.get("signingName")
        return name if name is not None else self.endpoint_prefix

    @cached_property
    def api_version(self) -> str:
        return str(self._metadata_property("apiVersion"))

    @cached_property
    def protocol(self) -> str:
        """The wire protocol botocore would pick: first supported of ``protocols``."""
        offered: list[str] | None = self.metadata.get("protocols")
        if offered:
            for protocol in PRIORITY_ORDERED_SUPPORTED_PROTOCOLS:
                if protocol in offered:
                    return protocol
            raise errors.UnsupportedServiceProtocolsError(
                botocore_supported_protocols=PRIORITY_ORDERED_SUPPORTED_PROTOCOLS,
                service_supported_protocols=offered,
                service=self.service_name,
            )
        return str(self._metadata_property("protocol"))

    @property
    def resolved_protocol(self) -> str:
        return self.protocol

    @cached_property
    def protocols(self) -> list[str]:
        offered: list[str] = self._metadata_property("protocols")
        return offered

    @cached_property
    def endpoint_prefix(self) -> str:
        return str(self._metadata_property("endpointPrefix"))

    @cached_property
    def endpoint_discovery_operation(self) -> OperationModel | None:
        for name in self.operation_names:
            op = self.operation_model(name)
            if op.is_endpoint_discovery_operation:
                return op
        return None

    @cached_property
    def has_endpoint_discovery(self) -> bool:
        """Whether an operation is the service's ``endpointoperation``: read from the raw
        description (no OperationModel built), since every client creation asks."""
        return any(
            op.get("endpointoperation") for op in self._operations_holding("endpointoperation")
        )

    @cached_property
    def endpoint_discovery_required(self) -> bool:
        """Whether an operation's ``endpointdiscovery`` says ``required`` (a client made
        without an endpoint URL asks), read from the raw description as above."""
        for op in self._operations_holding("required"):
            discovery = op.get("endpointdiscovery")
            if discovery is not None and discovery.get("required"):
                return True
        return False

    def _operations_holding(self, text: str) -> Iterator[dict[str, Any]]:
        """The description's operations that may hold ``text`` as a key: of a shipped
        model, only those whose blobs hold it are decoded."""
        operations = self._service_description.get("operations", {})
        if isinstance(operations, LazyBlobs):
            return operations.values_holding(text)
        return iter(operations.values())

    @cached_property
    def client_context_parameters(self) -> list[ClientContextParameter]:
        params: dict[str, Any] = self._service_description.get("clientContextParams", {})
        return [
            ClientContextParameter(name=n, type=v["type"], documentation=v.get("documentation", ""))
            for n, v in params.items()
        ]

    @property
    def signature_version(self) -> str | None:
        return self._signature_version

    @signature_version.setter
    def signature_version(self, value: str | None) -> None:
        self._signature_version = value

    @cached_property
    def is_query_compatible(self) -> bool:
        return "awsQueryCompatible" in self.metadata

    def _metadata_property(self, name: str) -> Any:
        try:
            return self.metadata[name]
        except KeyError:
            raise errors.UndefinedModelAttributeError(name=name, model=self) from None

    def __repr__(self) -> str:
        return f"ServiceModel({self._service_name or self.metadata.get('endpointPrefix')})"


__getattr__, __dir__ = forwarding(__name__, _OPERATION_NAMES, "strato._operation_model")
