"""botocore's request handlers for services other than S3 (``docs/handlers.md``).

Looked up per service and operation in three tables, one per stage botocore emits them
at: the parameters before validation, the serialized request, the request about to be
signed. Keys are (hyphenized service id, operation name or ``"*"``), as botocore's event
names, and each operation's handlers are found once.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..model import OperationModel, ServiceModel
    from .auth import SigningPlan
    from .base import BaseClient

    ParamHandler = Callable[[OperationModel, dict[str, Any]], None]
    RequestHandler = Callable[[BaseClient, OperationModel, "Outgoing"], None]


def before_parameter_build(
    model: ServiceModel, operation: OperationModel, params: dict[str, Any]
) -> None:
    """botocore's ``before-parameter-build`` handlers: the caller's parameters, before
    validation (so errors name the model's parameters)."""
    for handler in _handlers("before-parameter-build", model, operation):
        handler(operation, params)


def has_param_handlers(model: ServiceModel, operation: OperationModel) -> bool:
    """Whether :func:`before_parameter_build` has anything to run for this operation."""
    return bool(_handlers("before-parameter-build", model, operation))


class Outgoing:
    """The serialized request as botocore's ``before-call`` and ``request-created``
    handlers change it, and the plan it will be signed with."""

    __slots__ = ("body", "headers", "method", "plan", "url")

    def __init__(
        self, method: str, url: str, headers: dict[str, str], body: Any, plan: SigningPlan
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.plan = plan


def before_call(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """botocore's ``before-call`` handlers: the body is still the serializer's (a dict
    for query protocols)."""
    for handler in _handlers("before-call", client._service_model, operation):
        handler(client, operation, out)


def request_created(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """botocore's ``request-created`` handlers, just before signing: the body is bytes."""
    for handler in _handlers("request-created", client._service_model, operation):
        handler(client, operation, out)


def host_prefix(
    model: ServiceModel, operation: OperationModel, request: dict[str, Any], inject: bool
) -> Any:
    """The serialized host prefix if ``inject_host_prefix`` allows it, except S3 Control's
    ``{AccountId}.``: its endpoint rules put the account in the host themselves (botocore
    drops it from the model)."""
    prefix = request.get("host_prefix") if inject else None
    if (
        prefix is not None
        and model.service_id.hyphenize() == "s3-control"
        and (operation.endpoint or {}).get("hostPrefix") == "{AccountId}."
        and any(
            p.name == "RequiresAccountId" and p.value is True
            for p in operation.static_context_parameters
        )
    ):
        return None
    return prefix


def signing_path(model: ServiceModel, auth_path: Any) -> Any:
    """S3's HMAC-v1 resource without a leading access-point ARN (botocore's
    ``remove_arn_from_signing_path``): the ARN is in the host, not the path."""
    if (
        isinstance(auth_path, str)
        and auth_path.startswith("/arn%3A")
        and model.service_id.hyphenize() == "s3"
    ):
        from urllib.parse import unquote

        parts = auth_path.split("/")
        if len(parts) > 1 and unquote(parts[1]).count(":") >= 5:  # ArnParser.is_arn
            return "/".join(["", *parts[2:]])
    return auth_path


def presign_headers(
    model: ServiceModel, operation: OperationModel, headers: dict[str, str]
) -> None:
    """Polly's speech URLs are fetched by browsers, which send no ``Content-Type``: botocore
    leaves it out of the presigned request."""
    if operation.name == "SynthesizeSpeech" and model.service_id.hyphenize() == "polly":
        headers.pop("Content-Type", None)


# -- before-parameter-build: (operation, params), before validation --------------------


def _alias(original: str, alias: str) -> ParamHandler:
    """A parameter's SDK-side name; the model's name wins, both at once are an error."""

    def rename(operation: OperationModel, params: dict[str, Any]) -> None:
        shape = operation.input_shape
        if shape is None or original not in shape.members or alias not in params:
            return
        if original in params:
            from ..exceptions import AliasConflictParameterError

            raise AliasConflictParameterError(
                original=original, alias=alias, operation=operation.name
            )
        params[original] = params.pop(alias)

    return rename


def _base64_user_data(operation: OperationModel, params: dict[str, Any]) -> None:
    """Instances take ``UserData`` base64-encoded; callers pass the text or bytes."""
    value = params.get("UserData")
    if isinstance(value, str | bytes):  # anything else is left to the validator
        import base64

        raw = value.encode("utf-8") if isinstance(value, str) else value
        params["UserData"] = base64.b64encode(raw).decode("utf-8")


_ROUTE53_ID_SHAPES = ("ResourceId", "DelegationSetId", "ChangeId")


def _route53_ids(operation: OperationModel, params: dict[str, Any]) -> None:
    """Ids as other calls return them (``/hostedzone/Z1``) are cut to their last part."""
    shape = operation.input_shape
    if shape is None:
        return
    for name, member in shape.members.items():
        value = params.get(name)
        if member.name in _ROUTE53_ID_SHAPES and isinstance(value, str):
            params[name] = value.rsplit("/", 1)[-1]


def _glacier_account(operation: OperationModel, params: dict[str, Any]) -> None:
    """Glacier's ``accountId`` defaults to ``-``, the credentials' own account."""
    if params.get("accountId") is None:
        params["accountId"] = "-"


# -- before-call and request-created: (client, operation, request) ---------------------


def _recursion_detection(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """Inside Lambda, pass the invocation's trace id on (``X-Amzn-Trace-Id``)."""
    trace_id = os.environ.get("_X_AMZN_TRACE_ID")
    if not trace_id or "AWS_LAMBDA_FUNCTION_NAME" not in os.environ:
        return
    if "X-Amzn-Trace-Id" not in out.headers:
        from urllib.parse import quote

        out.headers["X-Amzn-Trace-Id"] = quote(trace_id, safe="-=;:+&[]{}\"',")


def _glacier_version(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    out.headers["x-amz-glacier-version"] = client._service_model.api_version


def _accept_json(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """API Gateway answers in JSON only when asked to."""
    if out.headers.get("Accept") is None:
        out.headers["Accept"] = "application/json"


def _get_to_post(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """CloudSearch searches can be long: the query is sent as a form instead."""
    if out.method == "GET" and "?" in out.url:
        out.headers["Content-Type"] = "application/x-www-form-urlencoded"
        out.method = "POST"
        out.url, query = out.url.split("?", 1)
        out.body = query.encode("utf-8")


def _predict_endpoint(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """Machine Learning predictions go to the model's own ``PredictEndpoint``."""
    import json

    endpoint = json.loads(out.body.decode("utf-8")).get("PredictEndpoint")
    if endpoint:
        from urllib.parse import urlsplit, urlunsplit

        new, old = urlsplit(endpoint), urlsplit(out.url)
        if not new.netloc:  # botocore: AttributeError on the missing host
            from strato.exceptions import ParamValidationError

            raise ParamValidationError(
                report=f"Invalid PredictEndpoint {endpoint!r}: an absolute URL with a host"
            )
        out.url = urlunsplit((new.scheme, new.netloc, old.path, old.query, ""))


def _glacier_checksums(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    from .glacier import add_checksums  # loaded by the first Glacier upload

    add_checksums(client, operation, out)


def _ec2_presigned_url(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    from .presigned_params import inject_ec2  # loaded by the first CopySnapshot

    inject_ec2(client, operation, out)


def _rds_presigned_url(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    from .presigned_params import inject_rds  # loaded by the first cross-region copy

    inject_rds(client, operation, out)


def _handlers(stage: str, model: ServiceModel, operation: OperationModel) -> tuple[Any, ...]:
    """A stage's handlers for one operation, the operation's own first (botocore's order:
    most specific event first); found once per operation."""
    key = (stage, model.service_id, operation.name)
    found = _FOUND.get(key)
    if found is None:
        table = _STAGES[stage]
        service = model.service_id.hyphenize()
        found = _FOUND[key] = (
            table.get((service, operation.name), ())
            + table.get((service, "*"), ())
            + table.get(("*", "*"), ())
        )
    return found


_FOUND: dict[tuple[str, str, str], tuple[Any, ...]] = {}
_RDS_PRESIGNED = (_rds_presigned_url,)
#: Keys are (hyphenized service id, operation name or "*"), as botocore's event names.
_PARAM_HANDLERS: dict[tuple[str, str], tuple[ParamHandler, ...]] = {
    ("ec2", "RunInstances"): (_base64_user_data,),
    ("auto-scaling", "CreateLaunchConfiguration"): (_base64_user_data,),
    ("ec2", "*"): (_alias("Filter", "Filters"),),
    ("cloudwatch-logs", "CreateExportTask"): (_alias("from", "fromTime"),),
    ("cloudsearch-domain", "Search"): (_alias("return", "returnFields"),),
    ("route-53", "*"): (_route53_ids,),
    ("glacier", "*"): (_glacier_account,),
}
_BEFORE_CALL: dict[tuple[str, str], tuple[RequestHandler, ...]] = {
    ("glacier", "UploadArchive"): (_glacier_checksums,),
    ("glacier", "UploadMultipartPart"): (_glacier_checksums,),
    ("glacier", "*"): (_glacier_version,),
    ("api-gateway", "*"): (_accept_json,),
    ("ec2", "CopySnapshot"): (_ec2_presigned_url,),
    ("rds", "CopyDBClusterSnapshot"): _RDS_PRESIGNED,
    ("rds", "CreateDBCluster"): _RDS_PRESIGNED,
    ("rds", "CopyDBSnapshot"): _RDS_PRESIGNED,
    ("rds", "CreateDBInstanceReadReplica"): _RDS_PRESIGNED,
    ("rds", "StartDBInstanceAutomatedBackupsReplication"): _RDS_PRESIGNED,
    ("neptune", "CopyDBClusterSnapshot"): _RDS_PRESIGNED,
    ("neptune", "CreateDBCluster"): _RDS_PRESIGNED,
    ("docdb", "CopyDBClusterSnapshot"): _RDS_PRESIGNED,
    ("docdb", "CreateDBCluster"): _RDS_PRESIGNED,
    ("*", "*"): (_recursion_detection,),
}
_REQUEST_CREATED: dict[tuple[str, str], tuple[RequestHandler, ...]] = {
    ("machine-learning", "Predict"): (_predict_endpoint,),
    ("cloudsearch-domain", "Search"): (_get_to_post,),
}
_STAGES: dict[str, dict[tuple[str, str], tuple[Any, ...]]] = {
    "before-parameter-build": _PARAM_HANDLERS,
    "before-call": _BEFORE_CALL,
    "request-created": _REQUEST_CREATED,
}
