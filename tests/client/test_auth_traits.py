"""Differential: which auth trait an operation's ``auth`` list resolves to, as botocore's
``resolve_auth_type`` picks it, and what the call does with it.

A bearer-token operation with no token raises ``NoAuthTokenError`` before anything is
sent, whatever the credentials (strato has no token provider yet, and neither does a
botocore session without an SSO profile).
"""

from __future__ import annotations

from typing import Any

import pytest

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import Canned, call_botocore, call_strato
from .conftest import ClientPair

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}

CASES = [
    # Service-level `signatureVersion: bearer`.
    ("codecatalyst", "get_subscription", {"spaceName": "space"}),
    # Service-level auth list with bearer only.
    ("account-access-runtime", "list_roles", {"tenantId": "t"}),
    # sigv4 first, then bearer: signed with SigV4.
    ("bedrock-runtime", "invoke_model", {"modelId": "m", "body": b"{}"}),
    ("bedrock", "list_foundation_models", {}),
]


@pytest.mark.parametrize(("service", "method", "params"), CASES, ids=[c[0] for c in CASES])
def test_same_outcome(service: str, method: str, params: dict[str, Any], client_pair: Any) -> None:
    boto, mine = client_pair(service, service, None, region_name="us-west-2", **CREDS)
    canned = Canned(200, {"content-type": "application/json"}, b"{}")
    boto_requests, boto_result = call_botocore(boto, method, params, canned)
    strato_requests, strato_result = call_strato(mine, method, params, canned)
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_result, strato_result)


def test_bearer_operations_send_nothing(client_pair: Any) -> None:
    pair: ClientPair = client_pair("codecatalyst", "codecatalyst", None, region_name="us-west-2")
    requests, result = call_strato(pair[1], "get_subscription", {"spaceName": "space"}, Canned())
    assert (requests, type(result).__name__) == ([], "NoAuthTokenError")
    assert str(result) == "Unable to locate authorization token"
