"""The SSO token cache (``~/.aws/sso/cache``) and the refreshing SSO token provider.

File names, fields and timestamp format are those botocore and the AWS CLI v2 read and
write, so tokens made by ``aws sso login`` work here and tokens refreshed here work
there. Writes are atomic (a 0600 temporary file renamed over the entry) and a refresh
holds a lock file, so two processes do not spend one refresh token twice.
"""

from __future__ import annotations

from .. import _log
from ..exceptions import InvalidConfigError, SSOTokenLoadError, TokenRetrievalError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any

    from .._filelock import FileLock
    from .providers import Context

_LOG = "strato.tokens"
#: botocore's and the CLI's timestamp format in token files.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
ADVISORY_REFRESH_SECONDS = 15 * 60
MANDATORY_REFRESH_SECONDS = 10 * 60
#: At most one refresh attempt per minute per token object.
ATTEMPT_INTERVAL_SECONDS = 60
_REFRESH_KEYS = ("refreshToken", "clientId", "clientSecret", "registrationExpiresAt")


def cache_dir() -> str:
    """``~/.aws/sso/cache`` of the current ``HOME`` (botocore fixes it at import)."""
    import os.path

    return os.path.join(os.path.expanduser("~"), ".aws", "sso", "cache")


def cache_file(name: str, directory: str | None = None) -> str:
    """The entry for an sso-session name (or, for legacy profiles, a start URL)."""
    import hashlib
    import os.path

    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()
    return os.path.join(directory or cache_dir(), digest + ".json")


def read_token(name: str, invalid_as: str, directory: str | None = None) -> dict[str, Any]:
    """The cached token for ``name``; it must hold ``accessToken`` and ``expiresAt``.

    ``invalid_as`` is the name botocore puts in the "is invalid" message (the start
    URL, even for an sso-session).
    """
    import json

    path = cache_file(name, directory)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise SSOTokenLoadError(error_msg=f"Token for {name} does not exist") from None
    except OSError as exc:
        raise SSOTokenLoadError(
            error_msg=f"Token for {invalid_as} is invalid: cannot read {path}: {exc.strerror}"
        ) from None
    try:
        token = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise SSOTokenLoadError(
            error_msg=f"Token for {invalid_as} is invalid: {path} is not valid JSON"
        ) from None
    if not isinstance(token, dict) or "accessToken" not in token or "expiresAt" not in token:
        raise SSOTokenLoadError(error_msg=f"Token for {invalid_as} is invalid")
    return token


def token_time(token: dict[str, Any], key: str, name: str) -> datetime:
    """An aware timestamp from a token field (ISO 8601, ``Z`` or an offset)."""
    from datetime import datetime

    text = token[key]
    value = None
    if isinstance(text, str):
        try:
            value = datetime.fromisoformat(text.strip().removesuffix("UTC"))
        except ValueError:
            value = None
    if value is None:
        raise SSOTokenLoadError(
            error_msg=f"Token for {name} is invalid: {key} {text!r} is not an ISO 8601 timestamp"
        )
    if value.tzinfo is None:
        if isinstance(text, str) and text.strip().endswith("UTC"):
            from datetime import UTC

            return value.replace(tzinfo=UTC)
        raise SSOTokenLoadError(
            error_msg=f"Token for {name} is invalid: {key} {text!r} has no time zone"
        )
    return value


def write_token(name: str, token: dict[str, Any], directory: str | None = None) -> str:
    """Write a cache entry atomically, readable by its owner only; returns its path.

    ``datetime`` values are written in the CLI's format (``2026-01-01T00:00:00Z``).
    """
    import json
    import os

    from .._atomic import write_atomic

    path = cache_file(name, directory)
    text = json.dumps(token, default=_timestamp)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return path


def token_entry(
    start_url: str,
    region: str,
    answer: dict[str, Any],
    client_id: str,
    client_secret: str,
    registration_expires_at: object,
) -> dict[str, Any]:
    """The cache entry for a ``CreateToken`` answer, with botocore's and the CLI v2's
    fields in their order; ``refreshToken`` only when the answer has one."""
    from datetime import timedelta

    token: dict[str, Any] = {
        "startUrl": start_url,
        "region": region,
        "accessToken": answer["accessToken"],
        "expiresAt": _now() + timedelta(seconds=answer["expiresIn"]),
        "clientId": client_id,
        "clientSecret": client_secret,
        "registrationExpiresAt": registration_expires_at,
    }
    if "refreshToken" in answer:
        token["refreshToken"] = answer["refreshToken"]
    return token


def _timestamp(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.strftime(TIMESTAMP_FORMAT)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def locked(name: str, directory: str | None = None) -> FileLock:
    """An exclusive lock on ``name``'s entry, held across a read-refresh-write."""
    from .._filelock import FileLock

    return FileLock(cache_file(name, directory) + ".lock")


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


class FrozenToken:
    """A bearer token and when it expires (botocore's ``FrozenAuthToken``)."""

    __slots__ = ("expiration", "token")

    def __init__(self, token: str, expiration: datetime | None = None) -> None:
        self.token = token
        self.expiration = expiration

    def __repr__(self) -> str:
        return f"FrozenToken(token='****', expiration={self.expiration!r})"


class SSOTokenProvider:
    """The access token of one ``[sso-session]``, refreshed through SSO-OIDC ``CreateToken``
    when fewer than 15 minutes remain, and written back to the cache.
    """

    def __init__(self, profile: str, ctx: Context) -> None:
        self._profile = profile
        self._ctx = ctx
        self._config: dict[str, str] | None = None

    def session_config(self) -> dict[str, str]:
        """``session_name``, ``sso_region``, ``sso_start_url`` from the sso-session section."""
        if self._config is None:
            self._config = _session_config(self._profile, self._ctx)
        return self._config

    def load_token(self) -> RefreshableToken:
        """The session's token, read (and refreshed if needed) on first use, then kept
        fresh (botocore's ``DeferredRefreshableToken``)."""
        return RefreshableToken(self._refresh)

    def _refresh(self) -> FrozenToken:
        config = self.session_config()
        name, start_url = config["session_name"], config["sso_start_url"]
        _log.info(_LOG, "Loading cached SSO token for %s", name)
        token = read_token(name, start_url)
        expiration = token_time(token, "expiresAt", start_url)
        _log.debug(_LOG, "Cached SSO token expires at %s", expiration)
        if (expiration - _now()).total_seconds() < ADVISORY_REFRESH_SECONDS:
            with locked(name):
                # Another process may have refreshed while this one waited.
                token = read_token(name, start_url)
                expiration = token_time(token, "expiresAt", start_url)
                if (expiration - _now()).total_seconds() < ADVISORY_REFRESH_SECONDS:
                    fresh = self._refresh_access_token(token, start_url)
                    if fresh is not None:
                        token, expiration = fresh, fresh["expiresAt"]
                        write_token(name, token)
        return FrozenToken(token["accessToken"], expiration)

    def _refresh_access_token(self, token: dict[str, Any], name: str) -> dict[str, Any] | None:
        missing = [key for key in _REFRESH_KEYS if key not in token]
        if missing:
            _log.info(_LOG, "Unable to refresh SSO token: missing keys: %s", missing)
            return None
        registration = token_time(token, "registrationExpiresAt", name)
        if registration <= _now():
            _log.info(_LOG, "SSO token registration expired at %s", registration)
            return None
        from ..exceptions import ClientError

        try:
            return self._create_token(token)
        except ClientError:
            _log.warning(_LOG, "SSO token refresh attempt failed", exc_info=True)
            return None

    def _create_token(self, token: dict[str, Any]) -> dict[str, Any]:
        config = self.session_config()
        clients = self._ctx.clients
        assert clients is not None, "the session gives providers a client factory"
        client = clients("sso-oidc", region_name=config["sso_region"], unsigned=True)
        answer = client.create_token(
            grantType="refresh_token",
            clientId=token["clientId"],
            clientSecret=token["clientSecret"],
            refreshToken=token["refreshToken"],
        )
        if "accessToken" not in answer or "expiresIn" not in answer:
            raise TokenRetrievalError(
                provider="sso", error_msg="CreateToken answered without accessToken or expiresIn"
            )
        fresh = token_entry(
            config["sso_start_url"],
            config["sso_region"],
            answer,
            token["clientId"],
            token["clientSecret"],
            token["registrationExpiresAt"],
        )
        _log.info(_LOG, "SSO Token refresh succeeded")
        return fresh


def _session_config(profile: str, ctx: Context) -> dict[str, str]:
    """botocore's token-provider view of the profile's sso-session (its own messages)."""
    config = ctx.full_config()
    section = config.profiles.get(profile)
    name = section.values.get("sso_session") if section is not None else None
    session = config.sso_sessions.get(name) if isinstance(name, str) else None
    if name is None:
        raise InvalidConfigError(error_msg=f'The profile "{profile}" does not use an sso-session.')
    if session is None or not session.values:
        raise InvalidConfigError(
            error_msg=f'The profile "{profile}" is configured to use the SSO token provider '
            f'but the "{name}" sso_session configuration does not exist.'
        )
    missing = [key for key in ("sso_start_url", "sso_region") if key not in session.values]
    if missing:
        raise InvalidConfigError(
            error_msg=f'The profile "{profile}" is configured to use the SSO token provider '
            f"but is missing the following configuration: {missing}."
        )
    values: dict[str, str] = {"session_name": str(name)}
    for key in ("sso_start_url", "sso_region"):
        value = session.values[key]
        if not isinstance(value, str):
            raise InvalidConfigError(
                error_msg=f"{key} at {session.origins[key]} is a nested block; expected a value"
            )
        values[key] = value
    return values


class RefreshableToken:
    """A token that refreshes itself as botocore's ``DeferredRefreshableToken`` does:
    15-minute advisory and 10-minute mandatory windows, one attempt a minute at most,
    and a mandatory first fetch.
    """

    def __init__(self, refresh_using: Callable[[], FrozenToken]) -> None:
        import _thread

        self._refresh_using = refresh_using
        self._lock = _thread.allocate_lock()
        self._frozen: FrozenToken | None = None
        self._next_attempt: datetime | None = None

    def get_frozen_token(self) -> FrozenToken:
        kind = self._refresh_kind()
        if kind is not None and self._lock.acquire(kind == "mandatory"):
            try:
                self._protected_refresh()
            finally:
                self._lock.release()
        assert self._frozen is not None
        return self._frozen

    def _refresh_kind(self) -> str | None:
        if self._frozen is None:
            return "mandatory"
        if self._frozen.expiration is None:
            return None
        now = _now()
        if self._next_attempt is not None and now < self._next_attempt:
            return None
        remaining = (self._frozen.expiration - now).total_seconds()
        if remaining < MANDATORY_REFRESH_SECONDS:
            return "mandatory"
        return "advisory" if remaining < ADVISORY_REFRESH_SECONDS else None

    def _protected_refresh(self) -> None:
        from datetime import timedelta

        kind = self._refresh_kind()
        if kind is None:
            return
        try:
            self._next_attempt = _now() + timedelta(seconds=ATTEMPT_INTERVAL_SECONDS)
            self._frozen = self._refresh_using()
        except Exception:
            _log.warning(
                _LOG, "Refreshing token failed during the %s refresh period.", kind, exc_info=True
            )
            if kind == "mandatory":
                raise
        if self._expired():
            raise TokenRetrievalError(
                provider="sso", error_msg="Token has expired and refresh failed"
            )

    def _expired(self) -> bool:
        frozen = self._frozen
        if frozen is None or frozen.expiration is None:
            return False
        return (frozen.expiration - _now()).total_seconds() <= 0
