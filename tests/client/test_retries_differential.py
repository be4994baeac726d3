"""Differential: retries against a loopback server that fails on cue.

The same scripted answers (5xx, throttling, 429, connection resets, successes) go to a
botocore client and a strato client. ``time.sleep`` is replaced by a recorder and the
shared ``random`` generator is seeded alike for both, so the delays each library asks for
are compared exactly, with the number of requests and the final result or error
(``RetryAttempts``, ``MaxAttemptsReached``, ``RetryQuotaReached``). Nothing is timed.
"""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import botocore.config
import botocore.session
import pytest

import strato

from ._compare import outcome_view

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
RESET = "reset"  # close the connection without an answer

Answer = tuple[int, dict[str, str], bytes] | str


def _query_error(code: str) -> bytes:
    return (
        "<ErrorResponse><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>"
    ).encode()


STS_OK: Answer = (
    200,
    {"Content-Type": "text/xml"},
    b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account>"
    b"</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
    b"</ResponseMetadata></GetCallerIdentityResponse>",
)


def sts_error(status: int, code: str, **headers: str) -> Answer:
    return (status, {"Content-Type": "text/xml", **headers}, _query_error(code))


def ddb_error(status: int, code: str) -> Answer:
    body = ('{"__type":"com.amazonaws.dynamodb.v20120810#' + code + '","message":"m"}').encode()
    return (status, {"Content-Type": "application/x-amz-json-1.0"}, body)


DDB_OK: Answer = (200, {"Content-Type": "application/x-amz-json-1.0"}, b'{"TableNames":[]}')


class ScriptedServer:
    """Answers each request with the next scripted answer (then the last one again)."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._answers: list[Answer] = []
        self.requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def script(self, answers: list[Answer]) -> None:
        with self._lock:
            self._answers = list(answers)
            self.requests = 0

    def _next(self) -> Answer:
        with self._lock:
            index = min(self.requests, len(self._answers) - 1)
            self.requests += 1
            return self._answers[index]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        buffer = b""
        with conn:
            while not self._stop.is_set():
                try:
                    while b"\r\n\r\n" not in buffer:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    head, _, buffer = buffer.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    while len(buffer) < length:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    buffer = buffer[length:]
                except OSError:
                    return
                answer = self._next()
                if answer == RESET:
                    return
                status, headers, body = answer
                lines = [f"HTTP/1.1 {status} X"]
                lines += [f"{k}: {v}" for k, v in {**headers, "Content-Length": len(body)}.items()]
                conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer()
    yield running
    running.close()


@contextmanager
def recorded_sleeps(seed: int) -> Iterator[list[float]]:
    sleeps: list[float] = []
    random.seed(seed)
    with mock.patch("time.sleep", sleeps.append):
        yield sleeps


def _clients(service: str, url: str, retries: dict[str, Any] | None) -> tuple[Any, Any]:
    options: dict[str, Any] = {"retries": retries} if retries is not None else {}
    boto = botocore.session.Session().create_client(
        service,
        region_name="us-east-1",
        endpoint_url=url,
        config=botocore.config.Config(**options),
        **CREDS,
    )
    mine = strato.Session().client(
        service, region_name="us-east-1", endpoint_url=url, config=strato.Config(**options), **CREDS
    )
    return boto, mine


def _run(
    server: ScriptedServer, client: Any, method: str, calls: list[list[Answer]], seed: int
) -> list[tuple[Any, int, list[float]]]:
    """Per call: (result or error as compared, requests the server saw, sleeps asked for)."""
    results = []
    for script in calls:
        server.script(script)
        with recorded_sleeps(seed) as sleeps:
            try:
                outcome: Any = getattr(client, method)()
            except Exception as error:
                outcome = error
        results.append((_view(outcome), server.requests, sleeps))
        seed += 1
    return results


def _view(outcome: Any) -> Any:
    view = outcome_view(outcome)
    if isinstance(outcome, Exception):
        return (*view[:2], _metadata(view[2]))
    return _metadata(view)


def _metadata(response: Any) -> Any:
    """The response without ``HTTPHeaders`` (what is compared here is the retry fields)."""
    if not isinstance(response, dict):
        return response
    meta = dict(response.get("ResponseMetadata", {}))
    meta.pop("HTTPHeaders", None)
    return {**response, "ResponseMetadata": meta}


SCENARIOS: dict[str, tuple[str, str, dict[str, Any] | None, list[list[Answer]]]] = {
    "5xx-until-max": ("sts", "get_caller_identity", None, [[sts_error(500, "InternalError")]]),
    "503-then-ok": (
        "sts",
        "get_caller_identity",
        None,
        [[sts_error(503, "ServiceUnavailable"), STS_OK]],
    ),
    "throttling-then-ok": (
        "sts",
        "get_caller_identity",
        {"total_max_attempts": 5},
        [[sts_error(400, "Throttling"), sts_error(400, "Throttling"), STS_OK]],
    ),
    "unmodeled-429": ("sts", "get_caller_identity", None, [[sts_error(429, "Whatever")]]),
    "not-retryable": ("sts", "get_caller_identity", None, [[sts_error(400, "AccessDenied")]]),
    "retry-after": (
        "sts",
        "get_caller_identity",
        None,
        [[sts_error(503, "SlowDown", **{"x-amz-retry-after": "1500"}), STS_OK]],
    ),
    "resets": ("sts", "get_caller_identity", None, [[RESET]]),
    "reset-then-ok": ("sts", "get_caller_identity", None, [[RESET, STS_OK]]),
    "quota-spent": (
        "sts",
        "get_caller_identity",
        {"total_max_attempts": 12},
        [[sts_error(500, "InternalError")]] * 5 + [[STS_OK], [sts_error(502, "x"), STS_OK]],
    ),
    "quota-throttling": (
        "sts",
        "get_caller_identity",
        {"total_max_attempts": 30},
        [[sts_error(400, "Throttling")]] * 4 + [[sts_error(400, "Throttling"), STS_OK]],
    ),
    "dynamodb": ("dynamodb", "list_tables", None, [[ddb_error(500, "InternalServerError")]]),
    "dynamodb-throttled": (
        "dynamodb",
        "list_tables",
        None,
        [[ddb_error(400, "ProvisionedThroughputExceededException"), DDB_OK]],
    ),
    "legacy-5xx": (
        "sts",
        "get_caller_identity",
        {"mode": "legacy"},
        [[sts_error(500, "InternalError")], [sts_error(503, "x"), STS_OK]],
    ),
    "legacy-throttling-403": (
        "sts",
        "get_caller_identity",
        {"mode": "legacy", "max_attempts": 3},
        [[sts_error(400, "Throttling")], [sts_error(403, "Throttling")]],
    ),
    "legacy-resets": ("sts", "get_caller_identity", {"mode": "legacy"}, [[RESET]]),
    "legacy-dynamodb": (
        "dynamodb",
        "list_tables",
        {"mode": "legacy"},
        [[ddb_error(500, "InternalServerError")]],
    ),
    "adaptive-5xx": ("sts", "get_caller_identity", {"mode": "adaptive"}, [[sts_error(500, "e")]]),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_same_retries(server: ScriptedServer, scenario: str) -> None:
    service, method, retries, calls = SCENARIOS[scenario]
    boto, mine = _clients(service, server.url, retries)
    theirs = _run(server, boto, method, calls, seed=7)
    ours = _run(server, mine, method, calls, seed=7)
    assert ours == theirs
    assert any(sleeps for _, _, sleeps in theirs) or scenario == "not-retryable"


def test_quota_is_per_client(server: ScriptedServer) -> None:
    """A client whose quota is spent stops retrying; a new client starts with a full one."""
    calls = [[sts_error(500, "InternalError")]] * 4
    spent_boto, spent_mine = _clients("sts", server.url, {"total_max_attempts": 12})
    theirs = _run(server, spent_boto, "get_caller_identity", calls, seed=1)
    ours = _run(server, spent_mine, "get_caller_identity", calls, seed=1)
    assert ours == theirs
    assert [requests for _, requests, _ in ours] == [12, 12, 12, 3]
    fresh_boto, fresh_mine = _clients("sts", server.url, {"total_max_attempts": 12})
    theirs = _run(server, fresh_boto, "get_caller_identity", calls[:1], seed=3)
    ours = _run(server, fresh_mine, "get_caller_identity", calls[:1], seed=3)
    assert ours == theirs
    assert ours[0][1] == 12
