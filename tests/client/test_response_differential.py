"""Differential: the same recorded HTTP responses parse to the same results in both clients.

Success and error responses of the query (sts, iam), ec2, json (dynamodb, sqs with its
query-compatible errors, secretsmanager), rest-json (lambda) and rest-xml (s3) protocols are
returned by the canned transports; the results (``ResponseMetadata`` included) and raised
exceptions (class name, message, ``response``) must be equal.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from strato.exceptions import ResponseParserError

from ._compare import assert_same_outcome
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
XML = {"Content-Type": "text/xml", "x-amzn-RequestId": "req-1"}
AMZ_JSON = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "req-2"}
JSON = {"Content-Type": "application/json", "x-amzn-RequestId": "req-3"}
S3 = {"x-amz-request-id": "s3-req", "x-amz-id-2": "host-id=="}

# id -> (service, method, params, response)
CASES: dict[str, tuple[str, str, dict[str, Any], Canned]] = {
    "sts-success": (
        "sts",
        "get_caller_identity",
        {},
        Canned(
            200,
            XML,
            b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn>"
            b"<UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
            b"<ResponseMetadata><RequestId>abc</RequestId></ResponseMetadata>"
            b"</GetCallerIdentityResponse>",
        ),
    ),
    "sts-error": (
        "sts",
        "assume_role",
        {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "s"},
        Canned(
            403,
            XML,
            b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
            b"<Type>Sender</Type><Code>AccessDenied</Code><Message>Not allowed</Message>"
            b"</Error><RequestId>r-9</RequestId></ErrorResponse>",
        ),
    ),
    "sts-modeled-error": (
        "sts",
        "assume_role",
        {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "s"},
        Canned(
            400,
            XML,
            b"<ErrorResponse><Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code>"
            b"<Message>bad policy</Message></Error><RequestId>r-8</RequestId></ErrorResponse>",
        ),
    ),
    "iam-policy-document": (
        "iam",
        "get_role_policy",
        {"RoleName": "r", "PolicyName": "p"},
        Canned(
            200,
            XML,
            b"<GetRolePolicyResponse><GetRolePolicyResult><RoleName>r</RoleName>"
            b"<PolicyName>p</PolicyName><PolicyDocument>%7B%22Version%22%3A%222012-10-17%22"
            b"%2C%22Statement%22%3A%5B%5D%7D</PolicyDocument></GetRolePolicyResult>"
            b"<ResponseMetadata><RequestId>i-1</RequestId></ResponseMetadata>"
            b"</GetRolePolicyResponse>",
        ),
    ),
    "ec2-success": (
        "ec2",
        "describe_regions",
        {},
        Canned(
            200,
            XML,
            b'<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
            b"<requestId>e-1</requestId><regionInfo><item><regionName>eu-west-1</regionName>"
            b"<regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint>"
            b"<optInStatus>opt-in-not-required</optInStatus></item></regionInfo>"
            b"</DescribeRegionsResponse>",
        ),
    ),
    "ec2-error": (
        "ec2",
        "describe_instances",
        {},
        Canned(
            400,
            XML,
            b"<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message>"
            b"</Error></Errors><RequestID>e-2</RequestID></Response>",
        ),
    ),
    "dynamodb-success": (
        "dynamodb",
        "get_item",
        {"TableName": "t", "Key": {"k": {"S": "v"}}},
        Canned(
            200,
            AMZ_JSON,
            b'{"Item":{"k":{"S":"v"},"n":{"N":"1.5"},"b":{"B":"aGk="},"l":{"L":[{"BOOL":true}]}}}',
        ),
    ),
    "dynamodb-modeled-error": (
        "dynamodb",
        "get_item",
        {"TableName": "t", "Key": {"k": {"S": "v"}}},
        Canned(
            400,
            AMZ_JSON,
            b'{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",'
            b'"message":"Requested resource not found"}',
        ),
    ),
    "sqs-query-compatible-error": (
        "sqs",
        "get_queue_url",
        {"QueueName": "q"},
        Canned(
            400,
            {
                "Content-Type": "application/x-amz-json-1.0",
                "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender",
            },
            b'{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no queue"}',
        ),
    ),
    "secretsmanager-success": (
        "secretsmanager",
        "get_secret_value",
        {"SecretId": "s"},
        Canned(
            200,
            {"Content-Type": "application/x-amz-json-1.1"},
            b'{"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:s","Name":"s",'
            b'"SecretString":"x","VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}',
        ),
    ),
    "lambda-success": (
        "lambda",
        "get_function_configuration",
        {"FunctionName": "f"},
        Canned(
            200,
            JSON,
            b'{"FunctionName":"f","Runtime":"python3.12","MemorySize":128,'
            b'"LastModified":"2024-01-01T00:00:00.000+0000","Timeout":3}',
        ),
    ),
    "lambda-error": (
        "lambda",
        "get_function",
        {"FunctionName": "f"},
        Canned(
            404,
            {**JSON, "x-amzn-ErrorType": "ResourceNotFoundException:http://internal/"},
            b'{"Type":"User","Message":"Function not found: f"}',
        ),
    ),
    "lambda-invoke-payload": (
        "lambda",
        "invoke",
        {"FunctionName": "f", "Payload": b"{}"},
        Canned(200, {**JSON, "X-Amz-Executed-Version": "$LATEST"}, b'{"ok": true}'),
    ),
    "s3-list": (
        "s3",
        "list_objects_v2",
        {"Bucket": "b"},
        Canned(
            200,
            {**S3, "Content-Type": "application/xml"},
            b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>'
            b"<Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
            b"<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Contents>"
            b"<Key>a%20b%2Bc</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>"
            b'<ETag>"e"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>'
            b"</ListBucketResult>",
        ),
    ),
    "s3-get-object": (
        "s3",
        "get_object",
        {"Bucket": "b", "Key": "k"},
        Canned(
            200,
            {**S3, "Content-Length": "5", "ETag": '"x"', "x-amz-meta-Color": "red"},
            b"hello",
        ),
    ),
    "s3-head-404": ("s3", "head_object", {"Bucket": "b", "Key": "k"}, Canned(404, S3, b"")),
    "s3-no-such-key": (
        "s3",
        "get_object",
        {"Bucket": "b", "Key": "k"},
        Canned(
            404,
            {**S3, "Content-Type": "application/xml"},
            b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
            b"<Key>k</Key><RequestId>s3-req</RequestId><HostId>host-id==</HostId></Error>",
        ),
    ),
    "s3-bucket-location": (
        "s3",
        "get_bucket_location",
        {"Bucket": "b"},
        Canned(
            200,
            S3,
            b'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            b"eu-west-1</LocationConstraint>",
        ),
    ),
    "s3-server-error": (
        "s3",
        "list_buckets",
        {},
        Canned(503, S3, b"<Error><Code>SlowDown</Code><Message>Slow</Message></Error>"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_same_parse(case: str) -> None:
    service, method, params, canned = CASES[case]
    boto, mine = make_pair(
        service, {"retries": {"total_max_attempts": 1}}, region_name="eu-west-1", **CREDS
    )
    _, boto_outcome = call_botocore(boto, method, dict(params), canned)
    _, strato_outcome = call_strato(mine, method, dict(params), canned)
    assert_same_outcome(boto_outcome, strato_outcome)


def test_empty_cbor_success_body_is_an_empty_output() -> None:
    """docs/compatibility.md: botocore crashes on an empty rpc-v2-cbor success body."""
    boto, mine = make_pair("cloudwatchomni", region_name="us-west-2", **CREDS)
    canned = Canned(200, {"smithy-protocol": "rpc-v2-cbor", "x-amzn-RequestId": "r"}, b"")
    _, boto_result = call_botocore(boto, "list_omni_dashboards", {"spaceId": "0"}, canned)
    _, strato_result = call_strato(mine, "list_omni_dashboards", {"spaceId": "0"}, canned)
    assert type(boto_result) is AttributeError
    assert list(strato_result) == ["ResponseMetadata"]
    assert strato_result["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("body", [b"not xml", b"<Error><Code>SlowDown</Code></Error>"])
def test_bucket_location_read_once_after_the_retries(body: bytes) -> None:
    """S3's error inside a 200 is retried; GetBucketLocation's own reading of the body runs
    once, on the last answer (botocore's after-call handler). botocore's bare XML
    ``ParseError`` is strato's ``ResponseParserError`` (docs/compatibility.md)."""
    boto, mine = make_pair("s3", region_name="us-west-2", **CREDS)
    canned = Canned(200, S3, body)
    with mock.patch("time.sleep"):
        boto_sent, boto_result = call_botocore(boto, "get_bucket_location", {"Bucket": "b"}, canned)
        sent, result = call_strato(mine, "get_bucket_location", {"Bucket": "b"}, canned)
    assert len(sent) == len(boto_sent) == 3
    if isinstance(boto_result, SyntaxError):
        assert isinstance(result, ResponseParserError)
        assert str(boto_result) in str(result)
    else:
        assert_same_outcome(boto_result, result)
