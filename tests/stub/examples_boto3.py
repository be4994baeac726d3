"""A small boto3 module and its pytest tests, written for boto3 as AWS's examples write them
(a Stubber per client, ``add_response``/``add_client_error``, ``with stubber:``).

Not collected by itself: test_boto3_examples.py runs it with boto3 and again with only its
import lines changed to strato's names.
"""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import ANY, Stubber


class Archive:
    """Files kept in an S3 bucket, with a DynamoDB table of who uploaded what."""

    def __init__(self, s3: Any, dynamodb: Any, bucket: str, table: str) -> None:
        self.s3, self.dynamodb, self.bucket, self.table = s3, dynamodb, bucket, table

    def exists(self) -> bool:
        try:
            self.s3.head_bucket(Bucket=self.bucket)
        except ClientError as err:
            if err.response["Error"]["Code"] in ("404", "NoSuchBucket"):
                return False
            raise
        return True

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def upload(self, key: str, data: bytes, owner: str) -> str:
        etag: str = self.s3.put_object(Bucket=self.bucket, Key=key, Body=data)["ETag"]
        self.dynamodb.put_item(
            TableName=self.table,
            Item={"key": {"S": key}, "owner": {"S": owner}, "etag": {"S": etag}},
        )
        return etag

    def newest(self) -> str | None:
        found = self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return max(found, key=lambda item: item["LastModified"])["Key"] if found else None


def make_archive() -> tuple[Archive, Stubber, Stubber]:
    s3 = boto3.client("s3", region_name="us-east-1")
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    return Archive(s3, dynamodb, "archive-bucket", "uploads"), Stubber(s3), Stubber(dynamodb)


def test_exists_true() -> None:
    archive, s3_stub, _ = make_archive()
    s3_stub.add_response("head_bucket", {}, {"Bucket": "archive-bucket"})
    with s3_stub:
        assert archive.exists()
    s3_stub.assert_no_pending_responses()


def test_exists_false_on_404() -> None:
    archive, s3_stub, _ = make_archive()
    s3_stub.add_client_error("head_bucket", "404", "Not Found", 404)
    with s3_stub:
        assert not archive.exists()


def test_exists_raises_other_errors() -> None:
    archive, s3_stub, _ = make_archive()
    s3_stub.add_client_error("head_bucket", "AccessDenied", "Access Denied", 403)
    with s3_stub, pytest.raises(ClientError) as raised:
        archive.exists()
    assert raised.value.response["Error"]["Code"] == "AccessDenied"
    assert "HeadBucket" in str(raised.value)


def test_keys_over_two_pages() -> None:
    archive, s3_stub, _ = make_archive()
    s3_stub.add_response(
        "list_objects_v2",
        {"Contents": [{"Key": "a"}], "IsTruncated": True, "NextContinuationToken": "next"},
        {"Bucket": "archive-bucket", "Prefix": "docs/"},
    )
    s3_stub.add_response(
        "list_objects_v2",
        {"Contents": [{"Key": "b"}], "IsTruncated": False},
        {"Bucket": "archive-bucket", "Prefix": "docs/", "ContinuationToken": "next"},
    )
    with s3_stub:
        assert archive.keys("docs/") == ["a", "b"]
    s3_stub.assert_no_pending_responses()


def test_upload_records_the_owner() -> None:
    archive, s3_stub, db_stub = make_archive()
    s3_stub.add_response(
        "put_object", {"ETag": '"abc"'}, {"Bucket": "archive-bucket", "Key": "k", "Body": ANY}
    )
    db_stub.add_response(
        "put_item",
        {},
        {
            "TableName": "uploads",
            "Item": {"key": {"S": "k"}, "owner": {"S": "ana"}, "etag": {"S": ANY}},
        },
    )
    with s3_stub, db_stub:
        assert archive.upload("k", b"data", "ana") == '"abc"'
    db_stub.assert_no_pending_responses()


def test_upload_with_the_wrong_owner_fails_the_expectation() -> None:
    archive, s3_stub, db_stub = make_archive()
    s3_stub.add_response("put_object", {"ETag": '"abc"'})
    db_stub.add_response("put_item", {}, {"TableName": "uploads", "Item": ANY, "Extra": 1})
    with s3_stub, db_stub, pytest.raises(AssertionError) as raised:
        archive.upload("k", b"data", "ana")
    assert "Expected parameters" in str(raised.value)


def test_newest_by_last_modified() -> None:
    archive, s3_stub, _ = make_archive()
    older = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    newer = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    s3_stub.add_response(
        "list_objects_v2",
        {
            "Contents": [
                {"Key": "old", "LastModified": older},
                {"Key": "new", "LastModified": newer},
            ]
        },
    )
    with s3_stub:
        assert archive.newest() == "new"


def test_a_stub_with_a_wrong_field_is_refused() -> None:
    _, s3_stub, _ = make_archive()
    with pytest.raises(ParamValidationError) as raised:
        s3_stub.add_response("list_objects_v2", {"Contents": [{"Key": 5}]})
    assert "Contents[0].Key" in str(raised.value)


def test_unexpected_call_is_reported() -> None:
    archive, s3_stub, _ = make_archive()
    with s3_stub, pytest.raises(Exception) as raised:
        archive.newest()
    assert "Unexpected API Call" in str(raised.value)


def test_forgotten_call_is_reported() -> None:
    _, s3_stub, _ = make_archive()
    s3_stub.add_response("head_bucket", {})
    s3_stub.assert_no_pending_responses()  # fails: one response was never used
