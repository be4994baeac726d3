"""One call through botocore and through strato over real sockets, compared on the wire.

Both clients use their own urllib3 paths against a :class:`~wire.server.CaptureServer` at
the frozen clock of ``tests/client/_harness.py``. Over TLS every host name resolves to the
loopback server (``socket.getaddrinfo`` is patched only around the call) and the
certificates come from a throwaway CA given to both clients as ``verify=``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import socket
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.config
import botocore.session

import strato
from client._harness import frozen

from .server import CaptureServer, RawRequest, Reply
from .tls import Authority

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}
#: Headers each client sets its own way (the issue compares every other header).
UNCOMPARED_HEADERS = frozenset({"user-agent", "x-amz-user-agent", "amz-sdk-invocation-id"})
#: name -> (scheme, region, credentials): where and as whom both clients call.
VARIANTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "http": ("http", "us-west-2", CREDS),
    "tls": ("https", "us-west-2", CREDS),
    "tls-token": ("https", "eu-central-1", TOKEN),
}
_RETRIES = {"total_max_attempts": 1}


class Wire:
    """A plain and a TLS capture server (per process), and clients aimed at them."""

    def __init__(self, directory: Path) -> None:
        self.authority = Authority(directory)
        self.http = CaptureServer()
        self.tls = CaptureServer(self.authority.context)
        self._clients: OrderedDict[tuple[str, str], tuple[Any, Any]] = OrderedDict()

    def close(self) -> None:
        for boto, mine in self._clients.values():
            boto.close()
            mine.close()
        self.http.close()
        self.tls.close()

    def server(self, variant: str) -> CaptureServer:
        return self.http if VARIANTS[variant][0] == "http" else self.tls

    def clients(self, service: str, variant: str) -> tuple[Any, Any]:
        """(botocore, strato) for ``service``; either may be the exception creation raised.

        The last few pairs are kept: a service's models are large, and tests run by service.
        """
        key = (service, variant)
        if key in self._clients:
            self._clients.move_to_end(key)
            return self._clients[key]
        scheme, region, credentials = VARIANTS[variant]
        kwargs: dict[str, Any] = {"region_name": region, **credentials}
        if scheme == "http":
            kwargs["endpoint_url"] = f"http://127.0.0.1:{self.http.port}"
        else:
            kwargs["verify"] = str(self.authority.ca_file)
        pair = (
            _created(_botocore_client, service, kwargs),
            _created(_strato_client, service, kwargs),
        )
        self._clients[key] = pair
        while len(self._clients) > 6:
            _, (boto, mine) = self._clients.popitem(last=False)
            for client in (boto, mine):
                if not isinstance(client, Exception):
                    client.close()
        return pair

    def call(
        self, client: Any, method: str, params: dict[str, Any], variant: str, reply: Reply | None
    ) -> Exchange:
        """Call ``method`` at the frozen clock; what reached the server, and the outcome."""
        server = self.server(variant)
        server.take()
        if reply is not None:
            server.responder = lambda _request: reply
        with frozen(), resolving_to(server.port):
            try:
                result: Any = getattr(client, method)(**copy.deepcopy(params))
                result = _read_streams(result)
            except Exception as e:
                result = e
        requests, errors = server.take()
        return Exchange(requests, result, errors)


@dataclass
class Exchange:
    """The requests one call sent (as received) and what the call returned or raised."""

    requests: list[RawRequest]
    outcome: Any
    server_errors: list[str] = field(default_factory=list)


@functools.cache
def botocore_session() -> botocore.session.Session:
    """One botocore session for every client and model of the run, made at first use (so
    inside the isolated home). A new session re-reads endpoints.json, the partitions and
    the service's model: that was most of the time spent making a client pair."""
    return botocore.session.Session()


def _botocore_client(service: str, kwargs: dict[str, Any]) -> Any:
    config = botocore.config.Config(retries=_RETRIES)
    return botocore_session().create_client(service, config=config, **kwargs)


def _strato_client(service: str, kwargs: dict[str, Any]) -> Any:
    return strato.Session().client(service, config=strato.Config(retries=_RETRIES), **kwargs)


def _created(make: Any, service: str, kwargs: dict[str, Any]) -> Any:
    try:
        return make(service, kwargs)
    except Exception as e:
        return e


@contextlib.contextmanager
def resolving_to(port: int) -> Iterator[None]:
    """Every name (and port) resolves to the loopback server while the call runs."""
    real = socket.getaddrinfo

    def loopback(host: Any, _port: Any, family: int = 0, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1", port, socket.AF_INET, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", loopback):
        yield


def _read_streams(value: Any) -> Any:
    """Results with streaming bodies read out inside the call (the connection is live)."""
    if isinstance(value, dict):
        return {k: _read_streams(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_read_streams(v) for v in value]
    if type(value).__name__ == "EventStream":
        return ("event-stream", [_read_streams(event) for event in value])
    if type(value).__name__ == "StreamingBody":
        return ("stream", value.read())
    return value


def method_name(client: Any, operation: str) -> str:
    """The client method that calls ``operation``."""
    mapping: dict[str, str] = client.meta.method_to_api_mapping
    return next(k for k, v in mapping.items() if v == operation)
