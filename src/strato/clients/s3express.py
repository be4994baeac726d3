"""S3 Express session auth: directory-bucket calls sign with ``CreateSession`` credentials.

As botocore's ``S3ExpressIdentityCache``: each client keeps the sessions of its last 100
buckets. A bucket's first signed request calls ``CreateSession`` on that bucket through
the same client (signed with the client's own credentials), and the session refreshes
itself with another ``CreateSession`` 45 seconds before it expires (10 seconds: mandatory).
"""

from __future__ import annotations

import weakref

from ..credentials.objects import ReadOnlyCredentials
from ..credentials.refreshable import RefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .base import BaseClient

_MAX_BUCKETS = 100
_ADVISORY_SECONDS = 45
_MANDATORY_SECONDS = 10
_caches: weakref.WeakKeyDictionary[BaseClient, dict[str | None, _SessionCredentials]] = (
    weakref.WeakKeyDictionary()
)


class _SessionCredentials(RefreshableCredentials):
    """A session's credentials: refreshable with S3 Express's short windows."""

    advisory_refresh_seconds = _ADVISORY_SECONDS
    mandatory_refresh_seconds = _MANDATORY_SECONDS


def _create_session(client: BaseClient, bucket: str | None) -> dict[str, Any]:
    response = client._make_api_call("CreateSession", {"Bucket": bucket})
    creds = response["Credentials"]
    expiration = creds["Expiration"]
    return {
        "access_key": creds["AccessKeyId"],
        "secret_key": creds["SecretAccessKey"],
        "token": creds["SessionToken"],
        "expiry_time": expiration if isinstance(expiration, str) else expiration.isoformat(),
    }


def _new_session(client: BaseClient, bucket: str | None) -> _SessionCredentials:
    from ..credentials.refreshable import parse_expiry

    def fetch() -> dict[str, Any]:
        return _create_session(client, bucket)

    data = fetch()
    return _SessionCredentials(
        data["access_key"],
        data["secret_key"],
        data["token"],
        parse_expiry(data["expiry_time"], "s3express"),
        fetch,
        "s3express",
    )


class SessionIdentity:
    """What a directory-bucket call signs with: the bucket's session, looked up per attempt."""

    __slots__ = ("_bucket", "_client")

    def __init__(self, client: BaseClient, bucket: str | None) -> None:
        self._client = client
        self._bucket = bucket

    def get_frozen_credentials(self) -> ReadOnlyCredentials:
        cache = _caches.setdefault(self._client, {})
        session = cache.pop(self._bucket, None)
        if session is None:
            session = _new_session(self._client, self._bucket)
            if len(cache) >= _MAX_BUCKETS:
                del cache[next(iter(cache))]
        cache[self._bucket] = session  # most recently used last
        return session.get_frozen_credentials()
