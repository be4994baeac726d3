"""Random (version 4) UUIDs as text, without :mod:`uuid`.

``uuid`` imports ``platform`` (about 1.5 ms in a fresh process) for the node id of
version 1 UUIDs; a call's invocation id and an idempotency token need only
``str(uuid.uuid4())``: 16 random bytes with the version and variant bits set.
"""

from __future__ import annotations

import os


def uuid4() -> str:
    """``str(uuid.uuid4())``: the same 16 bytes from ``os.urandom``, the same text."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
