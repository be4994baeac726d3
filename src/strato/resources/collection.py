"""``hasMany`` collections: lazy, chainable (``all``, ``filter``, ``limit``, ``page_size``)
iterables of resources over a paginated call, with the batch actions of their resource
(boto3's ``ResourceCollection`` and ``CollectionManager``)."""

from __future__ import annotations

from .. import _log
from ..clients.naming import snake_case
from .action import BatchAction
from .params import create_request_parameters
from .response import ResourceHandler

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from .factory import ResourceFactory, ServiceContext
    from .model import Collection

_LOGGER = "strato.resources.collection"


def merge_dicts(into: dict[str, Any], extra: dict[str, Any], append_lists: bool = False) -> None:
    """botocore's ``merge_dicts``: nested dicts merge (lists replace below the top level),
    top-level lists extend when ``append_lists``."""
    for key, value in extra.items():
        if isinstance(value, dict):
            if key in into:
                merge_dicts(into[key], value)
            else:
                into[key] = value
        elif isinstance(value, list) and append_lists and isinstance(into.get(key), list):
            into[key].extend(value)
        else:
            into[key] = value


class ResourceCollection:
    """An iterable of resources; each chained call returns a new collection."""

    def __init__(
        self, model: Collection, parent: Any, handler: ResourceHandler, **kwargs: Any
    ) -> None:
        import copy

        assert model.request is not None
        self._model = model
        self._parent = parent
        self._py_operation_name = snake_case(model.request.operation)
        self._handler = handler
        self._params = copy.deepcopy(kwargs)

    def __repr__(self) -> str:
        return _repr(self, self._parent, self._model)

    def __iter__(self) -> Iterator[Any]:
        limit = self._params.get("limit")
        count = 0
        for page in self.pages():
            for item in page:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    def _clone(self, **kwargs: Any) -> ResourceCollection:
        import copy

        params = copy.deepcopy(self._params)
        merge_dicts(params, kwargs, append_lists=True)
        return type(self)(self._model, self._parent, self._handler, **params)

    def pages(self) -> Iterator[list[Any]]:
        """Lists of resources, one per page of the paginated call (or of the one call)."""
        assert self._model.request is not None
        client = self._parent.meta.client
        cleaned = dict(self._params)
        limit = cleaned.pop("limit", None)
        page_size = cleaned.pop("page_size", None)
        params = create_request_parameters(self._parent, self._model.request)
        merge_dicts(params, cleaned, append_lists=True)
        pages: Any
        service_name = self._parent.meta.service_name
        if client.can_paginate(self._py_operation_name):
            _log.debug(
                _LOGGER,
                "Calling paginated %s:%s with %r",
                service_name,
                self._py_operation_name,
                params,
            )
            paginator = client.get_paginator(self._py_operation_name)
            pages = paginator.paginate(
                PaginationConfig={"MaxItems": limit, "PageSize": page_size}, **params
            )
        else:
            _log.debug(
                _LOGGER, "Calling %s:%s with %r", service_name, self._py_operation_name, params
            )
            pages = [getattr(client, self._py_operation_name)(**params)]
        count = 0
        for page in pages:
            items = []
            for item in self._handler(self._parent, params, page):
                items.append(item)
                count += 1
                if limit is not None and count >= limit:
                    break
            yield items
            if limit is not None and count >= limit:
                break

    def all(self) -> ResourceCollection:
        """Every resource (a copy of this collection)."""
        return self._clone()

    def filter(self, **kwargs: Any) -> ResourceCollection:
        """Resources matching request parameters (lists are added to, not replaced)."""
        return self._clone(**kwargs)

    def limit(self, count: int) -> ResourceCollection:
        """At most ``count`` resources."""
        return self._clone(limit=count)

    def page_size(self, count: int) -> ResourceCollection:
        """Ask the service for ``count`` resources per page."""
        return self._clone(page_size=count)


class CollectionManager:
    """The attribute a resource exposes (``bucket.objects``): starts collections."""

    _collection_cls: type[ResourceCollection] = ResourceCollection

    def __init__(
        self,
        collection_model: Collection,
        parent: Any,
        factory: ResourceFactory,
        service_context: ServiceContext,
    ) -> None:
        assert collection_model.request is not None and collection_model.resource is not None
        self._model = collection_model
        self._parent = parent
        self._handler = ResourceHandler(
            collection_model.resource.path,
            factory,
            collection_model.resource,
            service_context,
            collection_model.request.operation,
        )

    def __repr__(self) -> str:
        return _repr(self, self._parent, self._model)

    def iterator(self, **kwargs: Any) -> ResourceCollection:
        return self._collection_cls(self._model, self._parent, self._handler, **kwargs)

    def all(self) -> ResourceCollection:
        return self.iterator()

    def filter(self, **kwargs: Any) -> ResourceCollection:
        return self.iterator(**kwargs)

    def limit(self, count: int) -> ResourceCollection:
        return self.iterator(limit=count)

    def page_size(self, count: int) -> ResourceCollection:
        return self.iterator(page_size=count)

    def pages(self) -> Iterator[list[Any]]:
        return self.iterator().pages()


def _repr(obj: object, parent: Any, model: Collection) -> str:
    assert model.resource is not None
    return f"{type(obj).__name__}({parent}, {parent.meta.service_name}.{model.resource.type})"


def collection_manager_class(
    resource_name: str, collection_model: Collection, service_name: str
) -> type[CollectionManager]:
    """The manager class of one collection, with boto3's class names
    (``s3.Bucket.objectsCollectionManager``) and batch actions on its collection class."""
    attrs: dict[str, Any] = {}
    for action_model in collection_model.batch_actions:  # names already snake_cased
        attrs[action_model.name] = _batch_method(action_model.name, BatchAction(action_model))
    if service_name == resource_name:
        cls_name = f"{service_name}.{collection_model.name}Collection"
    else:
        cls_name = f"{service_name}.{resource_name}.{collection_model.name}Collection"
    collection_cls = type(cls_name, (ResourceCollection,), attrs)
    return type(
        cls_name + "Manager", (CollectionManager,), {**attrs, "_collection_cls": collection_cls}
    )


def _batch_method(name: str, action: BatchAction) -> Any:
    def batch_action(self: Any, *args: Any, **kwargs: Any) -> Any:
        return action(self, *args, **kwargs)

    batch_action.__name__ = name
    return batch_action
