"""Random modeled responses parse to the same results (or errors) in botocore and strato.

For a fixed sample of services of every protocol and a fixed sample of their operations,
``responses.modeled_response`` draws an answer, the canned-response harness of
``tests/client/_harness.py`` hands it to both clients, and ``responses.comparable`` of the two
outcomes must be equal (``conftest.py`` isolates the home). Everything runs twice: in UTC
and in America/Los_Angeles, where epoch timestamps come back in local time (botocore's
``tzlocal()``).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from typing import Any

import botocore.config
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from client._harness import Canned, call_botocore, call_strato
from client.strategies import operation_params

from .responses import comparable, local_zone, modeled_response

#: protocol -> services whose responses are compared.
SERVICES = {
    "query": ["sts", "iam", "cloudformation", "sns", "elbv2"],
    "ec2": ["ec2"],
    "json": ["dynamodb", "sqs", "cloudwatch", "secretsmanager", "logs", "kinesis"],
    "rest-json": ["sso-oidc", "lambda", "apigateway", "efs", "iot"],
    "rest-xml": ["s3", "route53", "cloudfront"],
    "smithy-rpc-v2-cbor": ["cloudwatchomni", "eventbridgev2"],
}
#: Operations always included for their response shapes (payloads, headers, flattening).
FEATURED = {
    "s3": ["GetObject", "HeadObject", "ListObjectsV2", "GetBucketAcl", "GetObjectTagging"],
    "lambda": ["Invoke", "GetFunction"],
    "ec2": ["DescribeInstances", "GetConsoleOutput"],
    "cloudformation": ["GetTemplate", "DescribeStacks"],
    "sqs": ["ReceiveMessage", "GetQueueAttributes"],
    "cloudwatch": ["GetDashboard"],
    "sso-oidc": ["CreateToken"],
    "dynamodb": ["GetItem", "DescribeTable"],
    "route53": ["ListHostedZones"],
    "sts": ["AssumeRole"],
}
PER_SERVICE = 3
REGION = "us-west-2"
CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
ZONES = ["UTC", "America/Los_Angeles"]

_models = botocore.session.Session()


def _operations(service: str) -> list[str]:
    """The featured operations plus ``PER_SERVICE`` spread evenly over the sorted rest."""
    model = _models.get_service_model(service)
    names = sorted(
        name
        for name in model.operation_names
        if not model.operation_model(name).has_event_stream_output
    )
    featured = [name for name in FEATURED.get(service, []) if name in names]
    rest = [name for name in names if name not in featured]
    step = max(1, len(rest) // PER_SERVICE)
    return featured + rest[::step][:PER_SERVICE]


CASES = [
    pytest.param(service, operation, id=f"{protocol}-{service}-{operation}")
    for protocol, services in SERVICES.items()
    for service in services
    for operation in _operations(service)
]


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's local time zone for the test (``TZ`` + ``time.tzset``), then restored."""
    with local_zone(request.param) as name:
        yield name


_clients: dict[str, tuple[Any, Any]] = {}


def _pair(service: str) -> tuple[Any, Any]:
    """A botocore and a strato client of ``service``, one attempt per call, made once."""
    if service not in _clients:
        retries = {"retries": {"total_max_attempts": 1}}
        boto = botocore.session.Session().create_client(
            service, REGION, config=botocore.config.Config(**retries), **CREDS
        )
        mine = strato.Session().client(service, REGION, config=strato.Config(**retries), **CREDS)
        _clients[service] = (boto, mine)
    return _clients[service]


@pytest.mark.parametrize(("service", "operation"), CASES)
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_modeled_responses_parse_alike(
    zone: str, service: str, operation: str, data: st.DataObject
) -> None:
    boto, mine = _pair(service)
    model = boto.meta.service_model
    params = data.draw(operation_params(model.operation_model(operation)), label="params")
    status, headers, body = modeled_response(model, operation, data)
    canned = Canned(status, dict(headers), body)
    method = _method_name(boto, operation)
    _, expected = call_botocore(boto, method, copy.deepcopy(params), canned)
    _, actual = call_strato(mine, method, copy.deepcopy(params), canned)
    assert comparable(actual) == comparable(expected)


def _method_name(client: Any, operation: str) -> str:
    return next(m for m, name in client.meta.method_to_api_mapping.items() if name == operation)


# --- the generator and the normal form themselves -------------------------------------------


@settings(max_examples=60, derandomize=True, deadline=None)
@given(data=st.data())
def test_responses_are_well_formed(data: st.DataObject) -> None:
    """Every header once, a Content-Length that is the body's, XML and JSON that parse."""
    import json
    from xml.etree import ElementTree

    service = data.draw(st.sampled_from([s for group in SERVICES.values() for s in group]))
    model = _models.get_service_model(service)
    operation = data.draw(st.sampled_from(sorted(model.operation_names)))
    status, headers, body = modeled_response(model, operation, data)
    names = [name.lower() for name, _ in headers]
    assert len(names) == len(set(names))
    token = set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~")
    for name, value in headers:
        assert name and set(name.lower()) <= token, name
        assert value.isascii() and value.isprintable() and value == value.strip(), value
    assert 200 <= status < 600
    if model.operation_model(operation).http.get("method") == "HEAD":
        assert body == b""
    content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
    if body and "xml" in content_type:
        ElementTree.fromstring(body)
    elif body and "json" in content_type:
        json.loads(body)


def test_comparable_keeps_instant_offset_and_wall_clock() -> None:
    utc = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    plus_two = utc.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert utc == plus_two
    assert comparable({"T": utc}) != comparable({"T": plus_two})
    assert comparable({"T": utc}) == comparable({"T": utc.replace(tzinfo=datetime.UTC)})
    naive = datetime.datetime(2024, 1, 1, 12)
    assert comparable(naive) != comparable(utc)


def test_comparable_reduces_metadata_and_reads_streams() -> None:
    import io

    first = {
        "Body": io.BytesIO(b"abc"),
        "ResponseMetadata": {
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"X-A": "1"},
            "RequestId": "r",
            "RetryAttempts": 0,
            "HostId": "h",
        },
    }
    second = {
        "Body": io.BytesIO(b"abc"),
        "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {"x-a": "1"}, "RequestId": "r"},
    }
    assert comparable(first) == comparable(second)
    assert comparable({"Body": io.BytesIO(b"abd")}) != comparable({"Body": io.BytesIO(b"abc")})
    assert comparable(ValueError("x")) == ("raised", "ValueError", "x", None)
