"""Credentials objects, shaped like botocore's, that never show their secrets."""

from __future__ import annotations

import _thread

from .. import _log
from ..exceptions import CredentialRetrievalError, ExpiredCredentialsError, InvalidExpirationError

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


class ReadOnlyCredentials(tuple):  # type: ignore[type-arg]
    """botocore's frozen 4-tuple ``(access_key, secret_key, token, account_id)``.

    Written out rather than made with ``namedtuple`` so that resolving credentials
    does not import :mod:`collections`.
    """

    __slots__ = ()
    _fields = ("access_key", "secret_key", "token", "account_id")

    def __new__(
        cls,
        access_key: str | None,
        secret_key: str | None,
        token: str | None,
        account_id: str | None = None,
    ) -> ReadOnlyCredentials:
        return tuple.__new__(cls, (access_key, secret_key, token, account_id))

    @property
    def access_key(self) -> str | None:
        return self[0]  # type: ignore[no-any-return]

    @property
    def secret_key(self) -> str | None:
        return self[1]  # type: ignore[no-any-return]

    @property
    def token(self) -> str | None:
        return self[2]  # type: ignore[no-any-return]

    @property
    def account_id(self) -> str | None:
        return self[3]  # type: ignore[no-any-return]

    def _replace(self, **changes: str | None) -> ReadOnlyCredentials:
        values = dict(zip(self._fields, self, strict=True)) | changes
        return ReadOnlyCredentials(**values)

    def _asdict(self) -> dict[str, str | None]:
        return dict(zip(self._fields, self, strict=True))

    def __getnewargs__(self) -> tuple[str | None, ...]:
        return tuple(self)

    def __repr__(self) -> str:
        return (
            f"ReadOnlyCredentials(access_key={self.access_key!r}, "
            f"secret_key={_mask(self.secret_key)}, token={_mask(self.token)}, "
            f"account_id={self.account_id!r})"
        )


def _mask(secret: str | None) -> str:
    return "None" if secret is None else "'****'"


class Credentials:
    """Static credentials; ``method`` names the provider that found them.

    ``source`` (not in botocore) says where they were read, e.g.
    ``~/.aws/credentials:2 [default]`` or ``env AWS_ACCESS_KEY_ID``.
    """

    def __init__(
        self,
        access_key: str | None,
        secret_key: str | None,
        token: str | None = None,
        method: str | None = None,
        account_id: str | None = None,
        source: str | None = None,
    ) -> None:
        self._frozen = ReadOnlyCredentials(access_key, secret_key, token, account_id)
        self.method = method or "explicit"
        self.source = source

    def _current(self) -> ReadOnlyCredentials:
        return self._frozen

    def get_frozen_credentials(self) -> ReadOnlyCredentials:
        return self._current()

    @property
    def access_key(self) -> str | None:
        return self._current().access_key

    @access_key.setter
    def access_key(self, value: str | None) -> None:
        self._frozen = self._frozen._replace(access_key=value)

    @property
    def secret_key(self) -> str | None:
        return self._current().secret_key

    @secret_key.setter
    def secret_key(self, value: str | None) -> None:
        self._frozen = self._frozen._replace(secret_key=value)

    @property
    def token(self) -> str | None:
        return self._current().token

    @token.setter
    def token(self, value: str | None) -> None:
        self._frozen = self._frozen._replace(token=value)

    @property
    def account_id(self) -> str | None:
        return self._current().account_id

    @account_id.setter
    def account_id(self, value: str | None) -> None:
        self._frozen = self._frozen._replace(account_id=value)

    def __repr__(self) -> str:
        f = self._frozen
        return (
            f"{type(self).__name__}(access_key={f.access_key!r}, "
            f"secret_key={_mask(f.secret_key)}, token={_mask(f.token)}, "
            f"method={self.method!r}, account_id={f.account_id!r})"
        )


def parse_expiry(text: str, source: str) -> datetime:
    """An aware timestamp from ISO 8601 text; anything else is a typed error."""
    from datetime import datetime

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidExpirationError(
            provider=source, error_msg=f"cannot read {text!r} as an ISO 8601 timestamp"
        ) from None
    if value.tzinfo is None:
        raise InvalidExpirationError(
            provider=source,
            error_msg=f"the timestamp {text!r} has no time zone (add 'Z' for UTC)",
        )
    return value


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


class RefreshableCredentials(Credentials):
    """Credentials that re-fetch themselves before ``expiry_time``, as botocore's do.

    Every read of a field checks the clock: within 15 minutes of expiry one reader
    refreshes while others keep the current values; within 10 minutes everyone
    waits for the refresh and its failure propagates.
    """

    #: Seconds before expiry when one reader refreshes, and when every reader must wait.
    advisory_refresh_seconds = ADVISORY_REFRESH_SECONDS
    mandatory_refresh_seconds = MANDATORY_REFRESH_SECONDS

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
    ) -> None:
        super().__init__(access_key, secret_key, token, method, account_id, source)
        self._expiry_time = expiry_time
        self._refresh_using = refresh_using
        self._lock = _thread.allocate_lock()

    def _current(self) -> ReadOnlyCredentials:
        self._refresh()
        return self._frozen

    @property
    def expiry_time(self) -> datetime:
        return self._expiry_time

    def refresh_needed(self, window: int | None = None) -> bool:
        """Whether expiry is within ``window`` seconds (the advisory window by default)."""
        if window is None:
            window = self.advisory_refresh_seconds
        return (self._expiry_time - _now()).total_seconds() < window

    def _refresh(self) -> None:
        advisory, mandatory = self.advisory_refresh_seconds, self.mandatory_refresh_seconds
        if not self.refresh_needed(advisory):
            return
        if not self._lock.acquire(blocking=False):
            if not self.refresh_needed(mandatory):
                return  # someone else refreshes; the current values are still good
            with self._lock:
                if self.refresh_needed(mandatory):
                    self._protected_refresh(mandatory=True)
            return
        try:
            if self.refresh_needed(advisory):
                self._protected_refresh(self.refresh_needed(mandatory))
        finally:
            self._lock.release()

    def _protected_refresh(self, mandatory: bool) -> None:
        try:
            data = self._refresh_using()
        except Exception:
            period = "mandatory" if mandatory else "advisory"
            _log.warning(
                _LOG,
                "Refreshing temporary credentials failed during %s refresh period.",
                period,
                exc_info=True,
            )
            if mandatory:
                raise
            return
        missing = [k for k in ("access_key", "secret_key", "token", "expiry_time") if k not in data]
        if missing:
            raise CredentialRetrievalError(
                provider=self.method,
                error_msg="Credential refresh failed, response did not contain: "
                + ", ".join(missing),
            )
        expiry = data["expiry_time"]
        if isinstance(expiry, str):
            expiry = parse_expiry(expiry, self.method)
        self._expiry_time = expiry
        self._frozen = ReadOnlyCredentials(
            data["access_key"], data["secret_key"], data["token"], data.get("account_id")
        )
        _log.debug(_LOG, "Retrieved credentials will expire at: %s", expiry)
        if self._expiry_time <= _now():
            _log.warning(
                _LOG, "Credentials were refreshed, but the refreshed credentials are still expired."
            )
            raise ExpiredCredentialsError(
                provider=self.method,
                error_msg="Credentials were refreshed, but the refreshed credentials are still "
                "expired.",
            )


class DeferredRefreshableCredentials(RefreshableCredentials):
    """Refreshable credentials that fetch nothing until first read, as botocore's
    assume-role, web identity and SSO credentials do (``get_credentials()`` makes no
    call; the first field read fetches, as a mandatory refresh)."""

    def __init__(
        self, refresh_using: Callable[[], Fetched], method: str, source: str | None = None
    ) -> None:
        from datetime import UTC, datetime

        # Expired since the epoch: the first read is inside the mandatory window.
        super().__init__(
            None, None, None, datetime.fromtimestamp(0, UTC), refresh_using, method, None, source
        )
