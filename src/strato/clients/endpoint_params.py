"""The inputs of a service's endpoint rule set: built-ins from configuration, then context.

Built-ins are computed once per client (botocore's
``compute_endpoint_resolver_builtin_defaults``); per call, static and dynamic context
parameters of the operation, its ``operationContextParams`` (JMESPath over the call's
input) and the client context parameters take precedence, in that order.
"""

from __future__ import annotations

from .._lazy import cached_property
from .legacy_endpoints import LEGACY_GLOBAL_STS_REGIONS
from .naming import snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..endpoints import EndpointProvider
    from ..loader import Loader
    from ..model import OperationModel


class Rules:
    """A client's rule set and its provider, read by the first call that resolves an
    endpoint: making a client neither loads the rules (S3's are 75 kB) nor the engine."""

    def __init__(self, loader: Loader, service_name: str, api_version: str | None) -> None:
        self._loader = loader
        self._service_name = service_name
        self._api_version = api_version

    @cached_property
    def ruleset(self) -> dict[str, Any]:
        ruleset: dict[str, Any] = self._loader.load_service_model(
            self._service_name, "endpoint-rule-set-1", self._api_version
        )
        return ruleset

    @cached_property
    def parameters(self) -> dict[str, Any]:
        """The rule set's parameter definitions, by name."""
        parameters: dict[str, Any] = self.ruleset.get("parameters", {})
        return parameters

    @cached_property
    def provider(self) -> EndpointProvider:
        from strato.endpoints import EndpointProvider

        return EndpointProvider(self.ruleset, self._loader.load_data("partitions"))


def builtins(
    *,
    region: str | None,
    service_prefix: str,
    s3_config: dict[str, Any],
    endpoint_url: str | None,
    use_fips: bool,
    use_dualstack: bool,
    sts_regional_endpoints: str,
    account_id_endpoint_mode: str | None,
    s3_disable_express_session_auth: Any,
) -> dict[str, Any]:
    """Values for the rule sets' ``builtIn`` parameters, by built-in name."""
    accelerate = bool(s3_config.get("use_accelerate_endpoint", False))
    style = s3_config.get("addressing_style")
    if accelerate:
        force_path_style = False
    elif endpoint_url is not None and "s3-accelerate" not in endpoint_url:
        force_path_style = style != "virtual"
    else:
        force_path_style = style == "path"
    return {
        "AWS::Region": region,
        "AWS::UseFIPS": endpoint_url is None and use_fips,
        "AWS::UseDualStack": endpoint_url is None and use_dualstack,
        "AWS::STS::UseGlobalEndpoint": sts_regional_endpoints == "legacy"
        and region in LEGACY_GLOBAL_STS_REGIONS,
        "AWS::S3::UseGlobalEndpoint": region == "us-east-1"
        and s3_config.get("us_east_1_regional_endpoint", "legacy") == "legacy",
        "AWS::S3::Accelerate": accelerate,
        "AWS::S3::ForcePathStyle": force_path_style,
        "AWS::S3::UseArnRegion": s3_config.get("use_arn_region", True),
        "AWS::S3Control::UseArnRegion": s3_config.get("use_arn_region", False),
        "AWS::S3::DisableMultiRegionAccessPoints": s3_config.get(
            "s3_disable_multiregion_access_points", False
        ),
        "AWS::S3::DisableS3ExpressSessionAuth": s3_disable_express_session_auth,
        "SDK::Endpoint": endpoint_url,
        "AWS::Auth::AccountIdEndpointMode": account_id_endpoint_mode,
    }


class InputPlan:
    """One operation's rule-set inputs, sorted once by where each comes from.

    ``fixed`` holds what no call changes (static context, client context and built-in
    values); ``varying`` the names a call's input can set (context members and
    ``operationContextParams`` paths), each with the value that stands in when the call
    gives none. A call then copies ``fixed`` and looks up only its few members.
    """

    __slots__ = ("fixed", "varying")

    def __init__(
        self,
        parameters: dict[str, dict[str, Any]],
        builtin_values: dict[str, Any],
        client_context: dict[str, Any],
        operation: OperationModel | None,
        skip: tuple[str, ...] = (),
    ) -> None:
        """``skip`` names declared parameters botocore leaves out of the rules' input."""
        static: dict[str, Any] = {}
        members: dict[str, str] = {}
        paths: dict[str, str] = {}
        if operation is not None:
            static = {p.name: p.value for p in operation.static_context_parameters}
            members = {p.name: p.member_name for p in operation.context_parameters}
            paths = {
                name: entry["path"]
                for name, entry in operation.operation_context_parameters.items()
            }
        self.fixed: dict[str, Any] = {}
        #: (name, member, JMESPath, stand-in value, whether the stand-in is the account id)
        self.varying: list[tuple[str, str | None, str | None, Any, bool]] = []
        for name, definition in parameters.items():
            if name in skip:
                continue
            value = static.get(name)
            if value is not None:
                self.fixed[name] = value
                continue
            fallback = client_context.get(name)
            account = False
            if fallback is None and "builtIn" in definition:
                builtin = definition["builtIn"]
                account = builtin == "AWS::Auth::AccountId"
                fallback = None if account else builtin_values.get(builtin)
            member, path = members.get(name), paths.get(name)
            if member is not None or path is not None or account:
                self.varying.append((name, member, path, fallback, account))
            elif fallback is not None:
                self.fixed[name] = fallback

    def values(self, call_args: dict[str, Any], account_id: Callable[[], Any]) -> dict[str, Any]:
        """The rule-set input for one call; ``account_id`` is asked only when needed."""
        values = dict(self.fixed)
        for name, member, path, fallback, account in self.varying:
            value = None if member is None else call_args.get(member)
            if value is None and path is not None:
                from .._jmespath import search

                value = search(path, call_args)
            if value is None:
                value = account_id() if account else fallback
            if value is not None:
                values[name] = value
        return values


def client_context(declared: list[str], given: dict[str, Any]) -> dict[str, Any]:
    """Declared client context parameters found in ``given`` under their snake-case names;
    with none given (the usual client) no name is transformed, nor the naming rule loaded."""
    if not given:
        return {}
    return {name: given[snake_case(name)] for name in declared if snake_case(name) in given}


def s3_call_builtins(operation_name: str, params: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """botocore's per-call S3 tweak of the built-ins: GetBucketLocation always path style,
    ARN buckets never (as changes to the client's values)."""
    bucket = params.get("Bucket")
    if operation_name == "GetBucketLocation":
        return (("AWS::S3::ForcePathStyle", True),)
    if isinstance(bucket, str) and bucket.startswith("arn:") and bucket.count(":") >= 5:
        return (("AWS::S3::ForcePathStyle", False),)
    return ()


_S3_CONFIG_ERRORS = (
    "S3 Object Lambda does not support S3 Accelerate",
    "Accelerate cannot be used with FIPS",
)
_S3_ACCESS_POINT_ERRORS = (
    "S3 Outposts does not support",
    "S3 MRAP does not support",
    "S3 Object Lambda does not support",
    "Access Points do not support",
    "Invalid configuration:",
    "Client was configured for partition",
)


def translated_error(service_name: str, error: Exception, params: dict[str, Any]) -> Exception:
    """The older, more specific exception botocore raises for some rule-set errors."""
    from ..exceptions import (
        InvalidEndpointConfigurationError,
        InvalidHostLabelError,
        ParamValidationError,
        UnsupportedS3AccesspointConfigurationError,
        UnsupportedS3ConfigurationError,
        UnsupportedS3ControlArnError,
        UnsupportedS3ControlConfigurationError,
    )

    msg = str(error)
    if msg.startswith("Invalid region in ARN: "):
        parts = msg.split("`")
        return InvalidHostLabelError(label=parts[1] if len(parts) > 1 else msg)
    if service_name == "s3":
        if msg in _S3_CONFIG_ERRORS:
            return UnsupportedS3ConfigurationError(msg=msg)
        if msg.startswith(_S3_ACCESS_POINT_ERRORS):
            return UnsupportedS3AccesspointConfigurationError(msg=msg)
        if msg.lower().startswith("invalid arn:"):
            return ParamValidationError(report=msg)
    elif service_name == "s3control":
        if msg.startswith("Invalid ARN:"):
            return UnsupportedS3ControlArnError(arn=params.get("Bucket"), msg=msg)
        if msg.startswith(("Invalid configuration:", "Client was configured for partition")):
            return UnsupportedS3ControlConfigurationError(msg=msg)
        if msg == "AccountId is required but not set":
            return ParamValidationError(report=msg)
    elif service_name == "events" and (
        msg.startswith(
            "Invalid Configuration: FIPS is not supported with EventBridge multi-region endpoints."
        )
        or msg == "EndpointId must be a valid host label."
    ):
        return InvalidEndpointConfigurationError(msg=msg)
    return error


#: Members S3's rule set declares but never reads: botocore leaves them out of the rules'
#: input (so their type is checked by the validator, not the rules).
S3_UNREFERENCED = ("Key", "Prefix", "CopySource")


def call_members(
    parameters: dict[str, dict[str, Any]], operation: OperationModel, skip: tuple[str, ...]
) -> tuple[str, ...] | None:
    """The call members whose values reach the rule set's input: what an endpoint kept per
    call input is keyed by. None when more of the call or the credentials reach it too
    (``operationContextParams`` paths, the account id)."""
    if operation.operation_context_parameters or any(
        definition.get("builtIn") == "AWS::Auth::AccountId" for definition in parameters.values()
    ):
        return None
    return tuple(
        p.member_name
        for p in operation.context_parameters
        if p.name in parameters and p.name not in skip
    )
