"""SHA-1 and SHA-256 from the interpreter's own modules (``_sha1``, ``_sha256``).

:mod:`hashlib` loads OpenSSL's ``_hashlib`` (about 2.5 ms in a fresh process) to
offer every algorithm; the digests strato computes on its start-up paths (cache keys,
SigV4) need only these two, which give the same bytes. :mod:`hashlib` stands in
where an interpreter was built without them.
"""

from __future__ import annotations

__all__ = ["sha1", "sha256"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hashlib import sha1, sha256
else:
    try:
        from _sha1 import sha1
        from _sha256 import sha256
    except ImportError:
        from hashlib import sha1, sha256
