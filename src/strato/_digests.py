"""SHA-1 and SHA-256 from the interpreter's own modules (``_sha1``, ``_sha256``).

:mod:`hashlib` loads OpenSSL's ``_hashlib`` (about 2.5 ms in a fresh process) to
offer every algorithm; the digests strato computes on its start-up paths (cache keys,
SigV4) need only these two, which give the same bytes. :mod:`hashlib` stands in
where an interpreter was built without them.
"""

from __future__ import annotations

__all__ = ["bulk_sha256", "sha1", "sha256"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    import hashlib
    from hashlib import sha1, sha256
else:
    try:
        from _sha1 import sha1
        from _sha256 import sha256
    except ImportError:
        from hashlib import sha1, sha256


#: From this size on, OpenSSL's SHA-256 (about 5x faster) repays loading :mod:`hashlib`.
BULK_SIZE = 64 * 1024


def bulk_sha256(data: bytes = b"") -> hashlib._Hash:
    """A SHA-256 for payloads (``data`` may be the first bytes of a longer stream): OpenSSL's
    when the data is large or :mod:`hashlib` is loaded already, the built-in one otherwise.

    Both give the same digest; only the cost differs (an upload's 100 MiB took 0.30 s of CPU
    on ``_sha256`` against 0.06 s on OpenSSL's).
    """
    import sys

    if len(data) >= BULK_SIZE or "hashlib" in sys.modules:
        import hashlib

        return hashlib.sha256(data)
    return sha256(data)
