"""The bytes that reach a server: strato's request equals botocore 1.44.8's, byte for byte.

Both clients (us-west-2, plain HTTP, one attempt, frozen clock) send to a loopback server
that records what arrives; everything but the User-Agent line must be identical. Covered:
no ``Content-Length`` on bodiless GET/HEAD (but ``Content-Length: 0`` on an empty
DELETE/PUT/POST), paths with ``.``/``..`` segments sent as signed, header values in UTF-8,
the absolute-form target through an HTTP proxy, and SigV2 bodies.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import botocore.config  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import pytest

import strato

from ._capture import CaptureServer, routed_to, without_user_agent
from ._harness import frozen

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**KEYS, "aws_session_token": "FQoGZXIvYXdzEJr//+/="}
_FROZEN_GMTIME = time.gmtime(1715949045)  # harness.FROZEN: 2024-05-17T12:30:45Z


class _BotocoreTime:
    """botocore's SigV2 reads ``time.gmtime()``, not the clock the harness freezes."""

    strftime = staticmethod(time.strftime)

    @staticmethod
    def gmtime(*args: Any) -> time.struct_time:
        return _FROZEN_GMTIME


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    capture = CaptureServer()
    yield capture
    capture.close()


def _clients(
    service: str, keys: dict[str, str], endpoint_url: str | None = None, **options: Any
) -> tuple[Any, Any]:
    options = {"retries": {"total_max_attempts": 1}, **options}
    kwargs: dict[str, Any] = {"region_name": "us-west-2", "endpoint_url": endpoint_url, **keys}
    boto = botocore.session.Session().create_client(
        service, config=botocore.config.Config(**options), use_ssl=False, **kwargs
    )
    mine = strato.Session().client(
        service, config=strato.Config(**options), use_ssl=False, **kwargs
    )
    return boto, mine


def _sent(server: CaptureServer, client: Any, method: str, params: dict[str, Any]) -> bytes:
    # The empty answer may not parse: the request is what counts.
    with (
        routed_to(server),
        frozen(),
        mock.patch("botocore.auth.time", _BotocoreTime),
        contextlib.suppress(Exception),
    ):
        getattr(client, method)(**params)
    (request,) = server.take()
    return without_user_agent(request)


def _assert_same_wire(
    server: CaptureServer,
    service: str,
    method: str,
    params: dict[str, Any],
    keys: dict[str, str] = KEYS,
    endpoint_url: str | None = None,
    **options: Any,
) -> bytes:
    boto, mine = _clients(service, keys, endpoint_url, **options)
    expected = _sent(server, boto, method, params)
    actual = _sent(server, mine, method, params)
    assert actual == expected
    return actual


def _head(raw: bytes) -> list[bytes]:
    return raw.partition(b"\r\n\r\n")[0].split(b"\r\n")


def _has_header(raw: bytes, name: bytes) -> bool:
    return any(line.lower().startswith(name + b":") for line in _head(raw)[1:])


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("lambda", "get_function", {"FunctionName": "f"}),
        ("route53", "list_health_checks", {}),
        ("s3", "head_object", {"Bucket": "bucket", "Key": "k"}),
    ],
)
def test_bodiless_get_and_head_carry_no_content_length(
    server: CaptureServer, service: str, method: str, params: dict[str, Any]
) -> None:
    sent = _assert_same_wire(server, service, method, params)
    assert not _has_header(sent, b"content-length")


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("lambda", "delete_function", {"FunctionName": "f"}),
        ("s3", "put_object", {"Bucket": "bucket", "Key": "k"}),
        ("s3", "create_multipart_upload", {"Bucket": "bucket", "Key": "k"}),
    ],
)
def test_empty_bodies_of_other_methods_say_content_length_zero(
    server: CaptureServer, service: str, method: str, params: dict[str, Any]
) -> None:
    sent = _assert_same_wire(server, service, method, params)
    assert b"Content-Length: 0" in _head(sent)


@pytest.mark.parametrize(
    ("service", "method", "params", "target"),
    [
        ("s3", "get_object", {"Bucket": "bucket", "Key": "a/./b/../c"}, b"/a/./b/../c"),
        (
            "apigatewaymanagementapi",
            "delete_connection",
            {"ConnectionId": ".."},
            b"/@connections/..",
        ),
        (
            "efs",
            "untag_resource",
            {"ResourceId": "..", "TagKeys": ["k"]},
            b"/2015-02-01/resource-tags/..?tagKeys=k",
        ),
        ("apigateway", "get_resource", {"restApiId": "..", "resourceId": "r"}, b"/restapis/.."),
    ],
)
def test_dot_segments_are_sent_as_built(
    server: CaptureServer, service: str, method: str, params: dict[str, Any], target: bytes
) -> None:
    endpoint_url = None
    if service == "apigatewaymanagementapi":  # its endpoint is the API's own
        endpoint_url = "http://abc.execute-api.us-west-2.amazonaws.com/prod"
    sent = _assert_same_wire(server, service, method, params, endpoint_url=endpoint_url)
    assert target in _head(sent)[0]


def test_header_values_are_utf8(server: CaptureServer) -> None:
    arn = "arn:aws:chime:us-west-2:123456789012:app-instance/x"
    sent = _assert_same_wire(
        server,
        "chime-sdk-messaging",
        "list_channels",
        {"AppInstanceArn": arn, "ChimeBearer": "cafés"},
    )
    assert b"x-amz-chime-bearer: caf\xc3\xa9s" in _head(sent)


def test_header_values_outside_latin1_are_sent(server: CaptureServer) -> None:
    sent = _assert_same_wire(
        server, "s3", "put_object", {"Bucket": "bucket", "Key": "k", "ContentType": "text/€"}
    )
    assert b"Content-Type: text/\xe2\x82\xac" in _head(sent)


def test_through_an_http_proxy_the_target_is_botocores_absolute_url(
    server: CaptureServer,
) -> None:
    """Absolute form, as botocore sends it (urllib3 drops the dot segments of an absolute
    URL in both libraries), and no proxy headers of urllib3's ProxyManager."""
    proxies = {"http": f"http://127.0.0.1:{server.port}"}
    sent = _assert_same_wire(
        server, "s3", "get_object", {"Bucket": "bucket", "Key": "d/../k é"}, proxies=proxies
    )
    assert _head(sent)[0].startswith(b"GET http://bucket.s3.us-west-2.amazonaws.com/")
    assert not _has_header(sent, b"accept")


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("sdb", "list_domains", {}),
        (
            "sdb",
            "put_attributes",
            {
                "DomainName": "d",
                "ItemName": "é ~*",
                "Attributes": [{"Name": "n", "Value": "v€ +/", "Replace": True}],
            },
        ),
        ("importexport", "list_jobs", {}),
    ],
)
def test_sigv2_services_on_the_wire(
    server: CaptureServer, service: str, method: str, params: dict[str, Any]
) -> None:
    sent = _assert_same_wire(server, service, method, params, keys=TOKEN)
    if service == "sdb":
        assert b"&SignatureVersion=2&SignatureMethod=HmacSHA256&" in sent
    else:  # importexport is modeled v2 but botocore signs it with SigV4
        assert b"Authorization: AWS4-HMAC-SHA256" in sent
