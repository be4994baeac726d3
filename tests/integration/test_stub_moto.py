"""The Stubber beside a real server (moto): while active nothing reaches it, and after
``deactivate`` the same client talks to it again, as with boto3."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import botocore.stub

import strato.stub

from ._servers import Server
from .conftest import MOTO_KEYS


def _session(client: Any, stub_module: Any, bucket: str) -> Any:
    """Make a bucket for real, answer a listing from a stub, then list for real."""
    client.create_bucket(Bucket=bucket)
    stubber = stub_module.Stubber(client)
    stubber.add_response("list_objects_v2", {"KeyCount": 0, "Name": "stubbed"}, {"Bucket": bucket})
    with stubber:
        stubbed = client.list_objects_v2(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="k", Body=b"real")
    real = client.list_objects_v2(Bucket=bucket)
    stubber.assert_no_pending_responses()
    return stubbed, [item["Key"] for item in real["Contents"]], real["Name"] == bucket


def test_deactivated_stubber_sends_to_the_server(
    moto: Server, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> None:
    ours = _session(
        strato_client("s3", moto.url, **MOTO_KEYS), strato.stub, f"st-{uuid.uuid4().hex[:8]}"
    )
    theirs = _session(
        boto3_client("s3", moto.url, **MOTO_KEYS), botocore.stub, f"bt-{uuid.uuid4().hex[:8]}"
    )
    assert ours == theirs == ({"KeyCount": 0, "Name": "stubbed"}, ["k"], True)


def test_stubbed_calls_reach_no_server(
    moto: Server, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> None:
    """A stubbed create_bucket creates nothing: the real listing does not show it."""
    seen = []
    for client, stub_module in (
        (strato_client("s3", moto.url, **MOTO_KEYS), strato.stub),
        (boto3_client("s3", moto.url, **MOTO_KEYS), botocore.stub),
    ):
        bucket = f"never-{uuid.uuid4().hex[:8]}"
        with stub_module.Stubber(client) as stubber:
            stubber.add_response("create_bucket", {"Location": "/" + bucket})
            client.create_bucket(Bucket=bucket)
        names = [b["Name"] for b in client.list_buckets()["Buckets"]]
        seen.append(bucket in names)
    assert seen == [False, False]
