"""``Session.resource``: the service's resource model, a client marked ``Resource`` in its
user agent, and the service resource made from them (boto3's ``Session.resource``)."""

from __future__ import annotations

from .factory import ServiceContext

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..clients.config import Config
    from ..loader import Loader
    from .base import ServiceResource
    from .factory import ResourceFactory


def resource_loader(loader: Loader) -> Loader:
    """``loader``'s search path, then an installed boto3's data directory (its resource
    models); the client loader does not search it."""
    from ..loader import Loader, boto3_data_dir

    extra = boto3_data_dir()
    if extra is None or extra in loader.search_paths:
        return loader
    return Loader([*loader.search_paths, extra])


def create_resource(
    loader: Loader,
    factory: ResourceFactory,
    make_client: Callable[..., Any],
    available_services: Callable[[], list[str]],
    service_name: str,
    api_version: str | None,
    config: Config | None,
    client_kwargs: dict[str, Any],
) -> ServiceResource:
    """The service resource; boto3's errors for a service or version with no model."""
    from ..exceptions import DataNotFoundError, UnknownServiceError

    try:
        model = loader.load_service_model(service_name, "resources-1", api_version)
    except UnknownServiceError:
        from ..exceptions import ResourceNotExistsError

        raise ResourceNotExistsError(
            service_name,
            loader.list_available_services("resources-1"),
            service_name in available_services(),
        ) from None
    except DataNotFoundError:
        from ..exceptions import UnknownAPIVersionError

        versions = loader.list_api_versions(service_name, "resources-1")
        raise UnknownAPIVersionError(service_name, api_version, ", ".join(versions)) from None
    if api_version is None:
        api_version = loader.determine_latest_version(service_name, "resources-1")
    client = make_client(
        service_name, api_version=api_version, config=_with_agent(config), **client_kwargs
    )
    context = ServiceContext(service_name, client.meta.service_model, model["resources"])
    cls = factory.load_from_definition(service_name, model["service"], context)
    service_resource: ServiceResource = cls(client=client)
    return service_resource


def _with_agent(config: Config | None) -> Config:
    """``Resource`` appended to the user agent, unless the config sets its own extra."""
    from ..clients.config import Config

    if config is None:
        return Config(user_agent_extra="Resource")
    if config.user_agent_extra is None:
        import copy

        config = copy.deepcopy(config)
        config.user_agent_extra = "Resource"  # type: ignore[attr-defined]  # options are dynamic
    return config
