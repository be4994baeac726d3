"""A loopback HTTP server with canned answers for the benchmarks.

STS (a form POST): ``AssumeRole`` gets role credentials valid until 2099, anything
else ``GetCallerIdentity``. DynamoDB (a POST with ``X-Amz-Target``): ``GetItem``
answers one item, with the ``x-amz-crc32`` header DynamoDB sends. S3: ``PUT /b/k``
stores nothing and answers an ``ETag``; ``GET /b/k`` answers a 1 KiB object.
``GET /count`` says how many AssumeRole calls it answered.

Run as a separate process so that its work does not share the benchmark's GIL.
TCP_NODELAY is set so small responses are not held back by Nagle's algorithm.
"""

from __future__ import annotations

import socket
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = (
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn>"
    b"<UserId>AIDABENCH</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    b"<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>"
    b"</ResponseMetadata></GetCallerIdentityResponse>"
)


ROLE_BODY = (
    b'<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
    b"<Credentials><AccessKeyId>ASIABENCHROLE</AccessKeyId>"
    b"<SecretAccessKey>benchrolesecret</SecretAccessKey><SessionToken>benchroletoken"
    b"</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
    b"<AssumedRoleUser><AssumedRoleId>AROABENCH:s</AssumedRoleId>"
    b"<Arn>arn:aws:sts::123456789012:assumed-role/bench/s</Arn></AssumedRoleUser>"
    b"</AssumeRoleResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef"
    b"</RequestId></ResponseMetadata></AssumeRoleResponse>"
)
ASSUMED = [0]

ITEM_BODY = b'{"Item":{"id":{"S":"1"},"name":{"S":"bench"},"count":{"N":"42"}}}'
OBJECT = bytes(range(256)) * 4
ETAG = '"b2ea9f7fcea831a4a63b213f41a8855b"'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        request = self._body()
        if "X-Amz-Target" in self.headers:
            crc = str(zlib.crc32(ITEM_BODY))
            self._answer(ITEM_BODY, "application/x-amz-json-1.0", {"x-amz-crc32": crc})
            return
        body = BODY
        if b"Action=AssumeRole&" in request:
            ASSUMED[0] += 1
            body = ROLE_BODY
        self._answer(body, "text/xml")

    def do_PUT(self) -> None:
        self._body()
        self._answer(b"", None, {"ETag": ETAG})

    def do_GET(self) -> None:
        if self.path == "/count":
            self._answer(str(ASSUMED[0]).encode(), "text/plain")
            return
        headers = {"ETag": ETAG, "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"}
        self._answer(OBJECT, "binary/octet-stream", headers)

    def _body(self) -> bytes:
        """The request's body, sent with a length or chunked (S3's streaming uploads)."""
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b""
        while size := int(self.rfile.readline().split(b";")[0], 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass  # trailers (S3's trailing checksum)
        return body

    def _answer(
        self, body: bytes, content_type: str | None, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(200)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
