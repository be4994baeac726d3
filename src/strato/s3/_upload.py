"""Upload a file or a file object: one PutObject below the threshold, else a multipart
upload whose parts are read as they are sent (paths) or read ahead one part at a time
(file objects), aborted when anything fails."""

from __future__ import annotations

from . import _args
from ._progress import PartBody

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from ._bandwidth import Limiter
    from ._progress import Callback
    from ._runner import Runner
    from .transfer import TransferConfig

_LOG = "strato.s3.transfer"

PUT_OBJECT_BLOCKLIST = ["ChecksumType", "MpuObjectSize"]
CREATE_MULTIPART_BLOCKLIST = [*_args.FULL_OBJECT_CHECKSUM_ARGS, "MpuObjectSize"]
UPLOAD_PART_ARGS = [
    "ChecksumAlgorithm",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
]
COMPLETE_MULTIPART_ARGS = [
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
    "ChecksumType",
    "MpuObjectSize",
    *_args.FULL_OBJECT_CHECKSUM_ARGS,
]


def _readable(source: Any) -> bool:
    if hasattr(source, "readable"):
        return bool(source.readable())
    return hasattr(source, "read")


def _seekable(source: Any) -> bool:
    if hasattr(source, "seekable"):
        return bool(source.seekable())
    if hasattr(source, "seek") and hasattr(source, "tell"):
        try:
            source.seek(0, 1)
        except OSError:
            return False
        return True
    return False


def upload(
    client: Any,
    source: Any,
    bucket: str,
    key: str,
    extra_args: dict[str, Any] | None,
    callback: Callback | None,
    config: TransferConfig,
    runner: Runner,
) -> None:
    """s3transfer's upload: the arguments checked, CRC32 asked for when the client's
    ``request_checksum_calculation`` is ``when_supported``, then one or many requests."""
    extra = dict(extra_args) if extra_args else {}
    _args.check_known(extra, _args.ALLOWED_UPLOAD_ARGS)
    _args.check_bucket(bucket)
    if client.meta.config.request_checksum_calculation == "when_supported" and not any(
        name in extra for name in _args.FULL_OBJECT_CHECKSUM_ARGS
    ):
        extra.setdefault("ChecksumAlgorithm", "CRC32")
    threshold = config.multipart_threshold
    initial = b""  # what a stream's threshold check read
    if isinstance(source, str):
        import os

        size: int | None = os.path.getsize(source)
    elif _readable(source) and _seekable(source):
        start = source.tell()
        source.seek(0, 2)
        size = source.tell() - start
        source.seek(start)
    elif _readable(source):
        size = None
        initial = source.read(threshold)
    else:
        raise RuntimeError(f"Input {source} of type: {type(source)} is not supported.")
    if (len(initial) if size is None else size) < threshold:
        put_args = _args.without(extra, PUT_OBJECT_BLOCKLIST)
        if isinstance(source, str):
            body = PartBody(source, 0, size or 0, callback, runner.limiter)
        elif size is None:
            import io

            data = initial + source.read()
            body = PartBody(io.BytesIO(data), 0, len(data), callback, runner.limiter)
        else:
            # s3transfer sends the caller's object itself, and closes it afterwards.
            body = PartBody(source, source.tell(), size, callback, runner.limiter)
        with body:
            runner.run([lambda: client.put_object(Bucket=bucket, Key=key, Body=body, **put_args)])
        return
    _multipart(client, source, bucket, key, extra, size, initial, callback, config, runner)


def _multipart(
    client: Any,
    source: Any,
    bucket: str,
    key: str,
    extra: dict[str, Any],
    size: int | None,
    initial: bytes,
    callback: Callback | None,
    config: TransferConfig,
    runner: Runner,
) -> None:
    for name in _args.FULL_OBJECT_CHECKSUM_ARGS:
        if name in extra:
            extra["ChecksumType"] = "FULL_OBJECT"
            extra["ChecksumAlgorithm"] = name[len("Checksum") :]
    created = client.create_multipart_upload(
        Bucket=bucket, Key=key, **_args.without(extra, CREATE_MULTIPART_BLOCKLIST)
    )
    upload_id = created["UploadId"]
    part_args = _args.only(extra, UPLOAD_PART_ARGS)
    chunk = _args.part_size(config.multipart_chunksize, size)

    def send(number: int, body: PartBody) -> dict[str, Any]:
        with body:
            answer = client.upload_part(
                Bucket=bucket,
                Key=key,
                UploadId=upload_id,
                PartNumber=number,
                Body=body,
                **part_args,
            )
        part = {"ETag": answer["ETag"], "PartNumber": number}
        if "ChecksumAlgorithm" in part_args:
            member = "Checksum" + part_args["ChecksumAlgorithm"].upper()
            if member in answer:
                part[member] = answer[member]
        return part

    def tasks() -> Iterator[Callable[[], dict[str, Any]]]:
        for number, body in _bodies(source, size, initial, chunk, callback, runner.limiter):
            yield lambda number=number, body=body: send(number, body)  # type: ignore[misc]

    try:
        parts = runner.run(tasks())
        client.complete_multipart_upload(
            Bucket=bucket,
            Key=key,
            UploadId=upload_id,
            MultipartUpload={"Parts": parts},
            **_args.only(extra, COMPLETE_MULTIPART_ARGS),
        )
    except BaseException:
        try:
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        except Exception as error:  # s3transfer logs a failed cleanup and goes on
            from .. import _log

            _log.debug(_LOG, "Exception raised in cleanup: %s", error)
        raise


def _bodies(
    source: Any,
    size: int | None,
    initial: bytes,
    chunk: int,
    callback: Callback | None,
    limiter: Limiter | None,
) -> Iterator[tuple[int, PartBody]]:
    """(part number, body): a path's parts read when sent; a file object's read here, one
    part at a time, as the runner asks for them."""
    import io

    if isinstance(source, str):
        assert size is not None
        for index in range(_args.part_count(size, chunk)):
            start = index * chunk
            yield index + 1, PartBody(source, start, min(chunk, size - start), callback, limiter)
        return
    number = 0
    while size is None or number < _args.part_count(size, chunk):
        if initial:
            data, initial = initial[:chunk], initial[chunk:]
            if len(data) < chunk:
                data += source.read(chunk - len(data))
        else:
            data = source.read(chunk)
        if not data and size is None:
            return
        number += 1
        yield number, PartBody(io.BytesIO(data), 0, len(data), callback, limiter)
