"""A small HTTP proxy for the transport tests: CONNECT tunnels and forwarded requests.

Every destination is sent to one ``upstream`` port on loopback (the test server), whatever
host the client names, and the proxy records each request line and its headers. With a TLS
``context`` the proxy itself speaks HTTPS (clients then tunnel TLS inside TLS). A
``reject`` status line answers every request with that status instead.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
from typing import Any


class Proxy:
    def __init__(
        self, upstream: int, context: ssl.SSLContext | None = None, reject: bytes | None = None
    ) -> None:
        self.upstream = upstream
        self.context = context
        self.reject = reject
        self.seen: list[tuple[bytes, dict[str, bytes]]] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        scheme = "https" if context else "http"
        self.url = (
            f"{scheme}://localhost:{self.port}" if context else f"http://127.0.0.1:{self.port}"
        )
        self._threads: list[threading.Thread] = []
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket) -> None:
        self._open.append(client)
        try:
            if self.context is not None:
                client = self.context.wrap_socket(client, server_side=True)
                self._open.append(client)
            head = _read_head(client)
            if head is None:
                return
            line, _, rest = head.partition(b"\r\n")
            headers = {}
            for raw in rest.split(b"\r\n"):
                name, _, value = raw.partition(b":")
                if name:
                    headers[name.decode().lower()] = value.strip()
            self.seen.append((line, headers))
            if self.reject is not None:
                client.sendall(self.reject + b"\r\nContent-Length: 0\r\n\r\n")
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
            self._open.append(upstream)
            if line.startswith(b"CONNECT "):
                client.sendall(b"HTTP/1.0 200 Connection established\r\n\r\n")
            else:  # forward in origin form; one request per connection
                method, target, version = line.split(b" ", 2)
                path = b"/" + target.split(b"://", 1)[1].partition(b"/")[2]
                upstream.sendall(b"%s %s %s\r\n%s\r\n\r\n" % (method, path, version, rest))
            _pipe(client, upstream)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()

    def close(self) -> None:
        self._listener.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(5)


def _read_head(sock: Any) -> bytes | None:
    """Bytes up to the blank line, read one at a time so nothing after it is consumed."""
    data = b""
    while not data.endswith(b"\r\n\r\n"):
        byte = sock.recv(1)
        if not byte:
            return None
        data += byte
    return data[:-4]


def _pipe(client: Any, upstream: socket.socket) -> None:
    """Copy both ways until either side closes."""
    pending = getattr(client, "pending", lambda: 0)
    while True:
        ready = [client] if pending() else select.select([client, upstream], [], [], 10)[0]
        if not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (upstream if sock is client else client).sendall(data)
