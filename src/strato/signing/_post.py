"""Signed S3 POST policies (browser upload forms), SigV4 and HMAC-v1.

Byte-compatible with botocore 1.44.8's ``S3PostPresigner`` with ``S3SigV4PostAuth`` and
``HmacV1PostAuth``: the policy is the base64 of ``json.dumps`` of the expiration and the
conditions (the signer's own conditions appended), and its base64 text is what is signed.
"""

from __future__ import annotations

import time
from binascii import b2a_base64

from strato import _fastjson
from strato import exceptions as errors
from strato.signing._hmacv1 import SHA1_PADS
from strato.signing._sigv4 import ALGORITHM, sign_string_v4
from strato.signing._util import hmac_of, signing_time, utc_naive

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

    from strato.signing._model import Credentials

_EXPIRATION_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
#: The last second ``datetime`` can hold (9999-12-31T23:59:59Z): beyond it botocore's
#: ``now + timedelta`` overflows, which the datetime path below reproduces.
_LAST_SECOND = 253402300799

try:
    from _json import encode_basestring_ascii as _text  # json's own string encoder
except ImportError:  # an interpreter without the accelerator
    _text = _fastjson.dumps


#: The latest (whole second, expires) and its (X-Amz-Date, expiration): replaced whole.
_last_instant: tuple[int, int, str, str] = (-1, 0, "", "")


def _instant(timestamp: datetime | None, expires: int) -> tuple[str, str]:
    """The ``X-Amz-Date`` stamp and the policy's expiration, from one reading of the clock.

    botocore adds ``timedelta(seconds=expires)`` to the current datetime and drops the
    fraction: for a whole number of seconds that is the whole second plus ``expires``,
    formatted with ``time.strftime`` (and kept for the rest of the second); other amounts
    (fractions) go through datetime.
    """
    global _last_instant
    if type(expires) is int:
        stamp, second = signing_time(timestamp)
        last = _last_instant
        if last[0] == second and last[1] == expires:
            return last[2], last[3]
        if 0 <= second + expires <= _LAST_SECOND:
            expiration = time.strftime(_EXPIRATION_FORMAT, time.gmtime(second + expires))
            _last_instant = (second, expires, stamp, expiration)
            return stamp, expiration
    from strato._time import timedelta

    now = utc_naive(timestamp)
    return now.strftime(_AMZ_DATE_FORMAT), (now + timedelta(seconds=expires)).strftime(
        _EXPIRATION_FORMAT
    )


def _item(name: str, value: str) -> str:
    """The JSON of the condition ``{name: value}``."""
    return f"{{{_text(name)}: {_text(value)}}}"


#: The SigV4 signer's first condition, as the policy's JSON has it.
_ALGORITHM_ITEM = _item("x-amz-algorithm", ALGORITHM)


def _policy_json(expiration: str, conditions: list[Any], own: list[str]) -> str:
    """``json.dumps({"expiration": expiration, "conditions": [*conditions, *own]})``, with
    ``own`` the signer's conditions already written as JSON (see :func:`_item`).

    Conditions of one text name and value (the bucket, the key: most of them) are written
    with json's string encoder; others go through json's encoder.
    """
    items = []
    for condition in conditions:
        if type(condition) is dict and len(condition) == 1:
            ((name, value),) = condition.items()
            if type(name) is str and type(value) is str:
                items.append(_item(name, value))
                continue
        items.append(_fastjson.dumps(condition))
    items += own
    return f'{{"expiration": {_text(expiration)}, "conditions": [{", ".join(items)}]}}'


def _encoded(expiration: str, conditions: list[Any], own: list[str]) -> str:
    """The policy document as botocore encodes it: base64 of ``json.dumps``."""
    document = _policy_json(expiration, conditions, own).encode("utf-8")
    return b2a_base64(document, newline=False).decode("ascii")


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
    the policy holds ``conditions`` and then the signer's own, as botocore's does."""
    if credentials is None:
        raise errors.NoCredentialsError()
    amz_date, expiration = _instant(timestamp, expires)
    credential = f"{credentials.access_key}/{amz_date[:8]}/{region}/{service}/aws4_request"
    fields["x-amz-algorithm"] = ALGORITHM
    fields["x-amz-credential"] = credential
    fields["x-amz-date"] = amz_date
    own = [_ALGORITHM_ITEM, _item("x-amz-credential", credential), _item("x-amz-date", amz_date)]
    if credentials.token is not None:
        fields["x-amz-security-token"] = credentials.token
        own.append(_item("x-amz-security-token", credentials.token))
    policy = fields["policy"] = _encoded(expiration, conditions, own)
    fields["x-amz-signature"] = sign_string_v4(
        policy, credentials.secret_key, amz_date, region, service
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
        raise errors.NoCredentialsError()
    expiration = _instant(timestamp, expires)[1]
    fields["AWSAccessKeyId"] = credentials.access_key
    own = []
    if credentials.token is not None:
        fields["x-amz-security-token"] = credentials.token
        own.append(_item("x-amz-security-token", credentials.token))
    policy = fields["policy"] = _encoded(expiration, conditions, own)
    mac = hmac_of(SHA1_PADS[credentials.secret_key], policy.encode()).digest()
    fields["signature"] = b2a_base64(mac, newline=False).decode("ascii")
