"""Replacing a file so that no reader ever sees half of it, and a crash loses nothing.

Every file strato writes (the config and credentials files, the credential, SSO and
login caches) goes through :func:`write_atomic`.
"""

from __future__ import annotations


def write_atomic(path: str, data: bytes, mode: int = 0o600) -> None:
    """``data`` into a temporary file beside ``path`` (created 0600, then ``mode``),
    flushed to disk, then renamed over ``path``; the temporary file never outlives a
    failure."""
    import os
    import tempfile

    folder, name = os.path.split(path)
    fd, temp = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        if mode != 0o600:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
