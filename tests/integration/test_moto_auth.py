"""moto with signature enforcement on: it re-signs each request with botocore's signer, so a
request it accepts was signed byte for byte as botocore signs it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import botocore.exceptions  # type: ignore[import-untyped]
import pytest

from strato.exceptions import ClientError

from ._compare import assert_same
from ._servers import Server, reset_moto_auth
from .conftest import MOTO_KEYS

_ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


@pytest.fixture
def user_keys(moto: Server, strato_client: Callable[..., Any]) -> Iterator[dict[str, str]]:
    """An IAM user allowed everything, made while auth is off; auth is on during the test."""
    iam = strato_client("iam", moto.url, **MOTO_KEYS)
    name = f"auth-{uuid.uuid4().hex[:10]}"
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=_ALLOW_ALL)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    reset_moto_auth(moto, "0")
    try:
        yield {
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        }
    finally:
        reset_moto_auth(moto, "inf")


def _wrong(keys: dict[str, str]) -> dict[str, str]:
    return {**keys, "aws_secret_access_key": keys["aws_secret_access_key"][:-4] + "XXXX"}


def test_correct_credentials_are_accepted(
    moto: Server,
    user_keys: dict[str, str],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    sts = strato_client("sts", moto.url, **user_keys)
    identity = sts.get_caller_identity()
    assert identity["Arn"].startswith("arn:aws:iam::123456789012:user/auth-")
    assert_same(identity, boto3_client("sts", moto.url, **user_keys).get_caller_identity())

    s3 = strato_client("s3", moto.url, **user_keys)
    bucket = f"signed-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="dir/ünï cødé+key", Body=b"signed body")
    got = s3.get_object(Bucket=bucket, Key="dir/ünï cødé+key")
    assert got["Body"].read() == b"signed body"
    listing = s3.list_objects_v2(Bucket=bucket, Prefix="dir/")
    assert [o["Key"] for o in listing["Contents"]] == ["dir/ünï cødé+key"]

    dynamodb = strato_client("dynamodb", moto.url, **user_keys)
    table = f"signed-{uuid.uuid4().hex[:10]}"
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName=table, Item={"id": {"S": "1"}})
    assert dynamodb.get_item(TableName=table, Key={"id": {"S": "1"}})["Item"] == {"id": {"S": "1"}}


_CALLS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "sts": ("sts", lambda c: c.get_caller_identity()),
    "s3": ("s3", lambda c: c.list_buckets()),
    "dynamodb": ("dynamodb", lambda c: c.list_tables()),
}


@pytest.mark.parametrize("case", list(_CALLS))
def test_wrong_secret_is_rejected(
    case: str,
    moto: Server,
    user_keys: dict[str, str],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    service, call = _CALLS[case]
    with pytest.raises(ClientError) as caught:
        call(strato_client(service, moto.url, **_wrong(user_keys)))
    with pytest.raises(botocore.exceptions.ClientError) as reference:
        call(boto3_client(service, moto.url, **_wrong(user_keys)))
    error = caught.value
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert type(error).__name__ == type(reference.value).__name__
    assert str(error) == str(reference.value)
    assert_same(error.response, reference.value.response)
    if service != "dynamodb":
        assert error.response["Error"]["Code"] == "SignatureDoesNotMatch"
    # The same client with the right secret is accepted.
    call(strato_client(service, moto.url, **user_keys))
