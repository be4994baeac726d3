"""AWS Signature Version 4, header and presigned-query forms, plain and S3 flavours.

Byte-compatible with botocore 1.44.8's ``SigV4Auth``, ``SigV4QueryAuth``, ``S3SigV4Auth`` and
``S3SigV4QueryAuth``, including which headers they rewrite before signing.
"""

from __future__ import annotations

from _operator import itemgetter  # operator's own, without operator.py (~0.5 ms)

from strato import exceptions as errors
from strato._digests import BULK_SIZE, sha256
from strato._urlpath import plain_split, quote, remove_dot_segments
from strato.signing._model import SigningResult
from strato.signing._util import (
    EMPTY_SHA256,
    Memo,
    hash_payload,
    hmac_of,
    hmac_pads,
    host_from_url,
    http_date,
    percent_encode,
    percent_encode_pairs,
    plain_host,
    signing_time,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from datetime import datetime
    from typing import Any

    from strato.signing._model import Headers, SigningRequest
    from strato.signing._types import Credentials
    from strato.signing._util import Pads

    #: How headers with one list of names are signed: the canonical block to %-format
    #: with the picked values, the picker (the signed values in name order; position
    #: len(names) is the URL's Host), the SignedHeaders list, whether the URL's Host is
    #: signed (no Host header is set), and the block's line count.
    _HeaderPlan = tuple[str, Callable[[list[str]], Any], str, bool, int]

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_UNSIGNED_PAYLOAD_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
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


def _derive_key(key: tuple[str, str, str, str]) -> tuple[Pads, str]:
    """The signing key of (secret, date, region, service), as HMAC pads, and its scope
    (``date/region/service/aws4_request``)."""
    secret_key, date, region, service = key
    derived = f"AWS4{secret_key}".encode()
    for part in (date, region, service, "aws4_request"):
        derived = hmac_of(hmac_pads(derived, sha256), part.encode("utf-8")).digest()
    return hmac_pads(derived, sha256), f"{date}/{region}/{service}/aws4_request"


#: Derived keys by (secret, date, region, service): one derivation a day per scope.
_signing_keys = Memo(_derive_key, 64)


def _split(url: str) -> tuple[str, str, str, str | None]:
    """The URL's path and query as ``urlsplit`` gives them, its origin and its Host value.

    A plain URL (:func:`strato._urlpath.plain_split`) with a host and no fragment, which
    ``urlsplit`` passes through unchanged, is split by hand; its origin (``scheme://netloc``)
    alone decides its Host. Anything else (fragments, tabs, IPv6 brackets, non-ASCII) gets
    an empty origin. The Host is None when it must come from the whole URL, or when it
    cannot be had: then only a request without a Host header fails, as it should.
    """
    parts = plain_split(url)
    if parts is not None and parts[1] and "#" not in url:
        scheme, netloc, path, query, _ = parts
        return path, query, f"{scheme}://{netloc}", _hosts[scheme, netloc]
    from urllib.parse import urlsplit

    split = urlsplit(url)
    return split.path, split.query, "", None


def _host(origin: tuple[str, str]) -> str | None:
    """The Host value signed when no Host header is set, trimmed like others; None when
    the origin gives none."""
    try:
        return " ".join(plain_host(*origin).split())
    except ValueError:
        return None


#: Split URLs (a client's calls repeat theirs) and Host values by (scheme, netloc): a
#: presigned URL per object misses the first and meets the second.
_split_url = Memo(_split, 256)
_hosts = Memo(_host, 64)


def _plan(lnames: tuple[str, ...]) -> _HeaderPlan | None:
    """None for the unusual lists: a signed name repeats (its values are joined), or a name
    has whitespace (``names`` strips it, the block does not)."""
    positions: dict[str, int] = {}
    for position, lname in enumerate(lnames):
        if lname not in _UNSIGNED_HEADERS:
            if lname in positions:
                return None
            positions[lname] = position
    adds_host = "host" not in positions
    if adds_host:
        positions["host"] = len(lnames)
    ordered = sorted(positions)
    names = _signed_header_names(positions)
    if names != ";".join(ordered):
        return None
    template = "\n".join(name.replace("%", "%%") + ":%s" for name in ordered)
    # One position picks a lone value, which %-formats as well as a tuple of several.
    pick = itemgetter(*(positions[name] for name in ordered))
    return template, pick, names, adds_host, len(ordered)


#: Header plans by the lower-cased names, in order (None for the unusual lists).
_header_plans = Memo(_plan, 128)


def _url_host(url: str) -> str:
    return " ".join(host_from_url(url).split())


def _canonical_headers(headers: Headers, url: str, host: str | None) -> tuple[str, str]:
    """The canonical header block (without its final newline) and the SignedHeaders list.

    Values are trimmed: each run of whitespace becomes one space, the ends are stripped;
    repeats are joined with ','. A planned block is used as it is when trimming could not
    change it (only single spaces within values, and no ": " which a leading one would make).
    """
    plan = _header_plans[headers.lower_names()]
    if plan is not None:
        template, pick, names, adds_host, lines = plan
        values = headers.values()
        if adds_host:
            values = [*values, _url_host(url) if host is None else host]
        block = template % pick(values)
        if (
            ": " not in block
            and block.count("\n") == lines - 1
            and " ".join(block.split()) == block.replace("\n", " ")
        ):
            return block, names
    signed: dict[str, str] = {}
    for lname, value in headers.lower_items():
        if lname not in _UNSIGNED_HEADERS:
            value = " ".join(value.split())
            signed[lname] = f"{signed[lname]},{value}" if lname in signed else value
    if "host" not in signed:
        signed["host"] = _url_host(url) if host is None else host
    return "\n".join(map(":".join, sorted(signed.items()))), _signed_header_names(signed)


def _signed_header_names(signed: Collection[str]) -> str:
    names = ";".join(sorted(signed))
    if " " in names or not (names.isascii() and names.isprintable()):
        # Only here do botocore's names get stripped: a name with outer whitespace sorts apart.
        names = ";".join(sorted(name.lower().strip() for name in signed))
    return names


def _sort_query(query: str) -> str:
    """Sort the already-encoded pairs of the URL's query; no re-encoding, as botocore does."""
    pairs = sorted(pair.partition("=")[::2] for pair in query.split("&"))
    return "&".join(f"{key}={value}" for key, value in pairs)


def _normalize(path: str) -> str:
    """A non-S3 path, normalised and encoded once more (S3 paths are signed as sent)."""
    return quote(remove_dot_segments(path) if path else "/", "/~")


_canonical_query = Memo(_sort_query, 256)
_normalized_path = Memo(_normalize, 256)


def _signature(
    request: SigningRequest,
    credentials: Credentials,
    region: str,
    service: str,
    amz_date: str,
    path: str,
    query: str,
    headers: tuple[str, str],
    normalize: bool,
    payload: str,
) -> tuple[SigningResult, str]:
    """Sign the canonical request; also gives the credential scope."""
    block, names = headers
    if normalize and path != "/":  # "/" is its own normal form
        path = _normalized_path[path]
    if query:
        query = _canonical_query[query]
    canonical = f"{request.method.upper()}\n{path}\n{query}\n{block}\n\n{names}\n{payload}"
    pads, scope = _signing_keys[credentials.secret_key, amz_date[:8], region, service]
    digest = sha256(canonical.encode()).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"
    signature = hmac_of(pads, string_to_sign.encode()).hexdigest()
    # tuple.__new__ skips SigningResult's Python-level __new__.
    result = tuple.__new__(SigningResult, (canonical, string_to_sign, signature))
    return result, scope


def sign_string_v4(
    string_to_sign: str, secret_key: str, amz_date: str, region: str, service: str
) -> str:
    """Hex SigV4 signature of a string to sign (a POST policy is signed as it is)."""
    pads = _signing_keys[secret_key, amz_date[:8], region, service][0]
    return hmac_of(pads, string_to_sign.encode("utf-8")).hexdigest()


#: Percent-encoded credential scopes and header lists: the same few, over and over.
_encoded = Memo(percent_encode, 64)


def _payload_hash(request: SigningRequest, sign_body: bool, trailing_checksum: bool) -> str:
    if trailing_checksum:
        return STREAMING_UNSIGNED_PAYLOAD_TRAILER
    if not sign_body:
        return UNSIGNED_PAYLOAD
    if request.payload_hash is not None:
        return request.payload_hash
    body = request.body
    if not body:
        return EMPTY_SHA256
    # Bytes, the common body, skip hash_payload's checks for text and streams.
    if type(body) is bytes and len(body) < BULK_SIZE:
        return sha256(body).hexdigest()
    return hash_payload(body)


def _s3_signs_body(
    request: SigningRequest,
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
        raise errors.NoCredentialsError()
    amz_date, second = signing_time(timestamp)
    headers = request.headers
    headers.discard("authorization")
    if headers.get_lower("date") is not None:
        headers["Date"] = http_date(second, usegmt=False)
        headers.discard("x-amz-date")
    else:
        headers.put("x-amz-date", "X-Amz-Date", amz_date)
    token = credentials.token
    if token:
        headers.put("x-amz-security-token", "X-Amz-Security-Token", token)
    if not payload_signing:
        headers.put("x-amz-content-sha256", "X-Amz-Content-SHA256", UNSIGNED_PAYLOAD)
    url = request.url
    payload: str | None
    if s3:
        s3_sign_body = _s3_signs_body(
            request, payload_signing, s3_payload_signing, streaming_input, checksum_header
        )
        payload = _payload_hash(request, s3_sign_body, trailing_checksum)
        headers.put("x-amz-content-sha256", "X-Amz-Content-SHA256", payload)
    else:
        payload = headers.get_lower("x-amz-content-sha256")
    if s3express:
        headers.discard("x-amz-security-token")
        if _S3EXPRESS_TOKEN_HEADER not in headers and token is not None:
            headers.put(_S3EXPRESS_TOKEN_HEADER, _S3EXPRESS_TOKEN_HEADER, token)
    if payload is None:
        sign_body = not url.startswith("https") or payload_signing
        payload = _payload_hash(request, sign_body, trailing_checksum)
    path, query, _, host = _split_url[url]
    signed = _canonical_headers(headers, url, host)
    result, scope = _signature(
        request,
        credentials,
        region,
        service,
        amz_date,
        path,
        query,
        signed,
        not s3 if normalize_path is None else normalize_path,
        payload,
    )
    headers.put(
        "authorization",
        "Authorization",
        f"{ALGORITHM} Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={signed[1]}, Signature={result.signature}",
    )
    return result


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
        raise errors.NoCredentialsError()
    amz_date, _ = signing_time(timestamp)
    headers = request.headers
    if headers.get_lower("content-type") == _AUTO_FORM_CONTENT_TYPE:
        headers.discard("content-type")
    url = request.url
    path, query, origin, host = _split_url[url]
    signed = _canonical_headers(headers, url, host)
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    # Only the credential, header list and token can hold characters that need encoding.
    credential = _encoded[f"{credentials.access_key}/{scope}"]
    auth = (
        f"X-Amz-Algorithm={ALGORITHM}&X-Amz-Credential={credential}"
        f"&X-Amz-Date={amz_date}&X-Amz-Expires={_encoded[str(expires)]}"
        f"&X-Amz-SignedHeaders={_encoded[signed[1]]}"
    )
    if credentials.token is not None:
        token_param = _S3EXPRESS_TOKEN_PARAM if s3express else "X-Amz-Security-Token"
        # Not through the cache: tokens are secrets, not kept beyond the call.
        auth = f"{auth}&{token_param}={percent_encode(credentials.token)}"
    if query:
        from urllib.parse import parse_qs

        # Repeated keys keep their first value only, as botocore's presigner does.
        existing = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if existing:
            auth = f"{percent_encode_pairs(existing)}&{auth}"
    if origin:
        request.url = f"{origin}{path}?{auth}"
    else:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        request.url = urlunsplit((parts.scheme, parts.netloc, parts.path, auth, parts.fragment))
        # The rebuilt URL may be in plain shape now, and its Host may differ.
        path, _, _, host = _split_url[request.url]
        signed = _canonical_headers(headers, request.url, host)
    payload = headers.get_lower("x-amz-content-sha256")
    if payload is None:
        sign_body = not request.url.startswith("https") or payload_signing
        payload = UNSIGNED_PAYLOAD if s3 else _payload_hash(request, sign_body, False)
    result, _ = _signature(
        request,
        credentials,
        region,
        service,
        amz_date,
        path,
        auth,
        signed,
        not s3 if normalize_path is None else normalize_path,
        payload,
    )
    request.url += f"&X-Amz-Signature={result.signature}"
    return result
