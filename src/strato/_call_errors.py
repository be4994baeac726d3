"""Errors that only requests and responses raise: service errors, parsing, event streams,
pagination, presigning. Part of :mod:`strato.exceptions`, which loads this module on
first use (client creation need not pay for these classes); import them from there.
"""

from __future__ import annotations

from strato import exceptions as _exceptions
from strato.exceptions import StratoError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar


class ClientError(StratoError):
    """A service answered with an error; ``response`` has botocore's shape."""

    MSG_TEMPLATE: ClassVar[str] = (
        "An error occurred ({error_code}) when calling the {operation_name} "
        "operation{retry_info}: {error_message}"
    )

    def __init__(self, error_response: dict[str, Any], operation_name: str) -> None:
        error = error_response.get("Error", {})
        meta = error_response.get("ResponseMetadata", {})
        retry_info = ""
        if meta.get("MaxAttemptsReached") and "RetryAttempts" in meta:
            retry_info = f" (reached max retries: {meta['RetryAttempts']})"
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info=retry_info,
        )
        Exception.__init__(self, msg)
        self.kwargs = {"error_response": error_response, "operation_name": operation_name}
        self.response = error_response
        self.operation_name = operation_name

    def __reduce__(self) -> tuple[Any, ...]:
        return ClientError, (self.response, self.operation_name)


class FlexibleChecksumError(StratoError):
    fmt = "{error_msg}"


class MissingDependencyException(StratoError):
    fmt = "Missing Dependency: {msg}"


class AwsChunkedWrapperError(StratoError):
    fmt = "{error_msg}"


class InvalidHostLabelError(StratoError):
    fmt = 'Invalid host label to be bound to the hostname of the endpoint: "{label}".'


class UnsupportedS3ConfigurationError(StratoError):
    fmt = "Unsupported configuration when using S3: {msg}"


class UnsupportedS3AccesspointConfigurationError(StratoError):
    fmt = "Unsupported configuration when using S3 access-points: {msg}"


class UnsupportedS3ControlArnError(StratoError):
    fmt = 'S3 ARN "{arn}" provided is invalid for this operation. {msg}'


class UnsupportedS3ControlConfigurationError(StratoError):
    fmt = "Unsupported configuration when using S3 Control: {msg}"


class InvalidEndpointConfigurationError(StratoError):
    fmt = "Invalid endpoint configuration: {msg}"


# --- responses ---------------------------------------------------------------------


class ResponseParserError(StratoError):
    """A response body the protocol parser cannot read (botocore.parsers' class)."""

    fmt = "{msg}"


class IncompleteReadError(StratoError):
    """HTTP response did not return expected number of bytes."""

    fmt = "{actual_bytes} read, but total bytes expected is {expected_bytes}."


# --- pagination and JMESPath -------------------------------------------------------


class PaginationError(StratoError):
    fmt = "Error during pagination: {message}"


class OperationNotPageableError(StratoError):
    fmt = "Operation cannot be paginated: {operation_name}"


class BadStartingTokenError(StratoError, ValueError):
    """A ``StartingToken`` that is not one a paginator made (botocore: ValueError)."""

    fmt = "Bad starting token: {token}"


class JMESPathError(StratoError, ValueError):
    """An expression outside strato's JMESPath subset (jmespath's base class name)."""

    fmt = "{msg}"


class JMESPathTypeError(JMESPathError):
    fmt = (
        "In function {function_name}(), invalid type for value: {current_value}, "
        'expected one of: {expected_types}, received: "{actual_type}"'
    )


class EventStreamError(ClientError):
    """An error or exception event in a response's event stream (pickles as a ClientError,
    as botocore's does)."""


# --- event-stream framing (botocore.eventstream's classes) ---------------------------


class ParserError(StratoError):
    """An event-stream message that cannot be decoded."""


class DuplicateHeader(ParserError):
    fmt = 'Duplicate header present: "{header}"'


class InvalidHeadersLength(ParserError):
    fmt = "Header length of {length} exceeded the maximum of 131072"


class InvalidPayloadLength(ParserError):
    fmt = "Payload length of {length} exceeded the maximum of 25165824"


class ChecksumMismatch(ParserError):
    """A prelude or message CRC32 that does not match the bytes received."""

    fmt = "Checksum mismatch: expected 0x{expected:08x}, calculated 0x{calculated:08x}"


class NoInitialResponseError(ParserError):
    fmt = "First event was not of the initial-response type"


class MalformedEventStreamMessage(ParserError):
    """Lengths or headers that do not fit the message (botocore lets a struct.error,
    KeyError or UnicodeDecodeError escape, or reads past the message)."""

    fmt = "Malformed event stream message: {reason}"


class UnknownClientMethodError(StratoError):
    fmt = "Client does not have method: {method_name}"


class UnsupportedSignatureVersionError(StratoError):
    fmt = "Signature version(s) are not supported: {signature_version}"


class InvalidTimestampError(StratoError, ValueError):
    """A timestamp no format reads (botocore: a bare ValueError, same text)."""

    fmt = "{msg}"


class TimestampOutOfRangeError(StratoError, RuntimeError):
    """An epoch beyond what the platform's clock functions reach (botocore: RuntimeError)."""

    fmt = "{msg}"


class NoAuthTokenError(StratoError):
    """A bearer-token operation with no token to sign it (no SSO token provider yet)."""

    fmt = "Unable to locate authorization token"


# --- boto3's layer: its own base class (shared by resources, transfers, DynamoDB) ----------


class Boto3Error(StratoError):
    """boto3's base of its own errors (``boto3.exceptions.Boto3Error``): made with a message,
    or (subclasses) with named arguments, kept in ``kwargs`` in the constructor's order."""

    def __init__(self, *args: Any) -> None:
        Exception.__init__(self, *args)
        self.kwargs = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (tuple(self.kwargs.values()) if self.kwargs else self.args)


# --- boto3's layer: DynamoDB conditions ---------------------------------------------------


class DynamoDBOperationNotSupportedError(Boto3Error):
    """``&``, ``|`` or ``~`` applied to something that is not a condition."""

    def __init__(self, operation: str, value: Any) -> None:
        Exception.__init__(
            self,
            f"{operation} operation cannot be applied to value {value} of type "
            f"{type(value)} directly. Must use AttributeBase object methods "
            f"(i.e. Attr().eq()). to generate ConditionBase instances first.",
        )
        self.kwargs = {"operation": operation, "value": value}


#: boto3's misspelt alias, kept because boto3 exports it.
DynanmoDBOperationNotSupportedError = DynamoDBOperationNotSupportedError


class DynamoDBNeedsConditionError(Boto3Error):
    """A condition expression built from something that is not a condition."""

    def __init__(self, value: Any) -> None:
        Exception.__init__(
            self,
            f"Expecting a ConditionBase object. Got {value} of type {type(value)}. "
            f"Use AttributeBase object methods (i.e. Attr().eq()). to "
            f"generate ConditionBase instances.",
        )
        self.kwargs = {"value": value}


class DynamoDBNeedsKeyConditionError(Boto3Error):
    """A key condition that names an ``Attr`` rather than a ``Key``."""


# --- boto3's layer: S3 transfers (boto3.exceptions' and s3transfer.exceptions' names) ------


class RetriesExceededError(Boto3Error):
    """A download whose reads failed ``num_download_attempts`` times; ``last_exception``."""

    def __init__(
        self, last_exception: BaseException | None, msg: str = "Max Retries Exceeded"
    ) -> None:
        Exception.__init__(self, msg)
        self.kwargs = {}
        self.last_exception = last_exception

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.last_exception, *self.args)


class S3TransferFailedError(Boto3Error):
    """boto3's name for a failed managed transfer."""


class S3UploadFailedError(Boto3Error):
    """``upload_file``'s service error: "Failed to upload {filename} to {bucket}/{key}: ..."."""


class S3DownloadFailedError(Boto3Error):
    """s3transfer's: the object changed (its ETag) while its parts were being downloaded."""


class S3CopyFailedError(Boto3Error):
    """s3transfer's: the source changed (its ETag) while its parts were being copied."""


class S3ValidationError(Boto3Error):
    """s3transfer's: a ranged GET answered with a range other than the one asked for."""


# --- boto3's layer: resources -------------------------------------------------------------


class ResourceLoadException(Boto3Error):
    """A resource attribute or data parameter read on a resource that cannot load."""


class UnknownAPIVersionError(Boto3Error, _exceptions.DataNotFoundError):
    """``Session.resource(api_version=...)`` naming a version with no resource model."""

    def __init__(
        self, service_name: str, bad_api_version: str | None, available_api_versions: str
    ) -> None:
        Exception.__init__(
            self,
            f"The '{service_name}' resource does not support an API version of: "
            f"{bad_api_version}\nValid API versions are: {available_api_versions}",
        )
        self.kwargs = {
            "service_name": service_name,
            "bad_api_version": bad_api_version,
            "available_api_versions": available_api_versions,
        }


class ResourceNotExistsError(Boto3Error, _exceptions.DataNotFoundError):
    """``Session.resource`` for a service without a resource model (listing those with one,
    and pointing at the client when the service has one)."""

    def __init__(
        self, service_name: str, available_services: list[str], has_low_level_client: bool
    ) -> None:
        listed = "\n   - ".join(available_services)
        msg = (
            f"The '{service_name}' resource does not exist.\n"
            f"The available resources are:\n   - {listed}\n"
        )
        if has_low_level_client:
            msg += (
                f"\nConsider using a boto3.client('{service_name}') "
                f"instead of a resource for '{service_name}'"
            )
        Exception.__init__(self, msg)
        self.kwargs = {
            "service_name": service_name,
            "available_services": available_services,
            "has_low_level_client": has_low_level_client,
        }


# --- botocore's Stubber (strato.stub) -------------------------------------------------


class StubResponseError(StratoError):
    """A stubbed client's call that does not match the next queued answer."""

    fmt = "Error getting response stub for operation {operation_name}: {reason}"


class StubAssertionError(StubResponseError, AssertionError):
    """A stubbed call whose parameters are not the expected ones."""


class UnStubbedResponseError(StubResponseError):
    """A stubbed client's call with no answer left in the queue."""


# --- waiters (strato.waiter) ------------------------------------------------------------


class WaiterError(StratoError):
    """A waiter reached a failure state, an unexpected error, or its last attempt;
    ``last_response`` is the response (or error response) it saw last."""

    fmt = "Waiter {name} failed: {reason}"

    def __init__(self, name: str, reason: str, last_response: dict[str, Any]) -> None:
        super().__init__(name=name, reason=reason)
        self.last_response = last_response

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.kwargs["name"], self.kwargs["reason"], self.last_response)


class WaiterConfigError(StratoError):
    """Waiter data of an unsupported version, or with an unknown acceptor matcher."""

    fmt = "Error processing waiter config: {error_msg}"


# --- session helpers (Session.get_partition_for_region) ---------------------------------


class UnknownRegionError(StratoError):
    """No partition lists the region or matches it with its ``regionRegex``."""

    fmt = "Unknown region: '{region_name}'. {error_msg}"


for _cls in list(globals().values()):
    if isinstance(_cls, type) and issubclass(_cls, StratoError) and _cls is not StratoError:
        _cls.__module__ = "strato.exceptions"
del _cls
