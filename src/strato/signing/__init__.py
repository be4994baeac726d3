"""Request signing for strato's client: SigV4 (plain and S3, header and presigned) and HMAC-v1.

Public surface, byte-compatible with botocore 1.44.8's signers:

- ``SigningRequest``: the request to sign (method, url, headers, body, optional payload hash).
- ``Headers``: ordered, case-insensitive header list that keeps repeated names.
- ``SigningResult``: the canonical request, string to sign and signature of one signing.
- ``Credentials``: protocol of any object with ``access_key``, ``secret_key`` and ``token``.
- ``sign_v4``: SigV4 in the Authorization header (``SigV4Auth``, ``S3SigV4Auth`` with s3=True).
- ``presign_v4``: SigV4 in the query string (``SigV4QueryAuth``, ``S3SigV4QueryAuth``).
- ``sign_hmac_v1``: S3's legacy HMAC-SHA1 Authorization header (``HmacV1Auth``).
- ``presign_hmac_v1``: S3's legacy HMAC-SHA1 presigned query string (``HmacV1QueryAuth``).
- ``sign_v2``: Signature Version 2 in the request's parameters (``SigV2Auth``, SimpleDB).
- ``presign_post_v4``, ``presign_post_hmac_v1``: signed S3 POST policy form fields
  (``S3SigV4PostAuth``, ``HmacV1PostAuth``).
- ``UNSIGNED_PAYLOAD``: the payload hash placeholder used when the body is not hashed.

Each name loads its module at its first use, so a call loads only the signer it signs with.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.signing._hmacv1 import presign_hmac_v1, sign_hmac_v1
    from strato.signing._model import Credentials, Headers, SigningRequest, SigningResult
    from strato.signing._post import presign_post_hmac_v1, presign_post_v4
    from strato.signing._sigv2 import sign_v2
    from strato.signing._sigv4 import UNSIGNED_PAYLOAD, presign_v4, sign_v4

#: Each name's module, imported at the name's first use: a call loads only its signer.
_HOMES = {
    "UNSIGNED_PAYLOAD": "_sigv4",
    "Credentials": "_model",
    "Headers": "_model",
    "SigningRequest": "_model",
    "SigningResult": "_model",
    "presign_hmac_v1": "_hmacv1",
    "presign_post_hmac_v1": "_post",
    "presign_post_v4": "_post",
    "presign_v4": "_sigv4",
    "sign_hmac_v1": "_hmacv1",
    "sign_v2": "_sigv2",
    "sign_v4": "_sigv4",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import sys

    module = f"{__name__}.{home}"
    __import__(module)  # importlib itself would cost more than the lookup
    value = getattr(sys.modules[module], name)
    globals()[name] = value
    return value


__all__ = [
    "UNSIGNED_PAYLOAD",
    "Credentials",
    "Headers",
    "SigningRequest",
    "SigningResult",
    "presign_hmac_v1",
    "presign_post_hmac_v1",
    "presign_post_v4",
    "presign_v4",
    "sign_hmac_v1",
    "sign_v2",
    "sign_v4",
]
