"""IAM database auth tokens: RDS's ``generate_db_auth_token`` and Aurora DSQL's two
``generate_db_connect*_auth_token`` methods, which botocore adds to those clients.

A token is a SigV4 URL presigned in the query (for ``rds-db`` / ``dsql``) for the database
host, with its ``https://`` cut off; the database checks it. Nothing is sent.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .base import BaseClient

_SCHEME = "https://"
_DSQL_ACTIONS = ("DbConnect", "DbConnectAdmin")


def _token(
    client: BaseClient,
    host: str,
    query: dict[str, str],
    region: str | None,
    name: str,
    expires: int,
) -> str:
    from urllib.parse import quote

    from strato.signing import SigningRequest, presign_v4

    from .config import UNSIGNED

    if client._settings.requested_signature is UNSIGNED:
        return f"{host}/"  # botocore's presigner: the bare URL, its form parameters dropped
    query_string = "&".join(f"{k}={quote(v, safe='-_.~')}" for k, v in query.items())
    url = f"{_SCHEME}{host}/?{query_string}"
    credentials = client._settings.credentials
    frozen = credentials.get_frozen_credentials() if credentials is not None else None
    if region is None:
        from strato.exceptions import NoRegionError

        raise NoRegionError()
    request = SigningRequest("GET", url, {})
    presign_v4(request, frozen, region, name, expires=expires)
    return request.url[len(_SCHEME) :]


def generate_db_auth_token(
    self: BaseClient, DBHostname: str, Port: Any, DBUsername: str, Region: str | None = None
) -> str:
    """A token to log in to ``DBHostname:Port`` as ``DBUsername`` with IAM, valid 15 minutes."""
    query = {"Action": "connect", "DBUser": DBUsername}
    region = Region if Region is not None else self.meta.region_name
    return _token(self, f"{DBHostname}:{Port}", query, region, "rds-db", 900)


def _dsql_token(
    client: BaseClient, hostname: str, action: str, region: str | None, expires_in: int
) -> str:
    if action not in _DSQL_ACTIONS:
        from strato.exceptions import ParamValidationError

        raise ParamValidationError(
            report=f"Received {action} for action but expected one of: {', '.join(_DSQL_ACTIONS)}"
        )
    region = region if region is not None else client.meta.region_name
    return _token(client, hostname, {"Action": action}, region, "dsql", expires_in)


def generate_db_connect_auth_token(
    self: BaseClient, Hostname: str, Region: str | None = None, ExpiresIn: int = 900
) -> str:
    """A DSQL token for the ``DbConnect`` action."""
    return _dsql_token(self, Hostname, "DbConnect", Region, ExpiresIn)


def generate_db_connect_admin_auth_token(
    self: BaseClient, Hostname: str, Region: str | None = None, ExpiresIn: int = 900
) -> str:
    """A DSQL token for the ``DbConnectAdmin`` action."""
    return _dsql_token(self, Hostname, "DbConnectAdmin", Region, ExpiresIn)
