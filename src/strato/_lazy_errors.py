"""The rest of :mod:`strato.exceptions`: errors of configuration, credentials, models,
endpoints and connections that no module binds while a client is made or called (those
modules raise and catch them through ``strato.exceptions``'s attributes). strato.exceptions
loads this module on first use, so neither a first client nor its first call builds some
seventy classes it never raises; import them from there.
"""

from __future__ import annotations

from strato.exceptions import DataNotFoundError, StratoError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


# --- configuration files -----------------------------------------------------------


class InvalidConfigError(StratoError):
    fmt = "{error_msg}"


class InvalidS3AddressingStyleError(StratoError):
    fmt = (
        "S3 addressing style {s3_addressing_style} is invalid. "
        "Valid options are: 'auto', 'virtual', and 'path'"
    )


class InvalidEndpointDiscoveryConfigurationError(StratoError):
    fmt = (
        "Unsupported configuration value for endpoint_discovery_enabled. "
        'Expected one of ("true", "false", "auto") but got {config_value}.'
    )


class InvalidRetryConfigurationError(StratoError):
    fmt = (
        'Cannot provide retry configuration for "{retry_config_option}". '
        "Valid retry configuration options are: {valid_options}"
    )


class InvalidMaxRetryAttemptsError(InvalidRetryConfigurationError):
    fmt = (
        'Value provided to "max_attempts": {provided_max_attempts} must be an integer '
        "greater than or equal to {min_value}."
    )


class InvalidRetryModeError(InvalidRetryConfigurationError):
    fmt = 'Invalid value provided to "mode": "{provided_retry_mode}" must be one of: {valid_modes}'


class ProfileNotFound(StratoError):
    fmt = "The config profile ({profile}) could not be found"


class ConfigParseError(StratoError):
    """botocore's message prefix, then where in the file and why."""

    fmt = "Unable to parse config file: {path}"

    def __init__(self, *, path: str, line: int | None = None, reason: str = "", **kw: Any) -> None:
        super().__init__(path=path, line=line, reason=reason, **kw)
        where = f"{path}:{line}" if line is not None else path
        detail = f": {reason}" if reason else ""
        self.args = (f"Unable to parse config file: {where}{detail}",)


class InvalidConfigValueError(InvalidConfigError, ValueError):
    """A setting's text cannot be converted (botocore lets ``int()``'s ValueError escape)."""


class InfiniteLoopConfigError(InvalidConfigError):
    fmt = (
        "Infinite loop in credential configuration detected. Attempting to load from "
        "profile {source_profile} which has already been visited. Visited profiles: "
        "{visited_profiles}"
    )


class InvalidIMDSEndpointError(StratoError):
    fmt = "Invalid endpoint EC2 Instance Metadata endpoint: {endpoint}"


class InvalidIMDSEndpointModeError(StratoError):
    fmt = (
        "Invalid EC2 Instance Metadata endpoint mode: {mode} Valid endpoint modes "
        "(case-insensitive): {valid_modes}."
    )


class InvalidDefaultsMode(StratoError):
    fmt = (
        "Client configured with invalid defaults mode: {mode}. "
        "Valid defaults modes include: {valid_modes}."
    )


class InvalidS3UsEast1RegionalEndpointConfigError(StratoError):
    fmt = (
        "S3 us-east-1 regional endpoint option {s3_us_east_1_regional_endpoint_config} "
        'is invalid. Valid options are: "legacy", "regional"'
    )


class InvalidSTSRegionalEndpointsConfigError(StratoError):
    fmt = (
        "STS regional endpoints option {sts_regional_endpoints_config} is invalid. "
        'Valid options are: "legacy", "regional"'
    )


class InvalidChecksumConfigError(StratoError):
    fmt = (
        "Unsupported configuration value for {config_key}. "
        "Expected one of {valid_options} but got {config_value}."
    )


# --- credentials -------------------------------------------------------------------


class NoCredentialsError(StratoError):
    fmt = "Unable to locate credentials"


class PartialCredentialsError(StratoError):
    fmt = "Partial credentials found in {provider}, missing: {cred_var}"


class CredentialRetrievalError(StratoError):
    fmt = "Error when retrieving credentials from {provider}: {error_msg}"


class InvalidExpirationError(CredentialRetrievalError, ValueError):
    """An expiration time that cannot be read as an aware timestamp."""


class ExpiredCredentialsError(CredentialRetrievalError, RuntimeError):
    """Refreshed credentials that are already expired (botocore: a bare RuntimeError).

    ``provider`` is kept for callers; the text is botocore's, word for word."""

    fmt = "Credentials were refreshed, but the refreshed credentials are still expired."


class WebIdentityTokenLoadError(CredentialRetrievalError, OSError):
    """The web identity token file cannot be read (botocore: a bare ``FileNotFoundError``
    or other ``OSError`` on first use)."""


class CredentialCacheLockError(CredentialRetrievalError, TimeoutError):
    """Another thread or process held a credential cache entry's lock for too long."""

    fmt = (
        "Timed out after {seconds:g} s waiting for the credential cache lock {path}: "
        "another thread or process holds it"
    )


class UnknownCredentialError(StratoError):
    fmt = "Credential named {name} not found."


class CredentialProcessError(CredentialRetrievalError, OSError):
    """A ``credential_process`` command that cannot be run (empty, unquotable, missing,
    not executable) or does not finish in time (botocore: a raw ``IndexError``,
    ``ValueError`` or ``OSError``, or a hang)."""


class MalformedCredentialsError(CredentialRetrievalError, ValueError):
    """A credential source answered with something that is not a credentials document
    (botocore: a raw ``JSONDecodeError``, ``UnicodeDecodeError``, ``KeyError``,
    ``TypeError`` or ``AttributeError``)."""


class InvalidContainerConfigError(CredentialRetrievalError, ValueError):
    """A container credentials URI or authorization token botocore refuses with a raw
    ``ValueError`` (or an unreadable token file: a raw ``OSError``)."""


class RefreshWithMFAUnsupportedError(StratoError):
    fmt = "Cannot refresh credentials: MFA token required."


class MetadataRetrievalError(StratoError):
    fmt = "Error retrieving metadata: {error_msg}"


class TokenRetrievalError(StratoError):
    fmt = "Error when retrieving token from {provider}: {error_msg}"


class SSOError(StratoError):
    fmt = (
        "An unspecified error happened when resolving AWS credentials or an access token from SSO."
    )


class SSOTokenLoadError(SSOError):
    fmt = "Error loading SSO Token: {error_msg}"


class UnauthorizedSSOTokenError(SSOError):
    fmt = (
        "The SSO session associated with this profile has expired or is otherwise "
        "invalid. To refresh this SSO session run aws sso login with the corresponding "
        "profile."
    )


class LoginError(StratoError):
    fmt = (
        "An unspecified error happened when resolving AWS credentials or refreshing a "
        "login session profile."
    )


class LoginRefreshRequired(LoginError):
    fmt = (
        "Your session has expired or credentials have changed. Please reauthenticate "
        "using 'aws login'."
    )


class LoginInsufficientPermissions(LoginError):
    fmt = (
        "Unable to create or refresh login credentials due to insufficient permissions. "
        "You may be missing permission for the 'signin:CreateOAuth2Token' action."
    )


class LoginTokenLoadError(LoginError):
    fmt = "Error loading login session token: {error_msg}"


# --- models, endpoints, requests ----------------------------------------------------


# The client binds EndpointResolutionError at each endpoint resolution.
class EndpointProviderError(StratoError):
    fmt = "{msg}"


class EndpointResolutionError(EndpointProviderError):
    fmt = "{msg}"


class NoRegionError(StratoError):
    fmt = "You must specify a region."


class EndpointVariantError(StratoError):
    """A FIPS or dual-stack endpoint the endpoints data does not have (botocore's text
    names only the variants)."""

    fmt = "Unable to construct a modeled endpoint with the following variant(s) {tags}: "


class ParamValidationError(StratoError):
    fmt = "Parameter validation failed:\n{report}"


class UnknownSignatureVersionError(StratoError):
    fmt = "Unknown Signature Version: {signature_version}."


class EndpointDiscoveryException(StratoError):
    """Base of the endpoint discovery errors (botocore's ``discovery`` module)."""


class EndpointDiscoveryRequired(EndpointDiscoveryException):
    fmt = "Endpoint Discovery is not enabled but this operation requires it."


class EndpointDiscoveryRefreshFailed(EndpointDiscoveryException):
    fmt = "Endpoint Discovery failed to refresh the required endpoints."


class UnknownServiceError(DataNotFoundError):
    fmt = "Unknown service: '{service_name}'. Valid service names are: {known_service_names}"


class ApiVersionNotFoundError(StratoError):
    fmt = "Unable to load data {data_path} for: {api_version}"


class ValidationError(StratoError):
    fmt = "Invalid value ('{value}') for param {param} of type {type_name} "


class InvalidRegionError(ValidationError, ValueError):
    fmt = "Provided region_name '{region_name}' doesn't match a supported format."


class AliasConflictParameterError(ValidationError):
    fmt = (
        "Parameter '{original}' and its alias '{alias}' were provided "
        "for operation {operation}.  Only one of them may be used."
    )


class UndefinedModelAttributeError(StratoError):
    fmt = '"{name}" not defined in the metadata of the model: {model}'


class MissingServiceIdError(UndefinedModelAttributeError):
    fmt = (
        "The model being used for the service {service_name} is missing the "
        "serviceId metadata property, which is required."
    )


class UnsupportedServiceProtocolsError(StratoError):
    fmt = (
        "Botocore supports {botocore_supported_protocols}, but service {service} only "
        "supports {service_supported_protocols}."
    )


class NoShapeFoundError(StratoError):
    fmt = "{shape_name}"


class InvalidShapeError(StratoError):
    fmt = "{msg}"


class InvalidShapeReferenceError(StratoError):
    fmt = "{msg}"


class OperationNotFoundError(StratoError):
    fmt = "{operation_name}"


class HTTPClientError(StratoError):
    fmt = "An HTTP Client raised an unhandled exception: {error}"


class ConnectionError(StratoError):
    fmt = "An HTTP Client failed to establish a connection: {error}"


class EndpointConnectionError(ConnectionError):
    fmt = 'Could not connect to the endpoint URL: "{endpoint_url}"'


class ReadTimeoutError(HTTPClientError):
    fmt = 'Read timeout on endpoint URL: "{endpoint_url}"'


class ConnectionClosedError(HTTPClientError):
    fmt = (
        "Connection was closed before we received a valid response from endpoint URL: "
        '"{endpoint_url}".'
    )


class SSLError(ConnectionError):
    fmt = "SSL validation failed for {endpoint_url} {error}"


class ConnectTimeoutError(ConnectionError):
    fmt = 'Connect timeout on endpoint URL: "{endpoint_url}"'


class ProxyConnectionError(ConnectionError):
    fmt = 'Failed to connect to proxy URL: "{proxy_url}"'


class ResponseStreamingError(HTTPClientError):
    fmt = "An error occurred while reading from response stream: {error}"


for _cls in list(globals().values()):
    if isinstance(_cls, type) and issubclass(_cls, StratoError) and _cls.__module__ == __name__:
        _cls.__module__ = "strato.exceptions"
del _cls
