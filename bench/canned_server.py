"""A loopback HTTP server that answers every request with a canned STS response:
``AssumeRole`` gets role credentials valid until 2099, anything else
``GetCallerIdentity``. ``GET /count`` says how many AssumeRole calls it answered.

Run as a separate process so that its work does not share the benchmark's GIL.
TCP_NODELAY is set so small responses are not held back by Nagle's algorithm.
"""

from __future__ import annotations

import socket
import sys
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


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        request = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = BODY
        if b"Action=AssumeRole&" in request:
            ASSUMED[0] += 1
            body = ROLE_BODY
        self._answer(body, "text/xml")

    def do_GET(self) -> None:
        self._answer(str(ASSUMED[0]).encode(), "text/plain")

    def _answer(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
