"""``strato.Config``: botocore's ``Config`` options, validation and merge rules."""

from __future__ import annotations

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_TIMEOUT = 60
MAX_POOL_CONNECTIONS = 10

#: Every option, in botocore's positional order, with its default.
OPTION_DEFAULTS: dict[str, Any] = {
    "region_name": None,
    "signature_version": None,
    "user_agent": None,
    "user_agent_extra": None,
    "user_agent_appid": None,
    "connect_timeout": DEFAULT_TIMEOUT,
    "read_timeout": DEFAULT_TIMEOUT,
    "parameter_validation": True,
    "max_pool_connections": MAX_POOL_CONNECTIONS,
    "proxies": None,
    "proxies_config": None,
    "s3": None,
    "s3_disable_express_session_auth": None,
    "retries": None,
    "client_cert": None,
    "inject_host_prefix": None,
    "endpoint_discovery_enabled": None,
    "use_dualstack_endpoint": None,
    "use_fips_endpoint": None,
    "ignore_configured_endpoint_urls": None,
    "defaults_mode": None,
    "tcp_keepalive": None,
    "request_min_compression_size_bytes": None,
    "disable_request_compression": None,
    "client_context_params": None,
    "sigv4a_signing_region_set": None,
    "request_checksum_calculation": None,
    "response_checksum_validation": None,
    "account_id_endpoint_mode": None,
    "auth_scheme_preference": None,
}
_RETRY_OPTIONS = ("max_attempts", "mode", "total_max_attempts")
_RETRY_MODES = ("legacy", "standard", "adaptive")


class _Unsigned:
    """The ``signature_version`` that sends requests without signing them."""

    _instance: _Unsigned | None = None

    def __new__(cls) -> _Unsigned:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSIGNED"

    def __copy__(self) -> _Unsigned:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Unsigned:
        return self


UNSIGNED = _Unsigned()


class Config:
    """Client options; only the options a caller passed take part in ``merge``.

    Attribute access is botocore's: every option is an attribute, unset ones hold
    their default (``inject_host_prefix`` reads True until set). A non-``legacy``
    ``defaults_mode`` leaves ``connect_timeout`` unset so that the mode supplies it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        provided = _user_options(args, kwargs)
        self._user_provided_options = provided
        values = dict(OPTION_DEFAULTS)
        if provided.get("defaults_mode", "legacy") != "legacy":
            values["connect_timeout"] = None
        values.update(provided)
        values["inject_host_prefix"] = provided.get("inject_host_prefix", True)
        self.__dict__.update(values)
        _validate_s3(self.s3)
        _validate_retries(self.retries)

    def __getattr__(self, name: str) -> Any:  # for type checkers: options are dynamic
        raise AttributeError(name)

    def merge(self, other_config: Config) -> Config:
        """A new Config: this one's explicit options, then ``other_config``'s on top."""
        return Config(**(self._user_provided_options | other_config._user_provided_options))

    def __repr__(self) -> str:
        options = ", ".join(f"{k}={v!r}" for k, v in self._user_provided_options.items())
        return f"Config({options})"


def _user_options(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    order = list(OPTION_DEFAULTS)
    provided: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key not in OPTION_DEFAULTS:
            raise TypeError(f"Got unexpected keyword argument '{key}'")
        provided[key] = value
    if len(args) > len(order):
        raise TypeError(f"Takes at most {len(order)} arguments ({len(args)} given)")
    for name, value in zip(order, args, strict=False):
        if name in provided:
            raise TypeError(f"Got multiple values for keyword argument '{name}'")
        provided[name] = value
    return provided


def _validate_s3(s3: Any) -> None:
    if s3 is not None:
        style = s3.get("addressing_style")
        if style not in ("virtual", "auto", "path", None):
            raise errors.InvalidS3AddressingStyleError(s3_addressing_style=style)


def _validate_retries(retries: Any) -> None:
    if retries is None:
        return
    for key, value in retries.items():
        if key not in _RETRY_OPTIONS:
            raise errors.InvalidRetryConfigurationError(
                retry_config_option=key, valid_options=_RETRY_OPTIONS
            )
        if key == "max_attempts" and value < 0:
            raise errors.InvalidMaxRetryAttemptsError(provided_max_attempts=value, min_value=0)
        if key == "total_max_attempts" and value < 1:
            raise errors.InvalidMaxRetryAttemptsError(provided_max_attempts=value, min_value=1)
        if key == "mode" and value not in _RETRY_MODES:
            raise errors.InvalidRetryModeError(provided_retry_mode=value, valid_modes=_RETRY_MODES)
