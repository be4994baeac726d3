"""Signature Version 2 (SimpleDB, or ``signature_version="v2"``): HmacSHA256 over the request's
parameters, which carry the signature themselves.

Byte-compatible with botocore 1.44.8's ``SigV2Auth``: the parameters are the form body (a
bodiless request's own query string is neither signed nor kept out: the parameters are
appended to it); ``AWSAccessKeyId``, ``SignatureVersion``, ``SignatureMethod``,
``Timestamp`` and ``SecurityToken`` are set in that order, then ``Signature``, and the whole
set is written back form-encoded.
"""

from __future__ import annotations

import binascii
from urllib.parse import quote_plus, unquote_plus, urlsplit

from strato import exceptions as errors
from strato.signing._model import SigningResult
from strato.signing._util import percent_encode, utc_naive

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

    from strato.signing._model import SigningRequest
    from strato.signing._types import Credentials


def _decode(encoded: str) -> dict[str, str]:
    """Form-encoded pairs as a dict: a repeated name keeps its first place and last value."""
    params: dict[str, str] = {}
    for pair in encoded.split("&"):
        if pair:
            key, _, value = pair.partition("=")
            params[unquote_plus(key)] = unquote_plus(value)
    return params


def _encode(params: dict[str, str]) -> str:
    """``urlencode`` of the pairs, as botocore writes a body or query string."""
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in params.items())


def sign_v2(
    request: SigningRequest,
    credentials: Credentials | None,
    *,
    timestamp: datetime | None = None,
) -> SigningResult:
    """Add the SigV2 parameters to the body (or, bodiless, the URL) of ``request`` in place.

    The clock is read through ``datetime.now`` unless ``timestamp`` is given.
    """
    if credentials is None:
        raise errors.NoCredentialsError()
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    if body is not None and not isinstance(body, bytes):
        raise TypeError("SigV2 signs its parameters: the body must be bytes or text")
    parts = urlsplit(request.url)
    params = _decode(body.decode("utf-8")) if body else {}
    params["AWSAccessKeyId"] = credentials.access_key
    params["SignatureVersion"] = "2"
    params["SignatureMethod"] = "HmacSHA256"
    params["Timestamp"] = utc_naive(timestamp).strftime("%Y-%m-%dT%H:%M:%SZ")
    if credentials.token:
        params["SecurityToken"] = credentials.token
    # A signature left from an earlier attempt is not signed over.
    signed = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}"
        for key in sorted(params)
        if key != "Signature"
    )
    string_to_sign = f"{request.method}\n{parts.netloc}\n{parts.path or '/'}\n{signed}"
    import hashlib
    import hmac  # loads OpenSSL: only when this signer signs

    mac = hmac.new(credentials.secret_key.encode("utf-8"), string_to_sign.encode(), hashlib.sha256)
    signature = binascii.b2a_base64(mac.digest(), newline=False).decode("ascii")
    params["Signature"] = signature
    if body:
        request.body = _encode(params).encode("ascii")
    else:
        request.url += ("&" if parts.query else "?") + _encode(params)
    return SigningResult(string_to_sign, string_to_sign, signature)
