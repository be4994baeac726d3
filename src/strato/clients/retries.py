"""Retrying failed calls as botocore 1.44.8 does, in its ``standard`` and ``legacy`` modes.

The mode and the total attempts are settled when the client is made
(``clients.creator``); this module, loaded by the first call, decides each attempt.

standard (and adaptive, whose client-side rate limiter strato does not have): transient
errors (5xx, timeouts, lost connections), throttling (known codes, modeled throttling
errors, a 429 the operation does not model) and modeled retryable errors are retried,
each retry paid from the client's retry quota (500; 5 for throttling, 14 otherwise;
refunded by a later success). The delay is ``rand * min(scale * 2**(n-1), 20)`` with
``scale`` 1 s for throttling and 50 ms otherwise (25 ms for DynamoDB).

legacy: botocore's ``_retry.json`` policies (status codes, status-and-code pairs, lost
connections), no quota, ``rand * 2**(n-1)`` (DynamoDB: ``0.05 * 2**(n-1)``), uncapped.
"""

from __future__ import annotations

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel


def retryable_errors() -> tuple[type[Exception], ...]:
    """What a lost or broken connection raises: standard retries these. Built when a
    send fails, so a client that never fails never loads these classes."""
    return (errors.ConnectionError, errors.HTTPClientError)


def _legacy_errors() -> tuple[type[Exception], ...]:
    """What legacy retries (its ``GENERAL_CONNECTION_ERROR``)."""
    return (
        errors.ConnectionError,
        errors.ConnectionClosedError,
        errors.ReadTimeoutError,
        errors.EndpointConnectionError,
    )


_TRANSIENT_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)
_TRANSIENT_STATUS = frozenset({500, 502, 503, 504})
_THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
_MAX_BACKOFF = 20.0
_RETRY_AFTER_EXTRA = 5.0
_RETRY_COST = 14
_THROTTLING_RETRY_COST = 5
_NO_RETRY_REFUND = 1
_INITIAL_QUOTA = 500
#: Operations that wait on the server: with the quota spent they still pause.
_LONG_POLLING = {
    "sqs": frozenset({"ReceiveMessage"}),
    "sfn": frozenset({"GetActivityTask"}),
    "swf": frozenset({"PollForActivityTask", "PollForDecisionTask"}),
    "kinesis": frozenset({"ReceiveQueueRecords", "ReceiveDeadLetterQueueRecords"}),
}

#: legacy: statuses retried whatever the error code.
_LEGACY_STATUS = frozenset({500, 502, 503, 504, 509, 429})
#: legacy: (status, code) pairs retried by every service ...
_LEGACY_PAIRS = frozenset(
    {
        (400, "ThrottlingException"),
        (400, "ThrottledException"),
        (400, "RequestThrottledException"),
        (400, "Throttling"),
        (400, "ProvisionedThroughputExceededException"),
    }
)
#: ... and by endpoint prefix (organizations' own ``too_many_requests`` replaces the 429).
_LEGACY_SERVICE_PAIRS: dict[str, frozenset[tuple[int, str]]] = {
    "organizations": frozenset({(400, "TooManyRequestsException")}),
    "dynamodb": frozenset(
        {(409, "ReplicatedWriteConflictException"), (400, "TransactionInProgressException")}
    ),
    "ec2": frozenset({(503, "RequestLimitExceeded"), (503, "EC2ThrottledException")}),
    "cloudsearch": frozenset({(509, "BandwidthLimitExceeded")}),
    "kinesis": frozenset({(400, "LimitExceededException")}),
    "sqs": frozenset({(403, "RequestThrottled")}),
    "s3": frozenset({(400, "RequestTimeout"), (400, "BadDigest")}),
    "glacier": frozenset({(408, "RequestTimeoutException")}),
    "route53": frozenset({(400, "Throttling"), (400, "PriorRequestNotComplete")}),
    "sts": frozenset({(400, "IDPCommunicationError")}),
}


class Outcome:
    """One attempt's result as the retry rules see it: a response or an exception."""

    __slots__ = ("body", "error", "headers", "parsed", "status")

    def __init__(
        self,
        status: int | None = None,
        headers: Any = None,
        body: Any = None,
        parsed: dict[str, Any] | None = None,
        error: Exception | None = None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.parsed = parsed
        self.error = error

    def code(self) -> Any:
        error = (self.parsed or {}).get("Error", {})
        return error.get("Code") if isinstance(error, dict) else None


class Decision:
    """After an attempt: whether to send again, how long to wait first, the quota taken."""

    __slots__ = ("delay", "retry", "taken")

    def __init__(self, retry: bool, delay: float, taken: int | None) -> None:
        self.retry = retry
        self.delay = delay
        self.taken = taken


class RetryPolicy:
    """A client's retry rules and its retry quota (one per client, as in botocore)."""

    __slots__ = ("_available", "endpoint_prefix", "mode", "service_id", "total_attempts")

    def __init__(
        self, mode: str, total_attempts: int, service_id: str = "", endpoint_prefix: str = ""
    ) -> None:
        self.mode = mode
        self.total_attempts = total_attempts
        self.service_id = service_id
        self.endpoint_prefix = endpoint_prefix
        self._available = _INITIAL_QUOTA

    @property
    def quota(self) -> int:
        """The retry capacity left (standard and adaptive modes)."""
        return self._available

    def decide(self, attempt: int, operation: OperationModel, outcome: Outcome) -> Decision:
        """What follows attempt number ``attempt`` (1 for the first). botocore's metadata
        flags (``MaxAttemptsReached``, ``RetryQuotaReached``) go into the parsed response."""
        if self.mode == "legacy":
            delay = self._legacy(attempt, outcome)
            return Decision(delay is not None, delay or 0.0, None)
        return self._standard(attempt, operation, outcome)

    def _standard(self, attempt: int, operation: OperationModel, outcome: Outcome) -> Decision:
        under_max = attempt < self.total_attempts
        if under_max and not self._retryable(operation, outcome):
            return Decision(False, 0.0, None)  # the common case: nothing to note
        flags: dict[str, bool] = {}
        decision = Decision(False, 0.0, None)
        if not under_max:
            flags["MaxAttemptsReached"] = True
        else:
            throttling = self._throttling(operation, outcome)
            cost = _THROTTLING_RETRY_COST if throttling else _RETRY_COST
            if cost <= self._available:
                self._available -= cost
                decision = Decision(True, self._backoff(attempt, throttling, outcome), cost)
            else:
                flags["RetryQuotaReached"] = True
                if operation.name in _LONG_POLLING.get(self.service_id, ()):
                    # botocore still pauses, then returns this answer.
                    decision = Decision(False, self._backoff(attempt, throttling, outcome), None)
        if outcome.parsed is not None and flags:
            outcome.parsed.setdefault("ResponseMetadata", {}).update(flags)
        return decision

    def after_call(self, status: int, taken: int | None) -> None:
        """botocore's ``after-call`` refund: a 2xx gives back the last retry's cost (or 1)."""
        if self.mode == "legacy" or not 200 <= status < 300:
            return
        self._available = min(
            _INITIAL_QUOTA, self._available + (taken if taken is not None else _NO_RETRY_REFUND)
        )

    def _retryable(self, operation: OperationModel, outcome: Outcome) -> bool:
        if outcome.error is not None:
            return isinstance(outcome.error, retryable_errors())
        code = outcome.code()
        if code in _TRANSIENT_CODES or outcome.status in _TRANSIENT_STATUS:
            return True
        if code in _THROTTLING_CODES:
            return True
        if outcome.status == 429 and not _modeled(operation, code):
            return True
        if code is not None and _modeled_retryable(operation, code) is not None:
            return True
        if code == "IDPCommunicationError" and operation.service_model.service_name == "sts":
            return True
        return self._ddb_checksum_mismatch(operation, outcome)

    def _throttling(self, operation: OperationModel, outcome: Outcome) -> bool:
        code = outcome.code()
        if code in _THROTTLING_CODES:
            return True
        kind = _modeled_retryable(operation, code) if code is not None else None
        if kind is not None:
            return kind == "throttling"
        return outcome.status == 429 and not _modeled(operation, code)

    def _backoff(self, attempt: int, throttling: bool, outcome: Outcome) -> float:
        import random

        if throttling:
            scale = 1.0
        elif self.service_id in ("dynamodb", "dynamodb-streams"):
            scale = 0.025
        else:
            scale = 0.05
        delay = random.random() * min(scale * 2.0 ** (attempt - 1), _MAX_BACKOFF)
        after = _retry_after(outcome.headers)
        if after is not None:
            return max(delay, min(after, _RETRY_AFTER_EXTRA + delay))
        return delay

    def _ddb_checksum_mismatch(self, operation: OperationModel, outcome: Outcome) -> bool:
        if operation.service_model.service_name != "dynamodb":
            return False
        return _crc32_mismatch(outcome)

    def _legacy(self, attempt: int, outcome: Outcome) -> float | None:
        if outcome.error is not None:
            if not isinstance(outcome.error, _legacy_errors()):
                return None
            wanted = True
        else:
            wanted = self._legacy_wants_retry(outcome)
        if not wanted:
            return None
        if attempt >= self.total_attempts:
            if outcome.parsed is not None and "ResponseMetadata" in outcome.parsed:
                outcome.parsed["ResponseMetadata"]["MaxAttemptsReached"] = True
            return None
        if self.endpoint_prefix == "dynamodb":
            base = 0.05
        else:
            import random

            base = random.random()
        return base * 2.0 ** (attempt - 1)

    def _legacy_wants_retry(self, outcome: Outcome) -> bool:
        status = outcome.status
        pair = (status, outcome.code())
        service_pairs = _LEGACY_SERVICE_PAIRS.get(self.endpoint_prefix, frozenset())
        if pair in _LEGACY_PAIRS or pair in service_pairs:
            return True
        if status in _LEGACY_STATUS and not (
            status == 429 and self.endpoint_prefix == "organizations"
        ):
            return True
        return self.endpoint_prefix == "dynamodb" and _crc32_mismatch(outcome)


def _modeled(operation: OperationModel, code: Any) -> bool:
    if code is None:
        return False
    return any(_error_code(shape) == code for shape in operation.error_shapes)


def _modeled_retryable(operation: OperationModel, code: str) -> str | None:
    """ "throttling" or "transient" for an error the operation models as retryable."""
    for shape in operation.error_shapes:
        retryable = shape.metadata.get("retryable")
        if retryable is not None and _error_code(shape) == code:
            return "throttling" if retryable.get("throttling") else "transient"
    return None


def _error_code(shape: Any) -> Any:
    return shape.metadata.get("error", {}).get("code") or shape.name


def _retry_after(headers: Any) -> float | None:
    """``x-amz-retry-after`` in milliseconds, as seconds; None when absent or invalid."""
    if headers is None:
        return None
    raw = headers.get("x-amz-retry-after")
    if raw is None:
        return None
    try:
        value = int(raw) / 1000.0
    except (ValueError, OverflowError):
        return None
    return value if value >= 0 else None


def _crc32_mismatch(outcome: Outcome) -> bool:
    if outcome.headers is None or not isinstance(outcome.body, bytes):
        return False
    expected = outcome.headers.get("x-amz-crc32")
    if expected is None:
        return False
    from binascii import crc32

    return crc32(outcome.body) & 0xFFFFFFFF != int(expected)
