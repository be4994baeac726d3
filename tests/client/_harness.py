"""Run one call through a botocore client and a strato client, capturing the final request.

Nothing leaves the process: botocore's request is taken in a ``before-send`` handler that
returns a canned ``AWSResponse``; strato's client gets a recording object in place of its
``_transport`` (only the network layer is replaced). Both clocks are frozen at ``FROZEN``
and ``uuid.uuid4`` is fixed, so signatures, invocation ids and idempotency tokens agree.
"""

from __future__ import annotations

import datetime
import email.utils
import io
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import botocore.awsrequest

#: The instant both signers see.
FROZEN = datetime.datetime(2024, 5, 17, 12, 30, 45)
_FROZEN_EPOCH = FROZEN.replace(tzinfo=datetime.UTC).timestamp()
FIXED_UUID = uuid.UUID("12345678-1234-4678-9234-567812345678")


class _FrozenDatetime(datetime.datetime):
    """``datetime`` whose ``now`` is ``FROZEN`` (strato's signer reads ``datetime.now(UTC)``)."""

    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> Any:
        instant = FROZEN.replace(tzinfo=datetime.UTC)
        return instant.astimezone(tz) if tz is not None else FROZEN


def _frozen_formatdate(
    timeval: float | None = None, localtime: bool = False, usegmt: bool = False
) -> str:
    return email.utils.formatdate(_FROZEN_EPOCH, localtime, usegmt)


class _FrozenBotocoreTime:
    """botocore.auth's ``time`` module: SigV2's ``Timestamp`` is ``time.gmtime()``."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def gmtime(seconds: float | None = None) -> time.struct_time:
        return time.gmtime(_FROZEN_EPOCH if seconds is None else seconds)


@contextmanager
def frozen() -> Iterator[None]:
    """Freeze both clocks where the signers read them (SigV2's too), and fix ``uuid.uuid4``
    (botocore's) and ``strato._ids.uuid4``."""
    with ExitStack() as stack:
        stack.enter_context(
            mock.patch("botocore.auth.get_current_datetime", lambda *a, **k: FROZEN)
        )
        stack.enter_context(mock.patch("botocore.auth.formatdate", _frozen_formatdate))
        stack.enter_context(mock.patch("botocore.auth.time", _FrozenBotocoreTime()))
        stack.enter_context(mock.patch("strato.signing._util.datetime", _FrozenDatetime))
        stack.enter_context(mock.patch("strato.signing._util.clock", lambda: _FROZEN_EPOCH))
        stack.enter_context(mock.patch("uuid.uuid4", lambda: FIXED_UUID))
        stack.enter_context(mock.patch("strato._ids.uuid4", lambda: str(FIXED_UUID)))
        yield


@dataclass
class Canned:
    """A recorded HTTP response to give back."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Captured:
    """The final request as it would go on the wire (header names lower-cased)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes


def _read_body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if hasattr(body, "read"):
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None:
            body.seek(start)
        return data if isinstance(data, bytes) else data.encode("utf-8")
    return b"".join(body)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _capture(method: str, url: str, headers: Any, body: Any) -> Captured:
    lowered: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        assert key not in lowered, f"header {name} sent twice"
        lowered[key] = _text(value)
    return Captured(method, url, lowered, _read_body(body))


class _RawBody(io.BytesIO):
    """What both clients read a response body from (``stream`` is for botocore)."""

    def stream(self, amt: int = 1024, decode_content: bool = False) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


class BotocoreRecorder:
    """A ``before-send`` handler: records each request, answers with ``canned``."""

    def __init__(self, canned: Canned) -> None:
        self.canned = canned
        self.requests: list[Captured] = []

    def __call__(self, request: Any, **kwargs: Any) -> botocore.awsrequest.AWSResponse:
        self.requests.append(_capture(request.method, request.url, request.headers, request.body))
        return botocore.awsrequest.AWSResponse(
            request.url, self.canned.status, dict(self.canned.headers), _RawBody(self.canned.body)
        )


class _StratoResponse:
    def __init__(self, url: str, canned: Canned) -> None:
        self.url = url
        self.status_code = canned.status
        self.headers = dict(canned.headers)
        self.body = canned.body
        self.raw = _RawBody(canned.body)


class StratoRecorder:
    """Stands in for strato's ``client._transport``: records, answers with ``canned``."""

    def __init__(self, canned: Canned) -> None:
        self.canned = canned
        self.requests: list[Captured] = []

    def send(
        self, method: str, url: str, headers: Any, body: Any, stream: bool = False
    ) -> _StratoResponse:
        self.requests.append(_capture(method, url, headers, body))
        return _StratoResponse(url, self.canned)

    def close(self) -> None:
        """Nothing to release."""


def call_botocore(client: Any, method: str, params: dict[str, Any], canned: Canned) -> Any:
    """(requests, result or raised exception) of one botocore call."""
    recorder = BotocoreRecorder(canned)
    client.meta.events.register("before-send", recorder, unique_id="strato-test-recorder")
    try:
        with frozen():
            result: Any = getattr(client, method)(**params)
    except Exception as e:
        result = e
    finally:
        client.meta.events.unregister("before-send", unique_id="strato-test-recorder")
    return recorder.requests, result


def call_strato(client: Any, method: str, params: dict[str, Any], canned: Canned) -> Any:
    """(requests, result or raised exception) of one strato call."""
    recorder = StratoRecorder(canned)
    client._transport = recorder
    try:
        with frozen():
            result: Any = getattr(client, method)(**params)
    except Exception as e:
        result = e
    return recorder.requests, result
