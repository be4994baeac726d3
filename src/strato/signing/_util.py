"""Helpers shared by the SigV4 and HMAC-v1 signers: clock, host, encoding, body hashing."""

from __future__ import annotations

import time

from strato._digests import bulk_sha256
from strato._time import UTC, datetime  # tests freeze the clock by patching it here
from strato._urlpath import netloc_hostname, netloc_port, quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    import hashlib
    from collections.abc import Callable, Mapping
    from typing import TypeVar

    from strato.signing._types import Body

    K = TypeVar("K")
    V = TypeVar("V")
    #: A hash's states primed with an HMAC key's inner and outer pads.
    Pads = tuple[hashlib._Hash, hashlib._Hash]

_AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
_CHUNK_SIZE = 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_URL_UNSAFE = frozenset("\t\r\n")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# RFC 2104's inner and outer key pads, as byte translation tables.
_IPAD = bytes(byte ^ 0x36 for byte in range(256))
_OPAD = bytes(byte ^ 0x5C for byte in range(256))
_HMAC_BLOCK = 64  # the block size of SHA-1 and SHA-256


class Memo(dict["K", "V"]):
    """A pure function's results by argument (``memo[key]``), emptied when full: the
    signers see the same few URLs, header lists and scopes over and over. A hit is a
    plain dict lookup; ``functools.lru_cache`` would cost its import (and ``collections``)."""

    __slots__ = ("_function", "_size")

    def __init__(self, function: Callable[[K], V], size: int) -> None:
        super().__init__()
        self._function = function
        self._size = size

    def __missing__(self, key: K) -> V:
        value = self._function(key)
        if len(self) >= self._size:
            self.clear()
        self[key] = value
        return value


def hmac_pads(key: bytes, digest: Callable[[bytes], hashlib._Hash]) -> Pads:
    """``digest`` states primed with the inner and outer padded key (RFC 2104): an HMAC of
    a message is then two state copies (:func:`hmac_of`), about half the time of
    ``hmac.new`` or ``hmac.digest``, and without loading :mod:`hmac` and OpenSSL."""
    if len(key) > _HMAC_BLOCK:
        key = digest(key).digest()
    block = key.ljust(_HMAC_BLOCK, b"\0")
    return digest(block.translate(_IPAD)), digest(block.translate(_OPAD))


def hmac_of(pads: Pads, message: bytes) -> hashlib._Hash:
    """The HMAC of ``message`` under the key ``pads`` were primed with."""
    inner, outer = pads[0].copy(), pads[1].copy()
    inner.update(message)
    outer.update(inner.digest())
    return outer


def utc_naive(timestamp: datetime | None) -> datetime:
    """The signing instant as a naive UTC datetime (botocore's clock shape); naive input is UTC."""
    if timestamp is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if timestamp.tzinfo is not None:
        return timestamp.astimezone(UTC).replace(tzinfo=None)
    return timestamp


#: The clock signatures read their second from (``time.time``: a fifth of the cost of
#: ``datetime.now(UTC).timestamp()``); tests freeze it here, and ``datetime`` beside it.
clock = time.time


def signing_time(timestamp: datetime | None) -> tuple[str, int]:
    """The signing instant as an ``X-Amz-Date`` stamp and a whole epoch second.

    The clock is read through :data:`clock`; its stamp is cached per second, as
    formatting the time costs more than reading the clock.
    """
    if timestamp is None:
        second = int(clock())
        last = _last_instant
        if last[1] == second:
            return last
        return _stamp(second)
    now = utc_naive(timestamp)
    return now.strftime(_AMZ_DATE_FORMAT), int(now.replace(tzinfo=UTC).timestamp())


def _stamp(second: int) -> tuple[str, int]:
    global _last_instant
    _last_instant = (time.strftime(_AMZ_DATE_FORMAT, time.gmtime(second)), second)
    return _last_instant


_last_instant = ("", -1)  # the latest second's stamp (one tuple: replaced whole, thread-safe)


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
    from urllib.parse import urlsplit  # a client's usual URLs take plain_host

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


def plain_host(scheme: str, netloc: str) -> str:
    """``host_from_url`` of ``scheme://netloc`` for an ASCII netloc without brackets, tabs
    or line breaks (where ``urlsplit`` changes nothing), read as ``urlsplit`` reads it: the
    user part dropped, the name lower-cased, the port checked (``ValueError`` as there)."""
    host = netloc_hostname(netloc)
    if host is None:
        raise ValueError(f"cannot sign a URL without a host: {f'{scheme}://{netloc}'!r}")
    port = netloc_port(netloc)
    return host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of UTF-8 text, leaving only unreserved characters bare."""
    return quote(value, "-._~")


def percent_encode_pairs(pairs: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs.items())


def hash_payload(body: Body) -> str:
    """Hex SHA-256 of the body; a stream is read from its position, then rewound to it."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body:
        return EMPTY_SHA256
    if isinstance(body, bytes):
        return bulk_sha256(body).hexdigest()
    if not hasattr(body, "seek"):
        raise TypeError("a streaming body must be seekable to be hashed; set payload_hash")
    stream = body
    position = stream.tell()
    chunk = stream.read(_CHUNK_SIZE)
    digest = bulk_sha256(chunk)
    while chunk:
        chunk = stream.read(_CHUNK_SIZE)
        digest.update(chunk)
    stream.seek(position)
    return digest.hexdigest()
