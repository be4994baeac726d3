"""Differential: IAM database auth tokens (RDS ``generate_db_auth_token``, DSQL's
``generate_db_connect_auth_token`` / ``..._admin_auth_token``) equal botocore's, character
for character, at a frozen clock."""

from __future__ import annotations

from typing import Any

import pytest

import strato
from strato.exceptions import ParamValidationError

from ._harness import frozen
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}

RDS_CASES = {
    "plain": ({"DBHostname": "db.example.com", "Port": 5432, "DBUsername": "user"}, CREDS),
    "text-port-odd-user": (
        {"DBHostname": "db.example.com", "Port": "3306", "DBUsername": "us er/é+~"},
        TOKEN,
    ),
    "other-region": (
        {"DBHostname": "h", "Port": 1, "DBUsername": "u", "Region": "eu-west-1"},
        CREDS,
    ),
}
DSQL_CASES = {
    "connect": ("generate_db_connect_auth_token", {"Hostname": "c.dsql.us-east-1.on.aws"}),
    "admin-expiry": (
        "generate_db_connect_admin_auth_token",
        {"Hostname": "c.dsql.us-east-1.on.aws", "ExpiresIn": 60},
    ),
    "other-region": (
        "generate_db_connect_auth_token",
        {"Hostname": "c.dsql.eu-west-1.on.aws", "Region": "eu-west-1"},
    ),
}


def _both(service: str, method: str, params: dict[str, Any], **client: Any) -> tuple[Any, Any]:
    boto, mine = make_pair(service, region_name="us-east-1", **client)
    with frozen():
        return getattr(boto, method)(**params), getattr(mine, method)(**params)


@pytest.mark.parametrize("case", list(RDS_CASES))
def test_rds_token(case: str) -> None:
    params, creds = RDS_CASES[case]
    expected, actual = _both("rds", "generate_db_auth_token", params, **creds)
    assert actual == expected
    assert "X-Amz-Signature=" in actual and not actual.startswith("https://")


@pytest.mark.parametrize("case", list(DSQL_CASES))
def test_dsql_token(case: str) -> None:
    method, params = DSQL_CASES[case]
    expected, actual = _both("dsql", method, params, **TOKEN)
    assert actual == expected


def test_unsigned_client_gives_the_bare_url() -> None:
    params = {"DBHostname": "db", "Port": 5432, "DBUsername": "u"}
    boto, mine = make_pair("rds", {"signature_version": strato.UNSIGNED}, region_name="us-east-1")
    assert mine.generate_db_auth_token(**params) == boto.generate_db_auth_token(**params)


def test_methods_only_where_botocore_has_them() -> None:
    rds, dsql, s3 = (strato.client(n, region_name="us-east-1") for n in ("rds", "dsql", "s3"))
    assert hasattr(rds, "generate_db_auth_token") and not hasattr(s3, "generate_db_auth_token")
    assert hasattr(dsql, "generate_db_connect_admin_auth_token")
    assert not hasattr(rds, "generate_db_connect_auth_token")


def test_dsql_unknown_action_is_botocore_s_validation_error() -> None:
    from strato.clients.db_tokens import _dsql_token

    mine = strato.client("dsql", region_name="us-east-1", **CREDS)
    with pytest.raises(ParamValidationError, match="Received Drop for action but expected"):
        _dsql_token(mine, "h", "Drop", None, 900)
