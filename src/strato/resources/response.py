"""What an action answers: the raw response (or the part at its ``path``), or resources
built from it (boto3's ``RawHandler`` / ``ResourceHandler``)."""

from __future__ import annotations

from .._jmespath import search
from ..clients.naming import snake_case
from .params import get_data_member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import ServiceModel
    from .factory import ResourceFactory, ServiceContext
    from .model import Parameter, ResponseResource


def build_identifiers(
    identifiers: list[Parameter],
    parent: Any,
    params: dict[str, Any] | None = None,
    raw_response: Any = None,
) -> list[tuple[str, Any]]:
    """(identifier name, value) pairs from the response, the request, or the parent."""
    results = []
    for identifier in identifiers:
        source = identifier.source
        if source == "response":
            value = search(identifier.path or "", raw_response)
        elif source == "requestParameter":
            value = search(identifier.path or "", params)
        elif source == "identifier":
            value = getattr(parent, snake_case(identifier.name or ""))
        elif source == "data":
            value = get_data_member(parent, identifier.path or "")
        elif source == "input":
            continue
        else:
            raise NotImplementedError(f"Unsupported source type: {source}")
        results.append((snake_case(identifier.target), value))
    return results


def build_empty_response(
    search_path: str | None, operation_name: str, service_model: ServiceModel
) -> Any:
    """What an action answers when the response names no resource: an empty dict or list,
    by the output shape found at ``search_path`` (None for a scalar)."""
    shape: Any = service_model.operation_model(operation_name).output_shape
    if search_path:
        for item in search_path.split("."):
            item = item.strip("[0123456789]$")
            if shape.type_name == "structure":
                shape = shape.members[item]
            elif shape.type_name == "list":
                shape = shape.member
            else:
                raise NotImplementedError(
                    f"Search path hits shape type {shape.type_name} from {item}"
                )
    if shape.type_name in ("structure", "map"):
        return {}
    if shape.type_name == "list":
        return []
    return None


class RawHandler:
    """The response itself, or the part of it at ``search_path``."""

    def __init__(self, search_path: str | None) -> None:
        self.search_path = search_path

    def __call__(self, parent: Any, params: dict[str, Any], response: Any) -> Any:
        if self.search_path and self.search_path != "$":
            return search(self.search_path, response)
        return response


class ResourceHandler:
    """Resources of the response's type: one, or one per element of a list identifier;
    their data is the response at ``search_path``."""

    def __init__(
        self,
        search_path: str | None,
        factory: ResourceFactory,
        resource_model: ResponseResource,
        service_context: ServiceContext,
        operation_name: str | None = None,
    ) -> None:
        self.search_path = search_path
        self.factory = factory
        self.resource_model = resource_model
        self.operation_name = operation_name
        self.service_context = service_context

    def __call__(self, parent: Any, params: dict[str, Any], response: Any) -> Any:
        name = self.resource_model.type
        resource_cls = self.factory.load_from_definition(
            name, self.service_context.resource_json_definitions.get(name), self.service_context
        )
        found = search(self.search_path, response) if self.search_path else None
        identifiers = dict(
            build_identifiers(self.resource_model.identifiers, parent, params, response)
        )
        plural = [value for value in identifiers.values() if isinstance(value, list)]
        if plural:
            return [
                self.handle_response_item(
                    resource_cls, parent, identifiers, found[i] if found else None
                )
                for i in range(len(plural[0]))
            ]
        if all(value is not None for value in identifiers.values()):
            return self.handle_response_item(resource_cls, parent, identifiers, found)
        if self.operation_name is None:
            return None
        return build_empty_response(
            self.search_path, self.operation_name, self.service_context.service_model
        )

    def handle_response_item(
        self,
        resource_cls: type[Any],
        parent: Any,
        identifiers: dict[str, Any],
        resource_data: Any,
    ) -> Any:
        """One resource; a list identifier gives up its first value to it."""
        kwargs: dict[str, Any] = {"client": parent.meta.client}
        for name, value in identifiers.items():
            kwargs[name] = value.pop(0) if isinstance(value, list) else value
        resource = resource_cls(**kwargs)
        if resource_data is not None:
            resource.meta.data = resource_data
        return resource
