"""Transport failures and retries against tiny local servers, each bounded in time.

Every case runs strato and boto3 1.44.8 against the same socket and compares the outcome.
Retry back-off sleeps are recorded instead of slept, and checked against botocore's bounds.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import botocore.config  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import pytest

import strato
from strato.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from ._compare import assert_same
from ._servers import HOST, free_ports

KEYS = {"aws_access_key_id": "AKIDTRANSPORT", "aws_secret_access_key": "secret"}
ONE_ATTEMPT = {"total_max_attempts": 1}
_IDENTITY = b"""<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/retried</Arn>
    <UserId>AIDARETRIED</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"""
_UNAVAILABLE = b"""<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>try again</Message></Error>
  <RequestId>req-503</RequestId>
</ErrorResponse>"""


class Scripted:
    """An HTTP server answering with ``script`` in order (the last answer repeats)."""

    def __init__(self, script: list[tuple[int, bytes]]) -> None:
        self.script = script
        self.requests: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, body = owner.script[min(len(owner.requests), len(owner.script) - 1)]
                owner.requests.append(dict(self.headers.items()))
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def scripted() -> Iterator[Callable[[list[tuple[int, bytes]]], Scripted]]:
    servers: list[Scripted] = []

    def make(script: list[tuple[int, bytes]]) -> Scripted:
        servers.append(Scripted(script))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Back-off delays requested by either library, recorded rather than slept."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    return recorded


def test_closed_port_is_an_endpoint_connection_error(
    strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> None:
    (port,) = free_ports(1)
    url = f"http://{HOST}:{port}"
    config = strato.Config(retries=ONE_ATTEMPT, connect_timeout=2)
    with pytest.raises(EndpointConnectionError) as caught:
        strato_client("sts", url, config=config, **KEYS).get_caller_identity()
    assert str(caught.value) == f'Could not connect to the endpoint URL: "{url}/"'
    assert caught.value.kwargs["endpoint_url"] == f"{url}/"
    reference_config = botocore.config.Config(retries=ONE_ATTEMPT, connect_timeout=2)
    with pytest.raises(botocore.exceptions.EndpointConnectionError) as reference:
        boto3_client("sts", url, config=reference_config, **KEYS).get_caller_identity()
    assert str(caught.value) == str(reference.value)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (into its backlog) and never answers."""
    sock = socket.socket()
    sock.bind((HOST, 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


def test_unanswered_request_is_a_read_timeout_error(
    silent_port: int, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> None:
    url = f"http://{HOST}:{silent_port}"
    config = strato.Config(read_timeout=0.5, retries=ONE_ATTEMPT)
    with pytest.raises(ReadTimeoutError) as caught:
        strato_client("sts", url, config=config, **KEYS).get_caller_identity()
    assert str(caught.value) == f'Read timeout on endpoint URL: "{url}/"'
    reference_config = botocore.config.Config(read_timeout=0.5, retries=ONE_ATTEMPT)
    with pytest.raises(botocore.exceptions.ReadTimeoutError) as reference:
        boto3_client("sts", url, config=reference_config, **KEYS).get_caller_identity()
    assert str(caught.value) == str(reference.value)


def test_two_503s_then_success_is_retried(
    scripted: Callable[[list[tuple[int, bytes]]], Scripted],
    sleeps: list[float],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    script = [(503, _UNAVAILABLE), (503, _UNAVAILABLE), (200, _IDENTITY)]
    server = scripted(script)
    result = strato_client("sts", server.url, **KEYS).get_caller_identity()
    assert result["ResponseMetadata"]["RetryAttempts"] == 2
    assert result["Arn"] == "arn:aws:iam::123456789012:user/retried"
    assert len(server.requests) == 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 1
    assert 0 <= sleeps[1] <= 2
    dates = [request["X-Amz-Date"] for request in server.requests]
    assert all(
        request["Authorization"].startswith("AWS4-HMAC-SHA256") for request in server.requests
    )
    assert dates == sorted(dates)

    reference_server = scripted(script)
    reference = boto3_client("sts", reference_server.url, **KEYS).get_caller_identity()
    assert_same(result, reference)


def test_retries_exhausted_report_max_retries(
    scripted: Callable[[list[tuple[int, bytes]]], Scripted],
    sleeps: list[float],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    server = scripted([(503, _UNAVAILABLE)])
    with pytest.raises(ClientError) as caught:
        strato_client(
            "sts", server.url, config=strato.Config(retries={"max_attempts": 1}), **KEYS
        ).get_caller_identity()
    assert len(server.requests) == 2
    assert caught.value.response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert str(caught.value) == (
        "An error occurred (ServiceUnavailable) when calling the GetCallerIdentity operation "
        "(reached max retries: 1): try again"
    )
    reference_server = scripted([(503, _UNAVAILABLE)])
    with pytest.raises(botocore.exceptions.ClientError) as reference:
        boto3_client(
            "sts",
            reference_server.url,
            config=botocore.config.Config(retries={"max_attempts": 1}),
            **KEYS,
        ).get_caller_identity()
    assert str(caught.value) == str(reference.value)
    assert_same(caught.value.response, reference.value.response)


_DENIED = b"""<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error>
  <RequestId>req-403</RequestId>
</ErrorResponse>"""
_ANSWERS = {"ok": (200, _IDENTITY), "denied": (403, _DENIED), "unavailable": (503, _UNAVAILABLE)}


@pytest.mark.parametrize("answer", list(_ANSWERS))
@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
@pytest.mark.parametrize("attempts", [1, 2])
def test_retry_metadata_matches_botocore(
    attempts: int,
    mode: str,
    answer: str,
    scripted: Callable[[list[tuple[int, bytes]]], Scripted],
    sleeps: list[float],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    """``RetryAttempts``, ``MaxAttemptsReached`` and the error text, per retry mode."""
    retries = {"mode": mode, "total_max_attempts": attempts}
    outcomes = []
    for make, config in (
        (strato_client, strato.Config(retries=retries)),
        (boto3_client, botocore.config.Config(retries=retries)),
    ):
        server = scripted([_ANSWERS[answer]])
        try:
            outcomes.append(make("sts", server.url, config=config, **KEYS).get_caller_identity())
        except Exception as e:
            outcomes.append({"error": str(e), **getattr(e, "response", {})})
        outcomes.append({"requests": len(server.requests)})
    assert outcomes[1] == outcomes[3]
    assert_same(outcomes[0], outcomes[2])
