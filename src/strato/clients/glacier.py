"""Glacier's upload checksums: the body's SHA-256 and its tree hash, as botocore adds them."""

from __future__ import annotations

import io

from .._digests import sha256

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel
    from .base import BaseClient
    from .service_handlers import Outgoing

#: Glacier hashes an upload in 1 MiB pieces, then hashes the pieces' digests in pairs.
_PIECE = 1024 * 1024


def tree_hash(body: Any) -> str:
    """The hex SHA-256 tree hash of what ``body`` (a binary file) reads from here on."""
    digests = [sha256(piece).digest() for piece in iter(lambda: body.read(_PIECE), b"")]
    if not digests:
        return sha256(b"").hexdigest()
    while len(digests) > 1:
        paired = [
            sha256(digests[i] + digests[i + 1]).digest() for i in range(0, len(digests) - 1, 2)
        ]
        if len(digests) % 2:
            paired.append(digests[-1])  # the odd one out moves up a level unchanged
        digests = paired
    return digests[0].hex()


def _sha256(body: Any) -> str:
    digest = sha256()
    for piece in iter(lambda: body.read(_PIECE), b""):
        digest.update(piece)
    return digest.hexdigest()


def add_checksums(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """``x-amz-content-sha256`` and ``x-amz-sha256-tree-hash`` unless the caller set them;
    the body is read from its current position and put back there."""
    headers = out.headers
    body = io.BytesIO(out.body) if isinstance(out.body, bytes) else out.body
    start = body.tell()
    if "x-amz-content-sha256" not in headers:
        headers["x-amz-content-sha256"] = _sha256(body)
    body.seek(start)
    if "x-amz-sha256-tree-hash" not in headers:
        headers["x-amz-sha256-tree-hash"] = tree_hash(body)
    body.seek(start)
