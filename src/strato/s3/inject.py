"""The transfer methods boto3 adds to S3 clients, buckets and objects (boto3.s3.inject).

The client's methods are reached through small forwarders in ``strato.clients.base``
(so making an S3 client loads none of this); the resource layer puts the Bucket and
Object methods into its classes with :func:`add_bucket_methods` / :func:`add_object_methods`.
"""

from __future__ import annotations

from ._runner import run_transfer
from .transfer import S3Transfer, TransferConfig, check_transfer_client

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._progress import Callback

_LOG = "strato.s3.inject"


# --- the client's methods ----------------------------------------------------------------


def upload_file(
    self: Any,
    Filename: Any,
    Bucket: str,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a file to an S3 object (multipart above ``Config.multipart_threshold``)."""
    with S3Transfer(self, Config) as transfer:
        transfer.upload_file(
            filename=Filename, bucket=Bucket, key=Key, extra_args=ExtraArgs, callback=Callback
        )


def download_file(
    self: Any,
    Bucket: str,
    Key: str,
    Filename: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download an S3 object to a file (ranged parts above the threshold)."""
    with S3Transfer(self, Config) as transfer:
        transfer.download_file(
            bucket=Bucket, key=Key, filename=Filename, extra_args=ExtraArgs, callback=Callback
        )


def upload_fileobj(
    self: Any,
    Fileobj: Any,
    Bucket: str,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a readable file object (a seekable one sent by PutObject is closed after,
    as boto3 does); service errors are raised as they are."""
    if not hasattr(Fileobj, "read"):
        raise ValueError("Fileobj must implement read")
    from ._upload import upload

    config = _config(Config)
    run_transfer(upload, config, self, Fileobj, Bucket, Key, ExtraArgs, Callback)


def download_fileobj(
    self: Any,
    Bucket: str,
    Key: str,
    Fileobj: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download an S3 object into a writable file object (one thread if it appends)."""
    if not hasattr(Fileobj, "write"):
        raise ValueError("Fileobj must implement write")
    import copy as copy_module

    from ._download import download

    config = copy_module.copy(_config(Config))
    mode = getattr(Fileobj, "mode", None)
    if isinstance(mode, str) and "a" in mode:
        config.use_threads = False
        from .. import _log

        _log.warning(
            _LOG,
            "A single thread will be used because the provided file object is in append "
            "mode. Writes may always be appended to the end of the file regardless of seek "
            "position, so a single thread must be used to ensure sequential writes.",
        )
    run_transfer(download, config, self, Bucket, Key, Fileobj, ExtraArgs, Callback)


def copy(
    self: Any,
    CopySource: Any,
    Bucket: str,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    SourceClient: Any = None,
    Config: TransferConfig | None = None,
) -> None:
    """Copy an object (multipart copy above the threshold, the source's metadata kept)."""
    from ._copy import copy as copy_object

    config = Config if Config is not None else TransferConfig()
    run_transfer(
        copy_object, config, self, CopySource, Bucket, Key, ExtraArgs, Callback, SourceClient
    )


def _config(config: TransferConfig | None) -> TransferConfig:
    config = config if config is not None else TransferConfig()
    check_transfer_client(config)
    return config


# --- buckets and objects (boto3's resource classes) ------------------------------------


def add_bucket_methods(attrs: dict[str, Any]) -> None:
    """boto3's ``inject_bucket_methods`` transfer methods: the bucket is ``self.name``."""
    attrs.update(
        upload_file=bucket_upload_file,
        download_file=bucket_download_file,
        copy=bucket_copy,
        upload_fileobj=bucket_upload_fileobj,
        download_fileobj=bucket_download_fileobj,
    )


def add_object_methods(attrs: dict[str, Any]) -> None:
    """boto3's ``inject_object_methods``: ``self.bucket_name`` and ``self.key``."""
    attrs.update(
        upload_file=object_upload_file,
        download_file=object_download_file,
        copy=object_copy,
        upload_fileobj=object_upload_fileobj,
        download_fileobj=object_download_fileobj,
    )


def bucket_upload_file(
    self: Any,
    Filename: Any,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a file to ``Key`` in this bucket."""
    return self.meta.client.upload_file(  # type: ignore[no-any-return]
        Filename=Filename,
        Bucket=self.name,
        Key=Key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def bucket_download_file(
    self: Any,
    Key: str,
    Filename: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download ``Key`` of this bucket to a file."""
    return self.meta.client.download_file(  # type: ignore[no-any-return]
        Bucket=self.name,
        Key=Key,
        Filename=Filename,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def bucket_copy(
    self: Any,
    CopySource: Any,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    SourceClient: Any = None,
    Config: TransferConfig | None = None,
) -> None:
    """Copy ``CopySource`` to ``Key`` in this bucket."""
    return self.meta.client.copy(  # type: ignore[no-any-return]
        CopySource=CopySource,
        Bucket=self.name,
        Key=Key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        SourceClient=SourceClient,
        Config=Config,
    )


def bucket_upload_fileobj(
    self: Any,
    Fileobj: Any,
    Key: str,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a file object to ``Key`` in this bucket."""
    return self.meta.client.upload_fileobj(  # type: ignore[no-any-return]
        Fileobj=Fileobj,
        Bucket=self.name,
        Key=Key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def bucket_download_fileobj(
    self: Any,
    Key: str,
    Fileobj: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download ``Key`` of this bucket into a file object."""
    return self.meta.client.download_fileobj(  # type: ignore[no-any-return]
        Bucket=self.name,
        Key=Key,
        Fileobj=Fileobj,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def object_upload_file(
    self: Any,
    Filename: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a file to this object."""
    return self.meta.client.upload_file(  # type: ignore[no-any-return]
        Filename=Filename,
        Bucket=self.bucket_name,
        Key=self.key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def object_download_file(
    self: Any,
    Filename: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download this object to a file."""
    return self.meta.client.download_file(  # type: ignore[no-any-return]
        Bucket=self.bucket_name,
        Key=self.key,
        Filename=Filename,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def object_copy(
    self: Any,
    CopySource: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    SourceClient: Any = None,
    Config: TransferConfig | None = None,
) -> None:
    """Copy ``CopySource`` to this object."""
    return self.meta.client.copy(  # type: ignore[no-any-return]
        CopySource=CopySource,
        Bucket=self.bucket_name,
        Key=self.key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        SourceClient=SourceClient,
        Config=Config,
    )


def object_upload_fileobj(
    self: Any,
    Fileobj: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Upload a file object to this object."""
    return self.meta.client.upload_fileobj(  # type: ignore[no-any-return]
        Fileobj=Fileobj,
        Bucket=self.bucket_name,
        Key=self.key,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )


def object_download_fileobj(
    self: Any,
    Fileobj: Any,
    ExtraArgs: dict[str, Any] | None = None,
    Callback: Callback | None = None,
    Config: TransferConfig | None = None,
) -> None:
    """Download this object into a file object."""
    return self.meta.client.download_fileobj(  # type: ignore[no-any-return]
        Bucket=self.bucket_name,
        Key=self.key,
        Fileobj=Fileobj,
        ExtraArgs=ExtraArgs,
        Callback=Callback,
        Config=Config,
    )
