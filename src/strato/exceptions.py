"""Every error strato raises, under one base class.

Class names and message texts follow botocore's, so code that catches
``botocore.exceptions.X`` by name, or tests that match its messages, keep working.
Where botocore lets a raw Python exception escape (``KeyError``, ``ValueError``,
``TypeError`` ...) strato raises a typed error instead; such classes also derive
from that builtin so existing ``except ValueError`` handlers still catch them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar


class StratoError(Exception):
    """Base class of all strato errors; ``kwargs`` keeps the fields of the message."""

    fmt: ClassVar[str] = "An unspecified error occurred"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self.fmt.format(**kwargs))
        self.kwargs = kwargs

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.kwargs)


def _rebuild(cls: type[StratoError], kwargs: dict[str, Any]) -> StratoError:
    return cls(**kwargs)


# --- configuration files -----------------------------------------------------------


class ProfileNotFound(StratoError):
    fmt = "The config profile ({profile}) could not be found"


class ConfigNotFound(StratoError):
    fmt = "The specified config file ({path}) could not be found."


class ConfigParseError(StratoError):
    """botocore's message prefix, then where in the file and why."""

    fmt = "Unable to parse config file: {path}"

    def __init__(self, *, path: str, line: int | None = None, reason: str = "", **kw: Any) -> None:
        super().__init__(path=path, line=line, reason=reason, **kw)
        where = f"{path}:{line}" if line is not None else path
        detail = f": {reason}" if reason else ""
        self.args = (f"Unable to parse config file: {where}{detail}",)


class InvalidConfigError(StratoError):
    fmt = "{error_msg}"


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


class InvalidS3AddressingStyleError(StratoError):
    fmt = (
        "S3 addressing style {s3_addressing_style} is invalid. "
        "Valid options are: 'auto', 'virtual', and 'path'"
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


class InvalidEndpointDiscoveryConfigurationError(StratoError):
    fmt = (
        "Unsupported configuration value for endpoint_discovery_enabled. "
        'Expected one of ("true", "false", "auto") but got {config_value}.'
    )


class InvalidChecksumConfigError(StratoError):
    fmt = (
        "Unsupported configuration value for {config_key}. "
        "Expected one of {valid_options} but got {config_value}."
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


class DataNotFoundError(StratoError):
    fmt = "Unable to load data for: {data_path}"


class UnknownServiceError(DataNotFoundError):
    fmt = "Unknown service: '{service_name}'. Valid service names are: {known_service_names}"


class ApiVersionNotFoundError(StratoError):
    fmt = "Unable to load data {data_path} for: {api_version}"


class NoRegionError(StratoError):
    fmt = "You must specify a region."


class EndpointVariantError(StratoError):
    """A FIPS or dual-stack endpoint the endpoints data does not have (botocore's text
    names only the variants)."""

    fmt = "Unable to construct a modeled endpoint with the following variant(s) {tags}: "


class ValidationError(StratoError):
    fmt = "Invalid value ('{value}') for param {param} of type {type_name} "


class InvalidRegionError(ValidationError, ValueError):
    fmt = "Provided region_name '{region_name}' doesn't match a supported format."


class ParamValidationError(StratoError):
    fmt = "Parameter validation failed:\n{report}"


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


class UnknownSignatureVersionError(StratoError):
    fmt = "Unknown Signature Version: {signature_version}."


class EndpointProviderError(StratoError):
    fmt = "{msg}"


class EndpointResolutionError(EndpointProviderError):
    fmt = "{msg}"


class EndpointDiscoveryException(StratoError):
    """Base of the endpoint discovery errors (botocore's ``discovery`` module)."""


class EndpointDiscoveryRequired(EndpointDiscoveryException):
    fmt = "Endpoint Discovery is not enabled but this operation requires it."


class EndpointDiscoveryRefreshFailed(EndpointDiscoveryException):
    fmt = "Endpoint Discovery failed to refresh the required endpoints."


class HTTPClientError(StratoError):
    fmt = "An HTTP Client raised an unhandled exception: {error}"


class ConnectionError(StratoError):
    fmt = "An HTTP Client failed to establish a connection: {error}"


class EndpointConnectionError(ConnectionError):
    fmt = 'Could not connect to the endpoint URL: "{endpoint_url}"'


class SSLError(ConnectionError):
    fmt = "SSL validation failed for {endpoint_url} {error}"


class ConnectTimeoutError(ConnectionError):
    fmt = 'Connect timeout on endpoint URL: "{endpoint_url}"'


class ProxyConnectionError(ConnectionError):
    fmt = 'Failed to connect to proxy URL: "{proxy_url}"'


class ReadTimeoutError(HTTPClientError):
    fmt = 'Read timeout on endpoint URL: "{endpoint_url}"'


class ConnectionClosedError(HTTPClientError):
    fmt = (
        "Connection was closed before we received a valid response from endpoint URL: "
        '"{endpoint_url}".'
    )


class ResponseStreamingError(HTTPClientError):
    fmt = "An error occurred while reading from response stream: {error}"


# --- requests and responses: defined in strato._call_errors, loaded on first use ---------

_CALL_ERRORS = frozenset(
    {
        "ClientError",
        "FlexibleChecksumError",
        "MissingDependencyException",
        "AwsChunkedWrapperError",
        "InvalidHostLabelError",
        "UnsupportedS3ConfigurationError",
        "UnsupportedS3AccesspointConfigurationError",
        "UnsupportedS3ControlArnError",
        "UnsupportedS3ControlConfigurationError",
        "InvalidEndpointConfigurationError",
        "ResponseParserError",
        "IncompleteReadError",
        "PaginationError",
        "OperationNotPageableError",
        "BadStartingTokenError",
        "JMESPathError",
        "JMESPathTypeError",
        "EventStreamError",
        "ParserError",
        "DuplicateHeader",
        "InvalidHeadersLength",
        "InvalidPayloadLength",
        "ChecksumMismatch",
        "NoInitialResponseError",
        "MalformedEventStreamMessage",
        "UnknownClientMethodError",
        "UnsupportedSignatureVersionError",
        "NoAuthTokenError",
        "InvalidTimestampError",
        "TimestampOutOfRangeError",
        # boto3's layer (base class; DynamoDB conditions)
        "Boto3Error",
        "DynamoDBOperationNotSupportedError",
        "DynanmoDBOperationNotSupportedError",
        "DynamoDBNeedsConditionError",
        "DynamoDBNeedsKeyConditionError",
        # boto3's layer: S3 transfers
        "RetriesExceededError",
        "S3TransferFailedError",
        "S3UploadFailedError",
        "S3DownloadFailedError",
        "S3CopyFailedError",
        "S3ValidationError",
        # botocore's Stubber
        "StubResponseError",
        "StubAssertionError",
        "UnStubbedResponseError",
        # boto3's layer: resources
        "ResourceLoadException",
        "UnknownAPIVersionError",
        "ResourceNotExistsError",
        # botocore's waiters
        "WaiterError",
        "WaiterConfigError",
        # session helpers (Session.get_partition_for_region)
        "UnknownRegionError",
    }
)

if TYPE_CHECKING:
    from strato._call_errors import AwsChunkedWrapperError as AwsChunkedWrapperError
    from strato._call_errors import BadStartingTokenError as BadStartingTokenError
    from strato._call_errors import Boto3Error as Boto3Error
    from strato._call_errors import ChecksumMismatch as ChecksumMismatch
    from strato._call_errors import ClientError as ClientError
    from strato._call_errors import DuplicateHeader as DuplicateHeader
    from strato._call_errors import (
        DynamoDBNeedsConditionError as DynamoDBNeedsConditionError,
    )
    from strato._call_errors import (
        DynamoDBNeedsKeyConditionError as DynamoDBNeedsKeyConditionError,
    )
    from strato._call_errors import (
        DynamoDBOperationNotSupportedError as DynamoDBOperationNotSupportedError,
    )
    from strato._call_errors import (
        DynanmoDBOperationNotSupportedError as DynanmoDBOperationNotSupportedError,
    )
    from strato._call_errors import EventStreamError as EventStreamError
    from strato._call_errors import FlexibleChecksumError as FlexibleChecksumError
    from strato._call_errors import IncompleteReadError as IncompleteReadError
    from strato._call_errors import (
        InvalidEndpointConfigurationError as InvalidEndpointConfigurationError,
    )
    from strato._call_errors import InvalidHeadersLength as InvalidHeadersLength
    from strato._call_errors import InvalidHostLabelError as InvalidHostLabelError
    from strato._call_errors import InvalidPayloadLength as InvalidPayloadLength
    from strato._call_errors import InvalidTimestampError as InvalidTimestampError
    from strato._call_errors import JMESPathError as JMESPathError
    from strato._call_errors import JMESPathTypeError as JMESPathTypeError
    from strato._call_errors import MalformedEventStreamMessage as MalformedEventStreamMessage
    from strato._call_errors import MissingDependencyException as MissingDependencyException
    from strato._call_errors import NoAuthTokenError as NoAuthTokenError
    from strato._call_errors import NoInitialResponseError as NoInitialResponseError
    from strato._call_errors import OperationNotPageableError as OperationNotPageableError
    from strato._call_errors import PaginationError as PaginationError
    from strato._call_errors import ParserError as ParserError
    from strato._call_errors import ResourceLoadException as ResourceLoadException
    from strato._call_errors import ResourceNotExistsError as ResourceNotExistsError
    from strato._call_errors import ResponseParserError as ResponseParserError
    from strato._call_errors import RetriesExceededError as RetriesExceededError
    from strato._call_errors import S3CopyFailedError as S3CopyFailedError
    from strato._call_errors import S3DownloadFailedError as S3DownloadFailedError
    from strato._call_errors import S3TransferFailedError as S3TransferFailedError
    from strato._call_errors import S3UploadFailedError as S3UploadFailedError
    from strato._call_errors import S3ValidationError as S3ValidationError
    from strato._call_errors import StubAssertionError as StubAssertionError
    from strato._call_errors import StubResponseError as StubResponseError
    from strato._call_errors import TimestampOutOfRangeError as TimestampOutOfRangeError
    from strato._call_errors import UnknownAPIVersionError as UnknownAPIVersionError
    from strato._call_errors import UnknownClientMethodError as UnknownClientMethodError
    from strato._call_errors import UnknownRegionError as UnknownRegionError
    from strato._call_errors import UnStubbedResponseError as UnStubbedResponseError
    from strato._call_errors import (
        UnsupportedS3AccesspointConfigurationError as UnsupportedS3AccesspointConfigurationError,
    )
    from strato._call_errors import (
        UnsupportedS3ConfigurationError as UnsupportedS3ConfigurationError,
    )
    from strato._call_errors import (
        UnsupportedS3ControlArnError as UnsupportedS3ControlArnError,
    )
    from strato._call_errors import (
        UnsupportedS3ControlConfigurationError as UnsupportedS3ControlConfigurationError,
    )
    from strato._call_errors import (
        UnsupportedSignatureVersionError as UnsupportedSignatureVersionError,
    )
    from strato._call_errors import WaiterConfigError as WaiterConfigError
    from strato._call_errors import WaiterError as WaiterError


def __getattr__(name: str) -> Any:
    if name in _CALL_ERRORS:
        from strato import _call_errors

        value = getattr(_call_errors, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'strato.exceptions' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _CALL_ERRORS)
