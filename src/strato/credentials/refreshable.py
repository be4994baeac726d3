"""Credentials that refresh themselves before they expire, and what only they need.

Kept apart from :mod:`strato.credentials.objects` so that static credentials (the
environment's, a profile's keys) load none of it: only the providers that fetch
short-lived credentials (roles, SSO, login, process, container, IMDS) import it.
"""

from __future__ import annotations

import _thread

from .. import _log
from .. import exceptions as errors
from .objects import Credentials, ReadOnlyCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime
    from typing import Any, TypeAlias

    Fetched: TypeAlias = Mapping[str, Any]

_LOG = "strato.credentials"
#: Refresh when fewer than this many seconds remain, if nobody else is refreshing.
ADVISORY_REFRESH_SECONDS = 15 * 60
#: Below this, every reader waits for a refresh.
MANDATORY_REFRESH_SECONDS = 10 * 60


def parse_expiry(text: str, source: str) -> datetime:
    """An aware timestamp from ISO 8601 text; anything else is a typed error."""
    from .._time import datetime

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise errors.InvalidExpirationError(
            provider=source, error_msg=f"cannot read {text!r} as an ISO 8601 timestamp"
        ) from None
    if value.tzinfo is None:
        raise errors.InvalidExpirationError(
            provider=source,
            error_msg=f"the timestamp {text!r} has no time zone (add 'Z' for UTC)",
        )
    return value


def _now() -> datetime:
    from strato._time import UTC, datetime

    return datetime.now(UTC)


#: Short-lived credentials (see :class:`RefreshableCredentials`): the longest advisory
#: window, a failed refresh's back-off, and how long a non-recoverable error is re-raised.
SHORT_LIVED_ADVISORY_SECONDS = 5 * 60
REFRESH_BACKOFF_SECONDS = 60
ERROR_CACHE_SECONDS = 5
#: Service error codes that say "try again later" rather than "no".
_TRANSIENT_CODES = frozenset(
    (
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "RequestTimeout",
        "RequestTimeoutException",
        "IDPCommunicationError",
        "EC2ThrottledException",
        "PriorRequestNotComplete",
    )
)


def recoverable(error: BaseException) -> bool:
    """Whether a failed refresh may succeed if tried again later.

    A service's "no" (a 4xx other than throttling), a configuration error and a second
    MFA refresh are not; connection failures, timeouts, 5xx and anything unknown are.
    """
    from .. import exceptions as e

    if isinstance(
        error,
        (
            e.InvalidConfigError,
            e.PartialCredentialsError,
            e.ProfileNotFound,
            e.RefreshWithMFAUnsupportedError,
            e.ParamValidationError,
            e.SSOError,
        ),
    ):
        return False
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return True
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = response.get("Error", {}).get("Code")
    return not (isinstance(status, int) and 400 <= status < 500 and code not in _TRANSIENT_CODES)


class RefreshableCredentials(Credentials):
    """Credentials that re-fetch themselves before ``expiry_time``, as botocore's do.

    Every read of a field checks the clock: within the advisory window (15 minutes)
    one reader refreshes while others keep the current values, and a failure keeps
    them; within the mandatory window (10 minutes) everyone waits for the refresh and
    its failure propagates.

    Short-lived credentials (a refresh answered with a lifetime no longer than the
    advisory window, where botocore would fetch again on every read) follow the
    cross-SDK refresh rules instead: the advisory window becomes
    ``min(5 min, lifetime / 2)`` and the mandatory one a fifth of that; while they
    have not expired, a failed refresh (or one answered with expired credentials)
    keeps the current values and holds further attempts off for
    ``refresh_backoff_seconds``, and a non-recoverable error (:func:`recoverable`)
    is raised and raised again without a fetch for 5 seconds. Expired credentials
    are refreshed as botocore does, whatever their lifetime.
    """

    #: Seconds before expiry when one reader refreshes, and when every reader must wait.
    advisory_refresh_seconds: float = ADVISORY_REFRESH_SECONDS
    mandatory_refresh_seconds: float = MANDATORY_REFRESH_SECONDS
    #: After a failed refresh of short-lived credentials, no new attempt for this long.
    refresh_backoff_seconds: float = REFRESH_BACKOFF_SECONDS

    def __init__(
        self,
        access_key: str | None,
        secret_key: str | None,
        token: str | None,
        expiry_time: datetime,
        refresh_using: Callable[[], Fetched],
        method: str,
        account_id: str | None = None,
        source: str | None = None,
        *,
        advisory_timeout: float | None = None,
        mandatory_timeout: float | None = None,
    ) -> None:
        super().__init__(access_key, secret_key, token, method, account_id, source)
        self._expiry_time = expiry_time
        self._refresh_using = refresh_using
        self._lock = _thread.allocate_lock()
        if advisory_timeout is not None:
            self.advisory_refresh_seconds = advisory_timeout
        if mandatory_timeout is not None:
            self.mandatory_refresh_seconds = mandatory_timeout
        #: The windows in force: botocore's, or narrower ones for short-lived credentials.
        self._windows = (self.advisory_refresh_seconds, self.mandatory_refresh_seconds)
        self._short_lived = False
        self._retry_after: datetime | None = None
        self._error: BaseException | None = None
        self._error_until: datetime | None = None

    @classmethod
    def from_fetched(
        cls,
        data: Fetched,
        refresh_using: Callable[[], Fetched],
        method: str,
        source: str | None = None,
    ) -> RefreshableCredentials:
        """Made from a first fetch (a dict as ``refresh_using`` returns; an ISO expiry is
        read as in a refresh), like botocore's ``create_from_metadata``."""
        expiry = data["expiry_time"]
        if isinstance(expiry, str):
            expiry = parse_expiry(expiry, method)
        return cls(
            data["access_key"],
            data["secret_key"],
            data["token"],
            expiry,
            refresh_using,
            method,
            data.get("account_id"),
            source,
        )

    def _current(self) -> ReadOnlyCredentials:
        self._refresh()
        return self._frozen

    @property
    def expiry_time(self) -> datetime:
        return self._expiry_time

    @property
    def refresh_windows(self) -> tuple[float, float]:
        """The advisory and mandatory windows in force, in seconds."""
        return self._windows

    def refresh_needed(self, window: float | None = None) -> bool:
        """Whether expiry is within ``window`` seconds (the advisory window by default)."""
        if window is None:
            window = self._windows[0]
        if (self._expiry_time - _now()).total_seconds() >= window:
            return False
        _log.debug(_LOG, "Credentials need to be refreshed.")
        return True

    def _held_off(self) -> bool:
        """True while a failed refresh of unexpired short-lived credentials holds
        attempts off; re-raises a recent non-recoverable error."""
        if not self._short_lived:
            return False
        now = _now()
        if self._expiry_time < now:
            return False
        if self._error is not None and self._error_until is not None and now < self._error_until:
            raise self._error
        return self._retry_after is not None and now < self._retry_after

    def _refresh(self) -> None:
        advisory, mandatory = self._windows
        if not self.refresh_needed(advisory) or self._held_off():
            return
        if self._lock.acquire(blocking=False):
            try:
                advisory, mandatory = self._windows
                if not self.refresh_needed(advisory) or self._held_off():
                    return
                self._protected_refresh(self.refresh_needed(mandatory))
            finally:
                self._lock.release()
        elif self.refresh_needed(mandatory):
            # Within the mandatory window: wait for the reader that is refreshing.
            with self._lock:
                if not self.refresh_needed(self._windows[1]) or self._held_off():
                    return
                self._protected_refresh(mandatory=True)

    def _protected_refresh(self, mandatory: bool) -> None:
        """Fetch and publish; the caller holds the lock."""
        from .._time import timedelta

        short = self._short_lived and self._expiry_time >= _now()
        try:
            data = self._refresh_using()
        except Exception as error:
            period = "mandatory" if mandatory else "advisory"
            _log.warning(
                _LOG,
                "Refreshing temporary credentials failed during %s refresh period.",
                period,
                exc_info=True,
            )
            if short:
                if not recoverable(error):
                    self._error, self._error_until = (
                        error,
                        _now() + timedelta(seconds=ERROR_CACHE_SECONDS),
                    )
                    raise
                self._back_off()
                return
            if mandatory:
                raise
            return
        frozen, expiry = self._read(data)
        now = _now()
        if short and expiry < now:
            _log.warning(
                _LOG,
                "Credentials were refreshed, but the refreshed credentials are still "
                "expired; keeping the current ones.",
            )
            self._back_off()
            return
        self._frozen = frozen
        self._expiry_time = expiry
        self._retry_after = self._error = self._error_until = None
        lifetime = (expiry - now).total_seconds()
        # An answer that expires now is not short-lived but spent: botocore's rules.
        self._short_lived = 0 < lifetime <= self.advisory_refresh_seconds
        if self._short_lived:
            advisory = min(SHORT_LIVED_ADVISORY_SECONDS, lifetime / 2)
            self._windows = (advisory, advisory / 5)
        else:
            self._windows = (self.advisory_refresh_seconds, self.mandatory_refresh_seconds)
        if expiry < now:
            message = "Credentials were refreshed, but the refreshed credentials are still expired."
            _log.warning(_LOG, message)
            raise errors.ExpiredCredentialsError(provider=self.method)

    def _back_off(self) -> None:
        from .._time import timedelta

        self._retry_after = _now() + timedelta(seconds=self.refresh_backoff_seconds)

    def _read(self, data: Fetched | None) -> tuple[ReadOnlyCredentials, datetime]:
        """The fetched set and its expiry; botocore's error when a field is missing."""
        expected = ("access_key", "secret_key", "token", "expiry_time")
        missing = [k for k in expected if not data or k not in data]
        if missing or data is None:
            raise errors.CredentialRetrievalError(
                provider=self.method,
                error_msg="Credential refresh failed, response did not contain: "
                + ", ".join(missing),
            )
        expiry = data["expiry_time"]
        if isinstance(expiry, str):
            expiry = parse_expiry(expiry, self.method)
        _log.debug(_LOG, "Retrieved credentials will expire at: %s", expiry)
        frozen = ReadOnlyCredentials(
            data["access_key"], data["secret_key"], data["token"], data.get("account_id")
        )
        return frozen, expiry


class DeferredRefreshableCredentials(RefreshableCredentials):
    """Refreshable credentials that fetch nothing until first read, as botocore's
    assume-role, web identity and SSO credentials do (``get_credentials()`` makes no
    call; the first field read fetches, as a mandatory refresh)."""

    def __init__(
        self, refresh_using: Callable[[], Fetched], method: str, source: str | None = None
    ) -> None:
        from .._time import UTC, datetime

        # Expired since the epoch: the first read is inside the mandatory window.
        super().__init__(
            None, None, None, datetime.fromtimestamp(0, UTC), refresh_using, method, None, source
        )
