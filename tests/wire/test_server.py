"""The capture server records what arrives and answers as an HTTP/1.1 server would."""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import CaptureServer
from .tls import Authority


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    plain = CaptureServer()
    yield plain
    plain.close()


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        assert chunk, f"connection closed before {marker!r}: {data!r}"
        data += chunk
    return data


def test_chunked_body_after_100_continue_with_duplicate_headers(server: CaptureServer) -> None:
    server.responder = lambda request: (201, [("x-answer", "yes")], b"done")
    head = (
        b"PUT /a/./b/../c?x=%2F HTTP/1.1\r\nHost: example.com\r\nX-Dup: 1\r\nx-dup: \xc3\xa9\r\n"
        b"Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    framing = b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nx-amz-checksum-crc32: AAAA\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head)
        assert _read_until(sock, b"\r\n\r\n") == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(framing)
        answer = _read_until(sock, b"done")
    assert answer.startswith(b"HTTP/1.1 201 ")
    assert b"x-answer: yes\r\n" in answer
    (request,), errors = server.take()
    assert errors == []
    assert request.head == head
    assert request.target == b"/a/./b/../c?x=%2F"
    assert request.values("x-dup") == [b"1", b"\xc3\xa9"]
    assert request.body == b"abcde"
    assert request.framing == framing
    assert request.continued


def test_keep_alive_and_head(server: CaptureServer) -> None:
    server.responder = lambda request: (200, [("Content-Length", "5")], b"hello")
    connection = http.client.HTTPConnection("127.0.0.1", server.port)
    connection.request("HEAD", "/one")
    first = connection.getresponse()
    assert first.read() == b""
    connection.request("POST", "/two", body=b"xy")
    second = connection.getresponse()
    assert second.read() == b"hello"
    connection.close()
    requests, _ = server.take()
    assert [(r.method, r.target, r.body) for r in requests] == [
        (b"HEAD", b"/one", b""),
        (b"POST", b"/two", b"xy"),
    ]
    assert requests[1].values("content-length") == [b"2"]


def test_tls_certificate_for_the_name_asked(tmp_path: Path) -> None:
    authority = Authority(tmp_path)
    server = CaptureServer(authority.context)
    try:
        context = ssl.create_default_context(cafile=str(authority.ca_file))
        name = "sts.us-west-2.amazonaws.com"
        with (
            socket.create_connection(("127.0.0.1", server.port)) as raw,
            context.wrap_socket(raw, server_hostname=name) as sock,
        ):
            sock.sendall(b"GET / HTTP/1.1\r\nHost: " + name.encode() + b"\r\n\r\n")
            assert _read_until(sock, b"\r\n\r\n").startswith(b"HTTP/1.1 200 ")
        (request,), _ = server.take()
        assert request.sni == name
        with (
            socket.create_connection(("127.0.0.1", server.port)) as raw,
            pytest.raises(ssl.SSLCertVerificationError),
        ):
            ssl.create_default_context().wrap_socket(raw, server_hostname=name)
    finally:
        server.close()


def test_tls_handshake_on_the_plain_port_is_refused(server: CaptureServer) -> None:
    """An https URL that ignores ``endpoint_url`` fails at once, not at a read timeout."""
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.settimeout(30)  # a guard against hanging the suite, not a timing assertion
        with pytest.raises((ssl.SSLError, ConnectionResetError)):  # not TimeoutError
            ssl.create_default_context().wrap_socket(raw, server_hostname="signin.api.aws")
    assert server.take() == ([], [])
