"""IAM Identity Center on 127.0.0.1: the portal's ``GetRoleCredentials`` and ``Logout``,
SSO-OIDC's ``CreateToken``, ``RegisterClient`` and ``StartDeviceAuthorization``; and AWS Sign-In's
``CreateOAuth2Token`` (``POST /v1/token``), which refreshes ``aws login`` sessions.

Shaped after AWS's API references (portal: ``GET /federation/credentials`` with the
access token in ``x-amz-sso_bearer_token``, errors as ``{"message"}`` with
``x-amzn-ErrorType``; OIDC: JSON ``POST /token``, ``/client/register``,
``/device_authorization``, errors as ``{"error", "error_description"}``). One server
answers both APIs, so ``AWS_ENDPOINT_URL_SSO`` and ``AWS_ENDPOINT_URL_SSO_OIDC`` can
name the same URL. Every request is recorded in order; tests script the state
(accepted tokens, role credentials, refresh tokens, device codes) and faults.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

#: Headers a test may compare between two clients' requests.
RECORDED_HEADERS = ("x-amz-sso_bearer_token", "content-type", "dpop")


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: Any  # parsed JSON, or the raw text when it is not JSON, or None when empty


@dataclass
class Fault:
    """A scripted answer: status, ``x-amzn-ErrorType`` and body (JSON data or raw bytes)."""

    status: int
    error_type: str | None
    body: Any


@dataclass
class Device:
    """A device authorization and what polling it answers next."""

    client_id: str
    state: str = "authorization_pending"  # or "approved", "slow_down", "expired_token", "denied"


@dataclass
class State:
    """What the emulated service knows; tests edit it directly."""

    #: Access tokens the portal accepts (None: any non-empty token).
    access_tokens: set[str] | None = None
    #: (account_id, role_name) -> roleCredentials; unknown pairs get generated ones.
    roles: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    #: Expiration (ms since the epoch) of generated role credentials.
    expiration_ms: int = 4_102_444_800_000  # 2100-01-01
    #: Registered clients: client_id -> client_secret.
    clients: dict[str, str] = field(default_factory=dict)
    #: Refresh tokens CreateToken accepts: refresh token -> client_id.
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    #: Authorization codes CreateToken accepts: code -> client_id.
    codes: dict[str, str] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    #: expiresIn of issued access tokens, and whether a new refresh token comes with them.
    expires_in: int = 28_800
    rotate_refresh_token: bool = True
    #: Scripted answers, per operation name, used first in first out.
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    issued: int = 0
    #: Sign-In refresh tokens CreateOAuth2Token accepts: refresh token -> client id.
    login_refresh_tokens: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (to widen races in concurrency tests).
    delay: float = 0.0


class SSOEmulator:
    """The server, its state and its request log."""

    def __init__(self) -> None:
        self.state = State()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SSOEmulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def reset(self) -> None:
        """Forget the request log and all state (between two libraries' runs)."""
        with self._lock:
            self.state = State()
            self.requests.clear()

    def fail_next(
        self, operation: str, status: int, error_type: str | None, body: Any = None
    ) -> None:
        """Answer the next ``operation`` call with this (a fault, or a canned success)."""
        self.state.faults.setdefault(operation, []).append(Fault(status, error_type, body))

    def env(self) -> dict[str, str]:
        """The variables that point botocore and strato at this server."""
        return {
            "AWS_ENDPOINT_URL_SSO": self.url,
            "AWS_ENDPOINT_URL_SSO_OIDC": self.url,
            "AWS_ENDPOINT_URL_SIGNIN": self.url,
        }

    # --- the service ---------------------------------------------------------------

    def handle(self, req: Request) -> tuple[int, str | None, Any]:
        if self.state.delay:
            time.sleep(self.state.delay)
        with self._lock:
            self.requests.append(req)
            operation = operation_of(req)
            if operation is None:
                route = (req.method, req.path)
                return 404, "UnknownOperationException", {"message": f"no route {route}"}
            queued = self.state.faults.get(operation)
            if queued:
                fault = queued.pop(0)
                return fault.status, fault.error_type, fault.body
            answer: tuple[int, str | None, Any] = getattr(self, "_" + operation)(req)
            return answer

    def _GetRoleCredentials(self, req: Request) -> tuple[int, str | None, Any]:
        query = dict(req.query)
        token = dict(req.headers).get("x-amz-sso_bearer_token", "")
        if "role_name" not in query or "account_id" not in query or not token:
            return 400, "InvalidRequestException", {"message": "Missing required parameter"}
        accepted = self.state.access_tokens
        if accepted is not None and token not in accepted:
            return 401, "UnauthorizedException", {"message": "Session token not found or invalid"}
        key = (query["account_id"], query["role_name"])
        creds = self.state.roles.get(key)
        if creds is None:
            creds = {
                "accessKeyId": f"ASIA{key[0]}{key[1]}"[:40],
                "secretAccessKey": f"secret-{key[1]}-{key[0]}",
                "sessionToken": f"session-{token}",
                "expiration": self.state.expiration_ms,
            }
        return 200, None, {"roleCredentials": creds}

    def _Logout(self, req: Request) -> tuple[int, str | None, Any]:
        """The portal's ``Logout``: the bearer token is no longer accepted."""
        token = dict(req.headers).get("x-amz-sso_bearer_token", "")
        if not token:
            return 400, "InvalidRequestException", {"message": "Missing required parameter"}
        if self.state.access_tokens is not None:
            self.state.access_tokens.discard(token)
        return 200, None, {}

    def _issue(self, client_id: str) -> dict[str, Any]:
        self.state.issued += 1
        n = self.state.issued
        answer: dict[str, Any] = {
            "accessToken": f"access-token-{n}",
            "tokenType": "Bearer",
            "expiresIn": self.state.expires_in,
        }
        if self.state.rotate_refresh_token:
            refresh = f"refresh-token-{n}"
            self.state.refresh_tokens[refresh] = client_id
            answer["refreshToken"] = refresh
        return answer

    def _CreateToken(self, req: Request) -> tuple[int, str | None, Any]:
        body = req.body if isinstance(req.body, dict) else {}
        client_id, secret = body.get("clientId"), body.get("clientSecret")
        if client_id not in self.state.clients or self.state.clients[client_id] != secret:
            return _oidc_error(401, "InvalidClientException", "invalid_client", "Invalid client")
        grant = body.get("grantType")
        if grant == "refresh_token":
            if self.state.refresh_tokens.get(body.get("refreshToken", "")) != client_id:
                return _oidc_error(400, "InvalidGrantException", "invalid_grant", "Invalid grant")
            if self.state.rotate_refresh_token:
                del self.state.refresh_tokens[body["refreshToken"]]
            return 200, None, self._issue(client_id)
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            device = self.state.devices.get(body.get("deviceCode", ""))
            if device is None or device.client_id != client_id:
                return _oidc_error(400, "InvalidGrantException", "invalid_grant", "Invalid grant")
            return self._poll(body["deviceCode"], device)
        if grant == "authorization_code":
            if self.state.codes.pop(body.get("code", ""), None) != client_id:
                return _oidc_error(400, "InvalidGrantException", "invalid_grant", "Invalid grant")
            return 200, None, self._issue(client_id)
        return _oidc_error(
            400, "UnsupportedGrantTypeException", "unsupported_grant_type", "Unsupported grant"
        )

    def _poll(self, code: str, device: Device) -> tuple[int, str | None, Any]:
        errors = {
            "authorization_pending": (400, "AuthorizationPendingException"),
            "slow_down": (400, "SlowDownException"),
            "expired_token": (400, "ExpiredTokenException"),
            "denied": (400, "AccessDeniedException"),
        }
        if device.state == "approved":
            del self.state.devices[code]
            return 200, None, self._issue(device.client_id)
        status, error_type = errors[device.state]
        error = "access_denied" if device.state == "denied" else device.state
        return _oidc_error(status, error_type, error, device.state.replace("_", " "))

    def _CreateOAuth2Token(self, req: Request) -> tuple[int, str | None, Any]:
        body = req.body if isinstance(req.body, dict) else {}
        if not dict(req.headers).get("dpop"):
            return 400, "ValidationException", {"error": "invalid_request", "message": "No DPoP"}
        refresh, client_id = body.get("refreshToken", ""), body.get("clientId")
        if (
            body.get("grantType") != "refresh_token"
            or self.state.login_refresh_tokens.pop(refresh, None) != client_id
        ):
            return 400, "AccessDeniedException", {"error": "TOKEN_EXPIRED", "message": "Expired"}
        self.state.issued += 1
        n = self.state.issued
        self.state.login_refresh_tokens[f"login-refresh-{n}"] = str(client_id)
        return (
            200,
            None,
            {
                "accessToken": {
                    "accessKeyId": f"ASIALOGIN{n}",
                    "secretAccessKey": f"login-secret-{n}",
                    "sessionToken": f"login-session-{n}",
                },
                "tokenType": "aws_sigv4",
                "expiresIn": self.state.expires_in,
                "refreshToken": f"login-refresh-{n}",
            },
        )

    def _RegisterClient(self, req: Request) -> tuple[int, str | None, Any]:
        body = req.body if isinstance(req.body, dict) else {}
        if not body.get("clientName") or not body.get("clientType"):
            return _oidc_error(400, "InvalidRequestException", "invalid_request", "Bad request")
        n = len(self.state.clients) + 1
        client_id, secret = f"client-{n}", f"client-secret-{n}"
        self.state.clients[client_id] = secret
        return (
            200,
            None,
            {
                "clientId": client_id,
                "clientSecret": secret,
                "clientIdIssuedAt": 1_700_000_000,
                "clientSecretExpiresAt": 4_102_444_800,
            },
        )

    def _StartDeviceAuthorization(self, req: Request) -> tuple[int, str | None, Any]:
        body = req.body if isinstance(req.body, dict) else {}
        client_id = body.get("clientId")
        if self.state.clients.get(client_id) != body.get("clientSecret"):
            return _oidc_error(401, "InvalidClientException", "invalid_client", "Invalid client")
        n = len(self.state.devices) + 1
        self.state.devices[f"device-code-{n}"] = Device(client_id)
        return (
            200,
            None,
            {
                "deviceCode": f"device-code-{n}",
                "userCode": f"USER-{n:04d}",
                "verificationUri": "https://device.sso.example/",
                "verificationUriComplete": f"https://device.sso.example/?user_code=USER-{n:04d}",
                "expiresIn": 600,
                "interval": 1,
            },
        )


_ROUTES = {
    ("GET", "/federation/credentials"): "GetRoleCredentials",
    ("POST", "/logout"): "Logout",
    ("POST", "/token"): "CreateToken",
    ("POST", "/client/register"): "RegisterClient",
    ("POST", "/device_authorization"): "StartDeviceAuthorization",
    ("POST", "/v1/token"): "CreateOAuth2Token",
}


def operation_of(req: Request) -> str | None:
    """The operation a request calls (``CreateToken``), None for an unknown route."""
    return _ROUTES.get((req.method, req.path))


def _oidc_error(
    status: int, error_type: str, error: str, description: str
) -> tuple[int, str | None, Any]:
    return status, error_type, {"error": error, "error_description": description}


class _Handler(BaseHTTPRequestHandler):
    emulator: SSOEmulator
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read the request log, not stderr

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        headers = tuple(
            (name, self.headers[name]) for name in RECORDED_HEADERS if name in self.headers
        )
        req = Request(
            self.command, parts.path, tuple(sorted(parse_qsl(parts.query))), headers, body
        )
        status, error_type, answer = self.emulator.handle(req)
        data = answer if isinstance(answer, bytes) else json.dumps(answer or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
        if error_type:
            self.send_header("x-amzn-ErrorType", f"{error_type}:http://internal.amazon.com/")
        self.end_headers()
        self.wfile.write(data)

    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve


@contextmanager
def running() -> Iterator[SSOEmulator]:
    """An emulator for the duration of the block."""
    emulator = SSOEmulator().start()
    try:
        yield emulator
    finally:
        emulator.stop()
