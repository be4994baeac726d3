"""strato's HTTP pieces (``strato._http``, the transport's proxy rules) against the
code botocore's path runs: urllib3 2.x and the standard library, on generated inputs.

Request bytes come from urllib3's own ``HTTPConnection.request`` writing into a socket pair;
responses are read by ``http.client`` and normalized as urllib3 does.
"""

from __future__ import annotations

import io
import os
import socket
import urllib.request
from typing import Any
from unittest import mock

import pytest
import urllib3
import urllib3.connection
import urllib3.util.url
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3.util import ssl_match_hostname

from strato import _http
from strato.clients import transport

EXAMPLES = settings(max_examples=150, deadline=None)
_URL_TEXT = st.text(st.sampled_from(list("aZ09-._~!$&'()*+,;=:@/?#% é\x7f€[]\\")), max_size=24)


@EXAMPLES
@given(_URL_TEXT)
def test_origin_targets_are_encoded_as_urllib3(text: str) -> None:
    target = "/" + text
    assert _http.origin_target(target) == urllib3.util.url._encode_target(target)


@EXAMPLES
@given(
    st.sampled_from(["http", "HTTP", "https"]),
    st.sampled_from(["Bucket.S3.Amazonaws.com", "localhost", "127.0.0.1", "[::1]", "[FE80::1]"]),
    st.sampled_from(["", ":80", ":0443", ":8080"]),
    _URL_TEXT,
)
def test_absolute_targets_and_their_host_are_urllib3s(
    scheme: str, host: str, port: str, rest: str
) -> None:
    url = f"{scheme}://{host}{port}/{rest}"
    expected = urllib3.util.url.parse_url(url)._replace(fragment=None).url
    target, host_header = _http.absolute_target(url)
    assert target == expected
    netloc = expected.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    assert host_header == netloc


def _captured(write: Any) -> bytes:
    """What ``write(sock)`` sends, read concurrently (a socket pair's buffer is small)."""
    import threading

    mine, theirs = socket.socketpair()
    received: list[bytes] = []

    def drain() -> None:
        while piece := theirs.recv(65536):
            received.append(piece)

    reader = threading.Thread(target=drain)
    reader.start()
    with mine, theirs:
        try:
            write(mine)
        finally:
            mine.shutdown(socket.SHUT_WR)
            reader.join(10)
    return b"".join(received)


def _urllib3_bytes(
    method: str, target: str, headers: dict[str, Any], body: Any, port: int = 80
) -> bytes:
    def write(sock: socket.socket) -> None:
        conn = urllib3.connection.HTTPConnection("example.com", port)
        conn.sock = sock
        conn.request(method, target, body=body, headers=headers)

    return _captured(write)


def _strato_bytes(
    method: str, target: str, headers: dict[str, Any], body: Any, port: int = 80
) -> bytes:
    def write(sock: socket.socket) -> None:
        host = _http.host_header("example.com", port, 80)
        head, chunks, chunked = _http.request_head(method, target, host, headers, body)
        sock.sendall(head)
        _http.send_body(sock, chunks, chunked)

    return _captured(write)


def _body(kind: str, data: Any) -> Any:
    """A fresh body object of ``kind`` for each library."""
    return {
        "none": lambda: None,
        "bytes": lambda: data,
        "bytearray": lambda: bytearray(data),
        "file": lambda: io.BytesIO(data),
        "chunks": lambda: iter([data[:7], b"", data[7:]]),
        "str": lambda: data,
        "text-file": lambda: io.StringIO(data),
    }[kind]()


_BODIES = st.one_of(
    st.tuples(st.just("none"), st.none()),
    st.tuples(st.sampled_from(["bytes", "bytearray", "file", "chunks"]), st.binary(max_size=40000)),
    st.tuples(st.sampled_from(["str", "text-file"]), st.text(max_size=50)),
)
_HEADER_SETS = st.lists(
    st.sampled_from(
        [
            ("Content-Length", b"3"),
            ("Transfer-Encoding", b"chunked"),
            ("Host", b"given.example"),
            ("Accept-Encoding", b"gzip"),
            ("X-Amz-Meta-A", "v€".encode()),
            ("X-Empty", b""),
            ("Expect", b"100-continue"),
        ]
    ),
    unique_by=lambda pair: pair[0],
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    _BODIES,
    _HEADER_SETS,
    st.sampled_from([80, 8080]),
    st.booleans(),
)
def test_request_bytes_are_urllib3s(
    method: str, body: tuple[str, Any], extra: list[tuple[str, bytes]], port: int, text: bool
) -> None:
    """Header values reach urllib3 as botocore hands them over: bytes (their UTF-8), with a
    User-Agent always present (urllib3 would add its own otherwise); strato's transport
    gets them as bytes or, as a client gives them, as text."""
    headers = {"User-Agent": b"ua", **dict(extra), "X-Amz-Date": b"20240517T123045Z"}
    expected = _urllib3_bytes(method, "/k?a=b", headers, _body(*body), port)
    given = {name: value.decode() for name, value in headers.items()} if text else headers
    assert _strato_bytes(method, "/k?a=b", given, _body(*body), port) == expected


@pytest.mark.parametrize("kind", ["file", "text-file", "chunks", "bytes"])
@pytest.mark.parametrize("framing", [{}, {"Content-Length": b"40000"}])
def test_large_bodies_are_framed_as_urllib3_frames_them(
    kind: str, framing: dict[str, bytes]
) -> None:
    """Files go out in urllib3's 16 KiB blocks (chunk-framed when their length is unknown)."""
    data: Any = bytes(range(256)) * 157 if kind != "text-file" else "é" * 20000
    headers = {"User-Agent": b"ua", **framing}
    expected = _urllib3_bytes("PUT", "/k", headers, _body(kind, data))
    assert _strato_bytes("PUT", "/k", headers, _body(kind, data)) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [("Bad Name", b"v"), ("X", b"a\nb"), ("X", b"a\rb"), (":x", b"v"), ("X", b"ok\r\n folded")],
)
@pytest.mark.parametrize("text", [False, True])
def test_header_checks_are_http_clients(name: str, value: bytes, text: bool) -> None:
    headers = {"User-Agent": b"u", name: value}
    given = {"User-Agent": "u", name: value.decode()} if text else headers
    try:
        _urllib3_bytes("GET", "/", headers, None)
    except ValueError as e:
        with pytest.raises(_http.Failure) as caught:
            _http.request_head("GET", "/", "h", given, None)
        assert str(caught.value.error) == str(e)
    else:
        _http.request_head("GET", "/", "h", given, None)


@pytest.mark.parametrize("name", ["Authorization", "X-Amz-Security-Token", "proxy-authorization"])
def test_an_invalid_secret_header_value_is_not_shown(name: str) -> None:
    """http.client's message shows the value; strato's keeps secrets out of it."""
    with pytest.raises(_http.Failure) as caught:
        _http.request_head("GET", "/", "h", {name: b"SECRET\nx"}, None)
    assert "SECRET" not in str(caught.value.error)
    assert str(caught.value.error) == "Invalid header value b'***'"


class _OneRead(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), len(self._data))
        buffer[:count] = self._data[:count]
        self._data = self._data[count:]
        return count


class _FakeSocket:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_OneRead(self._data))


_RESPONSE_HEADERS = st.lists(
    st.tuples(
        st.sampled_from(["X-A", "x-a", "X-B", "Content-Type", "Set-Cookie", "Bad Name"]),
        st.text(st.sampled_from(list("ab ,\t;=")), max_size=8),
        st.sampled_from(["", "\r\n  folded", "\r\n\tx \r\n y"]),
    ),
    max_size=6,
)


@EXAMPLES
@given(
    _RESPONSE_HEADERS,
    st.sampled_from([b"HTTP/1.1 200 OK", b"HTTP/1.0 404 Nope"]),
    st.sampled_from([b"\r\n", b"\n"]),
    st.booleans(),
)
def test_response_headers_are_urllib3s(
    headers: list[tuple[str, str, str]], status_line: bytes, eol: bytes, continued: bool
) -> None:
    """Heads whole in the buffer with CRLFs only (taken at once) and with bare LFs (read
    line by line), after a ``100 Continue`` or not."""
    import http.client

    lines = [f"{name}: {value}{fold}".encode("latin-1") for name, value, fold in headers]
    raw = status_line + eol + b"".join(line + eol for line in lines)
    raw += b"Content-Length: 2" + eol + eol + b"ok"
    if continued:
        raw = b"HTTP/1.1 100 Continue\r\nX-C: 1\r\n\r\n" + raw
    reference = http.client.HTTPResponse(_FakeSocket(raw))  # type: ignore[arg-type]
    reference.begin()
    expected = dict(
        urllib3.HTTPHeaderDict(urllib3.connection._normalize_header_values(reference.msg))
    )
    mine, theirs = socket.socketpair()
    with mine, theirs:
        theirs.sendall(raw)
        theirs.shutdown(socket.SHUT_WR)
        conn = _http.Connection(mine, ())
        head = _http.read_head(conn, "GET")
        assert head.status == reference.status
        assert head.header_dict() == expected
        body = _http.Body(conn, head, lambda _: None)
        assert body.read_all() == reference.read()


def test_header_lookups_ignore_case_but_keep_the_spelling() -> None:
    headers = _http.HeaderDict({"Content-Length": "5", "x-a": "1"})
    assert headers.get("content-length") == headers["CONTENT-LENGTH"] == "5"
    assert "X-A" in headers and "x-b" not in headers and headers.get("x-b", 0) == 0
    assert dict(headers) == {"Content-Length": "5", "x-a": "1"}


_ENV_NAMES = st.sampled_from(
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "Http_Proxy"]
)


@EXAMPLES
@given(
    env=st.dictionaries(
        _ENV_NAMES, st.sampled_from(["", "http://p:1", "p2:3", "*", "b.c, .d,e:9"])
    ),
    cgi=st.booleans(),
    netloc=st.sampled_from(["a.b.c", "B.C", "d", "x.d:9", "e:9", "e", "x.e", "[::1]:80"]),
)
def test_environment_proxies_are_urllibs(env: dict[str, str], cgi: bool, netloc: str) -> None:
    if cgi:
        env = {**env, "REQUEST_METHOD": "GET"}
    with mock.patch.dict(os.environ, env, clear=True):
        proxies = transport._environment_proxies()
        assert proxies == urllib.request.getproxies_environment()
        reference = urllib.request.proxy_bypass_environment(netloc, proxies)
        assert transport._bypassed(netloc, proxies.get("no")) == reference


_NAMES = st.sampled_from(
    [
        "a.example.com",
        "*.example.com",
        "f*.example.com",
        "*o.example.com",
        "xn--*.example.com",
        "**.example.com",
        "example.com",
        "127.0.0.1",
        "::1",
        "",
    ]
)


@EXAMPLES
@given(
    st.lists(st.tuples(st.sampled_from(["DNS", "IP Address"]), _NAMES), max_size=3),
    st.sampled_from([None, "a.example.com", "other"]),
    st.sampled_from(
        [
            "a.example.com",
            "foo.example.com",
            "A.EXAMPLE.COM",
            "example.com",
            "127.0.0.1",
            "::1",
            "xn--a.example.com",
            "b.a.example.com",
        ]
    ),
)
def test_host_names_are_matched_as_urllib3_matches_them(
    san: list[tuple[str, str]], common_name: str | None, hostname: str
) -> None:
    """botocore's context leaves the check to urllib3 (with the subject's commonName used
    when there are no subjectAltNames)."""
    usable = [(kind, value) for kind, value in san if kind == "DNS" or _http._packed_ip(value)]
    cert: dict[str, Any] = {"subjectAltName": tuple(usable)}
    if common_name:
        cert["subject"] = ((("commonName", common_name),),)
    try:
        ssl_match_hostname.match_hostname(cert, hostname, True)  # type: ignore[arg-type]
    except ssl_match_hostname.CertificateError as e:
        with pytest.raises(_http.CertificateError) as caught:
            _http.match_hostname(cert, hostname)
        assert str(caught.value) == str(e)
    else:
        _http.match_hostname(cert, hostname)


_LABELS = st.lists(
    st.one_of(
        st.text(st.sampled_from("aZ0-_ é"), max_size=5),
        st.integers(62, 65).map(lambda n: "a" * n),
    ),
    min_size=1,
    max_size=4,
)


@EXAMPLES
@given(_LABELS)
def test_names_are_looked_up_as_the_idna_codec_gives_them(labels: list[str]) -> None:
    """An ASCII name goes to getaddrinfo as the bytes the ``idna`` codec would make of it
    (so the codec is not loaded); one the codec refuses, or a non-ASCII one, stays text
    for getaddrinfo to encode or refuse as it did."""
    host = ".".join(labels)
    looked_up = _http._lookup_name(host)
    try:
        encoded = host.encode("idna")
    except UnicodeError:
        assert looked_up == host
        return
    assert looked_up == (encoded if host.isascii() else host)


def test_a_plain_http_call_loads_neither_socket_nor_the_idna_codec() -> None:
    """Plain HTTP runs on ``_socket``: no ``socket`` (selectors, enum), and an ASCII host
    name does not load ``encodings.idna`` (with ``unicodedata`` and ``stringprep``)."""
    import subprocess
    import sys
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    code = (
        "import sys; from strato.clients.transport import Transport; "
        f"r = Transport().send('GET', 'http://localhost:{port}/', {{}}, b''); "
        "print(r.status_code, r.body.decode(), sorted(m for m in sys.modules if m in "
        "('socket', 'selectors', 'encodings.idna', 'unicodedata', 'stringprep', 'ssl')))"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
    finally:
        listener.close()
        thread.join(5)
    assert out.stdout.split(None, 2) == ["200", "ok", "[]\n"]


@pytest.mark.parametrize(
    ("kind", "size", "one_write"),
    [
        ("bytes", 1024, True),
        ("str", 100, True),
        ("file", 1024, True),
        ("chunks", 1024, True),
        ("bytes", 65536, True),
        ("file", 65536, True),
        ("bytes", 65537, False),
        ("file", 65537, False),
        ("chunks", 65537, False),
    ],
)
def test_a_small_body_of_known_length_goes_in_the_heads_write(
    kind: str, size: int, one_write: bool
) -> None:
    """Up to 64 KiB, head and body are one write (urllib3 makes two or more: the same
    bytes); a file is read ahead that far, and with no length given it is chunked."""
    data = b"x" * size
    given = data.decode() if kind == "str" else data
    headers = {"User-Agent": "u", "Content-Length": str(size)}
    head, chunks, chunked = _http.request_head("PUT", "/k", "h", headers, _body(kind, given))
    assert not chunked
    if one_write:
        assert head.endswith(b"\r\n\r\n" + data) and chunks is None
    else:
        assert head.endswith(b"\r\n\r\n") and b"".join(chunks) == data
    del headers["Content-Length"]
    _, chunks, chunked = _http.request_head("PUT", "/k", "h", headers, _body("file", data))
    assert chunked and b"".join(chunks) == data
