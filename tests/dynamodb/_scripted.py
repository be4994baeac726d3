"""A loopback server that answers each request with what a script computes from its body,
recording the raw bytes (``client._capture.CaptureServer``, which answers empty)."""

from __future__ import annotations

from collections.abc import Callable

from client._capture import CaptureServer

#: request body -> answer body (JSON, status 200).
Script = Callable[[bytes], bytes]


class ScriptedServer(CaptureServer):
    def __init__(self) -> None:
        self.script: Script = lambda body: b"{}"
        super().__init__()  # starts serving: the script must be there first

    def answer(self, raw: bytes) -> bytes:
        body = self.script(raw.partition(b"\r\n\r\n")[2])
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
        )
