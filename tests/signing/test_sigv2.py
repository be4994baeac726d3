"""SigV2 (``SigV2Auth``): strato's requests equal botocore 1.44.8's at a frozen clock.

Calls run through the canned harness of tests/client (both clients, no network); botocore's
SigV2 reads ``time.gmtime()``, frozen here at the harness's instant.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote_plus

import botocore.config  # type: ignore[import-untyped]
import botocore.credentials  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import pytest

import strato
from client._harness import Canned, call_botocore, call_strato, frozen
from conformance._isolation import Home
from strato.exceptions import UnsupportedSignatureVersionError
from strato.signing import SigningRequest, sign_v2

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**KEYS, "aws_session_token": "FQoGZXIvYXdzEJr//+/="}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path) -> Iterator[None]:
    """No ~/.aws or AWS_* of the machine."""
    with Home(tmp_path).active_under_pytest():
        yield


def _pair(service: str, keys: dict[str, str], region: str, **options: Any) -> tuple[Any, Any]:
    boto = botocore.session.Session().create_client(
        service, region_name=region, config=botocore.config.Config(**options), **keys
    )
    mine = strato.Session().client(
        service, region_name=region, config=strato.Config(**options), **keys
    )
    return boto, mine


@pytest.mark.parametrize("keys", [KEYS, TOKEN], ids=["keys", "token"])
@pytest.mark.parametrize("region", ["us-east-1", "us-west-2", "eu-west-1"])
@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("sdb", "list_domains", {}),
        (
            "sdb",
            "put_attributes",
            {
                "DomainName": "dómain",
                "ItemName": "é ~*'()!",
                "Attributes": [{"Name": "ñ=&", "Value": "v€ +/%20", "Replace": True}],
            },
        ),
        ("sdb", "select", {"SelectExpression": "select * from `d` where a = 'b'"}),
        ("importexport", "list_jobs", {}),
    ],
)
def test_sigv2_requests_match_botocore(
    service: str, method: str, params: dict[str, Any], region: str, keys: dict[str, str]
) -> None:
    boto, mine = _pair(service, keys, region)
    expected, _ = call_botocore(boto, method, params, Canned())
    actual, _ = call_strato(mine, method, params, Canned())
    assert len(actual) == len(expected) == 1
    assert (actual[0].url, actual[0].body) == (expected[0].url, expected[0].body)
    drop = {"user-agent"}
    assert {k: v for k, v in actual[0].headers.items() if k not in drop} == {
        k: v for k, v in expected[0].headers.items() if k not in drop
    }


def test_requested_v2_signs_a_service_whose_endpoint_offers_sigv4() -> None:
    """A version no auth scheme matches is botocore's legacy case: signed as requested."""
    boto, mine = _pair("sts", TOKEN, "eu-west-1", signature_version="v2")
    expected, _ = call_botocore(boto, "get_caller_identity", {}, Canned())
    actual, _ = call_strato(mine, "get_caller_identity", {}, Canned())
    assert actual[0].body == expected[0].body
    assert b"SignatureVersion=2" in actual[0].body


def test_every_retry_is_signed_afresh_as_botocore_does() -> None:
    boto, mine = _pair("sdb", KEYS, "us-west-2", retries={"total_max_attempts": 3})
    failing = Canned(
        status=500,
        body=b"<Response><Errors><Error><Code>InternalError</Code><Message>m</Message>"
        b"</Error></Errors><RequestID>r</RequestID></Response>",
    )
    with mock.patch("time.sleep"):
        expected, _ = call_botocore(boto, "list_domains", {}, failing)
        actual, _ = call_strato(mine, "list_domains", {}, failing)
    assert len(actual) == len(expected) == 3
    assert [r.body for r in actual] == [r.body for r in expected]
    assert actual[2].body.count(b"Signature=") == 1


def test_no_presigned_url_for_sigv2() -> None:
    boto, mine = _pair("sdb", KEYS, "us-west-2")
    with pytest.raises(botocore.exceptions.UnsupportedSignatureVersionError) as theirs:
        boto.generate_presigned_url("list_domains", {})
    with pytest.raises(UnsupportedSignatureVersionError) as ours:
        mine.generate_presigned_url("list_domains", {})
    assert str(ours.value) == str(theirs.value)


def test_a_bodiless_request_gets_the_parameters_appended_to_its_query() -> None:
    request = SigningRequest("GET", "https://sdb.amazonaws.com/path?x=1")
    with frozen():
        result = sign_v2(request, botocore.credentials.ReadOnlyCredentials("AK", "SK", None))
    assert request.url.startswith("https://sdb.amazonaws.com/path?x=1&AWSAccessKeyId=AK&")
    assert result.string_to_sign.startswith("GET\nsdb.amazonaws.com\n/path\nAWSAccessKeyId=AK&")
    assert request.url.endswith("&Signature=" + quote_plus(result.signature))
