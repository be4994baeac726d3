"""``client.generate_presigned_url``: a call's request, signed into its URL instead of sent.

As botocore's presigner: the call's parameters are prepared, the endpoint resolved and the
request serialized as for a call (no User-Agent, no checksum, no ``Expect``), then signed
in the query string. The operation's auth trait is skipped; the endpoint's signing region
is used only for ARN buckets (the client's region otherwise). S3 differs in three ways:

- without a configured ``signature_version``, clients in the regions where S3 still
  accepts it presign with the legacy HMAC-v1 signature (``Expires``, ``Signature``);
- virtual-hosted URLs in the ``aws`` partition use the global endpoint
  (``bucket.s3.amazonaws.com``) unless the addressing style is ``virtual``, dual-stack is
  on or us-east-1 is configured ``regional``;
- directory buckets presign with an S3 Express session (``X-Amz-S3session-Token``).
"""

from __future__ import annotations

# presign loads at the first presigned URL, with the call path already loaded: these are
# bound here once, as a function-level ``from`` import costs a package lookup per call.
import sys

import strato.clients.auth as auth
import strato.clients.call as call
import strato.clients.customize as customize
import strato.clients.endpoint_params as endpoint_params
import strato.clients.s3_params as s3_params
import strato.clients.service_handlers as service_handlers
import strato.signing._hmacv1 as hmacv1
import strato.signing._post as post
from strato import exceptions as errors
from strato._urlpath import quote
from strato.endpoints._library import is_valid_host_label, partition_function
from strato.protocols.serialize_rest import uri_labels
from strato.signing._model import SigningRequest
from strato.signing._sigv4 import presign_v4
from strato.validate import scalar_check

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel
    from .base import BaseClient

#: S3 regions whose endpoints.json entry (botocore 1.44.8) lists signature version "s3".
_S3_SIGV2_REGIONS = frozenset(
    {
        "aws-global",
        "ap-northeast-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "eu-west-1",
        "sa-east-1",
        "us-east-1",
        "us-west-1",
        "us-west-2",
        "us-gov-east-1",
        "us-gov-west-1",
    }
)
_GLOBAL_ENDPOINT = {"AWS::Region": "aws-global", "AWS::S3::UseGlobalEndpoint": True}


def _is_arn(bucket: Any) -> bool:
    return isinstance(bucket, str) and bucket.startswith("arn:") and bucket.count(":") >= 5


def _partition(client: BaseClient) -> str:
    """The partition of the client's region (its settings never change: asked once)."""
    settings = client._settings
    name: str | None = getattr(settings, "partition_name", None)
    if name is None:
        partitions = settings.loader.load_data("partitions")
        name = settings.partition_name = partition_function(partitions)(settings.region)["name"]
    return name


def _global_endpoint(client: BaseClient, operation: OperationModel, bucket: Any) -> bool:
    """Whether botocore points this S3 URL at the global endpoint (``aws-global``)."""
    settings = client._settings
    s3 = settings.s3_config
    if s3.get("use_dualstack_endpoint") or s3.get("addressing_style") == "virtual":
        return False
    if s3.get("us_east_1_regional_endpoint") == "regional" and settings.region == "us-east-1":
        return False
    if isinstance(bucket, str) and (
        not is_valid_host_label(bucket, False) or _is_arn(bucket) or bucket.endswith("--x-s3")
    ):
        return False
    path_style = operation.name == "GetBucketLocation" or settings.builtins.get(
        "AWS::S3::ForcePathStyle"
    )
    return not path_style and _partition(client) == "aws"


def _body_params(body: Any) -> dict[str, Any]:
    """Body parameters that move into the query: a query-protocol form, or JSON text.

    A stream (an upload's ``Body``) goes through ``dict()`` as in botocore, which takes
    its lines for pairs: only an empty one passes, others raise botocore's ValueError.
    """
    if isinstance(body, dict):
        return body
    if not isinstance(body, bytes | str):
        return dict(body) if body is not None else {}
    if not body:
        return {}
    import json

    loaded: dict[str, Any] = json.loads(body)
    return loaded


def _fold_body(url: str, body: Any) -> str:
    """botocore's query presigner moves the body's parameters into the URL's query."""
    params = _body_params(body)
    if not params:
        return url
    from ..protocols._serialize_common import percent_encode_sequence

    return url + ("&" if "?" in url else "?") + percent_encode_sequence(params)


class _Target:
    """Where a presigned call goes and how it is signed: the endpoint URL (scheme applied)
    and headers, the signing plan, and the rule-set input (logged again when reused)."""

    __slots__ = ("headers", "inputs", "kept", "plan", "url")

    def __init__(
        self,
        client: BaseClient,
        endpoint: Any,
        operation: OperationModel,
        bucket: Any,
        suffix: str,
        inputs: dict[str, Any] | None = None,
    ) -> None:
        """``suffix`` (``-query``, ``-presign-post``) names the signer in botocore's errors;
        ``inputs`` is the rule-set input ``endpoint`` came from, kept when it is reused."""
        model = client._service_model
        settings = client._settings
        is_s3 = model.endpoint_prefix == "s3"
        requested = settings.requested_signature
        scope = settings.legacy_endpoint.credential_scope
        try:
            plan = auth.plan_signing(
                operation,
                model,
                requested,
                endpoint.properties,
                settings.region,
                presign=True,
                scope=scope,
            )
        except errors.UnknownSignatureVersionError:
            if not isinstance(requested, str):
                raise
            # botocore finds no presigner for a requested version it cannot sign with.
            raise errors.UnsupportedSignatureVersionError(
                signature_version=requested + suffix
            ) from None
        if plan.kind == "v2":  # botocore has no SigV2 presigner
            raise errors.UnsupportedSignatureVersionError(signature_version="v2" + suffix)
        if not _is_arn(bucket):  # botocore's presigner ignores the scheme's region
            plan.region = scope.get("region") or settings.region
        if (
            is_s3
            and requested is None
            and settings.region in _S3_SIGV2_REGIONS
            and plan.kind != "s3express"
        ):
            plan.kind = "s3"
        if plan.kind == "s3express":
            from .s3express import SessionIdentity

            plan.identity = SessionIdentity(client, bucket)
        self.plan = plan
        self.url = call.with_scheme(endpoint.url, settings.use_ssl)
        self.headers = call.flat_headers(endpoint.headers) if endpoint.headers else None
        self.inputs = inputs
        #: A compiled plan's request and URL, when they are made of the target's key alone.
        self.kept: tuple[dict[str, Any], str] | None = None


def _overrides(client: BaseClient, operation: OperationModel, bucket: Any) -> Any:
    """The built-in values a presigned URL changes: S3's global endpoint, or none."""
    if client._service_model.endpoint_prefix == "s3" and _global_endpoint(
        client, operation, bucket
    ):
        return _GLOBAL_ENDPOINT
    return None


class _Compiled:
    """A presigned call's operation and parameter names made into one plan: the checks the
    validator would make, where each value goes, and the endpoints met so far by the values
    that reach the rule set.

    Only for calls whose parameters are all text bound to the URI, query or headers of a
    ``rest-xml`` operation (S3's presigned URLs), that no handler rewrites. A value the
    checks do not pass sends the call down the general path, which reports it.
    """

    __slots__ = (
        "checks",
        "endpoint_members",
        "headers",
        "is_s3",
        "labels",
        "query",
        "request_in_key",
        "targets",
    )

    _TARGETS = 128  # endpoints kept per plan (distinct buckets, for S3)

    def __init__(
        self,
        checks: tuple[tuple[str, int], ...],
        labels: tuple[tuple[str, str, str], ...],
        query: tuple[tuple[str, str], ...],
        headers: tuple[tuple[str, str], ...],
        endpoint_members: tuple[str, ...],
        is_s3: bool,
    ) -> None:
        """``labels`` are (member, URI template label, characters left bare); ``query`` and
        ``headers`` (member, name on the wire), all in the call's order."""
        self.checks = checks
        self.labels = labels
        self.query = query
        self.headers = headers
        self.endpoint_members = endpoint_members
        self.is_s3 = is_s3
        self.targets: dict[tuple[Any, ...], _Target] = {}
        placed = {placement[0] for placement in (*labels, *query, *headers)}
        #: Whether the values placed in the request all key the target (a bucket's
        #: presigned POST): then the request and URL are kept with it.
        self.request_in_key = placed.issubset(endpoint_members)

    def accepts(self, params: dict[str, Any]) -> bool:
        """Whether every value is what the checks pass (plain text, long enough)."""
        for name, minimum in self.checks:
            value = params[name]
            if type(value) is not str or len(value) < minimum:
                return False
        if self.is_s3:
            bucket = params.get("Bucket")
            return bucket is None or s3_params.is_plain_bucket(bucket)
        return True

    def target(
        self, client: BaseClient, operation: OperationModel, params: dict[str, Any], suffix: str
    ) -> _Target:
        """The call's target, kept per value of the members that reach the rule set (and a
        bucket's redirected region): nothing else of the call changes it."""
        key = tuple(map(params.get, self.endpoint_members))
        regions = client._bucket_regions
        if regions:
            key = (*key, regions.get(params.get("Bucket")))  # type: ignore[arg-type]
        target = self.targets.get(key)
        if target is None:
            bucket = params.get("Bucket")
            inputs = call.endpoint_inputs(
                client, operation, params, _overrides(client, operation, bucket)
            )
            endpoint = call.endpoint_from(client, inputs, params)
            target = _Target(client, endpoint, operation, bucket, suffix, inputs)
            if target.plan.identity is None:  # an S3 Express session is asked per call
                if len(self.targets) >= self._TARGETS:
                    self.targets.clear()
                self.targets[key] = target
        elif "logging" in sys.modules:  # botocore logs the rules' input at every call
            import strato.clients.call_log as call_log

            call_log.endpoint_resolved(target.inputs, target.url)  # type: ignore[arg-type]
        return target

    def prepare(
        self, client: BaseClient, operation: OperationModel, params: dict[str, Any], suffix: str
    ) -> tuple[_Target, dict[str, Any], str]:
        """The call's target, serialized request and unsigned URL."""
        target = self.target(client, operation, params, suffix)
        if target.kept is not None:
            return target, *target.kept
        request = self.request(operation, params)
        url = customize.join_url(target.url, request["url_path"], None, request["query_string"])
        if self.request_in_key:
            target.kept = (request, url)
        return target, request, url

    def request(self, operation: OperationModel, params: dict[str, Any]) -> dict[str, Any]:
        """The serialized request, as the ``rest-xml`` serializer makes it of these values."""
        encoded = {label: quote(params[name], safe) for name, label, safe in self.labels}
        http = operation.http
        request = {
            "method": http["method"],
            "url_path": http["requestUri"].format_map(encoded),
            # (a comprehension costs even when it has nothing to go through)
            "query_string": {wire: params[name] for name, wire in self.query} if self.query else {},
            "headers": {wire: params[name] for name, wire in self.headers} if self.headers else {},
            "body": b"",
        }
        if "authPath" in http:
            request["auth_path"] = http["authPath"].format_map(encoded)
        return request


def _compile(
    client: BaseClient, operation: OperationModel, names: tuple[str, ...]
) -> _Compiled | None:
    """The plan of presigning ``operation`` with these parameter names, or None when its
    calls need the general path (see :class:`_Compiled`)."""
    model = client._service_model
    settings = client._settings
    shape = operation.input_shape
    if (
        model.protocol != "rest-xml"
        or shape is None
        or shape.is_union
        or not settings.validate
        or (operation.endpoint or {}).get("hostPrefix")
        or not set(shape.required_members).issubset(names)
        or not customize.before_serialize_is_check(model, operation, names)
    ):
        return None
    is_s3 = model.endpoint_prefix == "s3"
    members = endpoint_params.call_members(
        settings.rules.parameters, operation, endpoint_params.S3_UNREFERENCED if is_s3 else ()
    )
    if members is None:
        return None
    http = operation.http
    template_labels = {*uri_labels(http["requestUri"]), *uri_labels(http.get("authPath", ""))}
    checks: list[tuple[str, int]] = []
    placed: dict[str, list[Any]] = {"uri": [], "querystring": [], "header": []}
    for name in names:
        member = shape.members.get(name)
        check = None if member is None else scalar_check(member)
        if member is None or check is None or check[0] != (str,):
            return None
        serialization = member.serialization
        location = serialization.get("location")
        if location not in placed or serialization.get("jsonvalue"):
            return None
        checks.append((name, check[1] or 0))
        wire = serialization.get("name", name)
        if location != "uri":
            placed[location].append((name, wire))
        # A greedy label ``{Key+}`` keeps its slashes; a plain one encodes everything.
        for label, safe in ((wire, ""), (wire + "+", "/~")):
            if label in template_labels:
                placed["uri"].append((name, label, safe))
                template_labels.discard(label)
    if template_labels:  # a label no parameter fills: the general path reports it
        return None
    return _Compiled(
        tuple(checks),
        tuple(placed["uri"]),
        tuple(placed["querystring"]),
        tuple(placed["header"]),
        members,
        is_s3,
    )


class _Prepared:
    """A call made ready for presigning: its request, URL and signing plan."""

    __slots__ = ("_credentials", "headers", "plan", "request", "url")

    def __init__(
        self, client: BaseClient, operation: OperationModel, params: dict[str, Any], suffix: str
    ) -> None:
        """``suffix`` (``-query``, ``-presign-post``) names the signer in botocore's errors."""
        model = client._service_model
        settings = client._settings
        key = (operation.name, tuple(params))
        compiled: _Compiled | None
        try:
            compiled = client._presigners[key]
        except KeyError:  # the first call with these names (None is kept too)
            compiled = client._presigners[key] = _compile(client, operation, key[1])
        if compiled is not None and compiled.accepts(params):
            target, request, self.url = compiled.prepare(client, operation, params, suffix)
        else:
            customize.before_serialize(model, operation, params, {})
            bucket = params.get("Bucket")
            endpoint = call.resolve_endpoint(
                client, operation, params, _overrides(client, operation, bucket)
            )
            request = client._codec()[0].serialize_to_request(params, operation)
            target = _Target(client, endpoint, operation, bucket, suffix)
            host_prefix = service_handlers.host_prefix(
                model, operation, request, settings.inject_host_prefix
            )
            self.url = customize.join_url(
                target.url, request["url_path"], host_prefix, request["query_string"]
            )
        self.request = request
        self.plan = target.plan
        headers = request["headers"]
        self.headers = {**target.headers, **headers} if target.headers else headers
        self._credentials = settings.credentials

    def credentials(self) -> Any:
        """The frozen credentials to sign with (an S3 Express session's, for those)."""
        source = self._credentials if self.plan.identity is None else self.plan.identity
        return source.get_frozen_credentials() if source is not None else None

    def region(self) -> str:
        """The SigV4 signing region, checked after the credentials, as botocore does."""
        if self.plan.region is None:
            raise errors.NoRegionError()
        return self.plan.region


def generate_presigned_url(
    client: BaseClient,
    client_method: str,
    params: dict[str, Any] | None,
    expires_in: int,
    http_method: str | None,
) -> str:
    """The presigned URL of one call; see the module docstring."""
    operation_name = client.meta.method_to_api_mapping.get(client_method)
    if operation_name is None:
        raise errors.UnknownClientMethodError(method_name=client_method)
    operation = client._service_model.operation_model(operation_name)
    prepared = _Prepared(client, operation, dict(params or {}), "-query")
    plan, request = prepared.plan, prepared.request
    method = http_method if http_method is not None else request["method"]
    if plan.kind == "none":
        return prepared.url
    if plan.kind == "s3":
        signing = SigningRequest(method, prepared.url, prepared.headers)
        hmacv1.presign_hmac_v1(
            signing,
            prepared.credentials(),
            expires=expires_in,
            auth_path=service_handlers.signing_path(
                client._service_model, request.get("auth_path")
            ),
        )
        return signing.url
    frozen = prepared.credentials()
    service_handlers.presign_headers(client._service_model, operation, prepared.headers)
    signing = SigningRequest(method, _fold_body(prepared.url, request["body"]), prepared.headers)
    presign_v4(
        signing,
        frozen,
        prepared.region(),
        plan.name,
        expires=expires_in,
        s3=plan.kind in ("s3v4", "s3express"),
        s3express=plan.kind == "s3express",
    )
    return signing.url


def generate_presigned_post(
    client: BaseClient,
    bucket: str,
    key: str,
    fields: dict[str, Any] | None,
    conditions: list[Any] | None,
    expires_in: int,
) -> dict[str, Any]:
    """S3's ``{"url", "fields"}`` of a browser upload form (CreateBucket's endpoint)."""
    operation = client._service_model.operation_model("CreateBucket")
    prepared = _Prepared(client, operation, {"Bucket": bucket}, "-presign-post")
    form = dict(fields or {})
    rules = [*(conditions or ()), {"bucket": bucket}]
    if key.endswith("${filename}"):
        rules.append(["starts-with", "$key", key[: -len("${filename}")]])
    else:
        rules.append({"key": key})
    form["key"] = key
    plan = prepared.plan
    if plan.kind != "none":
        if plan.kind == "s3":
            post.presign_post_hmac_v1(form, rules, prepared.credentials(), expires=expires_in)
        else:
            frozen = prepared.credentials()
            post.presign_post_v4(
                form, rules, frozen, prepared.region(), plan.name, expires=expires_in
            )
    return {"url": prepared.url, "fields": form}
