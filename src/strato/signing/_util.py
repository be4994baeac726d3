"""Helpers shared by the SigV4 and HMAC-v1 signers: clock, host, encoding, body hashing."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import quote, urlsplit

from strato._digests import sha256
from strato.signing._model import Body

_AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
_CHUNK_SIZE = 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_URL_UNSAFE = frozenset("\t\r\n")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def utc_naive(timestamp: datetime | None) -> datetime:
    """The signing instant as a naive UTC datetime (botocore's clock shape); naive input is UTC."""
    if timestamp is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if timestamp.tzinfo is not None:
        return timestamp.astimezone(UTC).replace(tzinfo=None)
    return timestamp


def signing_time(timestamp: datetime | None) -> tuple[str, int]:
    """The signing instant as an ``X-Amz-Date`` stamp and a whole epoch second.

    The clock is read through ``datetime.now`` (where tests freeze it); its stamp is cached
    per second, as formatting a datetime costs more than reading the clock.
    """
    if timestamp is None:
        return _instant(int(datetime.now(UTC).timestamp()))
    now = utc_naive(timestamp)
    return now.strftime(_AMZ_DATE_FORMAT), int(now.replace(tzinfo=UTC).timestamp())


@lru_cache(maxsize=2)
def _instant(second: int) -> tuple[str, int]:
    return time.strftime(_AMZ_DATE_FORMAT, time.gmtime(second)), second


def http_date(epoch: float, *, usegmt: bool) -> str:
    """RFC 1123 date as ``email.utils.formatdate`` writes it, without importing email."""
    t = datetime.fromtimestamp(epoch, UTC)
    zone = "GMT" if usegmt else "-0000"
    return (
        f"{_WEEKDAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} {zone}"
    )


def host_from_url(url: str) -> str:
    """Host header value a client would send: lower-case, bracketed IPv6, non-default port."""
    parts = urlsplit(url)
    host = parts.hostname
    if host is None:
        raise ValueError(f"cannot sign a URL without a host: {url!r}")
    # A ':' in the host can only come from a bracketed IPv6 literal, which urlsplit validated.
    if ":" in host and not _URL_UNSAFE.intersection(url):
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return host


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of UTF-8 text, leaving only unreserved characters bare."""
    return quote(value.encode("utf-8"), safe="-._~")


def percent_encode_pairs(pairs: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs.items())


def hash_payload(body: Body) -> str:
    """Hex SHA-256 of the body; a stream is read from its position, then rewound to it."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body:
        return EMPTY_SHA256
    if isinstance(body, bytes):
        return sha256(body).hexdigest()
    if not hasattr(body, "seek"):
        raise TypeError("a streaming body must be seekable to be hashed; set payload_hash")
    stream = body
    position = stream.tell()
    digest = sha256()
    for chunk in iter(lambda: stream.read(_CHUNK_SIZE), b""):
        digest.update(chunk)
    stream.seek(position)
    return digest.hexdigest()
