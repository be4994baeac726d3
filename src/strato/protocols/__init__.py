"""Wire protocols: request serializers and response parsers, one module per family.

``create_serializer(protocol)`` returns an object whose ``serialize_to_request(params,
operation_model)`` gives botocore's request dict; serializer modules load on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    from strato.model import OperationModel

    class Serializer(Protocol):
        def serialize_to_request(
            self, parameters: dict[str, Any], operation_model: OperationModel
        ) -> dict[str, Any]: ...


# protocol name -> (module, class) of its request serializer
_SERIALIZERS: dict[str, tuple[str, str]] = {
    "query": ("strato.protocols.serialize_query", "QuerySerializer"),
    "ec2": ("strato.protocols.serialize_query", "EC2Serializer"),
    "json": ("strato.protocols.serialize_json", "JSONSerializer"),
    "rest-json": ("strato.protocols.serialize_rest", "RestJSONSerializer"),
    "rest-xml": ("strato.protocols.serialize_rest", "RestXMLSerializer"),
    "smithy-rpc-v2-cbor": ("strato.protocols.serialize_cbor", "RpcV2CBORSerializer"),
}


class _ValidatingSerializer:
    """Validates the parameters against the input shape before serializing them."""

    def __init__(self, serializer: Serializer) -> None:
        from strato.validate import validate_parameters

        self._serializer = serializer
        self._validate = validate_parameters

    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: OperationModel
    ) -> dict[str, Any]:
        input_shape = operation_model.input_shape
        if input_shape is not None:
            self._validate(parameters, input_shape)
        return self._serializer.serialize_to_request(parameters, operation_model)


def create_serializer(protocol_name: str, include_validation: bool = True) -> Serializer:
    """The request serializer for a protocol, validating parameters first unless told not to."""
    module_name, class_name = _SERIALIZERS[protocol_name]
    # The builtin __import__ (with a fromlist it returns the submodule): importlib would
    # load warnings with it.
    serializer: Serializer = getattr(__import__(module_name, fromlist=[class_name]), class_name)()
    return _ValidatingSerializer(serializer) if include_validation else serializer
