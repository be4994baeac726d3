"""Recorded HTTP traffic served back, in order, by loopback servers that both libraries reach.

The recordings are smithy-rs ``dvr`` event logs and aws-sdk-kotlin ``TestConnection`` lists
(``http-traffic.json``). While :meth:`Replayer.routing` is active every host name (and IP
literal) resolves to the replayer: port 443 to a TLS server whose certificates come from a
throwaway CA (``ca_file``, given to both libraries as ``AWS_CA_BUNDLE``), any other port to
a plain one. So each library picks its endpoints exactly as it would against AWS, and the
``Host`` header shows which one it picked; nothing leaves the machine.

Like smithy-rs's ``ReplayingClient`` the n-th request gets the n-th recorded answer, but
only if it is the recorded request (method, scheme, host, path and query; headers and body
are checked afterwards, as upstream does). Anything else, including a request past the end
of the recording, is refused with status 599 and kept in :meth:`Replayer.seen` with
``answered=False``, so a test fails on it with the request spelled out.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

from wire.server import CaptureServer, RawRequest, Reply
from wire.tls import Authority

#: The status of a refused request (no client retries it).
REFUSED = 599
#: Framing headers of a recording: the server frames the body it sends itself (upstream
#: corrects recorded content lengths too).
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

Query = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    """One recorded request (headers lower-cased, first value) and the answer to give."""

    method: str
    scheme: str
    host: str
    path: str
    query: Query
    headers: dict[str, str]
    body: bytes
    status: int
    reply_headers: tuple[tuple[str, str], ...]
    reply_body: bytes

    @property
    def target(self) -> str:
        return _target(self.method, self.scheme, self.host, self.path, self.query)


@dataclass(frozen=True)
class Seen:
    """One request as it arrived; ``answered`` is False when it was refused."""

    method: str
    scheme: str
    host: str
    path: str
    query: Query
    headers: dict[str, str]
    body: bytes
    answered: bool

    @property
    def target(self) -> str:
        return _target(self.method, self.scheme, self.host, self.path, self.query)


def load_traffic(path: Path) -> list[Exchange]:
    """The exchanges of an ``http-traffic.json`` in either format, in replay order."""
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return [_kotlin_exchange(entry) for entry in data]
    return _dvr_exchanges(data["events"])


def _kotlin_exchange(entry: dict[str, Any]) -> Exchange:
    request, response = entry["request"], entry["response"]
    return _exchange(
        request["method"],
        request["uri"],
        {k.lower(): v for k, v in request["headers"].items()},
        (request.get("body") or "").encode("utf-8"),
        response["status"],
        [(k, v) for k, v in response["headers"].items()],
        (response.get("body") or "").encode("utf-8"),
    )


def _dvr_exchanges(events: list[dict[str, Any]]) -> list[Exchange]:
    """smithy-rs's log: per connection a Request, Data, Eofs and a Response, by id order."""
    connections: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        connections.setdefault(event["connection_id"], []).append(event["action"])
    exchanges = []
    for conn_id in sorted(connections):
        actions = connections[conn_id]
        request = actions[0]["Request"]["request"]
        sent = b"".join(_data(a, "Request") for a in actions)
        [answer] = [a["Response"]["response"] for a in actions if "Response" in a]
        if "Ok" not in answer:
            raise ValueError(f"connection {conn_id}: only recorded answers are replayed")
        exchanges.append(
            _exchange(
                request["method"],
                request["uri"],
                {k.lower(): v[0] for k, v in request["headers"].items()},
                sent,
                answer["Ok"]["status"],
                [(k, v) for k, values in answer["Ok"]["headers"].items() for v in values],
                b"".join(_data(a, "Response") for a in actions),
            )
        )
    return exchanges


def _data(action: dict[str, Any], direction: str) -> bytes:
    data = action.get("Data")
    if data is None or data["direction"] != direction:
        return b""
    if "Utf8" in data["data"]:
        return str(data["data"]["Utf8"]).encode("utf-8")
    return base64.b64decode(data["data"]["Base64"])


def _exchange(
    method: str,
    uri: str,
    headers: dict[str, str],
    body: bytes,
    status: int,
    reply_headers: list[tuple[str, str]],
    reply_body: bytes,
) -> Exchange:
    parts = urlsplit(uri)
    return Exchange(
        method=method.upper(),
        scheme=parts.scheme,
        host=_host(parts.netloc, parts.scheme),
        path=parts.path or "/",
        query=_query(parts.query),
        headers=headers,
        body=body,
        status=status,
        reply_headers=tuple((k, v) for k, v in reply_headers if k.lower() not in _FRAMING),
        reply_body=reply_body,
    )


def _host(netloc: str, scheme: str) -> str:
    """Lower-cased host, keeping the port only when it is not the scheme's default."""
    host = netloc.lower()
    default = f":{_DEFAULT_PORTS.get(scheme)}"
    return host[: -len(default)] if host.endswith(default) else host


def _query(text: str) -> Query:
    return tuple(sorted(parse_qsl(text, keep_blank_values=True)))


def _target(method: str, scheme: str, host: str, path: str, query: Query) -> str:
    tail = "&".join(f"{k}={v}" for k, v in query)
    return f"{method} {scheme}://{host}{path}" + (f"?{tail}" if tail else "")


class Replayer:
    """A plain and a TLS loopback server answering from one recording at a time."""

    def __init__(self, directory: Path) -> None:
        self.authority = Authority(directory)
        self.ca_file = self.authority.ca_file
        self._plain = CaptureServer()
        self._tls = CaptureServer(self.authority.context)
        self._plain.responder = lambda raw: self._answer("http", raw)
        self._tls.responder = lambda raw: self._answer("https", raw)
        self._lock = threading.Lock()
        self._script: list[Exchange] = []
        self._next = 0
        self._seen: list[Seen] = []
        self._loose_slash = False

    def play(self, script: list[Exchange], *, loose_trailing_slash: bool = False) -> None:
        """Start over with ``script``; ``loose_trailing_slash``: ``/a/`` matches ``/a``."""
        with self._lock:
            self._script, self._next, self._seen = list(script), 0, []
            self._loose_slash = loose_trailing_slash
        self._plain.take()
        self._tls.take()

    def seen(self) -> list[Seen]:
        with self._lock:
            return list(self._seen)

    def unplayed(self) -> list[Exchange]:
        """Recorded exchanges nobody asked for (upstream fails a case that leaves any)."""
        with self._lock:
            return self._script[self._next :]

    def protocol_errors(self) -> list[str]:
        return self._plain.take()[1] + self._tls.take()[1]

    def close(self) -> None:
        self._plain.close()
        self._tls.close()

    @contextlib.contextmanager
    def routing(self) -> Iterator[None]:
        """Every name resolves to the replayer: port 443 to TLS, any other to plain."""
        real = socket.getaddrinfo

        def loopback(host: Any, port: Any, family: int = 0, *args: Any, **kwargs: Any) -> Any:
            server = self._tls if str(port) in ("443", "https") else self._plain
            return real("127.0.0.1", server.port, socket.AF_INET, *args, **kwargs)

        with mock.patch("socket.getaddrinfo", loopback):
            yield

    def _answer(self, scheme: str, raw: RawRequest) -> Reply:
        seen = _seen(scheme, raw)
        with self._lock:
            expected = self._script[self._next] if self._next < len(self._script) else None
            answered = expected is not None and self._matches(expected, seen)
            if answered:
                self._next += 1
            self._seen.append(Seen(**{**seen.__dict__, "answered": answered}))
        if expected is None or not answered:
            wanted = expected.target if expected else "nothing (the recording is over)"
            text = f"replayer: got {seen.target}, the recording expects {wanted}"
            return REFUSED, [("Content-Type", "text/plain")], text.encode()
        return expected.status, list(expected.reply_headers), expected.reply_body

    def _matches(self, expected: Exchange, seen: Seen) -> bool:
        key = (expected.method, expected.scheme, expected.host, expected.query)
        if key != (seen.method, seen.scheme, seen.host, seen.query):
            return False
        if self._loose_slash:
            return expected.path.rstrip("/") == seen.path.rstrip("/")
        return expected.path == seen.path


def _seen(scheme: str, raw: RawRequest) -> Seen:
    parts = urlsplit(raw.target.decode("latin-1"))
    headers: dict[str, str] = {}
    for name, value in raw.headers:
        headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return Seen(
        method=raw.method.decode("ascii"),
        scheme=scheme,
        host=_host(headers.get("host", ""), scheme),
        path=parts.path or "/",
        query=_query(parts.query),
        headers=headers,
        body=raw.body,
        answered=False,
    )
