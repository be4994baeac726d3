"""s3transfer's argument lists, checks and part arithmetic, shared by the three transfers."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

KB = 1024
MB = KB * KB

#: S3's limits, which part sizes are adjusted to (s3transfer's ChunksizeAdjuster).
MAX_PARTS = 10000
MAX_PART_SIZE = 5 * 1024**3
MIN_PART_SIZE = 5 * MB

ALLOWED_DOWNLOAD_ARGS = [
    "ChecksumMode",
    "VersionId",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
]

FULL_OBJECT_CHECKSUM_ARGS = [
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumMD5",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumSHA512",
    "ChecksumXXHASH3",
    "ChecksumXXHASH64",
    "ChecksumXXHASH128",
]

_ALLOWED_SHARED_ARGS = [
    "ACL",
    "CacheControl",
    "ChecksumAlgorithm",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "ExpectedBucketOwner",
    "Expires",
    "GrantFullControl",
    "GrantRead",
    "GrantReadACP",
    "GrantWriteACP",
    "Metadata",
    "ObjectLockLegalHoldStatus",
    "ObjectLockMode",
    "ObjectLockRetainUntilDate",
    "RequestPayer",
    "ServerSideEncryption",
    "StorageClass",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "SSEKMSKeyId",
    "SSEKMSEncryptionContext",
    "Tagging",
    "WebsiteRedirectLocation",
]

ALLOWED_UPLOAD_ARGS = [*_ALLOWED_SHARED_ARGS, "ChecksumType", "MpuObjectSize"]
ALLOWED_UPLOAD_ARGS += FULL_OBJECT_CHECKSUM_ARGS

ALLOWED_COPY_ARGS = [
    *_ALLOWED_SHARED_ARGS,
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
    "AnnotationDirective",
]


def check_known(extra_args: Iterable[str], allowed: list[str]) -> None:
    """s3transfer's ``_validate_all_known_args``: its ValueError, word for word."""
    for name in extra_args:
        if name not in allowed:
            raise ValueError(
                f"Invalid extra_args key '{name}', must be one of: {', '.join(allowed)}"
            )


def check_bucket(bucket: Any) -> None:
    """S3 Object Lambda access points take no managed transfers (s3transfer's check)."""
    import re

    if re.match(
        r"^arn:(aws).*:s3-object-lambda:[a-z\-0-9]+:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-]{1,63}",
        bucket,
    ):
        raise ValueError(
            "TransferManager methods do not support S3 Object Lambda resource. "
            "Use direct client calls instead."
        )


def only(args: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The members of ``args`` named in ``names``, in ``args``' order."""
    return {name: value for name, value in args.items() if name in names}


def without(args: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {name: value for name, value in args.items() if name not in names}


def part_size(chunksize: int, size: int | None) -> int:
    """``chunksize`` doubled until ``size`` fits in 10,000 parts, then held within S3's
    5 MiB..5 GiB part sizes (s3transfer's ChunksizeAdjuster)."""
    if size is not None:
        while -(-size // chunksize) > MAX_PARTS:
            chunksize *= 2
    return min(max(chunksize, MIN_PART_SIZE), MAX_PART_SIZE)


def part_count(size: int, part: int) -> int:
    return -(-size // part)


def byte_range(part: int, index: int, count: int, total: int | None = None) -> str:
    """The ``Range`` of part ``index``: the last one open-ended unless ``total`` is given."""
    start = index * part
    end = str(start + part - 1)
    if index == count - 1:
        end = "" if total is None else str(total - 1)
    return f"bytes={start}-{end}"
