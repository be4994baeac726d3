"""strato against SeaweedFS, whose S3 and STS verify SigV4 with their own (Go) code.

The right credentials succeed; a wrong secret, a wrong session token, a request altered
after signing and a skewed clock are rejected. SeaweedFS answers STS errors with S3-style
``<Error>`` XML, so STS rejections are checked on the HTTP status and body.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import botocore.exceptions  # type: ignore[import-untyped]
import pytest
import urllib3

from strato.exceptions import ClientError
from strato.signing import SigningRequest, sign_v4

from ._compare import assert_same
from ._servers import WEED_ACCESS_KEY, WEED_ROLE_ARN, WEED_SECRET_KEY, Server

KEYS = {"aws_access_key_id": WEED_ACCESS_KEY, "aws_secret_access_key": WEED_SECRET_KEY}
WRONG_SECRET = {**KEYS, "aws_secret_access_key": WEED_SECRET_KEY[:-4] + "XXXX"}


class _Keys(NamedTuple):
    access_key: str
    secret_key: str
    token: str | None = None


_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.fixture
def s3(seaweedfs: Server, strato_client: Callable[..., Any]) -> Any:
    return strato_client("s3", seaweedfs.url, **KEYS)


@pytest.fixture
def bucket(s3: Any) -> Iterator[str]:
    name = f"strato-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="existing", Body=b"existing object")
    yield name


@pytest.fixture
def assumed(seaweedfs: Server, strato_client: Callable[..., Any]) -> dict[str, str]:
    """Temporary credentials from SeaweedFS's STS AssumeRole, called through strato."""
    sts = strato_client("sts", seaweedfs.url, **KEYS)
    result = sts.assume_role(RoleArn=WEED_ROLE_ARN, RoleSessionName="strato", DurationSeconds=900)
    credentials = result["Credentials"]
    assert result["AssumedRoleUser"]["Arn"].endswith("assumed-role/testrole/strato")
    assert credentials["Expiration"] > datetime.now(UTC)
    assert credentials["Expiration"] <= datetime.now(UTC) + timedelta(seconds=960)
    return {
        "aws_access_key_id": credentials["AccessKeyId"],
        "aws_secret_access_key": credentials["SecretAccessKey"],
        "aws_session_token": credentials["SessionToken"],
    }


def _send(request: SigningRequest) -> urllib3.BaseHTTPResponse:
    body = request.body if isinstance(request.body, bytes) else None
    return urllib3.request(
        request.method,
        request.url,
        body=body,
        headers=dict(request.headers.items()),
        retries=False,
        timeout=10,
    )


def _signed(
    method: str,
    url: str,
    service: str,
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    secret: str = WEED_SECRET_KEY,
    at: datetime | None = None,
) -> SigningRequest:
    request = SigningRequest(method, url, dict(headers or {}), body)
    credentials = _Keys(WEED_ACCESS_KEY, secret)
    sign_v4(request, credentials, "us-east-1", service, s3=service == "s3", timestamp=at)
    return request


# -- the right credentials --------------------------------------------------------------------


def test_s3_round_trip(
    seaweedfs: Server, s3: Any, bucket: str, tmp_path: Path, boto3_client: Callable[..., Any]
) -> None:
    theirs = boto3_client("s3", seaweedfs.url, **KEYS)
    keys = ["plain", "with space", "ünïcødé/ñ", "a+b=c&d"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode() * 3)
    source = tmp_path / "upload.bin"
    source.write_bytes(b"\x00\xff" * 50_000)
    with source.open("rb") as f:
        s3.put_object(Bucket=bucket, Key="from-file", Body=f)

    got = s3.get_object(Bucket=bucket, Key="from-file")
    assert b"".join(got["Body"].iter_chunks(4096)) == source.read_bytes()
    for key in keys:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode() * 3
    head = s3.head_object(Bucket=bucket, Key="ünïcødé/ñ")
    assert head["ContentLength"] == len("ünïcødé/ñ".encode()) * 3
    assert_same(head, theirs.head_object(Bucket=bucket, Key="ünïcødé/ñ"))

    listing = s3.list_objects_v2(Bucket=bucket)
    assert sorted(o["Key"] for o in listing["Contents"]) == sorted([*keys, "from-file", "existing"])
    assert_same(listing, theirs.list_objects_v2(Bucket=bucket))

    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="missing")
    for key in [*keys, "from-file", "existing"]:
        s3.delete_object(Bucket=bucket, Key=key)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    s3.delete_bucket(Bucket=bucket)


def test_sts_identity(seaweedfs: Server, strato_client: Callable[..., Any]) -> None:
    identity = strato_client("sts", seaweedfs.url, **KEYS).get_caller_identity()
    assert identity["Arn"] == "arn:aws:iam::000000000000:user/alice"


def test_assumed_role_credentials_work_on_s3_and_sts(
    seaweedfs: Server,
    bucket: str,
    assumed: dict[str, str],
    strato_client: Callable[..., Any],
) -> None:
    s3 = strato_client("s3", seaweedfs.url, **assumed)
    s3.put_object(Bucket=bucket, Key="by-role", Body=b"written with a session token")
    assert s3.get_object(Bucket=bucket, Key="by-role")["Body"].read() == (
        b"written with a session token"
    )
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 2
    identity = strato_client("sts", seaweedfs.url, **assumed).get_caller_identity()
    assert identity["Arn"].endswith("assumed-role/testrole/strato")


def test_signed_request_built_here_is_accepted(seaweedfs: Server, bucket: str) -> None:
    """The control for the raw rejections below: unaltered, the same requests pass."""
    response = _send(_signed("GET", f"{seaweedfs.url}/{bucket}/existing", "s3"))
    assert response.status == 200
    assert response.data == b"existing object"
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    response = _send(_signed("POST", f"{seaweedfs.url}/", "sts", body=body, headers=_FORM))
    assert response.status == 200
    assert b"<GetCallerIdentityResult>" in response.data


# -- rejections -------------------------------------------------------------------------------


def test_wrong_secret_is_rejected_on_s3(
    seaweedfs: Server,
    bucket: str,
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    with pytest.raises(ClientError) as caught:
        strato_client("s3", seaweedfs.url, **WRONG_SECRET).get_object(Bucket=bucket, Key="existing")
    error = caught.value
    assert error.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(botocore.exceptions.ClientError) as reference:
        boto3_client("s3", seaweedfs.url, **WRONG_SECRET).get_object(Bucket=bucket, Key="existing")
    assert str(error) == str(reference.value)
    assert_same(error.response, reference.value.response)


def test_wrong_secret_is_rejected_on_sts(
    seaweedfs: Server, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> None:
    with pytest.raises(ClientError) as caught:
        strato_client("sts", seaweedfs.url, **WRONG_SECRET).assume_role(
            RoleArn=WEED_ROLE_ARN, RoleSessionName="wrong"
        )
    error = caught.value
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(botocore.exceptions.ClientError) as reference:
        boto3_client("sts", seaweedfs.url, **WRONG_SECRET).assume_role(
            RoleArn=WEED_ROLE_ARN, RoleSessionName="wrong"
        )
    assert str(error) == str(reference.value)
    assert_same(error.response, reference.value.response)
    raw = _send(
        _signed(
            "POST",
            f"{seaweedfs.url}/",
            "sts",
            body=b"Action=GetCallerIdentity&Version=2011-06-15",
            headers=_FORM,
            secret=WRONG_SECRET["aws_secret_access_key"],
        )
    )
    assert raw.status == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in raw.data


def test_wrong_session_token_is_rejected(
    seaweedfs: Server,
    bucket: str,
    assumed: dict[str, str],
    strato_client: Callable[..., Any],
    boto3_client: Callable[..., Any],
) -> None:
    token = assumed["aws_session_token"]
    altered = {**assumed, "aws_session_token": token[:-6] + ("A" if token[-1] != "A" else "B") * 6}
    calls: list[tuple[str, Callable[[Any], Any]]] = [
        ("s3", lambda c: c.get_object(Bucket=bucket, Key="existing")),
        ("sts", lambda c: c.get_caller_identity()),
    ]
    for service, call in calls:
        with pytest.raises(ClientError) as caught:
            call(strato_client(service, seaweedfs.url, **altered))
        with pytest.raises(botocore.exceptions.ClientError) as reference:
            call(boto3_client(service, seaweedfs.url, **altered))
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert str(caught.value) == str(reference.value)
        assert_same(caught.value.response, reference.value.response)
        # The unaltered token passes the same call.
        call(strato_client(service, seaweedfs.url, **assumed))


def _tamper(client: Any, alter: Callable[[str, dict[str, str]], str]) -> None:
    """Make ``client`` alter each request after strato signed it, just before it is sent."""
    transport = client._transport
    send = transport.send

    def altered_send(method: str, url: str, headers: Any, body: Any, **kwargs: Any) -> Any:
        headers = dict(headers)
        return send(method, alter(url, headers), headers, body, **kwargs)

    transport.send = altered_send


def _bump_date(url: str, headers: dict[str, str]) -> str:
    moment = datetime.strptime(headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ") + timedelta(seconds=1)
    headers["X-Amz-Date"] = moment.strftime("%Y%m%dT%H%M%SZ")
    return url


def _claim_unsigned_payload(url: str, headers: dict[str, str]) -> str:
    headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    return url


_ALTERATIONS: dict[str, Callable[[str, dict[str, str]], str]] = {
    "path": lambda url, headers: url.replace("/existing", "/existinG"),
    "query": lambda url, headers: url + "?versionId=null",
    "date-header": _bump_date,
    "content-sha256-header": _claim_unsigned_payload,
}


@pytest.mark.parametrize("alteration", list(_ALTERATIONS))
def test_request_altered_after_signing_is_rejected(
    alteration: str, seaweedfs: Server, bucket: str, strato_client: Callable[..., Any]
) -> None:
    client = strato_client("s3", seaweedfs.url, **KEYS)
    assert client.get_object(Bucket=bucket, Key="existing")["Body"].read() == b"existing object"
    _tamper(client, _ALTERATIONS[alteration])
    with pytest.raises(ClientError) as caught:
        client.get_object(Bucket=bucket, Key="existing")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert caught.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def _sts_query(request: SigningRequest) -> None:
    request.url += "?x=1"


def _sts_body(request: SigningRequest) -> None:
    request.body = b"Action=GetCallerIdentity&Version=2011-06-16"


def _sts_content_type(request: SigningRequest) -> None:
    request.headers["Content-Type"] = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "alter", [_sts_query, _sts_body, _sts_content_type], ids=lambda f: f.__name__
)
def test_sts_request_altered_after_signing_is_rejected(
    seaweedfs: Server, alter: Callable[[SigningRequest], None]
) -> None:
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    request = _signed("POST", f"{seaweedfs.url}/", "sts", body=body, headers=_FORM)
    alter(request)
    response = _send(request)
    assert response.status == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in response.data


@pytest.mark.parametrize("minutes", [-20, 20])
def test_skewed_clock_is_rejected(seaweedfs: Server, bucket: str, minutes: int) -> None:
    at = datetime.now(UTC) + timedelta(minutes=minutes)
    response = _send(_signed("GET", f"{seaweedfs.url}/{bucket}/existing", "s3", at=at))
    assert response.status == 403
    assert b"<Code>RequestTimeTooSkewed</Code>" in response.data
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    response = _send(_signed("POST", f"{seaweedfs.url}/", "sts", body=body, headers=_FORM, at=at))
    assert response.status == 403
    assert b"<Code>RequestTimeTooSkewed</Code>" in response.data
