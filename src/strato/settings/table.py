"""Every botocore session variable, as data: one row per logical name.

A row says where a value may come from, in precedence order after the session's own
instance value: environment variables (presence counts), keys of the active profile
(a ``(section, key)`` pair is a key nested under ``section =``), then the default.
The conversion applies to whichever value was found, default included.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeAlias

    ConfigKey: TypeAlias = str | tuple[str, str]


def to_bool(value: Any) -> bool:
    """botocore's coercion: booleans pass, strings are true only if ``"true"`` in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() == "true"
    return False


def to_optional_bool(value: Any) -> bool | None:
    return None if value is None else to_bool(value)


def to_int(value: Any) -> int:
    """``int()`` as botocore applies it; the caller turns failures into typed errors."""
    return int(value)


class Setting:
    """One row of the table."""

    __slots__ = ("config_keys", "convert", "default", "env_vars", "name")

    def __init__(
        self,
        name: str,
        config_keys: tuple[ConfigKey, ...],
        env_vars: tuple[str, ...],
        default: Any,
        convert: Callable[[Any], Any] | None,
    ) -> None:
        self.name = name
        self.config_keys = config_keys
        self.env_vars = env_vars
        self.default = default
        self.convert = convert


def _row(
    name: str,
    keys: str | tuple[ConfigKey, ...] | None,
    env: str | tuple[str, ...] | None,
    default: Any = None,
    convert: Callable[[Any], Any] | None = None,
) -> Setting:
    """``keys``: one flat key, or a tuple of flat keys and ``(section, key)`` pairs."""
    key_tuple = () if keys is None else (keys,) if isinstance(keys, str) else keys
    env_tuple = () if env is None else (env,) if isinstance(env, str) else env
    return Setting(name, key_tuple, env_tuple, default, convert)


_S = "same"  # the config key equals the logical name

# name, config key(s), env var(s), default, conversion  (spec 5.1)
_ROWS: tuple[tuple[Any, ...], ...] = (
    ("profile", None, ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")),
    ("region", _S, "AWS_DEFAULT_REGION"),
    ("data_path", _S, "AWS_DATA_PATH"),
    ("config_file", None, "AWS_CONFIG_FILE", "~/.aws/config"),
    ("ca_bundle", _S, "AWS_CA_BUNDLE"),
    ("api_versions", _S, None, {}),
    ("credentials_file", None, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
    ("metadata_service_timeout", _S, "AWS_METADATA_SERVICE_TIMEOUT", 1, to_int),
    ("metadata_service_num_attempts", _S, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1, to_int),
    ("ec2_metadata_service_endpoint", _S, "AWS_EC2_METADATA_SERVICE_ENDPOINT"),
    ("ec2_metadata_service_endpoint_mode", _S, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"),
    ("ec2_metadata_v1_disabled", _S, "AWS_EC2_METADATA_V1_DISABLED", False, to_bool),
    ("imds_use_ipv6", _S, "AWS_IMDS_USE_IPV6", False, to_bool),
    ("use_dualstack_endpoint", _S, "AWS_USE_DUALSTACK_ENDPOINT", None, to_bool),
    ("use_fips_endpoint", _S, "AWS_USE_FIPS_ENDPOINT", None, to_bool),
    ("ignore_configured_endpoint_urls", _S, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", None, to_bool),
    ("parameter_validation", _S, None, True),
    ("csm_enabled", _S, "AWS_CSM_ENABLED", False, to_bool),
    ("csm_host", _S, "AWS_CSM_HOST", "127.0.0.1"),
    ("csm_port", _S, "AWS_CSM_PORT", 31000, to_int),
    ("csm_client_id", _S, "AWS_CSM_CLIENT_ID", ""),
    ("endpoint_discovery_enabled", _S, "AWS_ENDPOINT_DISCOVERY_ENABLED", "auto"),
    ("sts_regional_endpoints", _S, "AWS_STS_REGIONAL_ENDPOINTS", "regional"),
    ("retry_mode", _S, "AWS_RETRY_MODE", "standard"),
    ("defaults_mode", _S, "AWS_DEFAULTS_MODE", "legacy"),
    ("max_attempts", _S, "AWS_MAX_ATTEMPTS", None, to_int),
    ("user_agent_appid", "sdk_ua_app_id", "AWS_SDK_UA_APP_ID"),
    (
        "request_min_compression_size_bytes",
        _S,
        "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
        10240,
    ),
    ("disable_request_compression", _S, "AWS_DISABLE_REQUEST_COMPRESSION", False, to_bool),
    ("sigv4a_signing_region_set", _S, "AWS_SIGV4A_SIGNING_REGION_SET"),
    ("request_checksum_calculation", _S, "AWS_REQUEST_CHECKSUM_CALCULATION", "when_supported"),
    ("response_checksum_validation", _S, "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_supported"),
    ("account_id_endpoint_mode", _S, "AWS_ACCOUNT_ID_ENDPOINT_MODE", "preferred"),
    ("disable_host_prefix_injection", _S, "AWS_DISABLE_HOST_PREFIX_INJECTION", None, to_bool),
    ("auth_scheme_preference", _S, "AWS_AUTH_SCHEME_PREFERENCE"),
    ("tcp_keepalive", _S, "BOTOCORE_TCP_KEEPALIVE", None, to_bool),
    ("s3_disable_express_session_auth", _S, "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH"),
)

# Keys of the nested ``s3 =`` block, each overlaid on the raw block when found (spec 5.1).
_S3_ROWS: tuple[tuple[Any, ...], ...] = (
    ("addressing_style", (("s3", "addressing_style"),), None),
    ("use_accelerate_endpoint", (("s3", "use_accelerate_endpoint"),), None, None, to_bool),
    ("use_dualstack_endpoint", (("s3", "use_dualstack_endpoint"),), None, None, to_bool),
    ("payload_signing_enabled", (("s3", "payload_signing_enabled"),), None, None, to_bool),
    (
        "use_arn_region",
        ("s3_use_arn_region", ("s3", "use_arn_region")),
        "AWS_S3_USE_ARN_REGION",
        None,
        to_bool,
    ),
    (
        "us_east_1_regional_endpoint",
        ("s3_us_east_1_regional_endpoint", ("s3", "us_east_1_regional_endpoint")),
        "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
    ),
    (
        "s3_disable_multiregion_access_points",
        (("s3", "s3_disable_multiregion_access_points"),),
        "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
        None,
        to_bool,
    ),
)

# Flat profile keys gathered into the ``proxies_config`` dict.
_PROXY_ROWS: tuple[tuple[Any, ...], ...] = (
    ("proxy_ca_bundle", _S, None),
    ("proxy_client_cert", _S, None),
    ("proxy_use_forwarding_for_https", _S, None, None, to_optional_bool),
)


def _build(rows: tuple[tuple[Any, ...], ...]) -> dict[str, Setting]:
    table = {}
    for name, keys, *rest in rows:
        table[name] = _row(name, name if keys == _S else keys, *rest)
    return table


SETTINGS: dict[str, Setting] = _build(_ROWS)

#: strato's own settings, which botocore's sessions do not have.
STRATO_SETTINGS: dict[str, Setting] = _build((("credential_cache", _S, "STRATO_CREDENTIAL_CACHE"),))

#: Settings whose value is a dict: the profile's nested block of that name, with
#: each member looked up by its own row and overlaid when found.
SECTIONS: dict[str, dict[str, Setting]] = {
    "s3": _build(_S3_ROWS),
    "proxies_config": _build(_PROXY_ROWS),
}
