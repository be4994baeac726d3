"""A loopback HTTP/1.1 server that records requests as the bytes that arrived.

Each accepted connection gets a thread that serves requests until the client closes it
(keep-alive). A request is recorded before it is answered, so when a client returns from
a call, everything it sent is in :meth:`CaptureServer.take`. ``Expect: 100-continue`` is
answered with ``100 Continue`` before the body is read (botocore waits for it), chunked
bodies are de-framed with the raw framing kept, and HEAD answers carry no body. The plain
server closes a connection that opens with a TLS handshake at once (the client fails as
it would against a port that does not speak TLS) instead of waiting for a request line.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

Header = tuple[bytes, bytes]
#: (status, headers, body) sent back for a request.
Reply = tuple[int, list[tuple[str, str]], bytes]
Responder = Callable[["RawRequest"], Reply]

_REASONS = {100: "Continue", 200: "OK", 204: "No Content", 304: "Not Modified"}
_MAX_HEAD = 1 << 20
#: First byte of a TLS ClientHello record. Some rules ignore ``endpoint_url`` (signin's
#: control plane), so over "http" a client may open TLS to the plain server.
_TLS_HANDSHAKE = b"\x16"


@dataclass
class RawRequest:
    """One request as received: ``head`` is the request line and header block verbatim."""

    head: bytes
    method: bytes
    target: bytes
    headers: list[Header]
    body: bytes
    framing: bytes
    continued: bool = False
    sni: str | None = None

    def values(self, name: str) -> list[bytes]:
        """Every value of a header (case-insensitive name), in the order sent."""
        wanted = name.lower().encode("ascii")
        return [value for key, value in self.headers if key.lower() == wanted]


@dataclass
class _Errors:
    """Protocol errors seen by connection threads (a test fails on any)."""

    messages: list[str] = field(default_factory=list)


def minimal_reply(request: RawRequest) -> Reply:
    """An empty 200: every protocol's parser reads it as an empty result."""
    return 200, [], b""


class CaptureServer:
    """Listens on 127.0.0.1 (an ephemeral port); TLS when ``tls`` is a server context."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.responder: Responder = minimal_reply
        self._lock = threading.Lock()
        self._requests: list[RawRequest] = []
        self._errors = _Errors()
        self._connections: list[socket.socket] = []
        self._closed = False
        self._thread = threading.Thread(target=self._accept, name=f"wire:{self.port}", daemon=True)
        self._thread.start()

    def take(self) -> tuple[list[RawRequest], list[str]]:
        """The requests (and server-side protocol errors) since the last ``take``."""
        with self._lock:
            requests, self._requests = self._requests, []
            errors, self._errors.messages = self._errors.messages, []
        return requests, errors

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        sni: str | None = None
        try:
            if self._tls is not None:
                connection = self._tls.wrap_socket(connection, server_side=True)
                sni = getattr(connection, "strato_sni", None)
            elif connection.recv(1, socket.MSG_PEEK) == _TLS_HANDSHAKE:
                return  # an https URL on the plain port: refuse now, not at a read timeout
            stream = connection.makefile("rb")
            while self._serve_one(connection, stream, sni):
                pass
        except (OSError, ssl.SSLError, EOFError):
            pass  # the client went away (or gave up on the handshake)
        except Exception as e:
            with self._lock:
                self._errors.messages.append(f"{type(e).__name__}: {e}")
        finally:
            with contextlib.suppress(OSError):
                connection.close()
            with self._lock, contextlib.suppress(ValueError):
                self._connections.remove(connection)

    def _serve_one(self, connection: socket.socket, stream: BinaryIO, sni: str | None) -> bool:
        """Read one request, record it, answer it; False when the connection is done."""
        head = _read_head(stream)
        if head is None:
            return False
        method, target, headers = _parse_head(head)
        request = RawRequest(head, method, target, headers, b"", b"", sni=sni)
        if any(v.strip().lower() == b"100-continue" for v in request.values("expect")):
            connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            request.continued = True
        request.body, request.framing = _read_body(stream, request)
        with self._lock:
            self._requests.append(request)
        status, reply_headers, body = self.responder(request)
        connection.sendall(_reply_bytes(method, status, reply_headers, body))
        return not any(v.strip().lower() == b"close" for v in request.values("connection"))


def _read_head(stream: BinaryIO) -> bytes | None:
    lines: list[bytes] = []
    size = 0
    while True:
        line = stream.readline(_MAX_HEAD)
        if not line:
            if lines:
                raise EOFError("connection closed inside a request head")
            return None
        lines.append(line)
        size += len(line)
        if size > _MAX_HEAD:
            raise ValueError("request head too large")
        if line in (b"\r\n", b"\n"):
            return b"".join(lines)


def _parse_head(head: bytes) -> tuple[bytes, bytes, list[Header]]:
    request_line, *header_lines = head.split(b"\r\n")
    method, target, version = request_line.split(b" ")
    if version != b"HTTP/1.1":
        raise ValueError(f"unexpected HTTP version {version!r}")
    headers: list[Header] = []
    for line in header_lines:
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise ValueError(f"header line without a colon: {line!r}")
        headers.append((name, value.strip(b" \t")))
    return method, target, headers


def _read_body(stream: BinaryIO, request: RawRequest) -> tuple[bytes, bytes]:
    """(decoded body, bytes as framed on the wire)."""
    encodings = b",".join(request.values("transfer-encoding")).lower()
    if b"chunked" in encodings:
        return _read_chunked(stream)
    lengths = request.values("content-length")
    if not lengths:
        return b"", b""
    if len(set(lengths)) != 1:
        raise ValueError(f"conflicting Content-Length values {lengths!r}")
    data = _read_exactly(stream, int(lengths[0]))
    return data, data


def _read_chunked(stream: BinaryIO) -> tuple[bytes, bytes]:
    decoded: list[bytes] = []
    raw: list[bytes] = []
    while True:
        size_line = stream.readline(1024)
        raw.append(size_line)
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            while True:  # trailers, then the blank line
                trailer = stream.readline(_MAX_HEAD)
                raw.append(trailer)
                if trailer in (b"\r\n", b"\n", b""):
                    return b"".join(decoded), b"".join(raw)
        chunk = _read_exactly(stream, size)
        crlf = _read_exactly(stream, 2)
        if crlf != b"\r\n":
            raise ValueError(f"chunk not followed by CRLF: {crlf!r}")
        decoded.append(chunk)
        raw += [chunk, crlf]


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError(f"body cut short: {len(data)} of {size} bytes")
    return data


def _reply_bytes(method: bytes, status: int, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}".encode()]
    names = {name.lower() for name, _ in headers}
    lines += [f"{name}: {value}".encode() for name, value in headers]
    bodiless = method == b"HEAD" or status in (204, 304) or 100 <= status < 200
    if "content-length" not in names and "transfer-encoding" not in names and not bodiless:
        lines.append(f"Content-Length: {len(body)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + (b"" if bodiless else body)
