"""Caches of temporary credentials: botocore's in-memory dict, shared by a session's
providers, the opt-in on-disk cache the AWS CLI shares (``~/.aws/cli/cache``), and
the key derivation botocore and the AWS CLI use for their entries.

A cache maps a key (a SHA-1 hex digest of the request that produced the entry) to
the service's response as JSON-ready data. ``lock(key)`` serialises fetches of one
key, so concurrent readers (threads, and for the file cache processes) make one call
between them: hold it around "look up, else fetch and put".
"""

from __future__ import annotations

import _thread
import os

from .. import _log
from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from datetime import datetime
    from types import TracebackType
    from typing import Any, Protocol

    class CredentialCache(Protocol):
        """What providers need of a cache."""

        def get(self, key: str) -> dict[str, Any] | None: ...

        def put(self, key: str, value: dict[str, Any]) -> None: ...

        def lock(self, key: str) -> AbstractContextManager[object]: ...


_LOG = "strato.credentials"
#: Where the AWS CLI keeps assumed-role credentials.
CLI_CACHE_DIR = "~/.aws/cli/cache"
#: How long ``lock`` waits for another thread or process before giving up.
LOCK_TIMEOUT_SECONDS = 300.0
#: botocore's rule for reusing a cached response: more than this many seconds left.
REUSE_WINDOW_SECONDS = 15 * 60


class _KeyLocks:
    """One thread lock per key, made on first use."""

    def __init__(self) -> None:
        self._locks: dict[str, Any] = {}
        self._guard = _thread.allocate_lock()

    def __call__(self, key: str) -> Any:
        with self._guard:
            found = self._locks.get(key)
            if found is None:
                found = self._locks[key] = _thread.allocate_lock()
        return found


class MemoryCache:
    """One process's entries (botocore's default: a dict per session's chain).

    Entries are copied in and out, as botocore does, so a provider that changes what
    it got cannot change the cache."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}
        self._locks = _KeyLocks()

    def get(self, key: str) -> dict[str, Any] | None:
        found = self._entries.get(key)
        return None if found is None else _copied(found)

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._entries[key] = _copied(value)

    def lock(self, key: str) -> AbstractContextManager[object]:
        lock: AbstractContextManager[object] = self._locks(key)
        return lock


def _copied(value: Any) -> Any:
    """``copy.deepcopy`` of a response without importing :mod:`copy` (about 1 ms):
    dicts and lists are rebuilt, immutable leaves (datetimes too) shared; anything else
    goes through ``deepcopy``."""
    kind = type(value)
    if kind is dict:
        return {k: _copied(v) for k, v in value.items()}
    if kind is list:
        return [_copied(v) for v in value]
    if kind in _IMMUTABLE:
        return value
    from .._time import datetime

    if kind is datetime:
        return value
    from copy import deepcopy

    return deepcopy(value)


_IMMUTABLE = frozenset((str, int, float, bool, bytes, type(None)))


class FileCache:
    """The AWS CLI's JSON file cache: ``<directory>/<key>.json`` holding the response,
    datetimes written as the CLI writes them (``2026-11-27T23:59:42UTC``).

    Writes are atomic (a 0600 temporary file in the same directory, fsynced, renamed
    over the entry); the directory is made 0700. ``lock(key)`` takes a thread lock and
    an ``flock`` on ``<key>.lock`` beside the entry, waiting at most ``lock_timeout``
    seconds. An entry that cannot be read is discarded with a warning naming the file.
    ``Credentials.Expiration`` comes back as an aware datetime, whichever format the
    file holds (the CLI's or ISO 8601).
    """

    def __init__(
        self, directory: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT_SECONDS
    ):
        self.directory = os.path.expanduser(os.fspath(directory))
        self.lock_timeout = lock_timeout
        self._locks = _KeyLocks()

    def __repr__(self) -> str:
        return f"FileCache({self.directory!r})"

    def path(self, key: str) -> str:
        return os.path.join(self.directory, _file_safe(key) + ".json")

    def get(self, key: str) -> dict[str, Any] | None:
        from .._fastjson import loads

        path = self.path(key)
        try:
            with open(path, encoding="utf-8") as f:
                value = loads(f.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self._discard(path, type(error).__name__)
            return None
        if not isinstance(value, dict):
            self._discard(path, "not a JSON object")
            return None
        creds = value.get("Credentials")
        if creds is None:
            return value
        expires = expiration(value) if isinstance(creds, dict) else None
        if expires is None:
            self._discard(path, "no readable Credentials.Expiration")
            return None
        creds["Expiration"] = expires  # as a client's response (and the memory cache) has it
        return value

    def _discard(self, path: str, why: str) -> None:
        _log.warning(_LOG, "Discarding unreadable credential cache entry %s (%s)", path, why)
        _remove(path)

    def put(self, key: str, value: dict[str, Any]) -> None:
        from .._atomic import write_atomic
        from .._fastjson import dumps

        try:
            text = dumps(value, default=_cli_json)
        except (TypeError, ValueError) as error:
            _log.warning(_LOG, "Not caching credentials for %s: %s", key, error)
            return
        self._make_directory()
        write_atomic(self.path(key), text.encode("utf-8"))

    def lock(self, key: str) -> AbstractContextManager[object]:
        return _FileLock(self, key)

    def _make_directory(self) -> None:
        os.makedirs(self.directory, mode=0o700, exist_ok=True)


class _FileLock:
    """The thread lock of a key, then an exclusive ``flock`` on its lock file."""

    def __init__(self, cache: FileCache, key: str) -> None:
        self._cache = cache
        self._key = key
        self._thread_lock = cache._locks(key)
        self._fd: int | None = None

    def __enter__(self) -> object:
        import time

        timeout = self._cache.lock_timeout
        deadline = time.monotonic() + timeout
        path = os.path.join(self._cache.directory, _file_safe(self._key) + ".lock")
        if not self._thread_lock.acquire(timeout=timeout):
            raise errors.CredentialCacheLockError(path=path, seconds=timeout)
        try:
            self._cache._make_directory()
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            _flock(self._fd, deadline, path, timeout)
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None
        self._thread_lock.release()


def _flock(fd: int, deadline: float, path: str, timeout: float) -> None:
    """An exclusive lock on ``fd``, polled until ``deadline`` (POSIX; elsewhere the
    thread lock alone serialises, within one process)."""
    import time

    try:
        import fcntl
    except ImportError:
        return
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise errors.CredentialCacheLockError(path=path, seconds=timeout) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError as error:
        _log.debug(_LOG, "Could not remove %s: %s", path, error)


def _file_safe(key: str) -> str:
    """botocore's file-name rule: ``:``, ``/`` and the path separator become ``_``."""
    return key.replace(":", "_").replace(os.sep, "_").replace("/", "_")


def _cli_json(value: object) -> object:
    """The AWS CLI's (botocore ``JSONFileCache``'s) rendering of a datetime."""
    from .._time import UTC, datetime

    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S%Z")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def expiration(entry: dict[str, Any]) -> datetime | None:
    """``entry["Credentials"]["Expiration"]`` as an aware datetime: a datetime (from
    the in-memory cache), the AWS CLI's ``2026-11-27T23:59:42UTC``, or ISO 8601."""
    from .._time import UTC, datetime

    creds = entry.get("Credentials")
    value = creds.get("Expiration") if isinstance(creds, dict) else None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    for zone in ("UTC", "GMT"):
        if text.endswith(zone):
            text = text[: -len(zone)] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def reusable(entry: dict[str, Any] | None, window: float = REUSE_WINDOW_SECONDS) -> bool:
    """botocore's rule for a cached response: reused only with ``window`` seconds or
    more left (so short-lived answers are never reused from a cache)."""
    from .refreshable import _now

    if entry is None:
        return False
    expiry = expiration(entry)
    return expiry is not None and (expiry - _now()).total_seconds() >= window


def open_cache(spec: object, source: str) -> CredentialCache:
    """The cache a ``credential_cache`` value names: a cache object; True or ``cli``
    (the AWS CLI's directory); ``memory``; or an absolute (or ``~``) directory."""
    if hasattr(spec, "lock") and hasattr(spec, "get") and hasattr(spec, "put"):
        cache: CredentialCache = spec
        return cache
    if spec is True:
        return FileCache(CLI_CACHE_DIR)
    if isinstance(spec, os.PathLike):
        spec = os.fspath(spec)
    if isinstance(spec, str):
        text = spec.strip()
        if text.lower() == "cli":
            return FileCache(CLI_CACHE_DIR)
        if text.lower() == "memory":
            return MemoryCache()
        if os.path.isabs(os.path.expanduser(text)):
            return FileCache(text)
    raise errors.InvalidConfigError(
        error_msg=f"credential_cache (from {source}) must be 'cli', 'memory' or an absolute "
        f"directory, not {spec!r}"
    )


def cache_key(args: dict[str, Any]) -> str:
    """botocore's key for a role request: sorted JSON with default separators, SHA-1.

    ``args`` holds the request as configured (never the MFA code or the web identity
    token), e.g. ``{"RoleArn": "arn:aws:iam::666666666666:role/mixed"}``.
    """
    from .._digests import sha1
    from .._fastjson import dumps

    return sha1(dumps(args, sort_keys=True).encode("utf-8")).hexdigest()
