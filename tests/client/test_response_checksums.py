"""Differential: response checksum validation (``x-amz-checksum-*``) as botocore 1.44.8 does it.

S3 GetObject (the operation with a ``requestValidationModeMember``) is answered with canned
bodies and checksum headers. Both clients must report the same ``ChecksumAlgorithm``, give
the same bytes, and raise the same ``FlexibleChecksumError`` when the body is read to the end
and does not match. Without awscrt botocore validates crc32, sha1, sha256 and sha512 only.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from types import SimpleNamespace
from typing import Any

import botocore.httpchecksum
import pytest

from strato.clients import checksums
from strato.exceptions import FlexibleChecksumError

from ._compare import assert_same_outcome, outcome_view
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
S3 = {"x-amz-request-id": "s3-req", "x-amz-id-2": "host-id==", "ETag": '"e"'}
BODY = b"the object's bytes"
GET = {"Bucket": "b", "Key": "k"}


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


CRC32 = _b64(zlib.crc32(BODY).to_bytes(4, "big"))
SHA1 = _b64(hashlib.sha1(BODY).digest())
SHA256 = _b64(hashlib.sha256(BODY).digest())
WRONG_CRC32 = _b64(zlib.crc32(b"other bytes").to_bytes(4, "big"))


def _calls(
    headers: dict[str, str], params: dict[str, Any] | None = None, **config: Any
) -> tuple[Any, Any]:
    boto, mine = make_pair(
        "s3",
        {"retries": {"total_max_attempts": 1}, **config},
        region_name="us-east-1",
        **CREDS,
    )
    canned = Canned(200, {**S3, "Content-Length": str(len(BODY)), **headers}, BODY)
    boto_requests, boto_outcome = call_botocore(boto, "get_object", dict(params or GET), canned)
    mine_requests, mine_outcome = call_strato(mine, "get_object", dict(params or GET), canned)
    assert [r.headers.get("x-amz-checksum-mode") for r in mine_requests] == [
        r.headers.get("x-amz-checksum-mode") for r in boto_requests
    ]
    return boto_outcome, mine_outcome


@pytest.mark.parametrize(
    ("headers", "algorithm"),
    [
        pytest.param({"x-amz-checksum-crc32": CRC32}, "crc32", id="crc32"),
        pytest.param({"x-amz-checksum-sha1": SHA1}, "sha1", id="sha1"),
        pytest.param({"x-amz-checksum-sha256": SHA256}, "sha256", id="sha256"),
        pytest.param(
            {"X-Amz-Checksum-SHA256": SHA256, "x-amz-checksum-sha1": SHA1}, "sha1", id="preferred"
        ),
        pytest.param(
            {"x-amz-checksum-crc32": "AAAAAA==-2", "x-amz-checksum-sha256": SHA256},
            "sha256",
            id="composite-skipped",
        ),
        pytest.param({"x-amz-checksum-crc32c": "AAAAAA=="}, None, id="crc32c-needs-crt"),
        pytest.param({"x-amz-checksum-crc64nvme": "AAAAAAAAAAA="}, None, id="crc64nvme-needs-crt"),
        pytest.param({}, None, id="no-checksum"),
    ],
)
def test_matching_checksums(headers: dict[str, str], algorithm: str | None) -> None:
    boto, mine = _calls(headers)
    assert mine["ResponseMetadata"].get("ChecksumAlgorithm") == algorithm
    assert_same_outcome(boto, mine)  # reads both bodies to the end


def _read_all(response: dict[str, Any], how: str) -> Any:
    body = response["Body"]
    try:
        if how == "read":
            return body.read()
        if how == "chunks":
            return b"".join(body.iter_chunks(5))
        buffer = bytearray(7)
        data = b""
        while count := body.readinto(buffer):
            data += bytes(buffer[:count])
        return data
    except Exception as error:
        return error


@pytest.mark.parametrize("how", ["read", "chunks", "readinto"])
def test_a_wrong_checksum_raises_when_the_body_is_read_to_the_end(how: str) -> None:
    boto, mine = _calls({"x-amz-checksum-crc32": WRONG_CRC32})
    assert mine["ResponseMetadata"]["ChecksumAlgorithm"] == "crc32"
    assert mine["Body"].read(3) == boto["Body"].read(3) == BODY[:3]
    boto_error, mine_error = _read_all(boto, how), _read_all(mine, how)
    assert isinstance(mine_error, FlexibleChecksumError)
    assert outcome_view(mine_error) == outcome_view(boto_error)
    assert str(mine_error) == (
        f"Expected checksum {WRONG_CRC32} did not match calculated checksum: {CRC32}"
    )


def test_when_required_validates_only_if_the_caller_asks() -> None:
    wrong = {"x-amz-checksum-crc32": WRONG_CRC32}
    boto, mine = _calls(wrong, response_checksum_validation="when_required")
    assert "ChecksumAlgorithm" not in mine["ResponseMetadata"]
    assert_same_outcome(boto, mine)

    asked = {**GET, "ChecksumMode": "ENABLED"}
    boto, mine = _calls(wrong, asked, response_checksum_validation="when_required")
    assert mine["ResponseMetadata"]["ChecksumAlgorithm"] == "crc32"
    assert outcome_view(_read_all(mine, "read")) == outcome_view(_read_all(boto, "read"))


@pytest.mark.parametrize(
    ("expected", "body"),
    [(CRC32, BODY), (WRONG_CRC32, BODY), ("not base64!", BODY)],
    ids=["right", "wrong", "not-base64"],
)
def test_a_body_read_at_once_is_checked_at_once(expected: str, body: bytes) -> None:
    """The non-streaming path (no AWS model has one yet): botocore's ``_handle_bytes_response``."""
    headers = {"x-amz-checksum-crc32": expected}
    response: dict[str, Any] = {"headers": headers, "context": {}}
    try:
        botocore.httpchecksum.handle_checksum_body(
            SimpleNamespace(content=body),
            response,
            {"checksum": {"response_algorithms": ["crc32"]}},
            SimpleNamespace(has_streaming_output=False),
        )
        theirs: Any = (response["body"], response["context"])
    except Exception as error:
        theirs = error
    context: dict[str, Any] = {}
    try:
        ours: Any = (checksums.validate_response(("crc32",), headers, body, context), context)
    except FlexibleChecksumError as error:
        ours = error
    if expected == CRC32:
        assert ours == theirs == (BODY, {"checksum": {"response_algorithm": "crc32"}})
    elif expected == WRONG_CRC32:
        assert outcome_view(ours) == outcome_view(theirs)
    else:
        # botocore lets binascii.Error escape; strato reports the mismatch
        assert type(theirs).__name__ == "Error"
        assert str(ours).startswith("Expected checksum not base64! did not match")
