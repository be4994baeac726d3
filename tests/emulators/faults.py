"""What the metadata emulators share: scripted faults, a request log, a threaded server.

A :class:`Fault` replaces the emulator's own answer to one request: a delay first
(slowness), then a status and body of its choosing, or a dropped connection. Each
emulator keeps a queue of faults per step (``token``, ``role``, ``credentials``,
``get``); a step with an empty queue answers as the real service would.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Fault:
    """How to spoil one answer: wait ``delay`` seconds, then drop the connection or
    answer ``status`` (None: the real status) with ``body`` (None: the real body)."""

    delay: float = 0.0
    status: int | None = None
    body: bytes | None = None
    drop: bool = False


@dataclass(frozen=True)
class Seen:
    """One request as received: method, path with query, and the headers that matter."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        return dict(self.headers).get(name.lower())


class Emulator:
    """A threaded HTTP server on a loopback address, with a fault script and a log."""

    #: Header names (lower case) recorded for each request.
    recorded: ClassVar[tuple[str, ...]] = ()

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.requests: list[Seen] = []
        self.faults: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None

    # --- the script ---------------------------------------------------------------

    def script(self, step: str, faults: Iterable[Fault]) -> None:
        """Spoil the next answers of ``step``, one fault per request, in order."""
        with self._lock:
            self.faults.setdefault(step, []).extend(faults)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.faults.clear()

    def next_fault(self, step: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(step)
            return queue.pop(0) if queue else None

    # --- the server ---------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        emulator = self

        class Handler(_Handler):
            owner = emulator

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_class = type(
            "Server", (http.server.ThreadingHTTPServer,), {"address_family": family}
        )
        self._server = server_class((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def record(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        wanted = tuple(
            (name, value)
            for name in self.recorded
            if (value := handler.headers.get(name)) is not None
        )
        with self._lock:
            self.requests.append(Seen(handler.command, handler.path, wanted))

    def answer(self, handler: _Handler) -> tuple[str, int, bytes, str]:
        """(step, status, body, content type) of the service's own answer."""
        raise NotImplementedError


class _Handler(http.server.BaseHTTPRequestHandler):
    owner: ClassVar[Emulator]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the emulators' log is :attr:`Emulator.requests`."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.owner.record(self)
        step, status, body, content_type = self.owner.answer(self)
        fault = self.owner.next_fault(step)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            status = fault.status if fault.status is not None else status
            body = fault.body if fault.body is not None else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting (a timeout under test)
        self.close_connection = True

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve
