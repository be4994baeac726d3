"""An exclusive advisory lock on a side file, shared by everything that rewrites a file.

Held across a read-modify-write so that concurrent processes serialize instead of
losing each other's updates; the lock file itself is never removed (removing it would
let two processes lock two different files of the same name).
"""

from __future__ import annotations


class FileLock:
    """``flock`` on ``path`` (created 0600, its directory too); a no-op without ``fcntl``."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        import os

        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; the rename stays atomic
            return self
        os.makedirs(os.path.dirname(self._path), exist_ok=True)
        self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        import os

        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None
