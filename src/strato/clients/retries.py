"""Retrying failed calls: botocore's attempt counts and what counts as retryable.

Total attempts come from ``Config(retries=...)`` (``total_max_attempts``, else
``max_attempts`` + 1), then the ``max_attempts`` setting, then the mode's default
(standard 3, legacy 5). Backoff is exponential with full jitter, capped at 20 s.
"""

from __future__ import annotations

from ..exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidMaxRetryAttemptsError,
    InvalidRetryModeError,
    ReadTimeoutError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..session import Session
    from .config import Config

_MODES = ("legacy", "standard", "adaptive")
_DEFAULT_ATTEMPTS = {"legacy": 5, "standard": 3, "adaptive": 3}
#: Services whose standard-mode default differs (botocore.retries.standard), by hyphenized id.
_SERVICE_ATTEMPTS = {"dynamodb": 4, "dynamodb-streams": 4}
_RETRYABLE_STATUS = frozenset({500, 502, 503, 504})
_RETRYABLE_CODES = frozenset(
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
        "RequestTimeout",
        "RequestTimeoutException",
        "IDPCommunicationError",
    }
)
RETRYABLE_ERRORS = (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)


def _default_attempts(mode: str, service_id: str) -> int:
    if mode == "legacy":
        return _DEFAULT_ATTEMPTS[mode]
    return _SERVICE_ATTEMPTS.get(service_id.replace(" ", "-").lower(), _DEFAULT_ATTEMPTS[mode])


class RetryPolicy:
    """How many attempts a call gets, and which failures earn another one."""

    __slots__ = ("mode", "total_attempts")

    def __init__(self, mode: str, total_attempts: int) -> None:
        self.mode = mode
        self.total_attempts = total_attempts

    @classmethod
    def from_config(cls, config: Config, session: Session, service_id: str = "") -> RetryPolicy:
        retries = config.retries or {}
        mode = retries.get("mode") or session.get_config_variable("retry_mode") or "standard"
        if mode not in _MODES:
            raise InvalidRetryModeError(provided_retry_mode=mode, valid_modes=_MODES)
        if "total_max_attempts" in retries:
            total = retries["total_max_attempts"]
        elif "max_attempts" in retries:
            total = retries["max_attempts"] + 1
        else:
            total = session.get_config_variable("max_attempts") or _default_attempts(
                mode, service_id
            )
            if total < 1:
                raise InvalidMaxRetryAttemptsError(provided_max_attempts=total, min_value=1)
        return cls(mode, int(total))

    def should_retry(self, status: int | None, parsed: dict[str, Any] | None) -> bool:
        """A 5xx, a throttling or transient error code, or (``status`` None) a lost connection."""
        if status is None:
            return True
        if status in _RETRYABLE_STATUS:
            return True
        code = (parsed or {}).get("Error", {}).get("Code")
        return code in _RETRYABLE_CODES

    def max_attempts_reached(self, attempts: int, retryable: bool) -> bool:
        """botocore's ``MaxAttemptsReached`` flag after ``attempts`` attempts.

        Legacy mode sets it only when the last response wanted another attempt; standard and
        adaptive set it on any response of the last allowed attempt, successes included.
        """
        if self.mode == "legacy" and not retryable:
            return False
        return attempts >= self.total_attempts

    @staticmethod
    def delay(attempt: int) -> float:
        """Seconds before retry number ``attempt`` (1 for the first): ``rand * 2**(attempt-1)``."""
        import random

        return random.random() * min(20.0, 2.0 ** (attempt - 1))
