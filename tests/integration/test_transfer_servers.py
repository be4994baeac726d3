"""strato's managed transfers against moto's server and SeaweedFS: every transfer method at
the sizes where the requests change (empty, one byte, exactly one part, one byte over the
threshold) and at 100 MiB on ten threads, each checked by its bytes (sha256) and its ETag
(a multipart ETag is the md5 of the parts' md5s and "-N"); a failed part aborts the upload;
a failed download leaves no file behind."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from strato.exceptions import ClientError, S3DownloadFailedError, S3UploadFailedError
from strato.s3.transfer import TransferConfig

from ._servers import WEED_ACCESS_KEY, WEED_SECRET_KEY, Server
from .conftest import MOTO_KEYS, REGION

MB = 1024 * 1024
PART = 5 * MB
#: Threshold and part size at S3's smallest part, so "one part" is 5 MiB.
SMALL = {"multipart_threshold": PART, "multipart_chunksize": PART}
KEYS = {
    "moto": MOTO_KEYS,
    "seaweedfs": {"aws_access_key_id": WEED_ACCESS_KEY, "aws_secret_access_key": WEED_SECRET_KEY},
}


@pytest.fixture(params=["moto", "seaweedfs"])
def s3(request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    import strato

    server: Server = request.getfixturevalue(request.param)
    client = strato.Session().client(
        "s3", endpoint_url=server.url, region_name=REGION, **KEYS[request.param]
    )
    bucket = f"transfer-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    client.boto3_twin = (server.url, KEYS[request.param])  # for what only a peer can tell
    yield client, bucket
    client.close()


def _boto3_copy_etag(client: Any, bucket: str, key: str, **config: Any) -> str:
    """The ETag of the same copy made by boto3 (SeaweedFS has its own multipart-copy ETag)."""
    import boto3  # type: ignore[import-untyped]
    from boto3.s3.transfer import TransferConfig as Boto3Config  # type: ignore[import-untyped]

    url, keys = client.boto3_twin
    twin = boto3.client("s3", endpoint_url=url, region_name=REGION, **keys)
    twin.copy({"Bucket": bucket, "Key": key}, bucket, "boto3-copy", Config=Boto3Config(**config))
    return twin.head_object(Bucket=bucket, Key="boto3-copy")["ETag"]  # type: ignore[no-any-return]


def _data(size: int) -> bytes:
    """Bytes that differ from part to part (so a misplaced range shows)."""
    return (hashlib.sha256(b"strato").digest() * (size // 32 + 1))[:size]


def _etag(data: bytes, threshold: int, part: int) -> str:
    if len(data) < threshold:
        return f'"{hashlib.md5(data).hexdigest()}"'
    digests = [hashlib.md5(data[i : i + part]).digest() for i in range(0, len(data), part)]
    return f'"{hashlib.md5(b"".join(digests)).hexdigest()}-{len(digests)}"'


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check(client: Any, bucket: str, key: str, data: bytes, threshold: int, part: int) -> None:
    head = client.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == _etag(data, threshold, part)
    assert _sha(client.get_object(Bucket=bucket, Key=key)["Body"].read()) == _sha(data)


@pytest.mark.parametrize("size", [0, 1, PART, PART + 1])
def test_every_transfer_method_at_the_edges(s3: tuple[Any, str], tmp_path: Path, size: int) -> None:
    client, bucket = s3
    data = _data(size)
    source = tmp_path / "source"
    source.write_bytes(data)
    config = TransferConfig(**SMALL)
    progress: list[int] = []

    client.upload_file(str(source), bucket, "file", Config=config, Callback=progress.append)
    _check(client, bucket, "file", data, PART, PART)
    assert sum(progress) == size

    client.upload_fileobj(io.BytesIO(data), bucket, "fileobj", Config=config)
    _check(client, bucket, "fileobj", data, PART, PART)

    target = tmp_path / "target"
    client.download_file(bucket, "file", str(target), Config=config)
    assert _sha(target.read_bytes()) == _sha(data)
    assert sorted(os.listdir(tmp_path)) == ["home", "source", "target"]

    into = io.BytesIO()
    client.download_fileobj(bucket, "fileobj", into, Config=config)
    assert _sha(into.getvalue()) == _sha(data)

    client.copy({"Bucket": bucket, "Key": "file"}, bucket, "copied", Config=config)
    head = client.head_object(Bucket=bucket, Key="copied")
    assert head["ContentLength"] == size
    assert head["ETag"] == _boto3_copy_etag(client, bucket, "file", **SMALL)
    assert _sha(client.get_object(Bucket=bucket, Key="copied")["Body"].read()) == _sha(data)


def test_100_mib_on_ten_threads(s3: tuple[Any, str], tmp_path: Path) -> None:
    client, bucket = s3
    data = _data(100 * MB)
    source = tmp_path / "source"
    source.write_bytes(data)
    config = TransferConfig(use_threads=True, max_concurrency=10)
    part = config.multipart_chunksize
    progress: list[int] = []

    client.upload_file(str(source), bucket, "file", Config=config, Callback=progress.append)
    assert sum(progress) == len(data)
    assert client.head_object(Bucket=bucket, Key="file")["ETag"] == _etag(data, part, part)
    with source.open("rb") as readable:
        client.upload_fileobj(readable, bucket, "fileobj", Config=config)
    assert client.head_object(Bucket=bucket, Key="fileobj")["ETag"] == _etag(data, part, part)

    target = tmp_path / "target"
    progress.clear()
    client.download_file(bucket, "fileobj", str(target), Config=config, Callback=progress.append)
    assert sum(progress) == len(data)
    assert _sha(target.read_bytes()) == _sha(data)
    with (tmp_path / "into").open("wb") as writable:
        client.download_fileobj(bucket, "file", writable, Config=config)
    assert _sha((tmp_path / "into").read_bytes()) == _sha(data)

    client.copy({"Bucket": bucket, "Key": "file"}, bucket, "copied", Config=config)
    assert client.head_object(Bucket=bucket, Key="copied")["ETag"] == _boto3_copy_etag(
        client, bucket, "file"
    )
    target.unlink()
    client.download_file(bucket, "copied", str(target), Config=config)
    assert _sha(target.read_bytes()) == _sha(data)


def _fail_part(number: int) -> Any:
    """A before-call step: UploadPart ``number`` answered with an error, not sent."""

    def step(operation: Any, request: dict[str, Any]) -> Any:
        query = request["query_string"]  # the serialized request's query members
        if operation.name == "UploadPart" and str(query.get("partNumber")) == str(number):
            error = {"Code": "InternalError", "Message": "part lost"}
            return 500, {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 500}}
        return None

    return step


@pytest.mark.parametrize("threads", [False, True])
def test_a_failed_part_aborts_the_upload(
    s3: tuple[Any, str], tmp_path: Path, threads: bool
) -> None:
    client, bucket = s3
    source = tmp_path / "source"
    source.write_bytes(_data(3 * PART))
    client._client_events().before_call.append(_fail_part(2))
    with pytest.raises(S3UploadFailedError) as raised:
        client.upload_file(
            str(source), bucket, "k", Config=TransferConfig(use_threads=threads, **SMALL)
        )
    assert str(raised.value) == (
        f"Failed to upload {source} to {bucket}/k: An error occurred (InternalError) when "
        "calling the UploadPart operation: part lost"
    )
    assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with pytest.raises(ClientError):
        client.head_object(Bucket=bucket, Key="k")


def test_a_download_that_fails_leaves_no_file(s3: tuple[Any, str], tmp_path: Path) -> None:
    """The object is deleted after the first range arrives: the second range fails."""
    client, bucket = s3
    client.put_object(Bucket=bucket, Key="k", Body=_data(2 * PART + 1))
    target = tmp_path / "target"

    def delete_once(amount: int) -> None:
        if not deleted:
            deleted.append(amount)
            client.delete_object(Bucket=bucket, Key="k")

    deleted: list[int] = []
    with pytest.raises(ClientError) as raised:
        client.download_file(
            bucket,
            "k",
            str(target),
            Callback=delete_once,
            Config=TransferConfig(use_threads=False, **SMALL),
        )
    assert raised.value.response["Error"]["Code"] in ("NoSuchKey", "404")
    assert sorted(os.listdir(tmp_path)) == ["home"]


def test_an_object_that_changes_during_a_download(moto: Server, tmp_path: Path) -> None:
    """moto checks ``IfMatch``: the ranges after the object changed fail as s3transfer's."""
    import strato

    client = strato.Session().client("s3", endpoint_url=moto.url, region_name=REGION, **MOTO_KEYS)
    bucket = f"transfer-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="k", Body=_data(2 * PART + 1))
    changed: list[int] = []

    def change_once(amount: int) -> None:
        if not changed:
            changed.append(amount)
            client.put_object(Bucket=bucket, Key="k", Body=b"new")

    with pytest.raises(S3DownloadFailedError) as raised:
        client.download_file(
            bucket,
            "k",
            str(tmp_path / "target"),
            Callback=change_once,
            Config=TransferConfig(use_threads=False, **SMALL),
        )
    assert str(raised.value) == (
        f'Contents of stored object "k" in bucket "{bucket}" did not match expected ETag.'
    )
    assert sorted(os.listdir(tmp_path)) == ["home"]


class _Pipe:
    """A non-seekable reader and writer (a socket's or a pipe's file object, say)."""

    def __init__(self, data: bytes = b"") -> None:
        self._source = io.BytesIO(data)
        self.written = bytearray()

    def read(self, size: int = -1) -> bytes:
        return self._source.read(size)

    def write(self, data: bytes) -> int:
        self.written += data
        return len(data)


def test_streams_on_threads(s3: tuple[Any, str]) -> None:
    """A stream is uploaded part by part as it is read and downloaded in order, even when
    later ranges arrive first."""
    client, bucket = s3
    data = _data(23 * MB + 5)
    config = TransferConfig(max_concurrency=4, **SMALL)
    client.upload_fileobj(_Pipe(data), bucket, "stream", Config=config)
    assert client.head_object(Bucket=bucket, Key="stream")["ETag"] == _etag(data, PART, PART)
    into = _Pipe()
    client.download_fileobj(bucket, "stream", into, Config=config)
    assert _sha(bytes(into.written)) == _sha(data)


def test_a_file_opened_to_append_is_written_in_order(
    s3: tuple[Any, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """boto3 downloads into a file in append mode on one thread (appends ignore seeks), and
    says so in a warning."""
    client, bucket = s3
    data = _data(2 * PART + 9)
    client.put_object(Bucket=bucket, Key="k", Body=data)
    target = tmp_path / "log"
    target.write_bytes(b"before\n")
    with target.open("ab") as appending:
        client.download_fileobj(bucket, "k", appending, Config=TransferConfig(**SMALL))
    assert target.read_bytes() == b"before\n" + data
    assert any("append mode" in record.getMessage() for record in caplog.records)
