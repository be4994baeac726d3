"""No record of a call shows a credential: generated keys, tokens and secrets, sent or received."""

from __future__ import annotations

import base64
import json
import logging
import string
from typing import Any

import pytest
from _log_server import CannedServer, assumed_role
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from strato.clients import call_log

# Long enough that no other text of a record contains one by chance.
secrets = st.text(string.ascii_letters + string.digits + "/+", min_size=20, max_size=40)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(secrets, min_size=9, max_size=9, unique=True))
def test_no_record_shows_a_secret(
    caplog: pytest.LogCaptureFixture, server: CannedServer, values: list[str]
) -> None:
    key, secret, token, new_key, new_secret, new_token, client_secret, access, sse = values
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    session = strato.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token
    )
    options: dict[str, Any] = {"region_name": "us-east-1", "endpoint_url": server.url}
    server.answers["AssumeRole"] = assumed_role(new_key, new_secret, new_token)
    session.client("sts", **options).assume_role(
        RoleArn="arn:aws:iam::1:role/r", RoleSessionName="ss"
    )
    server.answers["/token"] = (
        200,
        "application/json",
        json.dumps(
            {"accessToken": access, "refreshToken": new_token, "tokenType": "Bearer"}
        ).encode(),
    )
    session.client("sso-oidc", **options).create_token(
        clientId="id", clientSecret=client_secret, grantType="refresh_token", refreshToken=token
    )
    server.answers["/federation/credentials"] = (
        200,
        "application/json",
        json.dumps(
            {
                "roleCredentials": {
                    "accessKeyId": new_key,
                    "secretAccessKey": new_secret,
                    "sessionToken": new_token,
                    "expiration": 0,
                }
            }
        ).encode(),
    )
    session.client("sso", **options).get_role_credentials(
        roleName="r", accountId="123456789012", accessToken=access
    )
    server.answers["/b/k"] = (200, "text/plain", b"")
    session.client("s3", **options).put_object(
        Bucket="b", Key="k", Body=b"x", SSECustomerKey=sse, SSECustomerAlgorithm="AES256"
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Sending http request" in text and "Response body" in text
    for value in (*values, base64.b64encode(sse.encode()).decode()):
        assert value not in text


@settings(max_examples=25, deadline=None)
@given(key=secrets, secret=secrets, token=secrets)
def test_presigned_urls_are_masked(key: str, secret: str, token: str) -> None:
    session = strato.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token
    )
    for config in (strato.Config(signature_version="s3v4"), strato.Config(signature_version="s3")):
        s3 = session.client("s3", region_name="us-east-1", config=config)
        url = s3.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
        masked = call_log.mask_url(url)
        assert masked.count("***") >= 2
        for query in url.split("?")[1].split("&"):
            name, _, value = query.partition("=")
            if name.lower() in (
                "x-amz-signature",
                "x-amz-credential",
                "x-amz-security-token",
                "signature",
                "awsaccesskeyid",
            ):
                assert value not in masked


@pytest.mark.parametrize(
    ("credential", "scope"),
    [
        ("AKIDEXAMPLE", "20261207/us-east-1/sts/aws4_request"),
        ("/starts/with/slashes+", "20261207/us-east-1/sts/aws4_request"),
        ("AK/ID", "20261207/iam/aws4_request"),  # SigV4a: no region in the scope
    ],
)
def test_an_authorization_header_masks_the_whole_key(credential: str, scope: str) -> None:
    """The key ends where the scope's date begins, whatever "/" the key holds."""
    header = f"AWS4-HMAC-SHA256 Credential={credential}/{scope}, SignedHeaders=host, Signature=ab"
    masked = call_log.mask_header("Authorization", header)
    assert masked == f"AWS4-HMAC-SHA256 Credential=***/{scope}, SignedHeaders=host, Signature=***"
