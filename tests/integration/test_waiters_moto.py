"""strato's waiters against moto's server, each beside boto3 1.44.8's on the same server.

S3 (``bucket_exists``, ``bucket_not_exists``, ``object_exists``: status and error
acceptors over rest-xml), DynamoDB (``table_exists``, ``table_not_exists``: a path and an
error acceptor over json) and EC2 (``instance_running``, ``instance_terminated``: pathAll
and pathAny over the ec2 protocol, the model from botocore's data). Sleeps are recorded,
not slept; a waiter that gives up must give boto3's message and last response.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ._compare import assert_same
from .conftest import unique_name

Pair = tuple[Any, Any]
QUICK = {"Delay": 1, "MaxAttempts": 2}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    yield recorded


def _wait(client: Any, waiter: str, sleeps: list[float], **kwargs: Any) -> Any:
    """(sleeps, outcome) of one wait: None, or the WaiterError's class, text, last response."""
    sleeps.clear()
    try:
        outcome: Any = client.get_waiter(waiter).wait(**kwargs)
    except Exception as e:
        outcome = (type(e).__name__, str(e), getattr(e, "last_response", None))
    return list(sleeps), outcome


def _same_wait(pair: Pair, waiter: str, sleeps: list[float], **kwargs: Any) -> Any:
    """Both libraries' waits agree; strato's outcome."""
    ours_sleeps, ours = _wait(pair[0], waiter, sleeps, **kwargs)
    theirs_sleeps, theirs = _wait(pair[1], waiter, sleeps, **kwargs)
    assert ours_sleeps == theirs_sleeps
    if ours is None or theirs is None:
        assert ours is theirs
    else:
        assert ours[:2] == theirs[:2]
        assert_same(ours[2], theirs[2])
    return ours_sleeps, ours


def test_s3_bucket_waiters(pair: Callable[[str], Pair], sleeps: list[float]) -> None:
    s3 = pair("s3")
    bucket = unique_name("waiter")
    assert _same_wait(s3, "bucket_not_exists", sleeps, Bucket=bucket) == ([], None)
    missing = _same_wait(s3, "bucket_exists", sleeps, Bucket=bucket, WaiterConfig=QUICK)
    assert missing[0] == [1]
    assert missing[1][:2] == (
        "WaiterError",
        "Waiter BucketExists failed: Max attempts exceeded. Previously accepted state: "
        "Matched expected HTTP status code: 404",
    )
    assert missing[1][2]["ResponseMetadata"]["HTTPStatusCode"] == 404

    s3[0].create_bucket(Bucket=bucket)
    assert _same_wait(s3, "bucket_exists", sleeps, Bucket=bucket) == ([], None)
    present = _same_wait(s3, "bucket_not_exists", sleeps, Bucket=bucket, WaiterConfig=QUICK)
    assert present[0] == [1]
    assert present[1][1] == "Waiter BucketNotExists failed: Max attempts exceeded"


def test_s3_object_exists(pair: Callable[[str], Pair], sleeps: list[float]) -> None:
    s3 = pair("s3")
    bucket = unique_name("waiter")
    s3[0].create_bucket(Bucket=bucket)
    missing = _same_wait(
        s3, "object_exists", sleeps, Bucket=bucket, Key="k", WaiterConfig={"MaxAttempts": 3}
    )
    assert missing[0] == [5, 5]  # the data's delay, overridden attempts
    assert missing[1][1].startswith("Waiter ObjectExists failed: Max attempts exceeded")
    s3[0].put_object(Bucket=bucket, Key="k", Body=b"here")
    assert _same_wait(s3, "object_exists", sleeps, Bucket=bucket, Key="k") == ([], None)
    assert _same_wait(s3, "object_not_exists", sleeps, Bucket=bucket, Key="gone") == ([], None)


def test_dynamodb_table_waiters(pair: Callable[[str], Pair], sleeps: list[float]) -> None:
    ddb = pair("dynamodb")
    table = unique_name("waiter")
    missing = _same_wait(ddb, "table_exists", sleeps, TableName=table, WaiterConfig=QUICK)
    assert missing[1][1] == (
        "Waiter TableExists failed: Max attempts exceeded. Previously accepted state: "
        "Matched expected service error code: ResourceNotFoundException"
    )
    assert missing[1][2]["Error"]["Code"] == "ResourceNotFoundException"
    ddb[0].create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert _same_wait(ddb, "table_exists", sleeps, TableName=table) == ([], None)
    present = _same_wait(ddb, "table_not_exists", sleeps, TableName=table, WaiterConfig=QUICK)
    assert present[1][1] == "Waiter TableNotExists failed: Max attempts exceeded"
    ddb[0].delete_table(TableName=table)
    assert _same_wait(ddb, "table_not_exists", sleeps, TableName=table) == ([], None)


def test_ec2_instance_waiters(pair: Callable[[str], Pair], sleeps: list[float]) -> None:
    ec2 = pair("ec2")
    image = ec2[0].describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2[0].run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]
    ids = [instance["InstanceId"]]
    assert _same_wait(ec2, "instance_running", sleeps, InstanceIds=ids) == ([], None)
    assert _same_wait(ec2, "instance_exists", sleeps, InstanceIds=ids) == ([], None)
    ec2[0].terminate_instances(InstanceIds=ids)
    assert _same_wait(ec2, "instance_terminated", sleeps, InstanceIds=ids) == ([], None)
    # A terminated instance is a failure state for instance_running (pathAny).
    failed = _same_wait(ec2, "instance_running", sleeps, InstanceIds=ids)
    assert failed[0] == []
    assert failed[1][1] == (
        "Waiter InstanceRunning failed: Waiter encountered a terminal failure state: "
        'For expression "Reservations[].Instances[].State.Name" we matched expected path: '
        '"terminated" at least once'
    )
