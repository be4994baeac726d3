"""The ECS / EKS Pod Identity container credentials endpoint.

``GET <path>`` answers the role's credentials as JSON (``AccessKeyId``,
``SecretAccessKey``, ``Token``, ``Expiration``, ``RoleArn``, and ``AccountId`` when
configured). With ``authorization`` set, a request without an ``Authorization``
header is 401 and one with a different value 403, as the EKS Pod Identity agent
answers. Other paths: 404; other methods: 405. Fault step: ``get``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from .faults import Emulator, _Handler


def container_document(
    access_key: str = "ASIACONTAINER",
    secret_key: str = "container-secret",
    token: str = "container-session-token",
    expires_in: timedelta = timedelta(hours=6),
    account_id: str | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "AccessKeyId": access_key,
        "SecretAccessKey": secret_key,
        "Token": token,
        "Expiration": (datetime.now(UTC) + expires_in).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "RoleArn": "arn:aws:iam::123456789012:role/task",
    }
    if account_id is not None:
        document["AccountId"] = account_id
    return document


class ContainerEmulator(Emulator):
    """The credentials endpoint at ``path``, serving ``document``."""

    recorded = ("authorization", "accept", "user-agent")

    def __init__(
        self,
        host: str = "127.0.0.1",
        path: str = "/v2/credentials/task-id",
        document: dict[str, Any] | None = None,
        authorization: str | None = None,
    ) -> None:
        super().__init__(host)
        self.path = path
        self.document = container_document() if document is None else document
        self.authorization = authorization

    @property
    def full_uri(self) -> str:
        return self.url + self.path

    def answer(self, handler: _Handler) -> tuple[str, int, bytes, str]:
        if handler.path != self.path:
            return "get", 404, b'{"message":"not found"}', "application/json"
        if handler.command != "GET":
            return "get", 405, b"", "text/plain"
        if self.authorization is not None:
            given = handler.headers.get("Authorization")
            if given is None:
                return "get", 401, b'{"message":"missing authorization"}', "application/json"
            if given != self.authorization:
                return "get", 403, b'{"message":"forbidden"}', "application/json"
        return "get", 200, json.dumps(self.document).encode(), "application/json"
