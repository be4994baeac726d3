"""A loopback server that records the raw bytes of each request, for wire comparisons.

``routed_to`` makes every host name resolve to the server (botocore's urllib3 and strato's
own transport both look names up with ``socket.getaddrinfo``), so the clients keep their
real endpoints (and Host headers) over plain HTTP, and nothing leaves the machine.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any
from unittest import mock

_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class CaptureServer:
    """Accepts connections on 127.0.0.1, keeps each request's bytes, answers an empty 200."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                raw = _read_request(conn)
                self.requests.append(raw)
                conn.sendall(self.answer(raw))

    def answer(self, raw: bytes) -> bytes:
        """The whole response to the request ``raw``: an empty 200 (subclasses script it)."""
        return _ANSWER

    def take(self) -> list[bytes]:
        """The requests recorded so far, forgotten by the server."""
        taken, self.requests = self.requests, []
        return taken

    def close(self) -> None:
        # Closing alone does not wake a thread blocked in accept(): shut it down first.
        with suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        self._thread.join(5)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@contextmanager
def routed_to(server: CaptureServer) -> Iterator[None]:
    """Every connection opened inside goes to ``server``."""
    real = socket.getaddrinfo

    def to_server(host: Any, port: Any, family: int = 0, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1", server.port, socket.AF_INET, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", to_server):
        yield


def without_user_agent(raw: bytes) -> bytes:
    """The request without its User-Agent line (a documented difference)."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"user-agent:")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
