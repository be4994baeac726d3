"""A client's call: endpoint, serialize, sign, send, parse (``BaseClient._make_api_call``).

Loaded by the first call with the rest of the call path, so that making a client loads
only its skeleton (``clients.base``); its modules are bound here once, as a global costs
a call nothing and an ``import`` statement about 0.1 µs each time it runs.
"""

from __future__ import annotations

import sys
import time

import strato._ids as ids
import strato.clients.auth as auth
import strato.clients.checksums as checksums
import strato.clients.customize as customize
import strato.clients.endpoint_params as endpoint_params
import strato.clients.responses as responses
import strato.clients.retries as retries
import strato.clients.service_handlers as handlers
import strato.exceptions as errors
import strato.signing._model as signing_model
import strato.validate as validate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel
    from .base import BaseClient
    from .discovery import Discovery
    from .retries import RetryPolicy


def resolve_endpoint(
    client: BaseClient,
    operation: OperationModel,
    params: dict[str, Any],
    overrides: dict[str, Any] | None = None,
) -> Any:
    """The call's endpoint; ``overrides`` replace built-in values (a presigned URL's
    global S3 endpoint)."""
    fixed = client._fixed_endpoints
    if fixed is None:
        fixed = client._fixed_endpoints = _fixed_endpoints(client)
    if (
        not overrides
        and fixed
        and not (operation.context_parameters or operation.operation_context_parameters)
    ):
        # Nothing of the call reaches the rules: the endpoint is the client's, per operation.
        found = client._endpoints.get(operation.name)
        if found is None:
            found = client._endpoints[operation.name] = endpoint_from(
                client, endpoint_inputs(client, operation, params, overrides), params
            )
        return found
    return endpoint_from(client, endpoint_inputs(client, operation, params, overrides), params)


def _fixed_endpoints(client: BaseClient) -> bool:
    """Whether a call's endpoint depends on the operation only (not S3, not the account)."""
    return client._service_model.endpoint_prefix != "s3" and not any(
        definition.get("builtIn") == "AWS::Auth::AccountId"
        for definition in client._settings.rules.parameters.values()
    )


def endpoint_inputs(
    client: BaseClient,
    operation: OperationModel,
    params: dict[str, Any],
    overrides: dict[str, Any] | None,
) -> dict[str, Any]:
    """The rule set's input for one call."""
    settings = client._settings
    service_name = client._service_model.service_name
    # Changes to the client's built-in values (S3's per-call tweaks, a presigned URL's
    # global endpoint, a redirected bucket's region) pick their own input plan.
    changes: tuple[tuple[str, Any], ...] = ()
    if service_name == "s3":
        changes = endpoint_params.s3_call_builtins(operation.name, params)
    if overrides:
        changes = (*changes, *overrides.items())
    if client._bucket_regions:
        bucket = params.get("Bucket")
        if isinstance(bucket, str) and bucket in client._bucket_regions:
            # A bucket S3 redirected before: its own region, even over a presigned
            # URL's global endpoint (botocore's handler runs after that one).
            changes = (*changes, ("AWS::Region", client._bucket_regions[bucket]))
    key = (operation.name, changes)
    plan = client._input_plans.get(key)
    if plan is None:
        plan = client._input_plans[key] = endpoint_params.InputPlan(
            settings.rules.parameters,
            {**settings.builtins, **dict(changes)} if changes else settings.builtins,
            settings.client_context,
            operation,
            endpoint_params.S3_UNREFERENCED if service_name == "s3" else (),
        )
    return plan.values(params, lambda: _account_id(client))


def endpoint_from(client: BaseClient, values: dict[str, Any], params: dict[str, Any]) -> Any:
    """The endpoint the rules give for their input ``values`` (``params``, the call's,
    for botocore's translated errors), logged as botocore logs it."""
    settings = client._settings
    try:
        endpoint = settings.rules.provider.resolve(values)
    except errors.EndpointResolutionError as e:
        raise endpoint_params.translated_error(
            client._service_model.service_name, e, params
        ) from None
    if "logging" in sys.modules:  # strato._log's rule: no logging, no DEBUG records
        import strato.clients.call_log as call_log

        call_log.endpoint_resolved(values, endpoint.url)
    return endpoint


def _account_id(client: BaseClient) -> Any:
    """The rules' ``AWS::Auth::AccountId``: the credentials' account, asked for only when
    the rules need it; None while a Stubber hides it (as botocore's does)."""
    credentials = client._settings.credentials
    if credentials is None or (client._events is not None and client._events.hide_account_id):
        return None
    return credentials.account_id


def make_api_call(
    client: BaseClient, operation_name: str, api_params: dict[str, Any]
) -> dict[str, Any]:
    """``client._make_api_call``: one call of the operation ``operation_name``."""
    model = client._service_model
    operation = model.operation_model(operation_name)
    settings = client._settings
    params = dict(api_params)
    context: dict[str, Any] = {}
    events = client._events
    if events is not None:  # botocore runs registered steps before its own handlers
        for step in events.before_parameter_build:
            step(operation, params)
    discovery = None  # (the client's Discovery, the call's identifiers)
    if settings.discovery is not None and operation.endpoint_discovery is not None:
        identifiers = settings.discovery.identifiers(operation, params)
        discovery = None if identifiers is None else (settings.discovery, identifiers)
    # botocore's order: handlers, endpoint rules, then validation and serialization
    # (so a bad context value fails in the rules). Only members its handlers would
    # crash on are checked first.
    validate.check_handler_inputs(model.endpoint_prefix, params, operation.input_shape)
    customize.before_serialize(model, operation, params, context)
    response_algorithms = checksums.enable_response_validation(
        operation, params, settings.response_checksum_validation
    )
    endpoint = resolve_endpoint(client, operation, params)
    request = client._codec()[0].serialize_to_request(params, operation)
    plan = signing_plan(client, operation, endpoint)
    if plan.kind == "s3express":
        from .s3express import SessionIdentity

        plan.identity = SessionIdentity(client, params.get("Bucket"))
    url = customize.join_url(
        with_scheme(endpoint.url, settings.use_ssl),
        request["url_path"],
        handlers.host_prefix(model, operation, request, settings.inject_host_prefix),
        request["query_string"],
    )
    headers = (
        {**flat_headers(endpoint.headers), **request["headers"]}
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
        handlers.before_call(client, operation, out)
        for hook in client._call_hooks.get(operation.name, ()):
            hook(out)
        body = customize.escape_xml_newlines(model, operation, customize.encode_body(out.body))
        customize.add_expect_header(model, operation, headers, body)
        if checksum is not None:
            body = checksums.apply(checksum, headers, body)
        out.body = body
        handlers.request_created(client, operation, out)
        request["method"] = out.method
        request["auth_path"] = handlers.signing_path(model, request.get("auth_path"))
        parsed = _send(
            client,
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
        raise client.exceptions.from_code(code)(parsed, operation_name)
    return parsed


def signing_plan(client: BaseClient, operation: OperationModel, endpoint: Any) -> auth.SigningPlan:
    """:func:`auth.plan_signing` for the call; a new plan each call (S3 Express sets its
    identity), from the last one made for the same operation and endpoint object (the
    rules' result cache gives the same object for the same inputs; the client's
    settings do not change)."""
    last = client._last_plans.get(operation.name)
    if last is not None and last[0] is endpoint:
        kind, name, region, payload_signing = last[1]
        return auth.SigningPlan(kind, name, region, payload_signing)
    settings = client._settings
    plan = auth.plan_signing(
        operation,
        client._service_model,
        settings.requested_signature,
        endpoint.properties,
        settings.region,
        scope=settings.legacy_endpoint.credential_scope,
    )
    fields = (plan.kind, plan.name, plan.region, plan.payload_signing)
    client._last_plans[operation.name] = (endpoint, fields)
    return plan


def _send(
    client: BaseClient,
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
    settings = client._settings
    policy = settings.retry
    if policy is None:  # the client's retry quota, from its first call on
        policy = settings.retry = retries.RetryPolicy(*settings.retry_rules)
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
            url = discovery[0].url(client, operation, discovery[1]) or given_url
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
            is_s3=client._service_model.endpoint_prefix == "s3",
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
            http = client._http().send(
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
        parsed = _parse(client, operation, http, streaming, response_algorithms)
        # A response handler may have made it an error (S3's errors inside a 200).
        status = parsed.get("ResponseMetadata", {}).get("HTTPStatusCode", http.status_code)
        decision = policy.decide(
            attempt + 1,
            operation,
            retries.Outcome(status, http.headers, None if streaming else http.body, parsed),
        )
        if trace:
            call_log.retry(decision)
        if status >= 300 and not redirected and client._service_model.service_name == "s3":
            import strato.clients.s3_redirect as s3_redirect

            target = s3_redirect.redirect(client, operation, params, url, plan, status, parsed)
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
        if operation.name == "GetBucketLocation" and client._service_model.service_name == "s3":
            # botocore's after-call handler: once, on the last answer, errors included.
            parsed["LocationConstraint"] = customize.bucket_location(http.body)
        return parsed


def _parse(
    client: BaseClient,
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
    parser = client._codec()[1]
    added = responses.before_parse(client._service_model, operation, response)
    parsed: dict[str, Any] = parser.parse(response, operation.output_shape)
    parsed.update(added)
    if http.status_code >= 300:
        code = parsed.get("Error", {}).get("Code")
        shape = client._service_model.shape_for_error_code(code) if code else None
        if shape is not None:
            parsed.update(parser.parse(response, shape))
    return parsed


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


def flat_headers(headers: dict[str, Any]) -> dict[str, str]:
    """An endpoint's headers (lists of values) as request headers."""
    return {
        name: ",".join(values) if isinstance(values, list) else values
        for name, values in headers.items()
    }


def with_scheme(url: str, use_ssl: bool) -> str:
    """``url`` on plain HTTP when the client was made with ``use_ssl=False``."""
    if not use_ssl and url.startswith("https://"):
        return "http://" + url[len("https://") :]
    return url
