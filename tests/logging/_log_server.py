"""A loopback server with canned answers, for both libraries' DEBUG records.

Answers are fixed bytes with fixed headers (no ``Date``/``Server``), so the records of
two calls are comparable. ``answers`` maps a request's STS action, ``X-Amz-Target`` or
path to (status, content type, body); a list is answered in order, then its last item.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

Answer = tuple[int, str, bytes]

CALLER = (
    200,
    "text/xml",
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/log</Arn>"
    b"<UserId>AIDALOG</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    b"<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
    b"</GetCallerIdentityResponse>",
)
THROTTLED = (
    400,
    "text/xml",
    b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
    b"<Message>Rate exceeded</Message></Error><RequestId>req-2</RequestId></ErrorResponse>",
)


def assumed_role(key: str, secret: str, token: str) -> Answer:
    return (
        200,
        "text/xml",
        (
            '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<AssumeRoleResult><Credentials><AccessKeyId>{key}</AccessKeyId>"
            f"<SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>"
            "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>"
            "<AssumedRoleId>AROALOG:s</AssumedRoleId>"
            "<Arn>arn:aws:sts::123456789012:assumed-role/log/s</Arn></AssumedRoleUser>"
            "</AssumeRoleResult><ResponseMetadata><RequestId>req-3</RequestId>"
            "</ResponseMetadata></AssumeRoleResponse>"
        ).encode(),
    )


class CannedServer:
    def __init__(self) -> None:
        self.answers: dict[str, Answer | list[Answer]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("X-Amz-Target") or self.path.split("?")[0]
                if self.command == "POST" and self.headers.get("X-Amz-Target") is None:
                    key = parse_qs(body.decode()).get("Action", [key])[0]
                status, content_type, payload = server.answer(key)
                self.send_response_only(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("x-amzn-RequestId", "req")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _any

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def answer(self, key: str) -> Answer:
        found = self.answers.get(key, CALLER)
        if isinstance(found, list):
            return found.pop(0) if len(found) > 1 else found[0]
        return found

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
