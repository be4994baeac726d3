"""The EC2 instance metadata service, as AWS documents it.

(https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html)

- ``PUT /latest/api/token`` needs ``X-aws-ec2-metadata-token-ttl-seconds`` between 1 and
  21600 (else 400) and refuses requests carrying ``X-Forwarded-For`` (403); the answer
  is the token as text. Other methods on that path: 405.
- ``GET`` under ``/latest/meta-data/`` with ``X-aws-ec2-metadata-token``: an unknown or
  expired token is 401; without the header the request is IMDSv1, allowed unless the
  instance requires v2 (``v2_required``: 401). Non-GET methods there: 405.
- ``/latest/meta-data/iam/security-credentials/`` lists the role; ``.../<role>`` is the
  credentials document ``{"Code", "LastUpdated", "Type", "AccessKeyId",
  "SecretAccessKey", "Token", "Expiration"}``; anything else is 404.

Steps for fault scripts: ``token``, ``role``, ``credentials`` (and ``other``).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from .faults import Emulator, _Handler

TOKEN_PATH = "/latest/api/token"
ROLE_PATH = "/latest/meta-data/iam/security-credentials/"
TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds"
TOKEN_HEADER = "x-aws-ec2-metadata-token"


def credentials_document(
    access_key: str = "ASIAIMDSKEY",
    secret_key: str = "imds-secret",
    token: str = "imds-session-token",
    expires_in: timedelta = timedelta(hours=6),
) -> dict[str, Any]:
    """A document as IMDS serves it, expiring ``expires_in`` from now."""
    now = datetime.now(UTC)
    return {
        "Code": "Success",
        "LastUpdated": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Type": "AWS-HMAC",
        "AccessKeyId": access_key,
        "SecretAccessKey": secret_key,
        "Token": token,
        "Expiration": (now + expires_in).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class ImdsEmulator(Emulator):
    """IMDS with one role; ``document`` is what the role's path serves."""

    recorded = ("user-agent", TTL_HEADER, TOKEN_HEADER, "x-forwarded-for")

    def __init__(
        self,
        host: str = "127.0.0.1",
        role: str = "strato-instance-role",
        document: dict[str, Any] | None = None,
        v2_required: bool = False,
    ) -> None:
        super().__init__(host)
        self.role = role
        self.document = credentials_document() if document is None else document
        self.v2_required = v2_required
        self._tokens: dict[str, float] = {}
        self._issued = 0

    def reset(self) -> None:
        """Forget requests, faults and tokens (the next token is ``IMDSTOKEN1==`` again)."""
        super().reset()
        with self._lock:
            self._tokens.clear()
            self._issued = 0

    def answer(self, handler: _Handler) -> tuple[str, int, bytes, str]:
        path = handler.path
        if path == TOKEN_PATH:
            return ("token", *self._token(handler))
        if path.startswith("/latest/meta-data/"):
            step = "role" if path == ROLE_PATH else "credentials"
            if not path.startswith(ROLE_PATH):
                step = "other"
            if handler.command != "GET":
                return step, 405, b"", "text/html"
            refused = self._refused(handler)
            if refused is not None:
                return step, refused, b"", "text/html"
            if path == ROLE_PATH:
                return step, 200, self.role.encode(), "text/plain"
            if path == ROLE_PATH + self.role:
                return step, 200, json.dumps(self.document, indent=2).encode(), "text/plain"
        return "other", 404, b"", "text/html"

    def _token(self, handler: _Handler) -> tuple[int, bytes, str]:
        if handler.command != "PUT":
            return 405, b"", "text/html"
        if handler.headers.get("X-Forwarded-For") is not None:
            return 403, b"", "text/html"
        ttl = handler.headers.get(TTL_HEADER, "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return 400, b"", "text/html"
        with self._lock:
            self._issued += 1
            token = f"IMDSTOKEN{self._issued}=="
            self._tokens[token] = time.monotonic() + int(ttl)
        return 200, token.encode(), "text/plain"

    def _refused(self, handler: _Handler) -> int | None:
        """401 for a bad token, or for no token where v2 is required."""
        token = handler.headers.get(TOKEN_HEADER)
        if token is None:
            return 401 if self.v2_required else None
        with self._lock:
            expires = self._tokens.get(token)
        return None if expires is not None and expires > time.monotonic() else 401
