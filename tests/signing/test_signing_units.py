"""Behaviour of the signing package that the suites and botocore comparisons do not pin down."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.exceptions import NoCredentialsError
from strato.signing import (
    UNSIGNED_PAYLOAD,
    Headers,
    SigningRequest,
    presign_hmac_v1,
    presign_v4,
    sign_hmac_v1,
    sign_v4,
)
from strato.signing._sigv4 import _signing_keys
from strato.signing._util import Memo, host_from_url, plain_host

CREDS = SimpleNamespace(access_key="AKID", secret_key="secret", token=None)
WHEN = datetime(2015, 8, 30, 12, 36, 0)


def test_headers_replace_moves_to_end_and_add_keeps_repeats() -> None:
    headers = Headers([("A", "1"), ("b", "2"), ("a", "3")])
    assert headers.get_all("a") == ["1", "3"]
    assert headers["A"] == "1"
    headers["B"] = "4"
    assert headers.items() == [("A", "1"), ("a", "3"), ("B", "4")]
    headers.add("b", "5")
    assert list(headers) == ["A", "a", "B", "b"]
    del headers["a"]
    assert "A" not in headers
    assert len(headers) == 2
    with pytest.raises(KeyError):
        headers["missing"]


def test_signing_key_is_derived_once_per_secret_day_region_service() -> None:
    """Later seconds of a day reuse the day's key; another region or secret derives its own."""
    _signing_keys.clear()
    for second in range(3):
        when = WHEN + timedelta(seconds=second)
        sign_v4(SigningRequest("GET", "https://h/"), CREDS, "us-east-1", "s3", timestamp=when)
    sign_v4(SigningRequest("GET", "https://h/"), CREDS, "eu-west-1", "s3", timestamp=WHEN)
    other = SimpleNamespace(access_key="AKID", secret_key="other", token=None)
    sign_v4(SigningRequest("GET", "https://h/"), other, "eu-west-1", "s3", timestamp=WHEN)
    assert sorted(key[1:] for key in _signing_keys) == [
        ("20150830", "eu-west-1", "s3"),
        ("20150830", "eu-west-1", "s3"),
        ("20150830", "us-east-1", "s3"),
    ]
    assert {key[0] for key in _signing_keys} == {"secret", "other"}


def test_memo_gives_the_function_result_and_stays_bounded() -> None:
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    memo = Memo(square, 3)
    assert [memo[n] for n in (2, 2, 3, 4, 2)] == [4, 4, 9, 16, 4]
    assert calls == [2, 3, 4]
    assert memo[5] == 25 and len(memo) == 1  # full: emptied before the new entry


def test_aware_timestamp_is_converted_to_utc() -> None:
    local = WHEN.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=-7)))
    naive = SigningRequest("GET", "https://h/")
    aware = SigningRequest("GET", "https://h/")
    assert sign_v4(naive, CREDS, "r", "s", timestamp=WHEN) == sign_v4(
        aware, CREDS, "r", "s", timestamp=local
    )
    assert aware.headers["X-Amz-Date"] == "20150830T123600Z"


@pytest.mark.parametrize(
    "sign",
    [
        lambda r: sign_v4(r, None, "r", "s"),
        lambda r: presign_v4(r, None, "r", "s"),
        lambda r: sign_hmac_v1(r, None),
        lambda r: presign_hmac_v1(r, None),
    ],
    ids=["sign_v4", "presign_v4", "sign_hmac_v1", "presign_hmac_v1"],
)
def test_missing_credentials(sign: object) -> None:
    with pytest.raises(NoCredentialsError, match="Unable to locate credentials"):
        sign(SigningRequest("GET", "https://h/"))  # type: ignore[operator]


def test_stream_hashed_from_its_position_and_rewound() -> None:
    stream = io.BytesIO(b"skip-me|payload")
    stream.seek(8)
    result = sign_v4(
        SigningRequest("PUT", "http://h/", body=stream), CREDS, "r", "s", timestamp=WHEN
    )
    assert result.canonical_request.endswith(hashlib.sha256(b"payload").hexdigest())
    assert stream.tell() == 8


def test_unseekable_stream_needs_a_payload_hash() -> None:
    class Pipe:
        def read(self, size: int = -1) -> bytes:
            return b""

    with pytest.raises(TypeError, match="payload_hash"):
        sign_v4(SigningRequest("PUT", "http://h/", body=Pipe()), CREDS, "r", "s")  # type: ignore[arg-type]
    request = SigningRequest("PUT", "http://h/", body=Pipe(), payload_hash="ab" * 32)  # type: ignore[arg-type]
    assert sign_v4(request, CREDS, "r", "s").canonical_request.endswith("ab" * 32)


def test_s3_over_https_with_md5_and_streaming_body_is_unsigned() -> None:
    request = SigningRequest("PUT", "https://b.s3.amazonaws.com/k", {"Content-MD5": "x"}, b"data")
    sign_v4(request, CREDS, "us-east-1", "s3", s3=True, streaming_input=True, timestamp=WHEN)
    assert request.headers["X-Amz-Content-SHA256"] == UNSIGNED_PAYLOAD


def test_s3_path_is_signed_as_sent_and_other_paths_are_normalised() -> None:
    s3 = sign_v4(SigningRequest("GET", "https://h/a/../b%20c//"), CREDS, "r", "s3", s3=True)
    plain = sign_v4(SigningRequest("GET", "https://h/a/../b%20c//"), CREDS, "r", "s")
    assert s3.canonical_request.split("\n")[1] == "/a/../b%20c//"
    assert plain.canonical_request.split("\n")[1] == "/b%2520c/"


def test_presign_signs_a_non_empty_body_instead_of_moving_it_to_the_query() -> None:
    request = SigningRequest("POST", "http://h/?a=1", body=b"Param1=value1")
    result = presign_v4(request, CREDS, "r", "s", timestamp=WHEN)
    assert result.canonical_request.endswith(hashlib.sha256(b"Param1=value1").hexdigest())
    assert request.url.startswith("http://h/?a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&")
    assert request.body == b"Param1=value1"


def test_hmac_v1_string_to_sign_uses_auth_path_and_subresources() -> None:
    request = SigningRequest(
        "PUT",
        "https://bucket.s3.amazonaws.com/key?versionId=a%2Fb&x=1&acl",
        {"Content-Type": "text/plain", "X-Amz-Meta-A": " 1 ", "x-amz-meta-a": "2"},
    )
    result = sign_hmac_v1(request, CREDS, timestamp=WHEN, auth_path="/bucket/key")
    assert result.string_to_sign == (
        "PUT\n\ntext/plain\nSun, 30 Aug 2015 12:36:00 GMT\n"
        "x-amz-meta-a:1,2\n/bucket/key?acl&versionId=a/b"
    )
    assert request.headers["Authorization"] == f"AWS AKID:{result.signature}"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http", "https"]),
    st.text(st.sampled_from("aZ.-_:@%0159 \x0b"), max_size=16),
)
def test_plain_host_is_the_host_urlsplit_reads(scheme: str, netloc: str) -> None:
    """The signed Host of a plain URL, read by hand, is ``host_from_url``'s (urlsplit's),
    errors included."""

    def outcome(function: Any, *args: str) -> tuple[str, str]:
        try:
            return "ok", function(*args)
        except ValueError as error:
            return "ValueError", str(error)

    assert outcome(plain_host, scheme, netloc) == outcome(host_from_url, f"{scheme}://{netloc}")
