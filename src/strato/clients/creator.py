"""Making a client: resolve everything a client needs once, from the session and arguments.

The result is a :class:`ClientSettings` (plain data: region, endpoint inputs,
credentials, transport and retry options) handed to the service's client class.
"""

from __future__ import annotations

from .. import exceptions as errors
from ..model import ServiceModel
from ..settings.table import to_bool
from . import endpoint_params, legacy_endpoints
from .config import UNSIGNED, Config
from .endpoint_url import configured_endpoint_url

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..credentials.objects import Credentials
    from ..session import Session
    from .base import BaseClient


def _valid_region(region: str) -> bool:
    """botocore's host-label rule: letters, digits, ``-``; not all digits; no edge ``-``."""
    return (
        0 < len(region) <= 63
        and not region.isdigit()
        and region[0] != "-"
        and region[-1] != "-"
        and region.isascii()
        and region.replace("-", "").isalnum()
    )


class ClientSettings:
    """Everything resolved for one client, as data."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # for type checkers: fields are dynamic
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:  # likewise
        super().__setattr__(name, value)


class _BucketlessS3Model(ServiceModel):
    """S3's model, whose request URIs drop ``/{Bucket}`` (the endpoint rules place the
    bucket), keeping it as ``authPath`` for HMAC-v1.

    The loaded description is shared by every session of the process, so each operation's
    entry is copied, not changed, when its model is first made.
    """

    def _operation_description(self, operation_name: str) -> dict[str, Any]:
        operation = super()._operation_description(operation_name)
        http = operation.get("http", {})
        uri = http.get("requestUri", "")
        if not uri.startswith("/{Bucket}"):
            return operation
        path = uri.split("?")[0]
        http = {
            **http,
            "requestUri": uri[len("/{Bucket}") :],
            "authPath": path + "/" if path == "/{Bucket}" else path,
        }
        return {**operation, "http": http}


_models: dict[tuple[int, str], tuple[Any, ServiceModel]] = {}


def _service_model(description: dict[str, Any], service_name: str) -> ServiceModel:
    """One ServiceModel (with its cached shapes) per loaded description and name."""
    key = (id(description), service_name)
    hit = _models.get(key)
    if hit is None or hit[0] is not description:
        s3 = description.get("metadata", {}).get("endpointPrefix") == "s3"
        model = (_BucketlessS3Model if s3 else ServiceModel)(description, service_name)
        hit = _models[key] = (description, model)
    return hit[1]


def _credentials(
    session: Session,
    config: Config,
    access_key: str | None,
    secret_key: str | None,
    token: str | None,
    account_id: str | None,
) -> Credentials | None:
    """botocore's rule (spec 2.15): UNSIGNED, both keys, one key (error), or the session's."""
    if config.signature_version is UNSIGNED:
        return None
    if access_key is not None and secret_key is not None:
        from ..credentials.objects import Credentials

        return Credentials(
            access_key, secret_key, token, "explicit", account_id, "client() arguments"
        )
    if access_key is not None or secret_key is not None:
        missing = "aws_secret_access_key" if secret_key is None else "aws_access_key_id"
        raise errors.PartialCredentialsError(provider="explicit", cred_var=missing)
    return session.get_credentials()


def _s3_config(session: Session, config: Config) -> dict[str, Any]:
    found = session.get_config_variable("s3")
    merged = dict(found) if isinstance(found, dict) else {}
    if config.s3:
        merged.update(config.s3)
    return merged


def _checked_choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    text = value.lower() if isinstance(value, str) else value
    if text not in options:
        raise errors.InvalidConfigError(
            error_msg=f"The configured value '{text}' for '{name}' is invalid. "
            f"Valid values are: {options}."
        )
    return str(text)


_CHECKSUM_SETTINGS = ("when_supported", "when_required")


def _checked_checksum_setting(value: Any, config_key: str) -> str:
    """A checksum setting, lower-cased; anything else is botocore's config error."""
    if isinstance(value, str):
        value = value.lower()
    if value not in _CHECKSUM_SETTINGS:
        raise errors.InvalidChecksumConfigError(
            config_key=config_key, config_value=value, valid_options=_CHECKSUM_SETTINGS
        )
    return str(value)


def _first(config_value: Any, session: Session, name: str) -> Any:
    return config_value if config_value is not None else session.get_config_variable(name)


def _validated_endpoint(url: str) -> str:
    """botocore's check (an http(s) scheme and a host), without urllib.parse for plain URLs."""
    from .. import _urlpath

    scheme, netloc = _urlpath.split_url(url)[:2]
    if "[" in netloc:  # an IPv6 literal: urlsplit's own parsing and errors
        from urllib.parse import urlsplit

        host = urlsplit(url).hostname
    else:
        host = _urlpath.netloc_hostname(netloc)
    if scheme not in ("http", "https") or not host:
        raise errors.InvalidConfigValueError(error_msg=f"Invalid endpoint: {url}")
    return url


def create_client(
    session: Session,
    service_name: str,
    region_name: str | None = None,
    api_version: str | None = None,
    use_ssl: bool = True,
    verify: bool | str | None = None,
    endpoint_url: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    aws_session_token: str | None = None,
    config: Config | None = None,
    aws_account_id: str | None = None,
) -> BaseClient:
    """A client for ``service_name``, configured as boto3 would configure it."""
    from .base import client_class

    config = config or Config()
    loader = session._loader()
    if api_version is None:
        versions = session.get_config_variable("api_versions") or {}
        api_version = versions.get(service_name) if isinstance(versions, dict) else None
    model = _service_model(loader.load_service_description(service_name, api_version), service_name)
    credentials = _credentials(
        session, config, aws_access_key_id, aws_secret_access_key, aws_session_token, aws_account_id
    )
    # botocore discovers endpoints only for clients made without an endpoint_url argument.
    discovers = endpoint_url is None and model.has_endpoint_discovery
    if endpoint_url is not None:
        endpoint_url = _validated_endpoint(endpoint_url)
    elif not _first(
        config.ignore_configured_endpoint_urls, session, "ignore_configured_endpoint_urls"
    ):
        found = configured_endpoint_url(
            service_name, session._environ, session._scoped_section(), session._full_config()
        )
        endpoint_url = _validated_endpoint(found[0]) if found else None
    given_region = region_name
    if given_region is None:
        given_region = config.region_name
    if given_region is None:
        given_region = session.get_config_variable("region")
    if given_region is not None:
        # botocore reads "fips-<region>" and "<region>-fips" as the region with FIPS on.
        plain = given_region.replace("fips-", "").replace("-fips", "")
        if plain != given_region:
            given_region = plain
            config = config.merge(Config(use_fips_endpoint=True))
        if not _valid_region(given_region):
            raise errors.InvalidRegionError(region_name=given_region)

    s3_config = _s3_config(session, config)
    is_s3 = model.endpoint_prefix in ("s3", "s3-control") or service_name in ("s3", "s3control")
    dualstack = config.use_dualstack_endpoint
    if is_s3 and "use_dualstack_endpoint" in s3_config:
        dualstack = s3_config["use_dualstack_endpoint"] in (True, "True", "true")
    use_dualstack = bool(_first(dualstack, session, "use_dualstack_endpoint"))
    use_fips = bool(_first(config.use_fips_endpoint, session, "use_fips_endpoint"))
    sts_endpoints = session.get_config_variable("sts_regional_endpoints") or "regional"
    if sts_endpoints not in ("legacy", "regional"):
        raise errors.InvalidSTSRegionalEndpointsConfigError(
            sts_regional_endpoints_config=sts_endpoints
        )
    prefix = model.endpoint_prefix
    legacy = legacy_endpoints.resolve(
        legacy_endpoints.endpoints_data(loader, prefix),
        prefix,
        given_region,
        endpoint_url,
        use_ssl,
        use_dualstack=use_dualstack,
        use_fips=use_fips,
        s3_global=given_region in ("us-east-1", None)
        and s3_config.get("us_east_1_regional_endpoint", "legacy") == "legacy",
        sts_legacy=sts_endpoints == "legacy",
    )
    region = legacy.region_name
    # botocore gives the rules the region as asked, except for S3, STS and no region.
    rules_region = region if prefix in ("s3", "sts") or given_region is None else given_region
    account_mode = (
        "disabled"
        if config.signature_version is UNSIGNED
        else _checked_choice(
            _first(config.account_id_endpoint_mode, session, "account_id_endpoint_mode"),
            "account_id_endpoint_mode",
            ("preferred", "disabled", "required"),
        )
    )
    builtins = endpoint_params.builtins(
        region=rules_region,
        service_prefix=model.endpoint_prefix,
        s3_config=s3_config,
        endpoint_url=endpoint_url,
        use_fips=use_fips,
        use_dualstack=use_dualstack,
        sts_regional_endpoints=sts_endpoints,
        account_id_endpoint_mode=account_mode,
        s3_disable_express_session_auth=_first(
            config.s3_disable_express_session_auth, session, "s3_disable_express_session_auth"
        ),
    )
    given_context = dict(config.client_context_params or {})
    if is_s3:
        given_context.update(s3_config)
    declared = [p.name for p in model.client_context_parameters]

    if verify is None:
        verify = session.get_config_variable("ca_bundle")
    proxies_config = config.proxies_config or session.get_config_variable("proxies_config")
    # The Transport (and its module) is made by the first request; these are its options.
    transport_options = dict(
        verify=verify,
        proxies=config.proxies,
        connect_timeout=config.connect_timeout if config.connect_timeout is not None else 60,
        read_timeout=config.read_timeout,
        max_pool_connections=config.max_pool_connections,
        client_cert=config.client_cert,
        proxies_config=proxies_config,
        tcp_keepalive=bool(_first(config.tcp_keepalive, session, "tcp_keepalive")),
    )
    requested_signature = config.signature_version
    if requested_signature is None:
        nested = session.get_scoped_config().get(service_name)
        if isinstance(nested, dict):
            requested_signature = nested.get("signature_version")
    discovery = None
    if discovers:  # checked last, as botocore does
        from .discovery import client_discovery

        enabled = _first(config.endpoint_discovery_enabled, session, "endpoint_discovery_enabled")
        discovery = client_discovery(enabled, model)
    settings = ClientSettings(
        service_name=service_name,
        region=region,
        endpoint_url=endpoint_url,
        legacy_endpoint=legacy,
        use_ssl=use_ssl,
        config=config,
        credentials=credentials,
        builtins=builtins,
        client_context=endpoint_params.client_context(declared, given_context),
        rules=endpoint_params.Rules(loader, service_name, api_version),
        loader=loader,
        transport_options=transport_options,
        retry_rules=_retry_rules(config, session, model.service_id, prefix),
        retry=None,
        request_checksum_calculation=_checked_checksum_setting(
            _first(config.request_checksum_calculation, session, "request_checksum_calculation"),
            "request_checksum_calculation",
        ),
        response_checksum_validation=_checked_checksum_setting(
            _first(config.response_checksum_validation, session, "response_checksum_validation"),
            "response_checksum_validation",
        ),
        validate=bool(config.parameter_validation)
        and to_bool(session.get_config_variable("parameter_validation")),
        requested_signature=requested_signature,
        s3_config=s3_config,
        is_s3=is_s3,
        inject_host_prefix=_inject_host_prefix(config, session),
        user_agent=_user_agent(config, session),
        discovery=discovery,
    )
    settings.resolved_config = _resolved_config(
        config, session, settings, legacy, _signature_version(requested_signature, model, legacy)
    )
    return client_class(model)(settings, model)


_KNOWN_SIGNATURES = frozenset(
    {"bearer", "s3", "s3-query", "s3v4", "s3v4-query", "v2", "v3", "v3https", "v4", "v4-query"}
    | {"s3-presign-post", "s3v4-presign-post", "v4-s3express", "v4-s3express-query"}
    | {"v4-s3express-presign-post"}
)


def _signature_version(
    requested: Any, model: ServiceModel, legacy: legacy_endpoints.LegacyEndpoint
) -> Any:
    """botocore's client-level signature version (``meta.config.signature_version``):
    the configured one, S3's ``s3v4``, the model's, else what endpoints.json lists."""
    if requested is not None:
        return requested
    if model.endpoint_prefix in ("s3", "s3-control"):
        return "s3v4"
    if model.signature_version is not None:
        candidates: tuple[str, ...] = (model.signature_version,)
    elif "v4" in legacy.signature_versions:
        return "v4"
    else:
        candidates = legacy.signature_versions
    for version in candidates:
        if version in _KNOWN_SIGNATURES:
            return version
    raise errors.UnknownSignatureVersionError(signature_version=list(candidates))


#: botocore's retry modes, and the default total attempts: standard's (and adaptive's) by
#: hyphenized service id, legacy's by endpoint prefix.
_RETRY_MODES = ("legacy", "standard", "adaptive")
_STANDARD_ATTEMPTS = {"dynamodb": 4, "dynamodb-streams": 4}
_LEGACY_ATTEMPTS = {"dynamodb": 10}


def _retry_rules(
    config: Config, session: Session, service_id: str, endpoint_prefix: str
) -> tuple[str, int, str, str]:
    """The client's retry mode and total attempts (``Config(retries=...)``'s
    ``total_max_attempts``, else ``max_attempts`` + 1, then the ``max_attempts`` setting,
    then the mode's default), checked as botocore checks them when it makes a client;
    with the service's hyphenized id and endpoint prefix, a ``RetryPolicy``'s arguments."""
    retries = config.retries or {}
    mode = retries.get("mode") or session.get_config_variable("retry_mode") or "standard"
    if mode not in _RETRY_MODES:
        raise errors.InvalidRetryModeError(provided_retry_mode=mode, valid_modes=_RETRY_MODES)
    hyphenized = service_id.replace(" ", "-").lower()
    if "total_max_attempts" in retries:
        total = retries["total_max_attempts"]
    elif "max_attempts" in retries:
        total = retries["max_attempts"] + 1
    else:
        total = session.get_config_variable("max_attempts")
        if total is not None and total < 1:
            raise errors.InvalidMaxRetryAttemptsError(provided_max_attempts=total, min_value=1)
        if total is None and mode == "legacy":
            total = _LEGACY_ATTEMPTS.get(endpoint_prefix, 5)
        elif total is None:
            total = _STANDARD_ATTEMPTS.get(hyphenized, 3)
    return mode, int(total), hyphenized, endpoint_prefix


def _resolved_retries(config: Config, session: Session) -> dict[str, Any]:
    """``retries`` as botocore leaves it: ``total_max_attempts`` (if known) and ``mode``."""
    retries = dict(config.retries) if config.retries is not None else None
    if retries is not None and "total_max_attempts" in retries:
        retries.pop("max_attempts", None)
    elif retries is not None and "max_attempts" in retries:
        retries["total_max_attempts"] = retries.pop("max_attempts") + 1
    else:
        total = session.get_config_variable("max_attempts")
        if total is not None:
            retries = retries if retries is not None else {}
            retries["total_max_attempts"] = total
    retries = retries if retries is not None else {}
    if "mode" not in retries:
        retries["mode"] = session.get_config_variable("retry_mode") or "standard"
    return retries


def _resolved_config(
    config: Config,
    session: Session,
    settings: ClientSettings,
    legacy: legacy_endpoints.LegacyEndpoint,
    signature_version: Any,
) -> Config:
    """``client.meta.config``: a new Config holding what the client resolved, as botocore
    builds it (options it does not carry over keep their defaults)."""
    copied = (
        "connect_timeout",
        "read_timeout",
        "max_pool_connections",
        "proxies",
        "proxies_config",
        "client_cert",
        "tcp_keepalive",
        "user_agent_extra",
        "client_context_params",
    )
    values: dict[str, Any] = {name: getattr(config, name) for name in copied}
    if "dualstack" in legacy.tags:
        values["use_dualstack_endpoint"] = True
    if "fips" in legacy.tags:
        values["use_fips_endpoint"] = True
    if values["connect_timeout"] is None:
        values["connect_timeout"] = session.get_config_variable("connect_timeout") or None
    express = config.s3.get("disable_s3_express_session_auth") if config.s3 else None
    if express is None:
        express = session.get_config_variable("s3_disable_express_session_auth")
    s3_config = settings.s3_config or (None if session.get_config_variable("s3") is None else {})
    if "dualstack" in legacy.tags and settings.is_s3:
        s3_config = {**(s3_config or {}), "use_dualstack_endpoint": True}
    if config.client_context_params and settings.is_s3:
        # botocore adds the S3 options to the caller's own dict (strato to a copy).
        values["client_context_params"] = {
            **config.client_context_params,
            **settings.s3_config,
            "disable_s3_express_session_auth": to_bool(express),
        }
    values.update(
        region_name=legacy.region_name,
        signature_version=signature_version,
        user_agent=settings.user_agent,
        retries=_resolved_retries(config, session),
        user_agent_appid=_first(config.user_agent_appid, session, "user_agent_appid"),
        request_min_compression_size_bytes=_first(
            config.request_min_compression_size_bytes,
            session,
            "request_min_compression_size_bytes",
        ),
        disable_request_compression=to_bool(config.disable_request_compression)
        if config.disable_request_compression is not None
        else session.get_config_variable("disable_request_compression"),
        sigv4a_signing_region_set=_first(
            config.sigv4a_signing_region_set, session, "sigv4a_signing_region_set"
        ),
        request_checksum_calculation=settings.request_checksum_calculation,
        response_checksum_validation=settings.response_checksum_validation,
        account_id_endpoint_mode=settings.builtins["AWS::Auth::AccountIdEndpointMode"],
        inject_host_prefix=settings.inject_host_prefix,
        auth_scheme_preference=_auth_scheme_preference(config, session),
        s3_disable_express_session_auth=to_bool(express),
        s3=s3_config,
    )
    return Config(**values)


def _inject_host_prefix(config: Config, session: Session) -> bool:
    """The Config's explicit choice, else the ``disable_host_prefix_injection`` setting."""
    if "inject_host_prefix" in config._user_provided_options:
        return bool(config.inject_host_prefix)
    return not session.get_config_variable("disable_host_prefix_injection")


def _auth_scheme_preference(config: Config, session: Session) -> str | None:
    """A comma-separated list without blanks, from the Config or the settings."""
    value = config.auth_scheme_preference or session.get_config_variable("auth_scheme_preference")
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.InvalidConfigError(
            error_msg="auth_scheme_preference must be a comma-delimited string. "
            f"Received {type(value)} instead: {value}."
        )
    items = (item.replace(" ", "").replace("\t", "") for item in value.split(",") if item.strip())
    return ",".join(items)


def _user_agent(config: Config, session: Session) -> str:
    from .._agent import default_agent

    agent = str(config.user_agent) if config.user_agent else default_agent()
    app_id = config.user_agent_appid or session.get_config_variable("user_agent_appid")
    if app_id:
        agent += f" app/{app_id}"
    if config.user_agent_extra:
        agent += f" {config.user_agent_extra}"
    return agent
