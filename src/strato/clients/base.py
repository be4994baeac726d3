"""The client: one snake_case method per operation, each a serialize-sign-send-parse call.

This is what making a client loads; the call itself is ``strato.clients.call``, loaded by
the first call with the rest of the call path.
"""

from __future__ import annotations

from .._lazy import cached_property
from .naming import NO_METHOD, client_class_name, seed, snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

    from ..model import ServiceModel
    from ..protocols import Serializer
    from ..protocols._parse_common import ResponseParser
    from ..waiter import Waiter
    from . import call, endpoint_params, presign
    from .config import Config
    from .creator import ClientSettings
    from .errors import ClientExceptions
    from .events import ClientEvents
    from .paginate import Paginator
    from .service_handlers import Outgoing
    from .transport import Transport

_classes: dict[tuple[str, str], type[BaseClient]] = {}
_call_bound = False


def _bind_call() -> None:
    """Import :mod:`strato.clients.call` (and with it the call path) as this module's
    global ``call``, at the first call: a global costs a call nothing, an ``import``
    statement about 0.1 µs each time it runs."""
    global _call_bound, call
    import strato.clients.call as call

    _call_bound = True


_presign_bound = False


def _bind_presign() -> None:
    """Import :mod:`strato.clients.presign` as this module's global ``presign``, at the
    first presigned URL or form (as :func:`_bind_call` does for calls)."""
    global _presign_bound, presign
    import strato.clients.presign as presign

    _presign_bound = True


class ClientMeta:
    """``client.meta``: what the client was made with."""

    def __init__(
        self,
        settings: ClientSettings,
        model: ServiceModel,
        mapping: dict[str, str],
    ) -> None:
        # Decided at creation from endpoints.json, as botocore does; calls use the rules.
        legacy = settings.legacy_endpoint
        self.region_name: str | None = legacy.region_name
        self.endpoint_url: str = legacy.endpoint_url
        self.partition: str | None = legacy.partition
        self.config: Config = settings.resolved_config
        self.service_model = model
        self.method_to_api_mapping: dict[str, str] = dict(mapping)


class BaseClient:
    """Calls a service's operations; made by ``Session.client``."""

    #: Method name -> operation name, set on each service's class by :func:`client_class`.
    _api_names: ClassVar[dict[str, str]] = {}

    def __init__(self, settings: ClientSettings, model: ServiceModel) -> None:
        self._settings = settings
        self._service_model = model
        self._protocol: tuple[Serializer, ResponseParser] | None = None
        self._transport: Transport | None = None
        self._endpoints: dict[str, Any] = {}
        #: (operation, built-in changes) -> the operation's endpoint rule-set input plan.
        self._input_plans: dict[tuple[str, Any], endpoint_params.InputPlan] = {}
        #: Whether a call's endpoint depends on its operation only (known at the first call).
        self._fixed_endpoints: bool | None = None
        #: Operation name -> (the endpoint of its last call, that call's signing plan).
        self._last_plans: dict[str, tuple[Any, tuple[str, str, str | None, bool]]] = {}
        #: S3 bucket -> the region a redirect named (botocore's per-client redirect cache).
        self._bucket_regions: dict[str, str] = {}
        #: Operation name -> this client's own ``before-call`` steps (login's DPoP header).
        self._call_hooks: dict[str, list[Callable[[Outgoing], None]]] = {}
        #: (operation, parameter names) -> its compiled presigner, or None (presign.py).
        self._presigners: dict[tuple[str, tuple[str, ...]], Any] = {}
        #: The Stubber's and boto3 resources' steps, made by :meth:`_client_events`.
        self._events: ClientEvents | None = None
        self.meta = ClientMeta(settings, model, self._api_names)

    @cached_property
    def exceptions(self) -> ClientExceptions:
        """The service's modeled errors (classes shared by every client of the service)."""
        from .errors import exceptions_for

        return exceptions_for(self._service_model)

    def __repr__(self) -> str:
        return f"<strato client {self._settings.service_name} {self.meta.region_name}>"

    def _codec(self) -> tuple[Serializer, ResponseParser]:
        """The protocol's serializer and parser, imported at the first call."""
        if self._protocol is None:
            from ..protocols import create_serializer
            from ..protocols.parse import create_parser

            protocol = self._service_model.protocol
            self._protocol = (
                create_serializer(protocol, include_validation=self._settings.validate),
                create_parser(protocol),
            )
        return self._protocol

    def __getattr__(self, name: str) -> Any:
        """Only reached for names that are not operations (these are class attributes):
        botocore's aliases of renamed methods, else an AttributeError."""
        from .naming import ALIASES

        # No alias starts with "_" (and ``_service_model`` itself may be missing yet).
        actual = (
            None
            if name[:1] == "_"
            else ALIASES.get((self._service_model.service_id.hyphenize(), name))
        )
        if actual is not None:
            return getattr(self, actual)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _client_events(self) -> ClientEvents:
        """This client's event steps, made on first registration."""
        if self._events is None:
            from .events import ClientEvents

            self._events = ClientEvents()
        return self._events

    def close(self) -> None:
        """Close the connection pool."""
        if self._transport is not None:
            self._transport.close()

    def _http(self) -> Transport:
        """The connection pools, made (and the transport loaded) by the first request."""
        if self._transport is None:
            from .transport import Transport

            self._transport = Transport(**self._settings.transport_options)
        return self._transport

    def __enter__(self) -> BaseClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _make_api_call(self, operation_name: str, api_params: dict[str, Any]) -> dict[str, Any]:
        """Every operation method's call (botocore's name, which code patches on a client
        as it does with botocore); the work is :func:`strato.clients.call.make_api_call`."""
        if not _call_bound:
            _bind_call()
        return call.make_api_call(self, operation_name, api_params)

    def generate_presigned_url(
        self,
        ClientMethod: str,
        Params: dict[str, Any] | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
    ) -> str:
        """A URL that makes the call ``ClientMethod(**Params)`` with no credentials until it
        expires: the request is signed into its query string instead of being sent."""
        if not _presign_bound:
            _bind_presign()
        return presign.generate_presigned_url(self, ClientMethod, Params, ExpiresIn, HttpMethod)

    def can_paginate(self, operation_name: str) -> bool:
        """Whether the service's paginator data names this method (read lazily)."""
        api_name = self.meta.method_to_api_mapping.get(operation_name)
        return api_name in self._paginators()

    def get_paginator(self, operation_name: str) -> Paginator:
        """A paginator for the method ``operation_name`` (e.g. ``"list_objects_v2"``)."""
        from .paginate import Paginator

        if not self.can_paginate(operation_name):
            from ..exceptions import OperationNotPageableError

            raise OperationNotPageableError(operation_name=operation_name)
        api_name = self.meta.method_to_api_mapping[operation_name]
        return Paginator(
            getattr(self, operation_name),
            self._paginators()[api_name],
            self._service_model.operation_model(api_name),
        )

    def _paginators(self) -> dict[str, Any]:
        """The service's paginator configurations, loaded at the first use."""
        config: dict[str, Any] | None = getattr(self, "_page_config", None)
        if config is None:
            from ..exceptions import DataNotFoundError

            model = self._service_model
            try:
                loaded = self._settings.loader.load_service_model(
                    model.service_name, "paginators-1", model.api_version
                )
                config = self._page_config = loaded["pagination"]
            except DataNotFoundError:
                config = self._page_config = {}
        return config

    def get_waiter(self, waiter_name: str) -> Waiter:
        """The waiter ``waiter_name`` (one of :attr:`waiter_names`, e.g. ``"bucket_exists"``)."""
        from ..waiter import WaiterModel, create_waiter_with_client

        config = self._waiter_config
        if not config:
            raise ValueError(f"Waiter does not exist: {waiter_name}")
        model = WaiterModel(config)
        names = {snake_case(name): name for name in model.waiter_names}
        if waiter_name not in names:
            raise ValueError(f"Waiter does not exist: {waiter_name}")
        return create_waiter_with_client(names[waiter_name], model, self)

    @cached_property
    def waiter_names(self) -> list[str]:
        """The service's waiters, snake_case, sorted by their data names (botocore's)."""
        if not self._waiter_config:
            return []
        from ..waiter import WaiterModel

        return [snake_case(name) for name in WaiterModel(self._waiter_config).waiter_names]

    @cached_property
    def _waiter_config(self) -> dict[str, Any]:
        """The service's ``waiters-2`` data for the client's API version ({} if none)."""
        from ..exceptions import DataNotFoundError

        model = self._service_model
        try:
            loaded: dict[str, Any] = self._settings.loader.load_service_model(
                model.service_name, "waiters-2", model.api_version
            )
        except DataNotFoundError:
            return {}
        return loaded


def _method(py_name: str, operation_name: str) -> Callable[..., dict[str, Any]]:
    def api_call(self: BaseClient, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args:
            raise TypeError(f"{py_name}() only accepts keyword arguments.")
        return self._make_api_call(operation_name, kwargs)

    api_call.__name__ = py_name
    api_call.__qualname__ = py_name
    api_call.__doc__ = f"Calls the {operation_name} operation."
    return api_call


def _generate_presigned_post(
    self: BaseClient,
    Bucket: str,
    Key: str,
    Fields: dict[str, Any] | None = None,
    Conditions: list[Any] | None = None,
    ExpiresIn: int = 3600,
) -> dict[str, Any]:
    """The URL and form fields of a browser upload (HTTP POST) of ``Key`` to ``Bucket``."""
    if not _presign_bound:
        _bind_presign()
    return presign.generate_presigned_post(self, Bucket, Key, Fields, Conditions, ExpiresIn)


def _s3_transfer_method(name: str) -> Callable[..., Any]:
    """boto3's managed-transfer method ``name`` of S3 clients: strato.s3.inject's, loaded
    by the first call (an S3 client is made without it)."""

    def method(self: BaseClient, *args: Any, **kwargs: Any) -> Any:
        import strato.s3.inject as inject

        return getattr(inject, name)(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"boto3's S3 ``{name}`` (strato.s3.inject.{name})."
    return method


def client_class(model: ServiceModel) -> type[BaseClient]:
    """The client class of a service, made once per service and API version."""
    key = (model.service_name, model.api_version)
    cls = _classes.get(key)
    if cls is None:
        seed(model.service_name)
        api_names = {snake_case(name): name for name in model.operation_names}
        service_id = model.service_id.hyphenize()
        methods: dict[str, Any] = {
            py_name: _method(py_name, name)
            for py_name, name in api_names.items()
            if (service_id, py_name) not in NO_METHOD
        }
        methods["_api_names"] = api_names
        if model.service_name == "s3":  # botocore adds it to S3 clients only
            methods["generate_presigned_post"] = _generate_presigned_post
            transfers = (
                "upload_file",
                "download_file",
                "upload_fileobj",
                "download_fileobj",
                "copy",
            )
            for transfer in transfers:
                methods[transfer] = _s3_transfer_method(transfer)
        if model.service_name in ("rds", "dsql"):  # botocore's database auth tokens
            from . import db_tokens

            if model.service_name == "rds":
                methods["generate_db_auth_token"] = db_tokens.generate_db_auth_token
            else:
                methods["generate_db_connect_auth_token"] = db_tokens.generate_db_connect_auth_token
                methods["generate_db_connect_admin_auth_token"] = (
                    db_tokens.generate_db_connect_admin_auth_token
                )
        name = client_class_name(model.metadata.get("serviceId"), model.service_name)
        cls = _classes[key] = type(name, (BaseClient,), methods)
    return cls
