"""Differential: S3 Express (directory bucket) calls make botocore 1.44.8's requests.

A directory bucket's first call sends ``CreateSession`` on the bucket (signed with the
client's credentials, signing name ``s3express``), then the call itself, signed with the
session's keys and ``x-amz-s3session-token``; later calls on that bucket reuse the session.
Both clients answer every request with the same canned ``CreateSession`` body, at a frozen
signing clock; every request (Authorization included) and every result must agree.
"""

from __future__ import annotations

from typing import Any

import pytest

from strato.exceptions import ExpiredCredentialsError

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair

BUCKET = "mybucket--usw2-az1--x-s3"
OTHER_BUCKET = "other--usw2-az1--x-s3"
CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}


def _session_body(expiration: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Credentials>'
        "<SessionToken>U2Vzc2lvblRva2Vu+/=</SessionToken>"
        "<SecretAccessKey>c2Vzc2lvbi1zZWNyZXQ</SecretAccessKey>"
        "<AccessKeyId>ASIASESSION</AccessKeyId>"
        f"<Expiration>{expiration}</Expiration>"
        "</Credentials></CreateSessionResult>"
    ).encode()


SESSION = Canned(body=_session_body("2099-01-01T00:00:00Z"))
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "get": ("get_object", {"Bucket": BUCKET, "Key": "a/b c.txt"}),
    "put": ("put_object", {"Bucket": BUCKET, "Key": "key", "Body": b"hello express"}),
    "list": ("list_objects_v2", {"Bucket": BUCKET, "Prefix": "a/"}),
    "head-bucket": ("head_bucket", {"Bucket": BUCKET}),
    # DisableS3ExpressSessionAuth is static for CopyObject: plain SigV4, no session.
    "copy": ("copy_object", {"Bucket": BUCKET, "Key": "k2", "CopySource": f"{BUCKET}/k"}),
    # CreateSession itself is signed with the client's credentials.
    "create-session": ("create_session", {"Bucket": BUCKET, "SessionMode": "ReadOnly"}),
}
#: name -> (client kwargs, Config options or None)
VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "keys": ({"region_name": "us-west-2", **CREDS}, None),
    "token": ({"region_name": "us-west-2", **TOKEN}, None),
    "disabled": (
        {"region_name": "us-west-2", **TOKEN},
        {"s3": {"disable_s3_express_session_auth": True}},
    ),
    # A requested version no scheme offers: botocore signs as asked, with name "s3".
    "s3v4": ({"region_name": "us-west-2", **TOKEN}, {"signature_version": "s3v4"}),
    "v4": ({"region_name": "us-west-2", **CREDS}, {"signature_version": "v4"}),
    "sigv2": ({"region_name": "us-west-2", **CREDS}, {"signature_version": "s3"}),
    "http-endpoint": (
        {"region_name": "us-west-2", "endpoint_url": "http://127.0.0.1:9000", **CREDS},
        None,
    ),
}


def _both(pair: Any, method: str, params: dict[str, Any], canned: Canned) -> int:
    """Make one call with both clients; the requests and results must agree."""
    boto, mine = pair
    boto_requests, boto_result = call_botocore(boto, method, dict(params), canned)
    strato_requests, strato_result = call_strato(mine, method, dict(params), canned)
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_result, strato_result)
    return len(strato_requests)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_same_requests_and_session_reuse(call: str, variant: str) -> None:
    kwargs, options = VARIANTS[variant]
    pair = make_pair("s3", options, **kwargs)
    method, params = CALLS[call]
    first = _both(pair, method, params, SESSION)
    second = _both(pair, method, params, SESSION)
    session_auth = variant in ("keys", "token", "http-endpoint") and call not in (
        "copy",
        "create-session",
    )
    assert (first, second) == ((2, 1) if session_auth else (1, 1))


def test_session_per_bucket() -> None:
    pair = make_pair("s3", None, region_name="us-west-2", **TOKEN)
    sent = [
        _both(pair, "list_objects_v2", {"Bucket": bucket}, SESSION)
        for bucket in (BUCKET, OTHER_BUCKET, BUCKET, OTHER_BUCKET)
    ]
    assert sent == [2, 2, 1, 1]


def test_the_last_100_buckets_keep_their_sessions() -> None:
    pair = make_pair("s3", None, region_name="us-west-2", **CREDS)
    buckets = [f"b{n}--usw2-az1--x-s3" for n in range(101)]
    for bucket in buckets:
        assert _both(pair, "head_bucket", {"Bucket": bucket}, SESSION) == 2
    assert _both(pair, "head_bucket", {"Bucket": buckets[-1]}, SESSION) == 1
    assert _both(pair, "head_bucket", {"Bucket": buckets[0]}, SESSION) == 2


def test_sessions_are_per_client() -> None:
    for _ in range(2):
        pair = make_pair("s3", None, region_name="us-west-2", **CREDS)
        assert _both(pair, "get_object", {"Bucket": BUCKET, "Key": "k"}, SESSION) == 2


def test_expired_session_is_fetched_again_then_fails() -> None:
    """A session already expired is refreshed at once; still expired, the call fails.

    botocore raises a bare RuntimeError; strato's ExpiredCredentialsError is one too
    (docs/compatibility.md).
    """
    boto, mine = make_pair("s3", None, region_name="us-west-2", **CREDS)
    expired = Canned(body=_session_body("2000-01-01T00:00:00Z"))
    params = {"Bucket": BUCKET, "Key": "k"}
    boto_requests, boto_result = call_botocore(boto, "get_object", dict(params), expired)
    strato_requests, strato_result = call_strato(mine, "get_object", dict(params), expired)
    assert_same_requests(boto_requests, strato_requests)
    assert len(strato_requests) == 2
    assert type(boto_result) is RuntimeError
    assert isinstance(strato_result, ExpiredCredentialsError)
    assert isinstance(strato_result, RuntimeError)
    assert str(boto_result) in str(strato_result)


def test_create_session_error_is_raised() -> None:
    pair = make_pair("s3", None, region_name="us-west-2", **CREDS)
    denied = Canned(
        status=403,
        body=b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    )
    assert _both(pair, "get_object", {"Bucket": BUCKET, "Key": "k"}, denied) == 1
