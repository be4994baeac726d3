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


# --- the classes a first client and its first call raise and catch ---------------------
# Every other class is defined in a module loaded on first use (below).


# Raised and caught on the common path (no config file).
class ConfigNotFound(StratoError):
    fmt = "The specified config file ({path}) could not be found."


# Raised and caught when a model has no sdk-extras file (the common path).
class DataNotFoundError(StratoError):
    fmt = "Unable to load data for: {data_path}"


# --- defined in strato._lazy_errors, loaded on first use -----------------------------

_LAZY_ERRORS = frozenset(
    {
        "InvalidConfigError",
        "InvalidS3AddressingStyleError",
        "InvalidEndpointDiscoveryConfigurationError",
        "InvalidRetryConfigurationError",
        "InvalidMaxRetryAttemptsError",
        "InvalidRetryModeError",
        "ProfileNotFound",
        "ConfigParseError",
        "InvalidConfigValueError",
        "InfiniteLoopConfigError",
        "InvalidIMDSEndpointError",
        "InvalidIMDSEndpointModeError",
        "InvalidDefaultsMode",
        "InvalidS3UsEast1RegionalEndpointConfigError",
        "InvalidSTSRegionalEndpointsConfigError",
        "InvalidChecksumConfigError",
        "NoCredentialsError",
        "PartialCredentialsError",
        "CredentialRetrievalError",
        "InvalidExpirationError",
        "ExpiredCredentialsError",
        "WebIdentityTokenLoadError",
        "CredentialCacheLockError",
        "UnknownCredentialError",
        "CredentialProcessError",
        "MalformedCredentialsError",
        "InvalidContainerConfigError",
        "RefreshWithMFAUnsupportedError",
        "MetadataRetrievalError",
        "TokenRetrievalError",
        "SSOError",
        "SSOTokenLoadError",
        "UnauthorizedSSOTokenError",
        "LoginError",
        "LoginRefreshRequired",
        "LoginInsufficientPermissions",
        "LoginTokenLoadError",
        "EndpointProviderError",
        "EndpointResolutionError",
        "NoRegionError",
        "EndpointVariantError",
        "ParamValidationError",
        "UnknownSignatureVersionError",
        "EndpointDiscoveryException",
        "EndpointDiscoveryRequired",
        "EndpointDiscoveryRefreshFailed",
        "UnknownServiceError",
        "ApiVersionNotFoundError",
        "ValidationError",
        "InvalidRegionError",
        "AliasConflictParameterError",
        "UndefinedModelAttributeError",
        "MissingServiceIdError",
        "UnsupportedServiceProtocolsError",
        "NoShapeFoundError",
        "InvalidShapeError",
        "InvalidShapeReferenceError",
        "OperationNotFoundError",
        "HTTPClientError",
        "ConnectionError",
        "EndpointConnectionError",
        "ReadTimeoutError",
        "ConnectionClosedError",
        "SSLError",
        "ConnectTimeoutError",
        "ProxyConnectionError",
        "ResponseStreamingError",
    }
)

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
    from strato._lazy_errors import AliasConflictParameterError as AliasConflictParameterError
    from strato._lazy_errors import ApiVersionNotFoundError as ApiVersionNotFoundError
    from strato._lazy_errors import ConfigParseError as ConfigParseError
    from strato._lazy_errors import ConnectionClosedError as ConnectionClosedError
    from strato._lazy_errors import ConnectionError as ConnectionError
    from strato._lazy_errors import ConnectTimeoutError as ConnectTimeoutError
    from strato._lazy_errors import CredentialCacheLockError as CredentialCacheLockError
    from strato._lazy_errors import CredentialProcessError as CredentialProcessError
    from strato._lazy_errors import CredentialRetrievalError as CredentialRetrievalError
    from strato._lazy_errors import EndpointConnectionError as EndpointConnectionError
    from strato._lazy_errors import EndpointDiscoveryException as EndpointDiscoveryException
    from strato._lazy_errors import EndpointDiscoveryRefreshFailed as EndpointDiscoveryRefreshFailed
    from strato._lazy_errors import EndpointDiscoveryRequired as EndpointDiscoveryRequired
    from strato._lazy_errors import EndpointProviderError as EndpointProviderError
    from strato._lazy_errors import EndpointResolutionError as EndpointResolutionError
    from strato._lazy_errors import EndpointVariantError as EndpointVariantError
    from strato._lazy_errors import ExpiredCredentialsError as ExpiredCredentialsError
    from strato._lazy_errors import HTTPClientError as HTTPClientError
    from strato._lazy_errors import InfiniteLoopConfigError as InfiniteLoopConfigError
    from strato._lazy_errors import InvalidChecksumConfigError as InvalidChecksumConfigError
    from strato._lazy_errors import InvalidConfigError as InvalidConfigError
    from strato._lazy_errors import InvalidConfigValueError as InvalidConfigValueError
    from strato._lazy_errors import InvalidContainerConfigError as InvalidContainerConfigError
    from strato._lazy_errors import InvalidDefaultsMode as InvalidDefaultsMode
    from strato._lazy_errors import (
        InvalidEndpointDiscoveryConfigurationError as InvalidEndpointDiscoveryConfigurationError,
    )
    from strato._lazy_errors import InvalidExpirationError as InvalidExpirationError
    from strato._lazy_errors import InvalidIMDSEndpointError as InvalidIMDSEndpointError
    from strato._lazy_errors import InvalidIMDSEndpointModeError as InvalidIMDSEndpointModeError
    from strato._lazy_errors import InvalidMaxRetryAttemptsError as InvalidMaxRetryAttemptsError
    from strato._lazy_errors import InvalidRegionError as InvalidRegionError
    from strato._lazy_errors import InvalidRetryConfigurationError as InvalidRetryConfigurationError
    from strato._lazy_errors import InvalidRetryModeError as InvalidRetryModeError
    from strato._lazy_errors import InvalidS3AddressingStyleError as InvalidS3AddressingStyleError
    from strato._lazy_errors import (
        InvalidS3UsEast1RegionalEndpointConfigError as InvalidS3UsEast1RegionalEndpointConfigError,
    )
    from strato._lazy_errors import InvalidShapeError as InvalidShapeError
    from strato._lazy_errors import InvalidShapeReferenceError as InvalidShapeReferenceError
    from strato._lazy_errors import (
        InvalidSTSRegionalEndpointsConfigError as InvalidSTSRegionalEndpointsConfigError,
    )
    from strato._lazy_errors import LoginError as LoginError
    from strato._lazy_errors import LoginInsufficientPermissions as LoginInsufficientPermissions
    from strato._lazy_errors import LoginRefreshRequired as LoginRefreshRequired
    from strato._lazy_errors import LoginTokenLoadError as LoginTokenLoadError
    from strato._lazy_errors import MalformedCredentialsError as MalformedCredentialsError
    from strato._lazy_errors import MetadataRetrievalError as MetadataRetrievalError
    from strato._lazy_errors import MissingServiceIdError as MissingServiceIdError
    from strato._lazy_errors import NoCredentialsError as NoCredentialsError
    from strato._lazy_errors import NoRegionError as NoRegionError
    from strato._lazy_errors import NoShapeFoundError as NoShapeFoundError
    from strato._lazy_errors import OperationNotFoundError as OperationNotFoundError
    from strato._lazy_errors import ParamValidationError as ParamValidationError
    from strato._lazy_errors import PartialCredentialsError as PartialCredentialsError
    from strato._lazy_errors import ProfileNotFound as ProfileNotFound
    from strato._lazy_errors import ProxyConnectionError as ProxyConnectionError
    from strato._lazy_errors import ReadTimeoutError as ReadTimeoutError
    from strato._lazy_errors import RefreshWithMFAUnsupportedError as RefreshWithMFAUnsupportedError
    from strato._lazy_errors import ResponseStreamingError as ResponseStreamingError
    from strato._lazy_errors import SSLError as SSLError
    from strato._lazy_errors import SSOError as SSOError
    from strato._lazy_errors import SSOTokenLoadError as SSOTokenLoadError
    from strato._lazy_errors import TokenRetrievalError as TokenRetrievalError
    from strato._lazy_errors import UnauthorizedSSOTokenError as UnauthorizedSSOTokenError
    from strato._lazy_errors import UndefinedModelAttributeError as UndefinedModelAttributeError
    from strato._lazy_errors import UnknownCredentialError as UnknownCredentialError
    from strato._lazy_errors import UnknownServiceError as UnknownServiceError
    from strato._lazy_errors import UnknownSignatureVersionError as UnknownSignatureVersionError
    from strato._lazy_errors import (
        UnsupportedServiceProtocolsError as UnsupportedServiceProtocolsError,
    )
    from strato._lazy_errors import ValidationError as ValidationError
    from strato._lazy_errors import WebIdentityTokenLoadError as WebIdentityTokenLoadError


def __getattr__(name: str) -> Any:
    if name in _LAZY_ERRORS:
        from strato import _lazy_errors

        value = getattr(_lazy_errors, name)
    elif name in _CALL_ERRORS:
        from strato import _call_errors

        value = getattr(_call_errors, name)
    elif name == "__all__":  # ``from strato.exceptions import *``: every class, lazy ones too
        value = sorted(
            {"StratoError", "ConfigNotFound", "DataNotFoundError"} | _LAZY_ERRORS | _CALL_ERRORS
        )
    else:
        raise AttributeError(f"module 'strato.exceptions' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_ERRORS | _CALL_ERRORS)
