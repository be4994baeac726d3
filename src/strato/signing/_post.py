"""Signed S3 POST policies (browser upload forms), SigV4 and HMAC-v1.

Byte-compatible with botocore 1.44.8's ``S3PostPresigner`` with ``S3SigV4PostAuth`` and
``HmacV1PostAuth``: the policy is the base64 of ``json.dumps`` of the expiration and the
conditions (the signer's own conditions appended), and its base64 text is what is signed.
"""

from __future__ import annotations

import binascii
from datetime import datetime, timedelta
from typing import Any

from strato.exceptions import NoCredentialsError
from strato.signing._model import Credentials
from strato.signing._sigv4 import ALGORITHM, sign_string_v4
from strato.signing._util import utc_naive

_EXPIRATION_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def _policy(now: datetime, expires: int, conditions: list[Any]) -> dict[str, Any]:
    expiration = now + timedelta(seconds=expires)
    return {"expiration": expiration.strftime(_EXPIRATION_FORMAT), "conditions": conditions}


def _encoded(policy: dict[str, Any]) -> str:
    import base64  # only forms need these
    import json

    return base64.b64encode(json.dumps(policy).encode("utf-8")).decode("utf-8")


def presign_post_v4(
    fields: dict[str, Any],
    conditions: list[Any],
    credentials: Credentials | None,
    region: str,
    service: str,
    *,
    expires: int = 3600,
    timestamp: datetime | None = None,
) -> None:
    """Add the SigV4 form fields (``x-amz-*``, ``policy``, ``x-amz-signature``) to ``fields``;
    ``conditions`` gets the signing conditions appended, as botocore's list does."""
    if credentials is None:
        raise NoCredentialsError()
    now = utc_naive(timestamp)
    policy = _policy(now, expires, conditions)
    amz_date = now.strftime(_AMZ_DATE_FORMAT)
    credential = f"{credentials.access_key}/{amz_date[:8]}/{region}/{service}/aws4_request"
    signed = {"x-amz-algorithm": ALGORITHM, "x-amz-credential": credential, "x-amz-date": amz_date}
    if credentials.token is not None:
        signed["x-amz-security-token"] = credentials.token
    fields.update(signed)
    conditions.extend({name: value} for name, value in signed.items())
    fields["policy"] = _encoded(policy)
    fields["x-amz-signature"] = sign_string_v4(
        fields["policy"], credentials.secret_key, amz_date, region, service
    )


def presign_post_hmac_v1(
    fields: dict[str, Any],
    conditions: list[Any],
    credentials: Credentials | None,
    *,
    expires: int = 3600,
    timestamp: datetime | None = None,
) -> None:
    """Add the HMAC-v1 form fields (``AWSAccessKeyId``, ``policy``, ``signature``)."""
    if credentials is None:
        raise NoCredentialsError()
    policy = _policy(utc_naive(timestamp), expires, conditions)
    fields["AWSAccessKeyId"] = credentials.access_key
    if credentials.token is not None:
        fields["x-amz-security-token"] = credentials.token
        conditions.append({"x-amz-security-token": credentials.token})
    fields["policy"] = _encoded(policy)
    import hashlib
    import hmac  # loads OpenSSL: only when this signer signs

    mac = hmac.new(credentials.secret_key.encode("utf-8"), fields["policy"].encode(), hashlib.sha1)
    fields["signature"] = binascii.b2a_base64(mac.digest(), newline=False).decode("ascii")
