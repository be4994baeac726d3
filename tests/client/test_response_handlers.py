"""Differential: botocore's service-specific response handlers, and epoch timestamps in
local time, give the same results in strato.

Handlers: S3's ``Expires``/``ExpiresString`` and its errors inside a 200, EC2's console
output, CloudFormation's templates, SSO OIDC's OAuth2 error text, and the exception class of
query-compatible JSON errors (SQS by ``QueryErrorCode``, CloudWatch by ``Code``). Results are
compared with ``wire.responses.comparable`` (datetimes by instant, offset and wall clock).
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator
from typing import Any

import pytest

from strato.exceptions import StratoError
from wire.responses import comparable, local_zone

from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
S3 = {"x-amz-request-id": "s3-req", "x-amz-id-2": "host-id=="}
XML = {"Content-Type": "text/xml"}
JSON = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r-1"}


def _ec2_console(output: str) -> Canned:
    return Canned(
        200,
        XML,
        b"<GetConsoleOutputResponse><requestId>e-1</requestId><instanceId>i-1</instanceId>"
        + f"<output>{output}</output></GetConsoleOutputResponse>".encode(),
    )


def _template(body: str) -> Canned:
    return Canned(
        200,
        XML,
        b"<GetTemplateResponse><GetTemplateResult><TemplateBody>"
        + body.encode()
        + b"</TemplateBody></GetTemplateResult><ResponseMetadata><RequestId>c-1</RequestId>"
        b"</ResponseMetadata></GetTemplateResponse>",
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


HEAD = ("s3", "head_object", {"Bucket": "b", "Key": "k"})
COPY = ("s3", "copy_object", {"Bucket": "b", "Key": "k", "CopySource": "src/k"})
CONSOLE = ("ec2", "get_console_output", {"InstanceId": "i-1"})
TEMPLATE = ("cloudformation", "get_template", {"StackName": "s"})
TOKEN = (
    "sso-oidc",
    "create_token",
    {"clientId": "c", "clientSecret": "s", "grantType": "authorization_code"},
)

# id -> (service, method, params, response)
CASES: dict[str, tuple[str, str, dict[str, Any], Canned]] = {
    "s3-expires-date": (*HEAD, Canned(200, {**S3, "Expires": "Thu, 01 Jan 2026 00:00:00 GMT"})),
    "s3-expires-iso": (*HEAD, Canned(200, {**S3, "expires": "2026-01-01T00:00:00+02:00"})),
    "s3-expires-unparsable": (*HEAD, Canned(200, {**S3, "Expires": "never"})),
    "s3-expires-epoch-text": (*HEAD, Canned(200, {**S3, "Expires": "0"})),
    "s3-expires-empty": (*HEAD, Canned(200, {**S3, "Expires": ""})),
    "s3-expires-on-error": (*HEAD, Canned(404, {**S3, "Expires": "never"})),
    "s3-expires-get-object": (
        "s3",
        "get_object",
        {"Bucket": "b", "Key": "k"},
        Canned(200, {**S3, "Expires": "-1", "Content-Length": "2"}, b"hi"),
    ),
    "s3-error-in-200": (
        *COPY,
        Canned(
            200,
            S3,
            b"<Error><Code>InternalError</Code><Message>We encountered an internal error."
            b"</Message><RequestId>s3-req</RequestId></Error>",
        ),
    ),
    "s3-cut-short-200": (*COPY, Canned(200, S3, b"<CopyObjectResult><ETag>x</ET")),
    "s3-namespaced-error-in-200-is-a-result": (
        *COPY,
        Canned(200, S3, b'<Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Error>'),
    ),
    "s3-blob-payload-200-not-checked": (
        "s3",
        "get_bucket_policy",
        {"Bucket": "b"},
        Canned(200, S3, b"<Error><Code>InternalError</Code></Error>"),
    ),
    "ec2-console-utf8": (*CONSOLE, _ec2_console(_b64("boot ok ✓\n".encode()))),
    "ec2-console-not-utf8": (*CONSOLE, _ec2_console(_b64(b"\xff\xfe bytes"))),
    "ec2-console-bad-padding": (*CONSOLE, _ec2_console("abc")),
    "ec2-console-not-latin1": (*CONSOLE, _ec2_console("日本")),
    "ec2-console-junk-dropped": (*CONSOLE, _ec2_console("aGk=!!")),
    "cfn-template-json": (*TEMPLATE, _template('{"b": 1, "a": {"z": [1, 2], "y": null}}')),
    "cfn-template-yaml": (*TEMPLATE, _template("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")),
    "cfn-template-scalar": (*TEMPLATE, _template("42")),
    "oidc-error-description": (
        *TOKEN,
        Canned(
            400,
            {"Content-Type": "application/json", "x-amzn-ErrorType": "InvalidGrantException"},
            b'{"error": "invalid_grant", "error_description": "Code expired"}',
        ),
    ),
    "oidc-message-wins": (
        *TOKEN,
        Canned(
            400,
            {"Content-Type": "application/json", "x-amzn-ErrorType": "InvalidGrantException"},
            b'{"error_description": "Code expired", "message": "kept"}',
        ),
    ),
    "cloudwatch-query-compatible-error": (
        "cloudwatch",
        "get_dashboard",
        {"DashboardName": "d"},
        Canned(
            404,
            {**JSON, "x-amzn-query-error": "ResourceNotFound;Sender"},
            b'{"__type": "com.amazonaws.cloudwatch#DashboardNotFoundError", "message": "no"}',
        ),
    ),
    "sqs-query-compatible-error": (
        "sqs",
        "get_queue_url",
        {"QueueName": "q"},
        Canned(
            400,
            {**JSON, "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"},
            b'{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "no queue"}',
        ),
    ),
    "json-epoch-timestamps": (
        "secretsmanager",
        "describe_secret",
        {"SecretId": "s"},
        Canned(
            200,
            {"Content-Type": "application/x-amz-json-1.1"},
            b'{"Name": "s", "CreatedDate": 1699174800, "LastChangedDate": 1699178400.5,'
            b' "LastAccessedDate": 1678615200.123, "DeletedDate": -86400.25}',
        ),
    ),
    "rest-json-epoch-timestamp": (
        "lambda",
        "get_function_url_config",
        {"FunctionName": "f"},
        Canned(
            200,
            {"Content-Type": "application/json"},
            b'{"FunctionUrl": "u", "FunctionArn": "a", "AuthType": "NONE",'
            b' "CreationTime": "2023-11-05T01:30:00.000+0000", "LastModifiedTime": "x"}',
        ),
    ),
    "cbor-epoch-timestamp": (
        "cloudwatchomni",
        "create_one_time_deep_link_code",
        {"domainId": "d"},
        Canned(
            200,
            {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
            # {"expiresAt": 1(1699174800.5)}: a map, a text key, tag 1, a double
            b"\xa1\x69expiresAt\xc1\xfb" + struct.pack(">d", 1699174800.5),
        ),
    ),
    "rest-xml-header-timestamps": (
        *HEAD,
        Canned(
            200,
            {
                **S3,
                "Last-Modified": "Sun, 05 Nov 2023 09:30:00 GMT",
                "x-amz-object-lock-retain-until-date": "2023-11-05T08:30:00Z",
            },
        ),
    ),
}


@pytest.fixture(params=["UTC", "America/Los_Angeles"])
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's local time zone for the test, then restored."""
    with local_zone(request.param) as name:
        yield name


@pytest.mark.parametrize("case", list(CASES))
def test_same_result(case: str, zone: str) -> None:
    service, method, params, canned = CASES[case]
    boto, mine = make_pair(
        service, {"retries": {"total_max_attempts": 1}}, region_name="us-west-2", **CREDS
    )
    _, expected = call_botocore(boto, method, dict(params), canned)
    _, actual = call_strato(mine, method, dict(params), canned)
    if type(expected).__module__ == "builtins" and isinstance(expected, Exception):
        # botocore crashes with a bare exception; strato's is typed, of the same kind and text.
        assert isinstance(actual, StratoError) and isinstance(actual, type(expected))
        assert str(actual) == str(expected)
        return
    assert comparable(actual) == comparable(expected)


def test_expires_string_and_dropped_header() -> None:
    """What the handler is for, spelled out: the raw text kept, the bad header gone."""
    _, mine = make_pair("s3", region_name="us-west-2", **CREDS)
    canned = Canned(200, {**S3, "Expires": "never"})
    _, result = call_strato(mine, "head_object", {"Bucket": "b", "Key": "k"}, canned)
    assert result["ExpiresString"] == "never" and "Expires" not in result
    assert "expires" not in result["ResponseMetadata"]["HTTPHeaders"]


def test_error_in_200_is_raised_as_500() -> None:
    _, mine = make_pair(
        "s3", {"retries": {"total_max_attempts": 1}}, region_name="us-west-2", **CREDS
    )
    canned = CASES["s3-error-in-200"][3]
    _, error = call_strato(mine, "copy_object", dict(COPY[2]), canned)
    assert type(error).__name__ == "ClientError"
    assert error.response["Error"]["Code"] == "InternalError"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_template_json_keeps_key_order() -> None:
    _, mine = make_pair("cloudformation", region_name="us-west-2", **CREDS)
    canned = CASES["cfn-template-json"][3]
    _, result = call_strato(mine, "get_template", {"StackName": "s"}, canned)
    assert list(result["TemplateBody"]) == ["b", "a"]
    assert json.dumps(result["TemplateBody"]) == '{"b": 1, "a": {"z": [1, 2], "y": null}}'


def test_epoch_timestamps_are_local_time_like_botocore(zone: str) -> None:
    """``tzinfo``, ``hour``, ``isoformat`` and ``tzname`` of an epoch timestamp, across the
    end of daylight time in Los Angeles (the repeated 01:00-02:00 hour)."""
    boto, mine = make_pair("secretsmanager", region_name="us-west-2", **CREDS)
    canned = CASES["json-epoch-timestamps"][3]
    _, expected = call_botocore(boto, "describe_secret", {"SecretId": "s"}, canned)
    _, actual = call_strato(mine, "describe_secret", {"SecretId": "s"}, canned)
    for key in ("CreatedDate", "LastChangedDate", "LastAccessedDate", "DeletedDate"):
        ours, theirs = actual[key], expected[key]
        assert repr(ours.tzinfo) == repr(theirs.tzinfo) == "tzlocal()"
        assert (ours.hour, ours.fold, ours.tzname()) == (theirs.hour, theirs.fold, theirs.tzname())
        assert ours.isoformat() == theirs.isoformat()
        assert ours.timestamp() == theirs.timestamp()
    if zone == "America/Los_Angeles":
        assert actual["CreatedDate"].isoformat() == "2023-11-05T01:00:00-08:00"


def test_error_in_200_is_retried_like_botocore() -> None:
    """The 500 it becomes is what the retry policy sees: both clients send the call again."""
    options = {"retries": {"total_max_attempts": 2, "mode": "standard"}}
    boto, mine = make_pair("s3", options, region_name="us-west-2", **CREDS)
    canned = CASES["s3-error-in-200"][3]
    sent, expected = call_botocore(boto, "copy_object", dict(COPY[2]), canned)
    ours, actual = call_strato(mine, "copy_object", dict(COPY[2]), canned)
    assert len(ours) == len(sent) == 2
    assert comparable(actual) == comparable(expected)
    metadata = actual.response["ResponseMetadata"]
    assert metadata["RetryAttempts"] == expected.response["ResponseMetadata"]["RetryAttempts"]
