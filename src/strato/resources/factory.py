"""Resource classes made from their definitions, with boto3's names (``s3.Bucket``,
``s3.ServiceResource``) and attributes: identifiers, ``load``/``reload``, actions,
attributes of the shape (loaded on first read), collections, references, sub-resources,
``wait_until_*`` methods, then the service's customizations.

Unlike boto3, which makes a new class each time a resource is built, each class is made
once per factory (one per session) and service model.
"""

from __future__ import annotations

from typing import NamedTuple

from .action import ServiceAction, WaiterAction
from .base import ResourceMeta, ServiceResource
from .collection import collection_manager_class
from .model import ResourceModel
from .response import ResourceHandler, build_identifiers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..model import ServiceModel
    from .model import Action, Collection, Waiter


class ServiceContext(NamedTuple):
    """What every class of one service resource shares (boto3's ``ServiceContext``)."""

    service_name: str
    service_model: ServiceModel
    resource_json_definitions: dict[str, Any]


class ResourceFactory:
    """Makes (and keeps) resource classes; ``default_client`` makes the client of a resource
    created without one (boto3: the default session's)."""

    def __init__(self, default_client: Callable[[str], Any]) -> None:
        self._default_client = default_client
        self._classes: dict[tuple[str, int, int, str], tuple[ServiceContext, type[Any]]] = {}

    def load_from_definition(
        self,
        resource_name: str,
        single_resource_json_definition: dict[str, Any] | None,
        service_context: ServiceContext,
    ) -> type[Any]:
        """The class of ``resource_name`` (the service's name for the service resource)."""
        key = (
            service_context.service_name,
            id(service_context.service_model),
            id(service_context.resource_json_definitions),
            resource_name,
        )
        found = self._classes.get(key)
        if found is None:
            cls = self._make_class(resource_name, single_resource_json_definition, service_context)
            found = self._classes[key] = (service_context, cls)  # the context keeps ids alive
        return found[1]

    def _make_class(
        self, resource_name: str, definition: dict[str, Any] | None, context: ServiceContext
    ) -> type[Any]:
        model = ResourceModel(resource_name, definition or {}, context.resource_json_definitions)
        shape = context.service_model.shape_for(model.shape) if model.shape else None
        model.load_rename_map(shape)
        meta = ResourceMeta(context.service_name, resource_model=model)
        attrs: dict[str, Any] = {
            "meta": meta,
            "_default_client": staticmethod(self._default_client),
        }
        for identifier in model.identifiers:
            meta.identifiers.append(identifier.name)
            attrs[identifier.name] = _identifier_property(identifier.name)
        if model.load is not None:
            attrs["load"] = attrs["reload"] = self._action(model.load, context, is_load=True)
        for action in model.actions:
            attrs[action.name] = self._action(action, context)
        if shape is not None:
            aliases = {i.member_name: i for i in model.identifiers if i.member_name}
            for name, (member_name, _member) in model.get_attributes(shape).items():
                alias = aliases.get(name)
                attrs[name] = (
                    _identifier_property(alias.name, name)
                    if alias is not None
                    else _autoload_property(member_name, name)
                )
        for collection in model.collections:
            attrs[collection.name] = self._collection(model.name, collection, context)
        for reference in model.references:
            attrs[reference.name] = self._reference(reference, context)
        subresources = model.subresources
        for subresource in subresources:
            attrs[subresource.name] = self._subresource(subresource, context)
        attrs["get_available_subresources"] = _available_subresources(
            sorted(subresource.name for subresource in subresources)
        )
        for waiter in model.waiters:
            attrs[waiter.name] = _waiter_method(waiter)
        cls_name = "ServiceResource" if context.service_name == resource_name else resource_name
        cls_name = f"{context.service_name}.{cls_name}"
        bases: list[type[Any]] = [ServiceResource]
        from .customizations import customize

        customize(cls_name, attrs, bases)
        return type(cls_name, tuple(bases), attrs)

    def _action(self, model: Action, context: ServiceContext, is_load: bool = False) -> Any:
        action = ServiceAction(model, self, context)
        if is_load:

            def load(self: Any, *args: Any, **kwargs: Any) -> None:
                self.meta.data = action(self, *args, **kwargs)

            load.__name__ = model.name
            return load

        def do_action(self: Any, *args: Any, **kwargs: Any) -> Any:
            response = action(self, *args, **kwargs)
            if hasattr(self, "load"):
                self.meta.data = None  # the action may have changed it: load again
            return response

        do_action.__name__ = model.name
        return do_action

    def _collection(self, resource_name: str, model: Collection, context: ServiceContext) -> Any:
        cls = collection_manager_class(resource_name, model, context.service_name)
        factory = self

        def get_collection(self: Any) -> Any:
            return cls(model, self, factory, context)

        get_collection.__name__ = model.name
        return property(get_collection)

    def _reference(self, model: Action, context: ServiceContext) -> Any:
        assert model.resource is not None
        handler = ResourceHandler(model.resource.path, self, model.resource, context)
        needs_data = any(i.source == "data" for i in model.resource.identifiers)

        def get_reference(self: Any) -> Any:
            if needs_data and self.meta.data is None and hasattr(self, "load"):
                self.load()
            return handler(self, {}, self.meta.data)

        get_reference.__name__ = model.name
        return property(get_reference)

    def _subresource(self, model: Action, context: ServiceContext) -> Any:
        assert model.resource is not None
        resource = model.resource
        factory = self

        def create_resource(self: Any, *args: Any, **kwargs: Any) -> Any:
            cls = factory.load_from_definition(
                resource.type,
                context.resource_json_definitions.get(resource.type, {}),
                context,
            )
            known = [value for _name, value in build_identifiers(resource.identifiers, self)]
            return cls(*known, *args, **{"client": self.meta.client, **kwargs})

        create_resource.__name__ = resource.type
        return create_resource


def _identifier_property(identifier: str, name: str | None = None) -> property:
    """An identifier (or a shape member that mirrors one, ``name``), read-only."""
    private = f"_{identifier}"

    def get_identifier(self: Any) -> Any:
        return getattr(self, private, None)

    get_identifier.__name__ = name or identifier
    return property(get_identifier)


def _autoload_property(member_name: str, name: str) -> property:
    """A shape member of the resource's data, loading the data on first read."""

    def property_loader(self: Any) -> Any:
        if self.meta.data is None:
            if not hasattr(self, "load"):
                from ..exceptions import ResourceLoadException

                raise ResourceLoadException(f"{type(self).__name__} has no load method")
            self.load()
        return self.meta.data.get(member_name)

    property_loader.__name__ = name
    return property(property_loader)


def _available_subresources(names: list[str]) -> Any:
    def get_available_subresources(self: Any) -> list[str]:
        """The names of this resource's sub-resource methods."""
        return names

    return get_available_subresources


def _waiter_method(model: Waiter) -> Any:
    waiter = WaiterAction(model, model.name)

    def do_waiter(self: Any, *args: Any, **kwargs: Any) -> None:
        waiter(self, *args, **kwargs)

    do_waiter.__name__ = model.name
    return do_waiter
