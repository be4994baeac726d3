"""strato's client against moto's server, call by call beside boto3 1.44.8 on the same server.

Covers every protocol moto speaks: query (STS, IAM), ec2 (EC2, from botocore's data),
json 1.0/1.1 (DynamoDB, SQS, Secrets Manager), rest-json (Lambda), rest-xml (S3).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import strato
from strato.exceptions import ClientError

from ._compare import assert_same, assert_same_shape
from ._servers import Server
from .conftest import PK_SK_TABLE, unique_name

Pair = tuple[Any, Any]


# -- STS (query) ------------------------------------------------------------------------------


def test_sts_get_caller_identity(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("sts")
    result = ours.get_caller_identity()
    assert result["Account"] == "123456789012"
    assert result["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert_same(result, theirs.get_caller_identity())


def test_sts_assume_role_credentials_work_in_a_new_client(
    pair: Callable[[str], Pair], moto: Server, strato_client: Callable[..., Any]
) -> None:
    ours, theirs = pair("sts")
    args = {"RoleArn": "arn:aws:iam::123456789012:role/integration", "RoleSessionName": "strato"}
    result = ours.assume_role(DurationSeconds=900, **args)
    assert_same_shape(result, theirs.assume_role(DurationSeconds=900, **args))
    credentials = result["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert isinstance(credentials["Expiration"], datetime)
    assert credentials["Expiration"].tzinfo is not None
    assert result["AssumedRoleUser"]["Arn"] == (
        "arn:aws:sts::123456789012:assumed-role/integration/strato"
    )
    assumed = strato_client(
        "sts",
        moto.url,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    identity = assumed.get_caller_identity()
    assert identity["Arn"] == "arn:aws:sts::123456789012:assumed-role/integration/strato"


def test_sts_get_session_token(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("sts")
    result = ours.get_session_token(DurationSeconds=900)
    assert set(result["Credentials"]) == {
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
    }
    assert_same(result, theirs.get_session_token(DurationSeconds=900), "Expiration")


# -- S3 (rest-xml, path style) ----------------------------------------------------------------


@pytest.fixture
def bucket(pair: Callable[[str], Pair]) -> str:
    ours, theirs = pair("s3")
    name = unique_name("strato")
    result = ours.create_bucket(Bucket=name)
    assert result["Location"] == f"/{name}"
    other = unique_name("boto3")
    theirs_result = theirs.create_bucket(Bucket=other)
    assert_same(result, theirs_result, "Location", "location")
    theirs.delete_bucket(Bucket=other)
    return name


def test_s3_put_bytes_and_file_then_get_and_head(
    pair: Callable[[str], Pair], bucket: str, tmp_path: Path
) -> None:
    ours, theirs = pair("s3")
    put = ours.put_object(Bucket=bucket, Key="bytes", Body=b"hello bytes")
    assert put["ETag"] == f'"{hashlib.md5(b"hello bytes").hexdigest()}"'
    assert_same(put, theirs.put_object(Bucket=bucket, Key="bytes", Body=b"hello bytes"))

    source = tmp_path / "upload.bin"
    payload = bytes(range(256)) * 300
    source.write_bytes(payload)
    with source.open("rb") as f:
        ours.put_object(Bucket=bucket, Key="from-file", Body=f, ContentType="application/x-test")
    got = ours.get_object(Bucket=bucket, Key="from-file")
    assert got["Body"].read() == payload
    assert got["ContentLength"] == len(payload)
    assert got["ContentType"] == "application/x-test"

    head = ours.head_object(Bucket=bucket, Key="from-file")
    assert head["ContentLength"] == len(payload)
    assert_same(head, theirs.head_object(Bucket=bucket, Key="from-file"))


def _without_body(response: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    body = response.pop("Body")
    data: bytes = body.read()
    body.close()
    return response, data


def test_s3_get_object_streaming_body(pair: Callable[[str], Pair], bucket: str) -> None:
    ours, theirs = pair("s3")
    lines = [b"first line", b"second line", b"", b"last line without newline"]
    payload = b"\n".join(lines)
    ours.put_object(Bucket=bucket, Key="stream.txt", Body=payload)

    body = ours.get_object(Bucket=bucket, Key="stream.txt")["Body"]
    assert body.read(5) == payload[:5]
    assert body.read(6) == payload[5:11]
    assert body.read() == payload[11:]
    assert body.read() == b""
    body.close()

    chunks = list(ours.get_object(Bucket=bucket, Key="stream.txt")["Body"].iter_chunks(7))
    assert b"".join(chunks) == payload
    assert all(len(chunk) == 7 for chunk in chunks[:-1])

    ours_lines = list(ours.get_object(Bucket=bucket, Key="stream.txt")["Body"].iter_lines())
    theirs_lines = list(theirs.get_object(Bucket=bucket, Key="stream.txt")["Body"].iter_lines())
    assert ours_lines == theirs_lines == lines

    ours_get, ours_data = _without_body(ours.get_object(Bucket=bucket, Key="stream.txt"))
    theirs_get, theirs_data = _without_body(theirs.get_object(Bucket=bucket, Key="stream.txt"))
    assert ours_data == theirs_data == payload
    assert_same(ours_get, theirs_get)


def test_s3_get_object_reports_validated_response_checksum(
    pair: Callable[[str], Pair], bucket: str
) -> None:
    ours, theirs = pair("s3")
    ours.put_object(Bucket=bucket, Key="checked", Body=b"checksummed")
    theirs_get, theirs_data = _without_body(theirs.get_object(Bucket=bucket, Key="checked"))
    assert theirs_get["ResponseMetadata"]["ChecksumAlgorithm"] == "crc32"
    ours_get, ours_data = _without_body(ours.get_object(Bucket=bucket, Key="checked"))
    assert ours_get["ResponseMetadata"]["ChecksumAlgorithm"] == "crc32"
    assert ours_data == theirs_data == b"checksummed"
    assert_same(ours_get, theirs_get)


def _select_events(client: Any, bucket: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The response of a SelectObjectContent call and the events of its stream."""
    response = client.select_object_content(
        Bucket=bucket,
        Key="people.csv",
        ExpressionType="SQL",
        Expression="SELECT * FROM s3object s WHERE s.name = 'cid'",
        InputSerialization={"CSV": {"FileHeaderInfo": "USE"}},
        OutputSerialization={"JSON": {}},
    )
    stream = response.pop("Payload")
    events = list(stream)
    stream.close()
    return response, events


def test_s3_select_object_content_event_stream(pair: Callable[[str], Pair], bucket: str) -> None:
    ours, theirs = pair("s3")
    ours.put_object(Bucket=bucket, Key="people.csv", Body=b"name,age\nann,31\nbob,25\ncid,40")
    ours_response, ours_events = _select_events(ours, bucket)
    theirs_response, theirs_events = _select_events(theirs, bucket)
    assert [next(iter(event)) for event in ours_events] == ["Records", "Stats", "End"]
    assert json.loads(ours_events[0]["Records"]["Payload"]) == {"name": "cid", "age": "40"}
    assert ours_events == theirs_events
    assert_same(ours_response, theirs_response)


def test_s3_list_objects_v2_with_keys_that_need_encoding(
    pair: Callable[[str], Pair], bucket: str
) -> None:
    ours, theirs = pair("s3")
    keys = ["plain", "with space.txt", "ünïcødé/ñ.txt", "a+b=c&d.txt", "ünïcødé/deeper/x y"]
    for key in keys:
        ours.put_object(Bucket=bucket, Key=key, Body=key.encode())
    listing = ours.list_objects_v2(Bucket=bucket)
    assert sorted(item["Key"] for item in listing["Contents"]) == sorted(keys)
    assert listing["EncodingType"] == "url"
    assert_same(listing, theirs.list_objects_v2(Bucket=bucket))

    nested = ours.list_objects_v2(Bucket=bucket, Prefix="ünïcødé/", Delimiter="/")
    assert nested["Prefix"] == "ünïcødé/"
    assert [item["Key"] for item in nested["Contents"]] == ["ünïcødé/ñ.txt"]
    assert nested["CommonPrefixes"] == [{"Prefix": "ünïcødé/deeper/"}]
    assert_same(nested, theirs.list_objects_v2(Bucket=bucket, Prefix="ünïcødé/", Delimiter="/"))

    for key in keys:
        assert ours.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()


def test_s3_delete_object_and_bucket(pair: Callable[[str], Pair], bucket: str) -> None:
    ours, theirs = pair("s3")
    ours.put_object(Bucket=bucket, Key="one", Body=b"1")
    ours.put_object(Bucket=bucket, Key="two", Body=b"2")
    deleted = ours.delete_object(Bucket=bucket, Key="one")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert_same(deleted, theirs.delete_object(Bucket=bucket, Key="two"))
    assert ours.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    gone = ours.delete_bucket(Bucket=bucket)
    assert gone["ResponseMetadata"]["HTTPStatusCode"] == 204
    names = [b["Name"] for b in ours.list_buckets()["Buckets"]]
    assert bucket not in names


def test_s3_modeled_error(pair: Callable[[str], Pair], bucket: str) -> None:
    ours, theirs = pair("s3")
    with pytest.raises(ours.exceptions.NoSuchKey) as caught:
        ours.get_object(Bucket=bucket, Key="missing key")
    error = caught.value
    assert isinstance(error, strato.exceptions.ClientError)
    assert type(error).__name__ == "NoSuchKey"
    with pytest.raises(theirs.exceptions.NoSuchKey) as reference:
        theirs.get_object(Bucket=bucket, Key="missing key")
    assert str(error) == str(reference.value)
    assert str(error) == (
        "An error occurred (NoSuchKey) when calling the GetObject operation: "
        "The specified key does not exist."
    )
    assert error.operation_name == "GetObject"
    assert error.response["Error"]["Code"] == "NoSuchKey"
    assert_same(error.response, reference.value.response)

    with pytest.raises(ClientError) as no_bucket:
        ours.head_object(Bucket=unique_name("missing"), Key="k")
    assert no_bucket.value.response["Error"]["Code"] == "404"
    assert no_bucket.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# -- DynamoDB (json 1.0) ----------------------------------------------------------------------


def test_dynamodb_table_items_and_query(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("dynamodb")
    table = unique_name("strato")
    created = ours.create_table(TableName=table, **PK_SK_TABLE)
    assert created["TableDescription"]["TableName"] == table
    assert_same_shape(created, theirs.create_table(TableName=unique_name("boto3"), **PK_SK_TABLE))

    item = {
        "pk": {"S": "user#1"},
        "sk": {"N": "1"},
        "blob": {"B": b"\x00\x01binary"},
        "tags": {"SS": ["a", "b"]},
        "nested": {"M": {"flag": {"BOOL": True}, "none": {"NULL": True}}},
    }
    ours.put_item(TableName=table, Item=item)
    ours.put_item(TableName=table, Item={"pk": {"S": "user#1"}, "sk": {"N": "2"}})
    key = {"pk": {"S": "user#1"}, "sk": {"N": "1"}}
    got = ours.get_item(TableName=table, Key=key)
    assert got["Item"]["blob"] == {"B": b"\x00\x01binary"}
    assert got["Item"]["nested"] == item["nested"]
    assert_same(got, theirs.get_item(TableName=table, Key=key))

    query: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND sk > :low",
        "ExpressionAttributeValues": {":pk": {"S": "user#1"}, ":low": {"N": "0"}},
    }
    result = ours.query(**query)
    assert result["Count"] == 2
    assert [i["sk"]["N"] for i in result["Items"]] == ["1", "2"]
    assert_same(result, theirs.query(**query))

    missing = unique_name("missing")
    with pytest.raises(ours.exceptions.ResourceNotFoundException) as caught:
        ours.get_item(TableName=missing, Key=key)
    with pytest.raises(theirs.exceptions.ResourceNotFoundException) as reference:
        theirs.get_item(TableName=missing, Key=key)
    assert str(caught.value) == str(reference.value)
    assert_same(caught.value.response, reference.value.response)


# -- SQS (json) -------------------------------------------------------------------------------


def test_sqs_send_receive_delete(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("sqs")
    name = unique_name("queue")
    created = ours.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})
    assert created["QueueUrl"].endswith(f"/{name}")
    assert_same(
        created, theirs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})
    )
    url = created["QueueUrl"]

    body = "hello ünïcødé & <xml>"
    sent = ours.send_message(
        QueueUrl=url,
        MessageBody=body,
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "test"}},
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest()
    assert_same_shape(
        sent,
        theirs.send_message(
            QueueUrl=url,
            MessageBody=body,
            MessageAttributes={"kind": {"DataType": "String", "StringValue": "test"}},
        ),
    )

    received = ours.receive_message(
        QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=0, MessageAttributeNames=["All"]
    )
    (message,) = received["Messages"]
    assert message["Body"] == body
    assert message["MessageAttributes"] == {"kind": {"DataType": "String", "StringValue": "test"}}
    deleted = ours.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200

    other = theirs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=0)
    assert other["Messages"][0]["Body"] == body
    theirs.delete_message(QueueUrl=url, ReceiptHandle=other["Messages"][0]["ReceiptHandle"])
    empty = ours.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=0)
    assert "Messages" not in empty
    assert_same(empty, theirs.receive_message(QueueUrl=url, WaitTimeSeconds=0))


# -- Secrets Manager (json 1.1) ---------------------------------------------------------------


def test_secretsmanager_create_get_put(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("secretsmanager")
    name = unique_name("secret")
    created = ours.create_secret(Name=name, SecretString="first")
    assert created["Name"] == name
    assert_same_shape(created, theirs.create_secret(Name=unique_name("secret"), SecretString="x"))

    got = ours.get_secret_value(SecretId=name)
    assert got["SecretString"] == "first"
    assert got["VersionStages"] == ["AWSCURRENT"]
    assert isinstance(got["CreatedDate"], datetime)
    assert_same(got, theirs.get_secret_value(SecretId=name))

    put = ours.put_secret_value(SecretId=name, SecretBinary=b"\xffsecond")
    assert put["VersionId"] != got["VersionId"]
    latest = ours.get_secret_value(SecretId=name)
    assert latest["SecretBinary"] == b"\xffsecond"
    assert latest["VersionId"] == put["VersionId"]
    assert_same(latest, theirs.get_secret_value(SecretId=name))

    with pytest.raises(ours.exceptions.ResourceNotFoundException):
        ours.get_secret_value(SecretId=unique_name("missing"))


# -- Lambda (rest-json) -----------------------------------------------------------------------


def _zip(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", source)
    return buffer.getvalue()


def test_lambda_create_list_get(pair: Callable[[str], Pair]) -> None:
    iam, _ = pair("iam")
    trust = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
        '"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    )
    role = iam.create_role(RoleName=unique_name("lambda-role"), AssumeRolePolicyDocument=trust)
    ours, theirs = pair("lambda")
    code = _zip("def handler(event, context):\n    return event\n")
    function: dict[str, Any] = {
        "Runtime": "python3.11",
        "Role": role["Role"]["Arn"],
        "Handler": "handler.handler",
        "Code": {"ZipFile": code},
        "Environment": {"Variables": {"MODE": "test"}},
    }
    name = unique_name("fn")
    created = ours.create_function(FunctionName=name, **function)
    assert created["FunctionName"] == name
    assert created["CodeSize"] == len(code)
    assert created["CodeSha256"] == _b64_sha256(code)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert_same_shape(created, theirs.create_function(FunctionName=unique_name("fn"), **function))

    got = ours.get_function(FunctionName=name)
    assert got["Configuration"]["Environment"] == {"Variables": {"MODE": "test"}}
    assert_same(got, theirs.get_function(FunctionName=name))
    listed = ours.list_functions()
    assert name in [f["FunctionName"] for f in listed["Functions"]]
    assert_same(listed, theirs.list_functions())


def _b64_sha256(data: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(data).digest()).decode()


# -- IAM (query, global) ----------------------------------------------------------------------


def test_iam_users_and_access_keys(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("iam")
    name = unique_name("user")
    tags = [{"Key": "team", "Value": "strato"}]
    created = ours.create_user(UserName=name, Tags=tags)
    assert created["User"]["Arn"] == f"arn:aws:iam::123456789012:user/{name}"
    assert created["User"]["Tags"] == tags
    assert_same_shape(created, theirs.create_user(UserName=unique_name("user"), Tags=tags))
    key = ours.create_access_key(UserName=name)
    assert key["AccessKey"]["Status"] == "Active"
    assert key["AccessKey"]["UserName"] == name
    assert_same_shape(key, theirs.create_access_key(UserName=name))
    users = ours.list_users()
    assert name in [u["UserName"] for u in users["Users"]]
    assert_same(users, theirs.list_users())


# -- EC2 (ec2 protocol, model from botocore's data directory) ---------------------------------


def test_ec2_from_botocore_data(pair: Callable[[str], Pair]) -> None:
    ours, theirs = pair("ec2")
    regions = ours.describe_regions()
    assert "us-east-1" in [r["RegionName"] for r in regions["Regions"]]
    assert_same(regions, theirs.describe_regions())

    vpc = ours.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]
    assert vpc["CidrBlock"] == "10.42.0.0/16"
    described = ours.describe_vpcs(VpcIds=[vpc["VpcId"]])
    assert [v["VpcId"] for v in described["Vpcs"]] == [vpc["VpcId"]]
    assert_same(described, theirs.describe_vpcs(VpcIds=[vpc["VpcId"]]))
    filtered = ours.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.42.0.0/16"]}])
    assert vpc["VpcId"] in [v["VpcId"] for v in filtered["Vpcs"]]
