"""Calls a resource makes: an action, a batch action over a collection's pages, a waiter
(boto3's ``ServiceAction``, ``BatchAction``, ``WaiterAction``)."""

from __future__ import annotations

from .. import _log
from ..clients.naming import snake_case
from .params import create_request_parameters
from .response import RawHandler, ResourceHandler

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .factory import ResourceFactory, ServiceContext
    from .model import Action, Waiter

_LOGGER = "strato.resources.action"


class ServiceAction:
    """One client call with parameters from the resource, then the action's response."""

    def __init__(
        self,
        action_model: Action,
        factory: ResourceFactory | None = None,
        service_context: ServiceContext | None = None,
    ) -> None:
        self._action_model = action_model
        assert action_model.request is not None
        self._request = action_model.request
        self._operation = action_model.request.operation
        self._method = snake_case(self._operation)
        self._response_handler: RawHandler | ResourceHandler
        if action_model.resource is not None:
            assert factory is not None and service_context is not None
            self._response_handler = ResourceHandler(
                action_model.resource.path,
                factory,
                action_model.resource,
                service_context,
                self._operation,
            )
        else:
            self._response_handler = RawHandler(action_model.path)

    def __call__(self, parent: Any, *args: Any, **kwargs: Any) -> Any:
        params = create_request_parameters(parent, self._request)
        params.update(kwargs)
        _log.debug(_LOGGER, "Calling %s:%s with %r", parent.meta.service_name, self._method, params)
        response = getattr(parent.meta.client, self._method)(*args, **params)
        _log.debug(_LOGGER, "Response: %r", response)
        return self._response_handler(parent, params, response)


class BatchAction(ServiceAction):
    """One call per page of a collection, with every resource of the page in it."""

    def __call__(self, parent: Any, *args: Any, **kwargs: Any) -> Any:
        client = service_name = None
        responses = []
        for page in parent.pages():
            params: dict[str, Any] = {}
            for index, resource in enumerate(page):
                if client is None:
                    client = resource.meta.client
                    service_name = resource.meta.service_name
                create_request_parameters(resource, self._request, params=params, index=index)
            if not params:
                break
            params.update(kwargs)
            _log.debug(_LOGGER, "Calling %s:%s with %r", service_name, self._method, params)
            response = getattr(client, self._method)(*args, **params)
            _log.debug(_LOGGER, "Response: %r", response)
            responses.append(self._response_handler(parent, params, response))
        return responses


class WaiterAction:
    """``wait_until_<name>``: the client's waiter, with the resource's parameters."""

    def __init__(self, waiter_model: Waiter, waiter_resource_name: str) -> None:
        self._waiter_model = waiter_model
        self._waiter_resource_name = waiter_resource_name

    def __call__(self, parent: Any, *args: Any, **kwargs: Any) -> None:
        params = create_request_parameters(parent, self._waiter_model)
        params.update(kwargs)
        _log.debug(
            _LOGGER,
            "Calling %s:%s with %r",
            parent.meta.service_name,
            self._waiter_resource_name,
            params,
        )
        waiter = parent.meta.client.get_waiter(snake_case(self._waiter_model.waiter_name))
        response = waiter.wait(**params)
        _log.debug(_LOGGER, "Response: %r", response)
