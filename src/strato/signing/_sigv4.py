"""AWS Signature Version 4, header and presigned-query forms, plain and S3 flavours.

Byte-compatible with botocore 1.44.8's ``SigV4Auth``, ``SigV4QueryAuth``, ``S3SigV4Auth`` and
``S3SigV4QueryAuth``, including which headers they rewrite before signing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

from strato._urlpath import remove_dot_segments
from strato.exceptions import NoCredentialsError
from strato.signing._model import Credentials, Headers, SigningRequest, SigningResult
from strato.signing._util import (
    hash_payload,
    host_from_url,
    http_date,
    percent_encode_pairs,
    utc_naive,
)

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_UNSIGNED_PAYLOAD_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
_AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# S3 Express sessions carry their token here, never in X-Amz-Security-Token.
_S3EXPRESS_TOKEN_HEADER = "x-amz-s3session-token"
_S3EXPRESS_TOKEN_PARAM = "X-Amz-S3session-Token"
# Set by botocore's query serializer; meaningless on a presigned URL, so it is dropped.
_AUTO_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
# Hop-by-hop and tracing headers that proxies or the HTTP stack may change in flight.
_UNSIGNED_HEADERS = frozenset(
    {
        "baggage",
        "connection",
        "expect",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "traceparent",
        "tracestate",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "x-amzn-trace-id",
    }
)


@lru_cache(maxsize=64)
def _signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    """Derived key for one day/region/service; cached since it changes once a day."""
    key = f"AWS4{secret_key}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def _headers_to_sign(headers: Headers, url: str) -> dict[str, list[str]]:
    signed: dict[str, list[str]] = {}
    for name, value in headers.items():
        lname = name.lower()
        if lname not in _UNSIGNED_HEADERS:
            signed.setdefault(lname, []).append(value)
    if "host" not in signed:
        signed["host"] = [host_from_url(url)]
    return signed


def _signed_header_names(signed: dict[str, list[str]]) -> str:
    return ";".join(sorted(name.lower().strip() for name in signed))


def _canonical_headers(signed: dict[str, list[str]]) -> str:
    # Values are "trimmed": every run of whitespace becomes one space; repeats join with ','.
    lines = (
        f"{name}:{','.join(' '.join(value.split()) for value in signed[name])}"
        for name in sorted(signed)
    )
    return "\n".join(lines)


def _canonical_query(query: str) -> str:
    """Sort the already-encoded pairs of the URL's query; no re-encoding, as botocore does."""
    if not query:
        return ""
    pairs = sorted(pair.partition("=")[::2] for pair in query.split("&"))
    return "&".join(f"{key}={value}" for key, value in pairs)


def _canonical_path(path: str, normalize: bool) -> str:
    """Non-S3 paths are normalised and encoded once more; S3 paths are signed as sent."""
    if not normalize:
        return path
    return quote(remove_dot_segments(path) if path else "/", safe="/~")


def _canonical_request(
    request: SigningRequest, normalize: bool, payload: Callable[[], str]
) -> tuple[str, str]:
    """The canonical request and its signed-header list."""
    parts = urlsplit(request.url)
    signed = _headers_to_sign(request.headers, request.url)
    names = _signed_header_names(signed)
    body_hash = request.headers.get("X-Amz-Content-SHA256")
    lines = (
        request.method.upper(),
        _canonical_path(parts.path, normalize),
        _canonical_query(parts.query),
        _canonical_headers(signed) + "\n",
        names,
        payload() if body_hash is None else body_hash,
    )
    return "\n".join(lines), names


def _sign(
    canonical: str, amz_date: str, region: str, service: str, secret_key: str
) -> tuple[str, str]:
    """The string to sign and its hex signature."""
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"
    return string_to_sign, sign_string_v4(string_to_sign, secret_key, amz_date, region, service)


def sign_string_v4(
    string_to_sign: str, secret_key: str, amz_date: str, region: str, service: str
) -> str:
    """Hex SigV4 signature of a string to sign (a POST policy is signed as it is)."""
    key = _signing_key(secret_key, amz_date[:8], region, service)
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _payload_hash(request: SigningRequest, *, sign_body: bool, trailing_checksum: bool) -> str:
    if trailing_checksum:
        return STREAMING_UNSIGNED_PAYLOAD_TRAILER
    if not sign_body:
        return UNSIGNED_PAYLOAD
    return hash_payload(request.body) if request.payload_hash is None else request.payload_hash


def _s3_signs_body(
    request: SigningRequest,
    *,
    payload_signing: bool,
    s3_payload_signing: bool | None,
    streaming_input: bool,
    checksum_header: str,
) -> bool:
    """S3 skips hashing only over TLS with an integrity checksum: both guard the body."""
    if s3_payload_signing is not None:
        return s3_payload_signing
    if not request.url.startswith("https") or checksum_header not in request.headers:
        return True
    if streaming_input:
        return False
    return payload_signing


def sign_v4(
    request: SigningRequest,
    credentials: Credentials | None,
    region: str,
    service: str,
    *,
    timestamp: datetime | None = None,
    s3: bool = False,
    normalize_path: bool | None = None,
    payload_signing: bool = True,
    s3_payload_signing: bool | None = None,
    streaming_input: bool = False,
    checksum_header: str = "Content-MD5",
    trailing_checksum: bool = False,
    s3express: bool = False,
) -> SigningResult:
    """Sign into the Authorization header, replacing the auth headers of an earlier attempt.

    ``payload_signing`` is the operation's setting (False for unsigned-body operations);
    ``s3_payload_signing`` is the client's ``s3.payload_signing_enabled``. ``checksum_header``
    names the integrity header that lets S3 over https skip hashing a streaming body;
    ``trailing_checksum`` marks an aws-chunked body whose checksum trails it.
    ``normalize_path`` defaults to ``not s3``. ``s3express`` (with ``s3``) signs with an
    S3 Express session, whose token goes in ``x-amz-s3session-token``.
    """
    if credentials is None:
        raise NoCredentialsError()
    now = utc_naive(timestamp)
    amz_date = now.strftime(_AMZ_DATE_FORMAT)
    headers = request.headers
    headers.remove("Authorization")
    if "Date" in headers:
        headers["Date"] = http_date(int(now.replace(tzinfo=UTC).timestamp()), usegmt=False)
        headers.remove("X-Amz-Date")
    else:
        headers["X-Amz-Date"] = amz_date
    if credentials.token:
        headers["X-Amz-Security-Token"] = credentials.token
    if not payload_signing:
        headers["X-Amz-Content-SHA256"] = UNSIGNED_PAYLOAD
    if s3:
        s3_sign_body = _s3_signs_body(
            request,
            payload_signing=payload_signing,
            s3_payload_signing=s3_payload_signing,
            streaming_input=streaming_input,
            checksum_header=checksum_header,
        )
        headers["X-Amz-Content-SHA256"] = _payload_hash(
            request, sign_body=s3_sign_body, trailing_checksum=trailing_checksum
        )
    if s3express:
        headers.remove("X-Amz-Security-Token")
        if _S3EXPRESS_TOKEN_HEADER not in headers and credentials.token is not None:
            headers[_S3EXPRESS_TOKEN_HEADER] = credentials.token
    sign_body = not request.url.startswith("https") or payload_signing
    canonical, names = _canonical_request(
        request,
        not s3 if normalize_path is None else normalize_path,
        lambda: _payload_hash(request, sign_body=sign_body, trailing_checksum=trailing_checksum),
    )
    string_to_sign, signature = _sign(canonical, amz_date, region, service, credentials.secret_key)
    scope = f"{credentials.access_key}/{amz_date[:8]}/{region}/{service}/aws4_request"
    headers["Authorization"] = (
        f"{ALGORITHM} Credential={scope}, SignedHeaders={names}, Signature={signature}"
    )
    return SigningResult(canonical, string_to_sign, signature)


def presign_v4(
    request: SigningRequest,
    credentials: Credentials | None,
    region: str,
    service: str,
    *,
    expires: int = 3600,
    timestamp: datetime | None = None,
    s3: bool = False,
    normalize_path: bool | None = None,
    payload_signing: bool = True,
    s3express: bool = False,
) -> SigningResult:
    """Sign into the URL's query (X-Amz-Signature last); headers are signed but left alone.

    S3 URLs sign ``UNSIGNED-PAYLOAD``; others sign the body's hash. Unlike botocore, a body
    is never folded into the query: put such parameters in the URL. ``s3express`` (with
    ``s3``) names the session token ``X-Amz-S3session-Token``.
    """
    if credentials is None:
        raise NoCredentialsError()
    now = utc_naive(timestamp)
    amz_date = now.strftime(_AMZ_DATE_FORMAT)
    headers = request.headers
    if headers.get("content-type") == _AUTO_FORM_CONTENT_TYPE:
        headers.remove("content-type")
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    auth = {
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": f"{credentials.access_key}/{scope}",
        "X-Amz-Date": amz_date,
        "X-Amz-Expires": str(expires),
        "X-Amz-SignedHeaders": _signed_header_names(_headers_to_sign(headers, request.url)),
    }
    if credentials.token is not None:
        token_param = _S3EXPRESS_TOKEN_PARAM if s3express else "X-Amz-Security-Token"
        auth[token_param] = credentials.token
    parts = urlsplit(request.url)
    # Repeated keys keep their first value only, as botocore's presigner does.
    existing = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    query = percent_encode_pairs(auth)
    if existing:
        query = f"{percent_encode_pairs(existing)}&{query}"
    request.url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))

    def payload() -> str:
        if s3:
            return UNSIGNED_PAYLOAD
        sign_body = not request.url.startswith("https") or payload_signing
        return _payload_hash(request, sign_body=sign_body, trailing_checksum=False)

    canonical, _ = _canonical_request(
        request, not s3 if normalize_path is None else normalize_path, payload
    )
    string_to_sign, signature = _sign(canonical, amz_date, region, service, credentials.secret_key)
    request.url += f"&X-Amz-Signature={signature}"
    return SigningResult(canonical, string_to_sign, signature)
