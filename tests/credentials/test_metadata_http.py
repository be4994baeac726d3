"""The metadata clients' HTTP (``strato.credentials._metadata_http``) against botocore's
(``URLLib3Session`` sending a prepared ``AWSRequest``, as its IMDS and container fetchers
do), on a raw loopback peer: the request bytes, and the errors of spoiled answers."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import botocore.awsrequest
import botocore.httpsession
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.credentials import _metadata_http

Answer = Callable[[socket.socket], object]


class Peer:
    """Accepts connections one at a time, keeps each request head, runs ``answer``."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.heads: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data and (piece := conn.recv(65536)):
                    data += piece
                self.heads.append(data)
                with contextlib.suppress(OSError):  # the client gave up
                    self.answer(conn)


@pytest.fixture
def peer() -> Iterator[Callable[[Answer], Peer]]:
    peers: list[Peer] = []

    def start(answer: Answer) -> Peer:
        peers.append(Peer(answer))
        return peers[-1]

    yield start
    for each in peers:
        each.listener.close()


def _botocore(method: str, url: str, headers: dict[str, str], timeout: float) -> object:
    session = botocore.httpsession.URLLib3Session(timeout=timeout)
    request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=headers)
    response = session.send(request.prepare())
    return response.status_code, response.content


def _strato(method: str, url: str, headers: dict[str, str], timeout: float) -> object:
    response = _metadata_http.send(method, url, headers, timeout)
    return response.status, response.body


def _outcome(send: Callable[..., object], *args: object) -> object:
    try:
        return send(*args)
    except Exception as exc:
        return type(exc).__name__, str(exc)


def _answer(raw: bytes) -> Answer:
    return lambda conn: conn.sendall(raw)


_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/v2/credentials/abc", {"Accept": "application/json", "Authorization": "Basic é"}),
        ("/p/é ä%zz?x=1&y=%2f#frag", {"x-aws-ec2-metadata-token": "tok"}),
        ("", {"Host": "given"}),
    ],
)
def test_get_bytes_are_botocores_but_its_user_agent(
    peer: Callable[[Answer], Peer], path: str, headers: dict[str, str]
) -> None:
    server = peer(_answer(_OK))
    url = f"http://127.0.0.1:{server.port}{path}"
    assert _outcome(_strato, "GET", url, headers, 2.0) == (200, b"ok")
    assert _outcome(_botocore, "GET", url, headers, 2.0) == (200, b"ok")
    ours, theirs = server.heads
    urllib3_agent = b"User-Agent: python-urllib3/"
    assert ours.split(b"\r\n") == [x for x in theirs.split(b"\r\n") if urllib3_agent not in x]


def test_token_put_differs_only_in_where_content_length_goes(
    peer: Callable[[Answer], Peer],
) -> None:
    """http.client's order, kept: Content-Length before the given headers (compatibility)."""
    server = peer(_answer(_OK))
    url = f"http://127.0.0.1:{server.port}/latest/api/token"
    headers = {"x-aws-ec2-metadata-token-ttl-seconds": "21600", "User-Agent": "ua"}
    _strato("PUT", url, headers, 2.0)
    _botocore("PUT", url, headers, 2.0)
    ours, theirs = server.heads
    assert ours == theirs.replace(b"Content-Length: 0\r\n", b"").replace(
        b"Accept-Encoding: identity\r\n", b"Accept-Encoding: identity\r\nContent-Length: 0\r\n"
    )


def _reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


@pytest.mark.parametrize(
    ("answer", "scheme", "expected"),
    [
        (
            _answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
            "http",
            "ConnectionClosedError",
        ),
        (
            _answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            "http",
            "ConnectionClosedError",
        ),
        (_answer(b"garbage\r\n\r\n"), "http", "ConnectionClosedError"),
        (_answer(b""), "http", "ConnectionClosedError"),
        (_reset, "http", "ConnectionClosedError"),
        (lambda conn: time.sleep(1), "http", "ReadTimeoutError"),
        (lambda conn: time.sleep(1), "https", "ReadTimeoutError"),  # a silent TLS handshake
        (_answer(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"), "http", None),
    ],
    ids=["short-chunk", "bad-chunk-size", "garbage", "closed", "reset", "silent", "tls", "short"],
)
def test_spoiled_answers_fail_as_botocore(
    peer: Callable[[Answer], Peer], answer: Answer, scheme: str, expected: str | None
) -> None:
    server = peer(answer)
    url = f"{scheme}://127.0.0.1:{server.port}/x"
    ours = _outcome(_strato, "GET", url, {}, 0.3)
    assert ours == _outcome(_botocore, "GET", url, {}, 0.3)
    if expected is None:
        assert ours == (200, b"abc")  # a body cut short is returned as it came
    else:
        assert isinstance(ours, tuple) and ours[0].startswith(expected)
        assert str(server.port) in ours[1]


def test_refused_is_botocores_endpoint_connection_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    ours = _outcome(_strato, "GET", url, {}, 0.3)
    assert ours == _outcome(_botocore, "GET", url, {}, 0.3)
    assert ours == ("EndpointConnectionError", f'Could not connect to the endpoint URL: "{url}"')


def _urlsplit_where(url: str) -> tuple[bool, str, int | None, str]:
    """What the metadata client sent to before it split URLs itself: urlsplit's reading."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    return parts.scheme == "https", host, port, target


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "http:/"]),
    st.text(st.sampled_from("aZ.-_:@%09[]"), max_size=12),
    st.text(st.sampled_from("/?#&=a%é\t "), max_size=10),
)
def test_urls_are_read_as_urlsplit_reads_them(scheme: str, netloc: str, rest: str) -> None:
    url = scheme + netloc + rest

    def outcome(where: Callable[[str], object]) -> object:
        try:
            return where(url)
        except ValueError as error:
            return str(error)

    assert outcome(_metadata_http._where) == outcome(_urlsplit_where)
