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
"""

from strato.signing._hmacv1 import presign_hmac_v1, sign_hmac_v1
from strato.signing._model import Credentials, Headers, SigningRequest, SigningResult
from strato.signing._post import presign_post_hmac_v1, presign_post_v4
from strato.signing._sigv2 import sign_v2
from strato.signing._sigv4 import UNSIGNED_PAYLOAD, presign_v4, sign_v4

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
