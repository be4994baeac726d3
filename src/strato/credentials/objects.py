"""Credentials objects, shaped like botocore's, that never show their secrets.

The refreshable ones live in :mod:`strato.credentials.refreshable` (loaded by the
providers that make them); their names are still served from here.
"""

from __future__ import annotations

from .._lazy import forwarding

#: Names defined in :mod:`strato.credentials.refreshable`, importable from here as before.
_REFRESHABLE = frozenset(
    (
        "ADVISORY_REFRESH_SECONDS",
        "MANDATORY_REFRESH_SECONDS",
        "SHORT_LIVED_ADVISORY_SECONDS",
        "REFRESH_BACKOFF_SECONDS",
        "ERROR_CACHE_SECONDS",
        "DeferredRefreshableCredentials",
        "RefreshableCredentials",
        "parse_expiry",
        "recoverable",
    )
)


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


__getattr__, __dir__ = forwarding(__name__, _REFRESHABLE, "strato.credentials.refreshable")
