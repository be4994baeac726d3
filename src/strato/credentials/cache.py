"""Caches of temporary credentials: botocore's in-memory dict, shared by a session's
providers, and the key derivation botocore and the AWS CLI use for their entries.

A cache maps a key (a SHA-1 hex digest of the request that produced the entry) to
the service's response as JSON-ready data. ``lock(key)`` serialises fetches of one
key, so concurrent readers make one call between them.
"""

from __future__ import annotations

import _thread

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any, Protocol

    class CredentialCache(Protocol):
        """What providers need of a cache."""

        def get(self, key: str) -> dict[str, Any] | None: ...

        def put(self, key: str, value: dict[str, Any]) -> None: ...

        def lock(self, key: str) -> AbstractContextManager[object]: ...


class MemoryCache:
    """One process's entries (botocore's default: a dict per session's chain)."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}
        self._locks: dict[str, Any] = {}
        self._guard = _thread.allocate_lock()

    def get(self, key: str) -> dict[str, Any] | None:
        return self._entries.get(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._entries[key] = value

    def lock(self, key: str) -> AbstractContextManager[object]:
        with self._guard:
            found = self._locks.get(key)
            if found is None:
                found = self._locks[key] = _thread.allocate_lock()
        lock: AbstractContextManager[object] = found
        return lock


def cache_key(args: dict[str, Any]) -> str:
    """botocore's key for a role request: sorted JSON with default separators, SHA-1.

    ``args`` holds the request as configured (never the MFA code or the web identity
    token), e.g. ``{"RoleArn": "arn:aws:iam::666666666666:role/mixed"}``.
    """
    import hashlib
    import json

    text = json.dumps(args, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
