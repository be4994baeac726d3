"""S3 parameter rules botocore applies before validation: bucket names, ASCII metadata,
SSE-C keys (base64 plus their MD5) and ``CopySource`` quoting."""

from __future__ import annotations

from .. import _urlpath
from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Any

# The patterns appear in botocore's error text, so they are spelled exactly as there.
_VALID_BUCKET = r"^[a-zA-Z0-9.\-_]{1,255}$"
_VALID_S3_ARN = (
    r"^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:]"
    r"[a-zA-Z0-9\-.]{1,63}$"
    r"|"
    r"^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]"
    r"[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$"
)
_VERSION_ID_SUFFIX = r"\?versionId=[^\s]+$"
#: Characters ``_VALID_BUCKET`` allows: a name of only these (1 to 255) needs no ``re``.
_BUCKET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
_COPY_SOURCE_SAFE = "-._~/"
_ASCII_METADATA = ("CopyObject", "PutObject", "CreateMultipartUpload")
_SSE_C = (
    "HeadObject",
    "GetObject",
    "PutObject",
    "CopyObject",
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPartCopy",
    "CompleteMultipartUpload",
    "SelectObjectContent",
)
_COPIES = ("CopyObject", "UploadPartCopy")


def prepare(operation_name: str, params: dict[str, Any]) -> None:
    """Check and rewrite ``params`` in place, in botocore's handler order."""
    check_bucket(params)
    if operation_name in _COPIES:
        _quote_copy_source(params)
    if operation_name in _ASCII_METADATA:
        _check_ascii_metadata(params)
    if operation_name in _SSE_C:
        _sse_customer_key(params, "SSECustomer")
    if operation_name in _COPIES:
        _sse_customer_key(params, "CopySourceSSECustomer")


def only_checks_bucket(operation_name: str, names: Collection[str]) -> bool:
    """Whether ``prepare`` does no more than the bucket check for these parameter names."""
    return not (
        (
            operation_name in _COPIES
            and ("CopySource" in names or "CopySourceSSECustomerKey" in names)
        )
        or (operation_name in _ASCII_METADATA and "Metadata" in names)
        or (operation_name in _SSE_C and "SSECustomerKey" in names)
    )


def is_plain_bucket(bucket: Any) -> bool:
    """Whether ``bucket`` is text the bucket-name pattern matches (checked without ``re``)."""
    return isinstance(bucket, str) and 0 < len(bucket) <= 255 and _BUCKET_CHARS.issuperset(bucket)


def check_bucket(params: dict[str, Any]) -> None:
    """botocore's bucket-name check: a ParamValidationError with its pattern."""
    bucket = params.get("Bucket")
    if bucket is None:
        return
    if is_plain_bucket(bucket):
        return  # what the pattern matches, without loading re
    import re

    if re.search(_VALID_BUCKET, bucket) or re.search(_VALID_S3_ARN, bucket):
        return
    raise errors.ParamValidationError(
        report=f'Invalid bucket name "{bucket}": Bucket name must match the regex '
        f'"{_VALID_BUCKET}" or be an ARN matching the regex "{_VALID_S3_ARN}"'
    )


def _check_ascii_metadata(params: dict[str, Any]) -> None:
    metadata = params.get("Metadata")
    if not isinstance(metadata, dict):
        return  # the validator reports the type
    for key, value in metadata.items():
        if not (key.isascii() and value.isascii()):
            raise errors.ParamValidationError(
                report=f'Non ascii characters found in S3 metadata for key "{key}", '
                f'value: "{value}".  \nS3 metadata can only contain ASCII characters. '
            )


def _sse_customer_key(params: dict[str, Any], prefix: str) -> None:
    """S3 wants the SSE-C key base64-encoded, with the base64 MD5 of the raw key beside it."""
    key = params.get(prefix + "Key")
    if key is None or prefix + "KeyMD5" in params:
        return
    raw = key.encode("utf-8") if isinstance(key, str) else key
    import base64
    import hashlib  # not at client creation: only SSE-C parameters need it

    md5 = hashlib.md5(raw, usedforsecurity=False).digest()
    params[prefix + "Key"] = base64.b64encode(raw).decode("utf-8")
    params[prefix + "KeyMD5"] = base64.b64encode(md5).decode("utf-8")


def _quote(text: str) -> str:
    return _urlpath.quote(text.encode("utf-8"), safe=_COPY_SOURCE_SAFE)


def _quote_copy_source(params: dict[str, Any]) -> None:
    """``bucket/key[?versionId=v]`` with the key percent-encoded; a dict names the parts."""
    import re

    source = params.get("CopySource")
    if isinstance(source, str):
        suffix = re.search(_VERSION_ID_SUFFIX, source)
        if suffix is None:
            params["CopySource"] = _quote(source)
        else:
            params["CopySource"] = _quote(source[: suffix.start()]) + source[suffix.start() :]
    elif isinstance(source, dict):
        try:
            bucket, key = source["Bucket"], source["Key"]
        except KeyError as e:
            raise errors.ParamValidationError(report=f"Missing required parameter: {e}") from None
        joined = f"{bucket}/object/{key}" if re.search(_VALID_S3_ARN, bucket) else f"{bucket}/{key}"
        quoted = _quote(joined)
        version = source.get("VersionId")
        params["CopySource"] = quoted if version is None else f"{quoted}?versionId={version}"
