"""A recording reverse proxy on 127.0.0.1 for STS tests: forwards to an upstream (moto)
or answers from a script, and keeps every request in order.

moto does not tell which parameters a request carried, in what order, or which key
signed it; the proxy does, so strato's and botocore's STS calls can be compared.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Request:
    """One request as the proxy saw it (no signature, no dates)."""

    method: str
    path: str
    #: Form parameters in wire order (query string first, then the body).
    params: tuple[tuple[str, str], ...]
    #: The access key id of the ``Authorization`` header, None when unsigned.
    access_key: str | None
    #: The ``X-Amz-Security-Token`` header, None when absent.
    token: str | None

    @property
    def action(self) -> str | None:
        return dict(self.params).get("Action")


@dataclass(frozen=True)
class Answer:
    """A scripted response."""

    status: int
    body: bytes
    content_type: str = "text/xml"


@dataclass
class Recorder:
    """The proxy's state: what it received, and what it answers instead of forwarding."""

    upstream: str | None
    requests: list[Request] = field(default_factory=list)
    #: The answer to each request, in the same order.
    answers: list[Answer] = field(default_factory=list)
    #: Answered first in first out; when empty, requests go upstream.
    script: list[Answer] = field(default_factory=list)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[tuple[Request, Answer]]:
        """The exchanges so far, in order, clearing the record."""
        with self.lock:
            taken = list(zip(self.requests, self.answers, strict=True))
            self.requests, self.answers = [], []
        return taken


def _access_key(authorization: str | None) -> str | None:
    if not authorization or "Credential=" not in authorization:
        return None
    return authorization.split("Credential=", 1)[1].split("/", 1)[0]


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            params = parse_qsl(parts.query, keep_blank_values=True)
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                params += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            request = Request(
                self.command,
                parts.path,
                tuple(params),
                _access_key(self.headers.get("Authorization")),
                self.headers.get("X-Amz-Security-Token"),
            )
            with recorder.lock:
                answer = recorder.script.pop(0) if recorder.script else None
            if answer is None:
                answer = self._forward(body)
            with recorder.lock:
                recorder.requests.append(request)
                recorder.answers.append(answer)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def _forward(self, body: bytes) -> Answer:
            if recorder.upstream is None:
                return Answer(500, b"<Error><Code>NoScript</Code></Error>")
            up = urlsplit(recorder.upstream)
            connection = http.client.HTTPConnection(up.hostname or "", up.port, timeout=30)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = self.headers.get("Host", up.netloc)
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                return Answer(
                    response.status,
                    response.read(),
                    response.getheader("Content-Type") or "text/xml",
                )
            finally:
                connection.close()

        do_GET = do_POST = _serve

    return Handler


@contextmanager
def recording(upstream: str | None = None) -> Iterator[Recorder]:
    """A running proxy in front of ``upstream`` (None: scripted answers only)."""
    recorder = Recorder(upstream)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
