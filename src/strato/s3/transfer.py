"""boto3's ``boto3.s3.transfer``: ``TransferConfig`` and ``S3Transfer``.

strato has no CRT transfer client: ``preferred_transfer_client`` "auto" and "classic" both
use strato's own (threaded, s3transfer's requests); "crt" raises botocore's
MissingDependencyException, as boto3 does without awscrt installed.
"""

from __future__ import annotations

# boto3's module offers these two by name; code imports them from here.
from ..exceptions import RetriesExceededError as RetriesExceededError
from ..exceptions import S3UploadFailedError as S3UploadFailedError
from . import _args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from ._progress import Callback

KB = _args.KB
MB = _args.MB


class TransferConfig:
    """boto3's names and defaults; ``max_concurrency`` and ``max_io_queue`` are also
    readable (and settable) as s3transfer's ``max_request_concurrency`` and
    ``max_io_queue_size``. Sizes are bytes; every number must be positive."""

    ALIAS: ClassVar[dict[str, str]] = {
        "max_concurrency": "max_request_concurrency",
        "max_io_queue": "max_io_queue_size",
    }
    DEFAULTS: ClassVar[dict[str, Any]] = {
        "multipart_threshold": 8 * MB,
        "max_concurrency": 10,
        "max_request_concurrency": 10,
        "multipart_chunksize": 8 * MB,
        "num_download_attempts": 5,
        "max_io_queue": 100,
        "max_io_queue_size": 100,
        "io_chunksize": 256 * KB,
        "use_threads": True,
        "max_bandwidth": None,
        "preferred_transfer_client": "auto",
    }

    multipart_threshold: int
    multipart_chunksize: int
    max_request_concurrency: int
    max_concurrency: int
    max_submission_concurrency: int
    max_request_queue_size: int
    max_submission_queue_size: int
    max_io_queue_size: int
    max_io_queue: int
    io_chunksize: int
    num_download_attempts: int
    max_in_memory_upload_chunks: int
    max_in_memory_download_chunks: int
    max_bandwidth: int | None
    use_threads: bool
    preferred_transfer_client: str

    def __init__(
        self,
        multipart_threshold: int | None = None,
        max_concurrency: int | None = None,
        multipart_chunksize: int | None = None,
        num_download_attempts: int | None = None,
        max_io_queue: int | None = None,
        io_chunksize: int | None = None,
        use_threads: bool | None = None,
        max_bandwidth: int | None = None,
        preferred_transfer_client: str | None = None,
    ) -> None:
        given: dict[str, Any] = {
            "multipart_threshold": multipart_threshold,
            "max_concurrency": max_concurrency,
            "multipart_chunksize": multipart_chunksize,
            "num_download_attempts": num_download_attempts,
            "max_io_queue": max_io_queue,
            "io_chunksize": io_chunksize,
            "use_threads": use_threads,
            "max_bandwidth": max_bandwidth,
            "preferred_transfer_client": preferred_transfer_client,
        }
        value = {
            name: self.DEFAULTS[name] if given is None else given for name, given in given.items()
        }
        # s3transfer's attributes, in its order (its positivity check names the first bad one).
        fields = {
            "multipart_threshold": value["multipart_threshold"],
            "multipart_chunksize": value["multipart_chunksize"],
            "max_request_concurrency": value["max_concurrency"],
            "max_submission_concurrency": 5,
            "max_request_queue_size": 1000,
            "max_submission_queue_size": 1000,
            "max_io_queue_size": value["max_io_queue"],
            "io_chunksize": value["io_chunksize"],
            "num_download_attempts": value["num_download_attempts"],
            "max_in_memory_upload_chunks": 10,
            "max_in_memory_download_chunks": 10,
            "max_bandwidth": value["max_bandwidth"],
        }
        for name, field in fields.items():
            object.__setattr__(self, name, field)
        for name, field in fields.items():
            if field is not None and field <= 0:
                raise ValueError(
                    f"Provided parameter {name} of value {field} must be greater than 0."
                )
        for alias, name in self.ALIAS.items():
            object.__setattr__(self, alias, fields[name])
        self.use_threads = value["use_threads"]
        self.preferred_transfer_client = value["preferred_transfer_client"]

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.ALIAS:
            object.__setattr__(self, self.ALIAS[name], value)
        object.__setattr__(self, name, value)

    def get_deep_attr(self, item: str) -> Any:
        return getattr(self, item)


class S3Transfer:
    """boto3's S3Transfer over a strato S3 client: ``upload_file`` and ``download_file``
    with lower-case argument names."""

    ALLOWED_DOWNLOAD_ARGS: ClassVar[list[str]] = _args.ALLOWED_DOWNLOAD_ARGS
    ALLOWED_UPLOAD_ARGS: ClassVar[list[str]] = _args.ALLOWED_UPLOAD_ARGS
    ALLOWED_COPY_ARGS: ClassVar[list[str]] = _args.ALLOWED_COPY_ARGS

    def __init__(self, client: Any = None, config: TransferConfig | None = None) -> None:
        if not client:
            raise ValueError(
                "Either a boto3.Client or s3transfer.manager.TransferManager must be provided"
            )
        self._client = client
        self._config = config if config is not None else TransferConfig()
        check_transfer_client(self._config)

    def upload_file(
        self,
        filename: Any,
        bucket: str,
        key: str,
        callback: Callback | None = None,
        extra_args: dict[str, Any] | None = None,
    ) -> None:
        """Upload ``filename``; a service error is an S3UploadFailedError naming it."""
        from ..exceptions import ClientError
        from ._runner import run_transfer
        from ._upload import upload

        filename = _path(filename)
        try:
            run_transfer(upload, self._config, self._client, filename, bucket, key, extra_args,
                 callback or None)  # fmt: skip
        except ClientError as error:
            raise S3UploadFailedError(
                f"Failed to upload {filename} to {bucket}/{key}: {error}"
            ) from None

    def download_file(
        self,
        bucket: str,
        key: str,
        filename: Any,
        extra_args: dict[str, Any] | None = None,
        callback: Callback | None = None,
    ) -> None:
        """Download to ``filename`` through a temporary file beside it."""
        from ._download import download
        from ._runner import run_transfer

        run_transfer(download, self._config, self._client, bucket, key, _path(filename), extra_args,
             callback or None)  # fmt: skip

    def __enter__(self) -> S3Transfer:
        return self

    def __exit__(self, *exc: object) -> None:
        """Transfers finish inside their calls: nothing is left to wait for."""


def _path(filename: Any) -> str:
    import os

    if isinstance(filename, os.PathLike):
        filename = os.fspath(filename)
    if not isinstance(filename, str):
        raise ValueError("Filename must be a string or a path-like object")
    return filename


def check_transfer_client(config: TransferConfig) -> None:
    """ "crt" asks for the CRT client, which strato does not have (boto3 without awscrt)."""
    if str(config.preferred_transfer_client).lower() == "crt":
        from ..exceptions import MissingDependencyException

        raise MissingDependencyException(
            msg="CRT transfer client is configured but is missing minimum CRT version. "
            "CRT installed: False"
        )
