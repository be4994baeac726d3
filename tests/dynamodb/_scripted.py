"""A loopback server that answers each request with what a script computes from its body,
recording the raw bytes (as ``client._capture.CaptureServer`` does for empty answers)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

from client._capture import _read_request

#: request body -> answer body (JSON, status 200).
Script = Callable[[bytes], bytes]


class ScriptedServer:
    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.requests: list[bytes] = []
        self.script: Script = lambda body: b"{}"
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
                body = self.script(raw.partition(b"\r\n\r\n")[2])
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                )

    def take(self) -> list[bytes]:
        taken, self.requests = self.requests, []
        return taken

    def close(self) -> None:
        self._socket.shutdown(socket.SHUT_RDWR)  # wakes the accept() the thread waits in
        self._socket.close()
        self._thread.join(5)
