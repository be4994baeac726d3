"""Differential tests: strato's signers against botocore 1.44.8's, at a frozen clock.

Every header (names, values, order) and the final URL must be identical, so these check the
Authorization header, the presigned URL and the headers rewritten before signing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import botocore.auth as bauth  # type: ignore[import-untyped]
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.credentials import ReadOnlyCredentials  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.signing import (
    SigningRequest,
    presign_hmac_v1,
    presign_v4,
    sign_hmac_v1,
    sign_v4,
)
from strato.signing._util import percent_encode

EXAMPLES = settings(max_examples=300, deadline=None)

ENDPOINTS = [
    "https://example.amazonaws.com",
    "http://example.amazonaws.com",
    "https://Bucket.S3.US-West-2.AmazonAWS.com",
    "https://example.com:443",
    "https://example.com:80",
    "http://example.com:80",
    "http://localhost:8080",
    "https://[::1]:8443",
    "https://[2001:DB8::1]",
    "http://127.0.0.1:9000",
]
HEADER_NAMES = [
    "Host",
    "Date",
    "X-Amz-Date",
    "Authorization",
    "X-Amz-Security-Token",
    "X-Amz-Content-SHA256",
    "X-Amz-Meta-Color",
    "x-amz-acl",
    "X-Amz-Checksum-CRC32",
    "Content-Type",
    "Content-MD5",
    "Content-Length",
    "User-Agent",
    "Expect",
    "X-Amzn-Trace-Id",
    "Transfer-Encoding",
    "traceparent",
    "My-Header",
]
QUERY_KEYS = [
    "acl",
    "versionId",
    "uploads",
    "partNumber",
    "response-content-type",
    "Param",
    "param",
    "x-id",
    "a b",
    "ü",
    "",
    "X-Amz-Date",
]
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

CHARS = st.characters(codec="utf-8")  # any text that can go on the wire
text = st.text(CHARS, max_size=10)
segments = st.one_of(
    st.sampled_from(
        ["", ".", "..", "a b", "~user", "%2F", "%20", "key+name", "ü", "日本", "a:b@c"]
    ),
    st.sampled_from(["!$&'()*+,;=", "?", "#frag", "%"]),
    text,
)


@st.composite
def paths(draw: st.DrawFn) -> str:
    path = "/" + "/".join(draw(st.lists(segments, max_size=5)))
    if draw(st.booleans()):  # as a serializer sends it
        path = percent_encode(path).replace("%2F", "/")
    return path


@st.composite
def queries(draw: st.DrawFn) -> str:
    pairs = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), text), st.one_of(st.none(), text)),
            max_size=5,
        )
    )
    encode = draw(st.booleans())
    parts = []
    for key, value in pairs:
        k = percent_encode(key) if encode else key
        parts.append(k if value is None else f"{k}={percent_encode(value) if encode else value}")
    return "&".join(parts)


header_values = st.one_of(
    text,
    st.lists(st.sampled_from(["a", " ", "  ", "\t", "b  c", "ü", ",", "\n "]), max_size=6).map(
        "".join
    ),
    st.sampled_from([FORM_CONTENT_TYPE, "text/plain", "Wed, 01 Jan 2020 00:00:00 GMT"]),
)
header_names = st.one_of(
    st.sampled_from(HEADER_NAMES).flatmap(
        lambda n: st.sampled_from([n, n.lower(), n.upper(), n.swapcase()])
    ),
    st.text("abcXYZ-_019", min_size=1, max_size=8),
)
header_lists = st.lists(st.tuples(header_names, header_values), max_size=8)
tokens = st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=20).filter(str.strip))
secrets = st.text(CHARS, min_size=1, max_size=40)
timestamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
regions = st.sampled_from(["us-east-1", "eu-west-3", "cn-north-1"])
services = st.sampled_from(["s3", "sts", "execute-api", "service"])


@dataclass(frozen=True)
class BodySpec:
    """A body to build afresh for each signer (streams are consumed, so not shared)."""

    kind: str
    data: bytes
    offset: int = 0

    def build(self) -> Any:
        if self.kind == "none":
            return None
        if self.kind == "str":
            return self.data.decode("utf-8")
        if self.kind == "stream":
            stream = io.BytesIO(self.data)
            stream.seek(self.offset)
            return stream
        return self.data


bodies = st.one_of(
    st.just(BodySpec("none", b"")),
    st.just(BodySpec("bytes", b"")),
    st.just(BodySpec("str", b"")),
    st.binary(max_size=64).map(lambda b: BodySpec("bytes", b)),
    st.text(CHARS, max_size=20).map(lambda s: BodySpec("str", s.encode("utf-8"))),
    st.binary(max_size=64).flatmap(
        lambda b: st.integers(0, len(b)).map(lambda off: BodySpec("stream", b, off))
    ),
)


@dataclass(frozen=True)
class Case:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: BodySpec
    access_key: str
    secret_key: str
    token: str | None

    def strato(self) -> SigningRequest:
        return SigningRequest(self.method, self.url, self.headers, self.body.build())

    def botocore(self) -> AWSRequest:
        request = AWSRequest(method=self.method, url=self.url, data=self.body.build())
        for name, value in self.headers:
            request.headers[name] = value
        return request

    @property
    def credentials(self) -> ReadOnlyCredentials:
        return ReadOnlyCredentials(self.access_key, self.secret_key, self.token)


@st.composite
def cases(draw: st.DrawFn, body: st.SearchStrategy[BodySpec] = bodies) -> Case:
    query = draw(queries())
    url = draw(st.sampled_from(ENDPOINTS)) + draw(paths()) + (f"?{query}" if query else "")
    return Case(
        method=draw(st.sampled_from(["GET", "PUT", "POST", "DELETE", "HEAD", "patch"])),
        url=url,
        headers=draw(header_lists),
        body=draw(body),
        access_key=draw(st.text("AKIDEXAMPLE0123456789", min_size=1, max_size=20)),
        secret_key=draw(secrets),
        token=draw(tokens),
    )


def _botocore_at(when: datetime, signer: Any, request: AWSRequest) -> None:
    """Run a botocore signer with both of its clocks frozen at ``when`` (naive UTC)."""
    epoch = when.replace(tzinfo=UTC).timestamp()
    with (
        mock.patch.object(bauth, "get_current_datetime", return_value=when),
        mock.patch("time.time", return_value=epoch),
    ):
        signer.add_auth(request)


def _same(ours: SigningRequest, theirs: AWSRequest) -> None:
    assert ours.url == theirs.url
    assert ours.headers.items() == list(theirs.headers.items())


@EXAMPLES
@given(
    case=cases(),
    region=regions,
    service=services,
    when=timestamps,
    resign_at=st.one_of(st.none(), timestamps),
    payload_signing=st.booleans(),
    trailing_checksum=st.booleans(),
)
def test_sigv4_header(
    case: Case,
    region: str,
    service: str,
    when: datetime,
    resign_at: datetime | None,
    payload_signing: bool,
    trailing_checksum: bool,
) -> None:
    ours, theirs = case.strato(), case.botocore()
    theirs.context["payload_signing_enabled"] = payload_signing
    if trailing_checksum:
        theirs.context["checksum"] = {"request_algorithm": {"in": "trailer", "name": "crc32"}}
    signer = bauth.SigV4Auth(case.credentials, service, region)
    for at in (when, resign_at) if resign_at else (when,):
        _botocore_at(at, signer, theirs)
        sign_v4(
            ours,
            case.credentials,
            region,
            service,
            timestamp=at,
            payload_signing=payload_signing,
            trailing_checksum=trailing_checksum,
        )
        _same(ours, theirs)


@EXAMPLES
@given(
    case=cases(),
    region=regions,
    when=timestamps,
    resign_at=st.one_of(st.none(), timestamps),
    payload_signing=st.booleans(),
    s3_payload_signing=st.sampled_from([None, True, False]),
    streaming_input=st.booleans(),
    checksum=st.sampled_from([None, "header", "trailer"]),
)
def test_s3_sigv4_header(
    case: Case,
    region: str,
    when: datetime,
    resign_at: datetime | None,
    payload_signing: bool,
    s3_payload_signing: bool | None,
    streaming_input: bool,
    checksum: str | None,
) -> None:
    ours, theirs = case.strato(), case.botocore()
    theirs.context["payload_signing_enabled"] = payload_signing
    theirs.context["has_streaming_input"] = streaming_input
    if s3_payload_signing is not None:
        theirs.context["client_config"] = Config(s3={"payload_signing_enabled": s3_payload_signing})
    if checksum:
        algorithm = {"in": checksum, "name": "x-amz-checksum-crc32"}
        theirs.context["checksum"] = {"request_algorithm": algorithm}
    signer = bauth.S3SigV4Auth(case.credentials, "s3", region)
    for at in (when, resign_at) if resign_at else (when,):
        _botocore_at(at, signer, theirs)
        sign_v4(
            ours,
            case.credentials,
            region,
            "s3",
            timestamp=at,
            s3=True,
            payload_signing=payload_signing,
            s3_payload_signing=s3_payload_signing,
            streaming_input=streaming_input,
            checksum_header="x-amz-checksum-crc32" if checksum == "header" else "Content-MD5",
            trailing_checksum=checksum == "trailer",
        )
        _same(ours, theirs)


# botocore folds a non-empty body into the presigned query; strato leaves bodies alone.
empty_bodies = st.sampled_from(
    [BodySpec("none", b""), BodySpec("bytes", b""), BodySpec("str", b"")]
)


@EXAMPLES
@given(
    case=cases(empty_bodies),
    region=regions,
    service=services,
    when=timestamps,
    expires=st.integers(1, 604800),
    s3=st.booleans(),
    payload_signing=st.booleans(),
)
def test_sigv4_presign(
    case: Case,
    region: str,
    service: str,
    when: datetime,
    expires: int,
    s3: bool,
    payload_signing: bool,
) -> None:
    ours, theirs = case.strato(), case.botocore()
    theirs.context["payload_signing_enabled"] = payload_signing
    query_auth = bauth.S3SigV4QueryAuth if s3 else bauth.SigV4QueryAuth
    _botocore_at(when, query_auth(case.credentials, service, region, expires=expires), theirs)
    presign_v4(
        ours,
        case.credentials,
        region,
        service,
        expires=expires,
        timestamp=when,
        s3=s3,
        payload_signing=payload_signing,
    )
    _same(ours, theirs)


@EXAMPLES
@given(
    case=cases(),
    when=timestamps,
    resign_at=st.one_of(st.none(), timestamps),
    auth_path=st.one_of(st.none(), paths()),
)
def test_hmac_v1_header(
    case: Case, when: datetime, resign_at: datetime | None, auth_path: str | None
) -> None:
    ours, theirs = case.strato(), case.botocore()
    theirs.auth_path = auth_path
    signer = bauth.HmacV1Auth(case.credentials)
    for at in (when, resign_at) if resign_at else (when,):
        _botocore_at(at, signer, theirs)
        sign_hmac_v1(ours, case.credentials, timestamp=at, auth_path=auth_path)
        _same(ours, theirs)


@EXAMPLES
@given(
    case=cases(),
    when=timestamps,
    expires=st.integers(1, 604800),
    auth_path=st.one_of(st.none(), paths()),
)
def test_hmac_v1_presign(case: Case, when: datetime, expires: int, auth_path: str | None) -> None:
    ours, theirs = case.strato(), case.botocore()
    theirs.auth_path = auth_path
    _botocore_at(when, bauth.HmacV1QueryAuth(case.credentials, expires=expires), theirs)
    presign_hmac_v1(ours, case.credentials, expires=expires, timestamp=when, auth_path=auth_path)
    _same(ours, theirs)
