"""Request shapes that steer the SigV4 signer off its planned paths, each against botocore.

The signer splits plain URLs by hand, builds the canonical headers from a per-name-list plan
and uses it only when trimming could not change a value; everything else takes the general
path. Each case here is on one side of one of those lines, signed twice (the second time
from the caches), and must match botocore 1.44.8 byte for byte. The primed HMAC the signer
uses is checked against the standard library's.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from unittest import mock

import botocore.auth as bauth  # type: ignore[import-untyped]
import pytest
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import ReadOnlyCredentials  # type: ignore[import-untyped]

from strato._digests import sha256
from strato.signing import SigningRequest, presign_v4, sign_v4
from strato.signing._util import hmac_of, hmac_pads

WHEN = datetime(2024, 5, 17, 12, 30, 45)
CREDS = ReadOnlyCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "tok en")

URLS = [
    "https://sts.us-east-1.amazonaws.com/",
    "https://sts.us-east-1.amazonaws.com",
    "https://example.com?b=2&a=1",
    "HTTPS://Example.COM/a/./b/../c",
    "http://example.com:80/x",
    "https://example.com:8443/x?y",
    "https://user:pw@example.com/x",
    "https://[2001:db8::1]:8443/x",
    "https://example.com/a#frag",
    "https://example.com/a\tb",
    "http://example.com/%7Euser/a%20b",
]
HEADERS = [
    [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
    [("X-Odd%Name", "1"), ("X-Brace{0}", "2")],
    [("X-A", "key: value"), ("X-B", "")],
    [("X-A", " lead"), ("X-B", "b")],
    [("X-A", "a"), ("X-B", "trail ")],
    [("X-A", "a  b")],
    [("X-A", "a\tb")],
    [("X-A", "line\nnext")],
    [("X-A", "ü\xa0x")],
    [("X-A", "1"), ("x-a", "2"), ("User-Agent", "ua"), ("user-agent", "ua2")],
    [("Host", "override.example.com"), ("X-A", "1")],
    [("X Spaced", "1"), ("X-A", "2")],
]


def _botocore(signer: object, request: AWSRequest) -> None:
    epoch = WHEN.replace(tzinfo=UTC).timestamp()
    with (
        mock.patch.object(bauth, "get_current_datetime", return_value=WHEN),
        mock.patch("time.time", return_value=epoch),
    ):
        signer.add_auth(request)  # type: ignore[attr-defined]


def _requests(url: str, headers: list[tuple[str, str]]) -> tuple[SigningRequest, AWSRequest]:
    theirs = AWSRequest(method="POST", url=url, data=b"Action=Test")
    for name, value in headers:
        theirs.headers[name] = value
    return SigningRequest("POST", url, headers, b"Action=Test"), theirs


@pytest.mark.parametrize("s3", [False, True], ids=["plain", "s3"])
@pytest.mark.parametrize("headers", HEADERS, ids=lambda h: "|".join(n for n, _ in h))
@pytest.mark.parametrize("url", URLS)
def test_sign_v4_matches_botocore(url: str, headers: list[tuple[str, str]], s3: bool) -> None:
    for _ in range(2):
        ours, theirs = _requests(url, headers)
        auth = bauth.S3SigV4Auth if s3 else bauth.SigV4Auth
        _botocore(auth(CREDS, "s3" if s3 else "sts", "us-east-1"), theirs)
        sign_v4(ours, CREDS, "us-east-1", "s3" if s3 else "sts", timestamp=WHEN, s3=s3)
        assert ours.url == theirs.url
        assert ours.headers.items() == list(theirs.headers.items())


@pytest.mark.parametrize("headers", [[], *HEADERS], ids=lambda h: "|".join(n for n, _ in h))
@pytest.mark.parametrize("url", URLS)
def test_presign_v4_matches_botocore(url: str, headers: list[tuple[str, str]]) -> None:
    for _ in range(2):
        ours, theirs = _requests(url, headers)
        ours.body = theirs.data = b""
        _botocore(bauth.S3SigV4QueryAuth(CREDS, "s3", "us-east-1", expires=60), theirs)
        presign_v4(ours, CREDS, "us-east-1", "s3", expires=60, timestamp=WHEN, s3=True)
        assert ours.url == theirs.url
        assert ours.headers.items() == list(theirs.headers.items())


@pytest.mark.parametrize("url", ["https://[not-an-ip]/x", "https://[::1/x", "https://h:port/x"])
@pytest.mark.parametrize("headers", [[], [("Host", "h")]], ids=["no-host", "host"])
def test_malformed_url_fails_or_signs_as_in_botocore(
    url: str, headers: list[tuple[str, str]]
) -> None:
    ours, theirs = _requests(url, headers)
    try:
        _botocore(bauth.SigV4Auth(CREDS, "sts", "us-east-1"), theirs)
    except ValueError:
        with pytest.raises(ValueError):
            sign_v4(ours, CREDS, "us-east-1", "sts", timestamp=WHEN)
        return
    sign_v4(ours, CREDS, "us-east-1", "sts", timestamp=WHEN)
    assert ours.headers.items() == list(theirs.headers.items())


@pytest.mark.parametrize("key_size", [0, 1, 63, 64, 65, 200])
def test_primed_hmac_matches_the_standard_library(key_size: int) -> None:
    """The signer's HMAC (pads hashed once, then copied) is RFC 2104 HMAC-SHA256."""
    key = bytes(range(256))[:key_size]
    for message in (b"", b"abc", b"x" * 1000):
        expected = hmac.new(key, message, hashlib.sha256).hexdigest()
        assert hmac_of(hmac_pads(key, sha256), message).hexdigest() == expected
