"""S3's legacy HMAC-SHA1 signature (signature_version ``s3``), header and query forms.

Byte-compatible with botocore 1.44.8's ``HmacV1Auth`` and ``HmacV1QueryAuth``.
"""

from __future__ import annotations

import binascii

from strato import exceptions as errors
from strato._digests import sha1
from strato._time import UTC
from strato._urlpath import plain_split, split_url
from strato.signing._model import SigningResult
from strato.signing._util import (
    Memo,
    hmac_of,
    hmac_pads,
    http_date,
    percent_encode,
    signing_time,
    utc_naive,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

    from strato.signing._model import Headers, SigningRequest
    from strato.signing._types import Credentials
    from strato.signing._util import Pads

# Sub-resources that name what is acted on, so they belong to the signed resource.
_SIGNED_SUBRESOURCES = frozenset(
    {
        "accelerate",
        "acl",
        "analytics",
        "cors",
        "defaultObjectAcl",
        "delete",
        "inventory",
        "lifecycle",
        "location",
        "logging",
        "metrics",
        "notification",
        "object-lock",
        "partNumber",
        "policy",
        "replication",
        "requestPayment",
        "response-cache-control",
        "response-content-disposition",
        "response-content-encoding",
        "response-content-language",
        "response-content-type",
        "response-expires",
        "restore",
        "select",
        "select-type",
        "storageClass",
        "tagging",
        "torrent",
        "uploadId",
        "uploads",
        "versionId",
        "versioning",
        "versions",
        "website",
    }
)
_STANDARD_HEADERS = ("content-md5", "content-type", "date")
#: Headers other than ``x-amz-*`` that a presigned URL carries in its query.
_QUERY_HEADERS = ("content-md5", "content-type")


def _canonical_resource(path: str, query: str, auth_path: str | None) -> str:
    resource = path if auth_path is None else auth_path
    if not query:
        return resource
    picked: list[tuple[str, str]] = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        if key in _SIGNED_SUBRESOURCES:
            from urllib.parse import unquote  # only for a signed sub-resource's value

            picked.append((key, f"={unquote(value)}" if sep else ""))
    if not picked:
        return resource
    picked.sort(key=lambda item: item[0])
    return resource + "?" + "&".join(key + rest for key, rest in picked)


def _string_to_sign(
    method: str, path: str, query: str, headers: Headers, auth_path: str | None
) -> str:
    lower = headers.lower_names()
    values = headers.values()
    if len(lower) == 1:  # the Date alone (a presigned URL's usual case): nothing to pick
        return f"{method.upper()}\n\n\n{values[0].strip()}\n" + _canonical_resource(
            path, query, auth_path
        )
    lines = [method.upper()]
    for wanted in _STANDARD_HEADERS:
        # botocore emits the first value once per header of that name, repeats included.
        if wanted in lower:
            lines.extend([values[lower.index(wanted)].strip()] * lower.count(wanted))
        else:
            lines.append("")
    amz = set()
    for name in lower:  # a loop: a comprehension costs a call even with nothing to do
        if name.startswith("x-amz-"):
            amz.add(name)
    for name in sorted(amz):
        joined = ",".join(v.strip() for n, v in zip(lower, values, strict=True) if n == name)
        lines.append(f"{name}:{joined}")
    lines.append(_canonical_resource(path, query, auth_path))
    return "\n".join(lines)


def _epoch(timestamp: datetime | None) -> float:
    return utc_naive(timestamp).replace(tzinfo=UTC).timestamp()


#: HMAC-SHA1 pads by secret key: priming them costs as much as the signature itself.
SHA1_PADS: Memo[str, Pads] = Memo(lambda secret: hmac_pads(secret.encode("utf-8"), sha1), 16)
#: Access key ids as a query value.
_encoded_keys: Memo[str, str] = Memo(percent_encode, 16)


def _sign(
    request: SigningRequest,
    credentials: Credentials | None,
    date: str,
    auth_path: str | None,
    url_parts: tuple[str, str, str, str, str],
) -> tuple[Credentials, SigningResult]:
    """``url_parts`` are the request URL's, split by the caller (which needs them too)."""
    if credentials is None:
        raise errors.NoCredentialsError()
    headers = request.headers
    if credentials.token:
        headers.put("x-amz-security-token", "x-amz-security-token", credentials.token)
    headers.put("date", "Date", date)
    path, query = url_parts[2], url_parts[3]
    string_to_sign = _string_to_sign(request.method, path, query, headers, auth_path)
    mac = hmac_of(SHA1_PADS[credentials.secret_key], string_to_sign.encode())
    signature = binascii.b2a_base64(mac.digest(), newline=False).decode("ascii")
    # tuple.__new__ skips SigningResult's Python-level __new__.
    return credentials, tuple.__new__(SigningResult, (string_to_sign, string_to_sign, signature))


def sign_hmac_v1(
    request: SigningRequest,
    credentials: Credentials | None,
    *,
    timestamp: datetime | None = None,
    auth_path: str | None = None,
) -> SigningResult:
    """Set Date and ``Authorization: AWS key:signature``.

    ``auth_path`` is the bucket-qualified path when the bucket is in the host name.
    """
    date = http_date(_epoch(timestamp), usegmt=True)
    credentials, result = _sign(request, credentials, date, auth_path, split_url(request.url))
    request.headers["Authorization"] = f"AWS {credentials.access_key}:{result.signature}"
    return result


def presign_hmac_v1(
    request: SigningRequest,
    credentials: Credentials | None,
    *,
    expires: int = 3600,
    timestamp: datetime | None = None,
    auth_path: str | None = None,
) -> SigningResult:
    """Append AWSAccessKeyId, Signature, Expires and the signed x-amz-*/content headers
    to the URL's query; the expiry instant stands in for Date in the string to sign."""
    # botocore: the whole second of the clock plus the whole seconds of ``expires``.
    second = signing_time(None)[1] if timestamp is None else int(_epoch(timestamp))
    date = str(second + int(expires))
    plain = plain_split(request.url)
    credentials, result = _sign(
        request, credentials, date, auth_path, plain or split_url(request.url)
    )
    headers = request.headers
    # botocore's names need no encoding, nor does the expiry (digits); a base64 signature
    # holds only "+", "/" and "=" to encode.
    signature = result.signature.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    encoded = f"AWSAccessKeyId={_encoded_keys[credentials.access_key]}&Signature={signature}"
    if len(headers) > 1:  # more than the Date just set, which _sign put last
        seen = set()
        for lname in headers.lower_names():
            if (lname.startswith("x-amz-") or lname in _QUERY_HEADERS) and lname not in seen:
                seen.add(lname)  # a repeated header: its first value, once
                value = percent_encode(headers.get_lower(lname))  # type: ignore[arg-type]
                encoded = f"{encoded}&{percent_encode(lname)}={value}"
    encoded = f"{encoded}&Expires={date}"
    if plain is not None and not plain[4]:
        scheme, netloc, path, existing, _ = plain
        request.url = f"{scheme}://{netloc}{path}?{f'{existing}&' if existing else ''}{encoded}"
        return result
    from urllib.parse import urlsplit, urlunsplit

    split = urlsplit(request.url)
    if split.query:
        encoded = f"{split.query}&{encoded}"
    request.url = urlunsplit((split.scheme, split.netloc, split.path, encoded, split.fragment))
    return result
