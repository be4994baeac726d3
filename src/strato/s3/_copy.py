"""Copy an object: HeadObject on the source, then CopyObject below the threshold or a
multipart copy (UploadPartCopy of byte ranges, ``CopySourceIfMatch`` the source's ETag)
that keeps the source's metadata unless told to replace it, and copies or sets its tags."""

from __future__ import annotations

from . import _args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from ._progress import Callback
    from ._runner import Runner
    from .transfer import TransferConfig

_LOG = "strato.s3.transfer"

#: A copy's arguments that HeadObject of the source takes, under HeadObject's names.
HEAD_ARGS = {
    "CopySourceIfMatch": "IfMatch",
    "CopySourceIfModifiedSince": "IfModifiedSince",
    "CopySourceIfNoneMatch": "IfNoneMatch",
    "CopySourceIfUnmodifiedSince": "IfUnmodifiedSince",
    "CopySourceSSECustomerKey": "SSECustomerKey",
    "CopySourceSSECustomerAlgorithm": "SSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5": "SSECustomerKeyMD5",
    "RequestPayer": "RequestPayer",
    "ExpectedBucketOwner": "ExpectedBucketOwner",
}
#: The copy source's conditions and SSE-C key: for the parts, never for the new upload.
_COPY_SOURCE_ARGS = [
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
]
UPLOAD_PART_COPY_ARGS = [
    *_COPY_SOURCE_ARGS,
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
]
CREATE_MULTIPART_BLOCKLIST = [
    *_COPY_SOURCE_ARGS,
    "MetadataDirective",
    "TaggingDirective",
    "AnnotationDirective",
    "Tagging",
]
PRESERVED_METADATA = [
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "Metadata",
]
COMPLETE_MULTIPART_ARGS = [
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
]
PASS_THROUGH = ["RequestPayer", "ExpectedBucketOwner"]
PUT_PASS_THROUGH = [*PASS_THROUGH, "ChecksumAlgorithm"]


def copy(
    client: Any,
    copy_source: Any,
    bucket: str,
    key: str,
    extra_args: dict[str, Any] | None,
    callback: Callback | None,
    source_client: Any,
    config: TransferConfig,
    runner: Runner,
) -> None:
    extra = extra_args if extra_args is not None else {}
    source_client = client if source_client is None else source_client
    if extra.get("Metadata") and extra.get("MetadataDirective") is None:
        from .. import _log

        _log.warning(
            _LOG,
            "Metadata was supplied without a metadata directive. The supplied metadata will "
            "be ignored and source metadata will be preserved. Set the metadata directive to "
            "'REPLACE' to apply the supplied metadata.",
        )
    if extra.get("Tagging") and extra.get("TaggingDirective") is None:
        from .. import _log

        _log.warning(
            _LOG,
            "Tagging was supplied without a tagging directive. The supplied tagging will be "
            "ignored and source tags will be preserved. Set the tagging directive to "
            "'REPLACE' to apply the supplied tagging.",
        )
    _args.check_known(extra, _args.ALLOWED_COPY_ARGS)
    if isinstance(copy_source, dict):
        _args.check_bucket(copy_source.get("Bucket"))
    _args.check_bucket(bucket)
    if not isinstance(copy_source, dict):
        raise TypeError(
            'Expecting dictionary formatted: {"Bucket": bucket_name, "Key": key} '
            f"but got {copy_source} or type {type(copy_source)}."
        )
    head_args = dict(copy_source)
    for name, value in extra.items():
        if name in HEAD_ARGS:
            head_args[HEAD_ARGS[name]] = value
    head = source_client.head_object(**head_args)
    size = head["ContentLength"]
    if size < config.multipart_threshold:

        def copy_object() -> None:
            client.copy_object(CopySource=copy_source, Bucket=bucket, Key=key, **extra)
            if callback is not None:
                callback(size)

        runner.run([copy_object])
        return
    preserved = {name: head[name] for name in PRESERVED_METADATA if name in head}
    _Multipart(client, source_client, copy_source, bucket, key, extra, callback).run(
        size, head.get("ETag"), preserved, config, runner
    )


class _Multipart:
    def __init__(
        self,
        client: Any,
        source_client: Any,
        copy_source: dict[str, Any],
        bucket: str,
        key: str,
        extra: dict[str, Any],
        callback: Callback | None,
    ) -> None:
        self.client = client
        self.source_client = source_client
        self.source = copy_source
        self.bucket = bucket
        self.key = key
        self.extra = extra
        self.callback = callback

    def run(
        self,
        size: int,
        etag: str | None,
        preserved: dict[str, Any],
        config: TransferConfig,
        runner: Runner,
    ) -> None:
        extra = self.extra
        merged = extra
        if extra.get("MetadataDirective") != "REPLACE":
            merged = {**_args.without(extra, PRESERVED_METADATA), **preserved}
        created = self.client.create_multipart_upload(
            Bucket=self.bucket, Key=self.key, **_args.without(merged, CREATE_MULTIPART_BLOCKLIST)
        )
        upload_id = created["UploadId"]
        part = _args.part_size(config.multipart_chunksize, size)
        count = _args.part_count(size, part)
        algorithm = extra.get("ChecksumAlgorithm")

        def copy_part(number: int, args: dict[str, Any], length: int) -> dict[str, Any]:
            from ..exceptions import ClientError

            try:
                answer = self.client.upload_part_copy(
                    CopySource=self.source,
                    Bucket=self.bucket,
                    Key=self.key,
                    UploadId=upload_id,
                    PartNumber=number,
                    **args,
                )
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") == "PreconditionFailed":
                    from ..exceptions import S3CopyFailedError

                    raise S3CopyFailedError(
                        f'Contents of stored object "{self.source["Key"]}" in bucket '
                        f'"{self.source["Bucket"]}" did not match expected ETag.'
                    ) from None
                raise
            if self.callback is not None:
                self.callback(length)
            result = answer["CopyPartResult"]
            meta = {"ETag": result["ETag"], "PartNumber": number}
            if algorithm:
                member = f"Checksum{algorithm.upper()}"
                if member in result:
                    meta[member] = result[member]
            return meta

        def tasks() -> Iterator[Callable[[], dict[str, Any]]]:
            for index in range(count):
                args = _args.only(extra, UPLOAD_PART_COPY_ARGS)
                args["CopySourceRange"] = _args.byte_range(part, index, count, size)
                if etag is not None:
                    args["CopySourceIfMatch"] = etag
                length = size - index * part if index == count - 1 else part
                yield lambda n=index + 1, a=args, s=length: copy_part(n, a, s)  # type: ignore[misc]

        try:
            parts = runner.run(tasks())
            answer = self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=self.key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
                **_args.only(extra, COMPLETE_MULTIPART_ARGS),
            )
        except BaseException:
            try:
                self.client.abort_multipart_upload(
                    Bucket=self.bucket, Key=self.key, UploadId=upload_id
                )
            except Exception as error:
                from .. import _log

                _log.debug(_LOG, "Exception raised in cleanup: %s", error)
            raise
        version = self.source.get("VersionId")
        self._tags(version, answer.get("VersionId"))
        self._annotations(version, answer.get("VersionId"), answer.get("ETag"))

    def _tags(self, source_version: str | None, dest_version: str | None) -> None:
        """A multipart copy carries no tags: copy the source's (``TaggingDirective`` COPY)
        or set ``Tagging``'s (REPLACE) afterwards, as s3transfer does."""
        directive = self.extra.get("TaggingDirective")
        if directive not in ("COPY", "REPLACE"):
            return
        if directive == "COPY":
            source_args = {
                "Bucket": self.source["Bucket"],
                "Key": self.source["Key"],
                **_args.only(self.extra, PASS_THROUGH),
            }
            if source_version:
                source_args["VersionId"] = source_version
            tag_set = self.source_client.get_object_tagging(**source_args).get("TagSet", [])
        else:
            from urllib.parse import parse_qsl

            tag_set = [
                {"Key": name, "Value": value}
                for name, value in parse_qsl(self.extra.get("Tagging", ""), keep_blank_values=True)
            ]
        if not tag_set:
            return
        put_args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": self.key,
            "Tagging": {"TagSet": tag_set},
            **_args.only(self.extra, PUT_PASS_THROUGH),
        }
        if dest_version:
            put_args["VersionId"] = dest_version
        self.client.put_object_tagging(**put_args)

    def _annotations(
        self, source_version: str | None, dest_version: str | None, dest_etag: str | None
    ) -> None:
        """``AnnotationDirective`` COPY: each of the source's annotations put on the copy;
        the ones that fail named in one S3CopyFailedError at the end (s3transfer's text)."""
        if self.extra.get("AnnotationDirective") != "COPY":
            return
        source = {"Bucket": self.source["Bucket"], "Key": self.source["Key"]}
        if source_version:
            source["VersionId"] = source_version
        passed = {**source, **_args.only(self.extra, PASS_THROUGH)}
        listed = self.source_client.list_object_annotations(**passed)
        succeeded: list[str] = []
        failed: dict[str, Exception] = {}
        for annotation in listed.get("Annotations", []):
            name = annotation["AnnotationName"]
            payload = self.source_client.get_object_annotation(**passed, AnnotationName=name)
            put_args: dict[str, Any] = {
                "Bucket": self.bucket,
                "Key": self.key,
                "AnnotationName": name,
                "AnnotationPayload": payload["AnnotationPayload"].read(),
                **_args.only(self.extra, PUT_PASS_THROUGH),
            }
            if dest_version:
                put_args["VersionId"] = dest_version
            if dest_etag:
                put_args["ObjectIfMatch"] = dest_etag
            try:
                self.client.put_object_annotation(**put_args)
                succeeded.append(name)
            except Exception as error:
                failed[name] = error
        if failed:
            from ..exceptions import S3CopyFailedError

            raise S3CopyFailedError(
                f"Failed to copy annotations to s3://{self.bucket}/{self.key}. "
                f"Succeeded: {succeeded}. Failed: {list(failed)}. Errors: {failed}"
            )
