"""The client: one snake_case method per operation, each a serialize-sign-send-parse call."""

from __future__ import annotations

import sys
import time

from .. import exceptions as errors
from .._lazy import cached_property
from . import endpoint_params
from .naming import NO_METHOD, client_class_name, seed, snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

    from .. import _ids as ids
    from .. import validate
    from ..model import OperationModel, ServiceModel
    from ..protocols import Serializer
    from ..protocols._parse_common import ResponseParser
    from ..signing import _model as signing_model
    from ..waiter import Waiter
    from . import auth, checksums, customize, responses, retries
    from . import service_handlers as handlers
    from .config import Config
    from .creator import ClientSettings
    from .discovery import Discovery
    from .errors import ClientExceptions
    from .events import ClientEvents
    from .paginate import Paginator
    from .retries import RetryPolicy
    from .service_handlers import Outgoing
    from .transport import Transport

_classes: dict[tuple[str, str], type[BaseClient]] = {}
_bound = False


def _bind_call_path() -> None:
    """Import the call path's modules as this module's globals, at the first call (they
    must not load with the client): a global costs a call nothing, an ``import`` statement
    about 0.1 µs each time it runs."""
    global _bound, auth, checksums, customize, handlers, ids, responses, retries
    global signing_model, validate
    import strato._ids as ids
    import strato.clients.auth as auth
    import strato.clients.checksums as checksums
    import strato.clients.customize as customize
    import strato.clients.responses as responses
    import strato.clients.retries as retries
    import strato.clients.service_handlers as handlers
    import strato.signing._model as signing_model
    import strato.validate as validate

    _bound = True


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

    def _resolve_endpoint(
        self,
        operation: OperationModel,
        params: dict[str, Any],
        overrides: dict[str, Any] | None = None,
    ) -> Any:
        """``overrides`` replace built-in values (a presigned URL's global S3 endpoint)."""
        if (
            not overrides
            and self._fixed_endpoints
            and not (operation.context_parameters or operation.operation_context_parameters)
        ):
            # Nothing of the call reaches the rules: the endpoint is the client's, per operation.
            found = self._endpoints.get(operation.name)
            if found is None:
                found = self._endpoints[operation.name] = self._endpoint_from(
                    self._endpoint_inputs(operation, params, overrides), params
                )
            return found
        return self._endpoint_from(self._endpoint_inputs(operation, params, overrides), params)

    @cached_property
    def _fixed_endpoints(self) -> bool:
        """Whether a call's endpoint depends on the operation only (not S3, not the account)."""
        return self._service_model.endpoint_prefix != "s3" and not any(
            definition.get("builtIn") == "AWS::Auth::AccountId"
            for definition in self._settings.rules.parameters.values()
        )

    def _endpoint_inputs(
        self,
        operation: OperationModel,
        params: dict[str, Any],
        overrides: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """The rule set's input for one call."""
        settings = self._settings
        service_name = self._service_model.service_name
        # Changes to the client's built-in values (S3's per-call tweaks, a presigned URL's
        # global endpoint, a redirected bucket's region) pick their own input plan.
        changes: tuple[tuple[str, Any], ...] = ()
        if service_name == "s3":
            changes = endpoint_params.s3_call_builtins(operation.name, params)
        if overrides:
            changes = (*changes, *overrides.items())
        if self._bucket_regions:
            bucket = params.get("Bucket")
            if isinstance(bucket, str) and bucket in self._bucket_regions:
                # A bucket S3 redirected before: its own region, even over a presigned
                # URL's global endpoint (botocore's handler runs after that one).
                changes = (*changes, ("AWS::Region", self._bucket_regions[bucket]))
        key = (operation.name, changes)
        plan = self._input_plans.get(key)
        if plan is None:
            plan = self._input_plans[key] = endpoint_params.InputPlan(
                settings.rules.parameters,
                {**settings.builtins, **dict(changes)} if changes else settings.builtins,
                settings.client_context,
                operation,
                endpoint_params.S3_UNREFERENCED if service_name == "s3" else (),
            )
        return plan.values(params, self._account_id)

    def _endpoint_from(self, values: dict[str, Any], params: dict[str, Any]) -> Any:
        """The endpoint the rules give for their input ``values`` (``params``, the call's,
        for botocore's translated errors), logged as botocore logs it."""
        settings = self._settings
        try:
            endpoint = settings.rules.provider.resolve(values)
        except errors.EndpointResolutionError as e:
            raise endpoint_params.translated_error(
                self._service_model.service_name, e, params
            ) from None
        if "logging" in sys.modules:  # strato._log's rule: no logging, no DEBUG records
            import strato.clients.call_log as call_log

            call_log.endpoint_resolved(values, endpoint.url)
        return endpoint

    def _account_id(self) -> Any:
        """The rules' ``AWS::Auth::AccountId``: the credentials' account, asked for only when
        the rules need it; None while a Stubber hides it (as botocore's does)."""
        credentials = self._settings.credentials
        if credentials is None or (self._events is not None and self._events.hide_account_id):
            return None
        return credentials.account_id

    def _make_api_call(self, operation_name: str, api_params: dict[str, Any]) -> dict[str, Any]:
        if not _bound:  # the first call loads the call path (customize brings the protocols)
            _bind_call_path()
        model = self._service_model
        operation = model.operation_model(operation_name)
        settings = self._settings
        params = dict(api_params)
        context: dict[str, Any] = {}
        events = self._events
        if events is not None:  # botocore runs registered steps before its own handlers
            for step in events.before_parameter_build:
                step(operation, params)
        discovery = None  # (the client's Discovery, the call's identifiers)
        if settings.discovery is not None and operation.endpoint_discovery is not None:
            ids = settings.discovery.identifiers(operation, params)
            discovery = None if ids is None else (settings.discovery, ids)
        # botocore's order: handlers, endpoint rules, then validation and serialization
        # (so a bad context value fails in the rules). Only members its handlers would
        # crash on are checked first.
        validate.check_handler_inputs(model.endpoint_prefix, params, operation.input_shape)
        customize.before_serialize(model, operation, params, context)
        response_algorithms = checksums.enable_response_validation(
            operation, params, settings.response_checksum_validation
        )
        endpoint = self._resolve_endpoint(operation, params)
        request = self._codec()[0].serialize_to_request(params, operation)
        plan = self._signing_plan(operation, endpoint)
        if plan.kind == "s3express":
            from .s3express import SessionIdentity

            plan.identity = SessionIdentity(self, params.get("Bucket"))
        url = customize.join_url(
            _with_scheme(endpoint.url, settings.use_ssl),
            request["url_path"],
            handlers.host_prefix(model, operation, request, settings.inject_host_prefix),
            request["query_string"],
        )
        headers = (
            {**_flat_headers(endpoint.headers), **request["headers"]}
            if endpoint.headers
            else dict(request["headers"])
        )
        if operation.is_endpoint_discovery_operation:
            headers["x-amz-api-version"] = model.api_version
        headers["User-Agent"] = settings.user_agent
        checksum = checksums.resolve(
            operation,
            params,
            headers,
            https=url.startswith("https:"),
            calculation=settings.request_checksum_calculation,
            signature_version=settings.requested_signature,
        )
        answer = None
        if events is not None:  # an answer here skips the service's before-call handlers
            for before in events.before_call:
                answer = before(operation, request)
                if answer is not None:
                    break
        if answer is None:
            out = handlers.Outgoing(request["method"], url, headers, request["body"], plan)
            handlers.before_call(self, operation, out)
            for hook in self._call_hooks.get(operation.name, ()):
                hook(out)
            body = customize.escape_xml_newlines(model, operation, customize.encode_body(out.body))
            customize.add_expect_header(model, operation, headers, body)
            if checksum is not None:
                body = checksums.apply(checksum, headers, body)
            out.body = body
            handlers.request_created(self, operation, out)
            request["method"] = out.method
            request["auth_path"] = handlers.signing_path(model, request.get("auth_path"))
            parsed = self._send(
                operation,
                plan,
                request,
                out.url,
                headers,
                out.body,
                checksum,
                response_algorithms,
                params,
                discovery,
            )
            status = parsed["ResponseMetadata"]["HTTPStatusCode"]
        else:
            status, parsed = answer
        if context:  # (S3 listings whose encoding the client asked for)
            customize.after_parse(operation, parsed, context)
        if model.endpoint_prefix == "iam":
            customize.decode_iam_policies(parsed, operation.output_shape)
        responses.after_call(model, operation, parsed)
        if events is not None:
            for after in events.after_call:
                after(operation, parsed)
        if status >= 300:
            code = responses.error_code(model, parsed.get("Error", {}))
            raise self.exceptions.from_code(code)(parsed, operation_name)
        return parsed

    def _signing_plan(self, operation: OperationModel, endpoint: Any) -> auth.SigningPlan:
        """:func:`auth.plan_signing` for the call; a new plan each call (S3 Express sets its
        identity), from the last one made for the same operation and endpoint object (the
        rules' result cache gives the same object for the same inputs; the client's
        settings do not change)."""
        last = self._last_plans.get(operation.name)
        if last is not None and last[0] is endpoint:
            kind, name, region, payload_signing = last[1]
            return auth.SigningPlan(kind, name, region, payload_signing)
        settings = self._settings
        plan = auth.plan_signing(
            operation,
            self._service_model,
            settings.requested_signature,
            endpoint.properties,
            settings.region,
            scope=settings.legacy_endpoint.credential_scope,
        )
        fields = (plan.kind, plan.name, plan.region, plan.payload_signing)
        self._last_plans[operation.name] = (endpoint, fields)
        return plan

    @cached_property
    def _last_plans(self) -> dict[str, tuple[Any, tuple[str, str, str | None, bool]]]:
        """Operation name -> (the endpoint of its last call, that call's signing plan)."""
        return {}

    def _send(
        self,
        operation: OperationModel,
        plan: auth.SigningPlan,
        request: dict[str, Any],
        url: str,
        headers: dict[str, str],
        body: Any,
        checksum: checksums.RequestChecksum | None,
        response_algorithms: tuple[str, ...],
        params: dict[str, Any],
        discovery: tuple[Discovery, dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Sign, send, parse; retried as the retry policy says, and an S3 request sent to
        the bucket's wrong region re-sent once to its region (``params`` tell the bucket).
        With ``discovery``, each attempt goes to the discovered endpoint, if any."""
        settings = self._settings
        policy = settings.retry
        start = body.tell() if hasattr(body, "seek") and hasattr(body, "tell") else None
        credentials = settings.credentials if plan.identity is None else plan.identity
        streaming = operation.has_streaming_output or operation.has_event_stream_output
        invocation_id = ids.uuid4()
        attempt = 0
        taken: int | None = None  # the retry quota the last retry took
        redirected = False
        stale = 0  # stale discovered endpoints retried
        given_url = url
        # strato._log's rule: without logging imported nobody can see DEBUG records.
        trace = "logging" in sys.modules
        if trace:
            import strato.clients.call_log as call_log

            call_log.making_request(operation, request, url, headers)
        while True:
            if discovery is not None:
                url = discovery[0].url(self, operation, discovery[1]) or given_url
            if start is not None:
                body.seek(start)
            signing = signing_model.SigningRequest(
                method=request["method"], url=url, headers=headers, body=body
            )
            frozen = credentials.get_frozen_credentials() if credentials is not None else None
            if trace:
                call_log.signing(plan.kind)
            auth.sign(
                signing,
                plan,
                frozen,
                s3_payload_signing=settings.s3_config.get("payload_signing_enabled"),
                streaming_input=operation.has_streaming_input,
                auth_path=request.get("auth_path"),
                checksum=checksum,
                is_s3=self._service_model.endpoint_prefix == "s3",
            )
            if start is not None:
                body.seek(start)
            sent = dict(signing.headers.items())
            # SigV2 writes its parameters into the body: send the signed one.
            signed_body = signing.body
            _add_unsigned_headers(
                sent,
                signing.headers.lower_names(),
                signing.method,
                signed_body,
                invocation_id,
                attempt + 1,
                policy,
            )
            if trace:
                call_log.sending(signing.method, signing.url, sent, streaming)
            try:
                http = self._http().send(
                    signing.method, signing.url, sent, signed_body, stream=streaming
                )
            except retries.retryable_errors() as error:
                decision = policy.decide(attempt + 1, operation, retries.Outcome(error=error))
                if trace:
                    call_log.retry(decision)
                if not decision.retry:
                    raise
                attempt += 1
                taken = decision.taken
                time.sleep(decision.delay)
                continue
            if trace:
                call_log.received(operation, signing.method, signing.url, http, streaming)
            parsed = self._parse(operation, http, streaming, response_algorithms)
            # A response handler may have made it an error (S3's errors inside a 200).
            status = parsed.get("ResponseMetadata", {}).get("HTTPStatusCode", http.status_code)
            decision = policy.decide(
                attempt + 1,
                operation,
                retries.Outcome(status, http.headers, None if streaming else http.body, parsed),
            )
            if trace:
                call_log.retry(decision)
            if status >= 300 and not redirected and self._service_model.service_name == "s3":
                import strato.clients.s3_redirect as s3_redirect

                target = s3_redirect.redirect(self, operation, params, url, plan, status, parsed)
                if target is not None:
                    url, plan = target
                    credentials = settings.credentials if plan.identity is None else plan.identity
                    redirected = True
                    if not decision.retry:  # botocore's redirect is a retry without a wait
                        attempt += 1
                        continue
            if (
                discovery is not None
                and not decision.retry
                and discovery[0].evict(operation, discovery[1], parsed, stale)
            ):
                attempt += 1  # botocore's retry after a stale endpoint: no wait
                stale += 1
                continue
            if decision.retry:
                attempt += 1
                taken = decision.taken
                time.sleep(decision.delay)
                continue
            if decision.delay:  # a long poll with the retry quota spent still waits
                time.sleep(decision.delay)
            parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = attempt
            policy.after_call(status, taken)
            if operation.name == "GetBucketLocation" and self._service_model.service_name == "s3":
                # botocore's after-call handler: once, on the last answer, errors included.
                parsed["LocationConstraint"] = customize.bucket_location(http.body)
            return parsed

    def _parse(
        self,
        operation: OperationModel,
        http: Any,
        streaming: bool,
        response_algorithms: tuple[str, ...],
    ) -> dict[str, Any]:
        headers = http.headers
        if streaming and http.status_code < 300:
            if operation.has_event_stream_output:
                body: Any = http.raw  # the parser makes it an EventStream
            else:
                import strato.protocols.streaming as streaming_body

                body = streaming_body.StreamingBody(http.raw, headers.get("content-length"))
        else:
            body = http.raw.read() if streaming else http.body
        context: dict[str, Any] = {"operation_name": operation.name}
        if response_algorithms:
            body = checksums.validate_response(response_algorithms, headers, body, context)
        response = {
            "headers": headers,
            "status_code": http.status_code,
            "body": body,
            "context": context,
        }
        parser = self._codec()[1]
        added = responses.before_parse(self._service_model, operation, response)
        parsed: dict[str, Any] = parser.parse(response, operation.output_shape)
        parsed.update(added)
        if http.status_code >= 300:
            code = parsed.get("Error", {}).get("Code")
            shape = self._service_model.shape_for_error_code(code) if code else None
            if shape is not None:
                parsed.update(parser.parse(response, shape))
        return parsed

    def generate_presigned_url(
        self,
        ClientMethod: str,
        Params: dict[str, Any] | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
    ) -> str:
        """A URL that makes the call ``ClientMethod(**Params)`` with no credentials until it
        expires: the request is signed into its query string instead of being sent."""
        import strato.clients.presign as presign  # absolute: a relative import costs µs

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


def _add_unsigned_headers(
    headers: dict[str, str],
    lower_names: tuple[str, ...],
    method: str,
    body: Any,
    invocation_id: str,
    attempt: int,
    policy: RetryPolicy,
) -> None:
    """What botocore adds after signing: retry tracking headers, then the body's length
    (``lower_names``: the signed headers' names, lower-cased)."""
    headers["amz-sdk-invocation-id"] = invocation_id
    if policy.mode == "legacy" and attempt == 1:
        headers["amz-sdk-request"] = f"attempt={attempt}"
    else:
        headers["amz-sdk-request"] = f"attempt={attempt}; max={policy.total_attempts}"
    if (
        method in ("GET", "HEAD", "OPTIONS")
        or "content-length" in lower_names
        or "transfer-encoding" in lower_names
    ):
        return
    length = checksums.content_length(body)
    if length is None:
        headers["Transfer-Encoding"] = "chunked"
    else:
        headers["Content-Length"] = str(length)


def _flat_headers(headers: dict[str, Any]) -> dict[str, str]:
    return {
        name: ",".join(values) if isinstance(values, list) else values
        for name, values in headers.items()
    }


def _with_scheme(url: str, use_ssl: bool) -> str:
    if not use_ssl and url.startswith("https://"):
        return "http://" + url[len("https://") :]
    return url


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
    import strato.clients.presign as presign

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
