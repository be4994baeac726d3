"""Managed transfers, boto3 (s3transfer) against strato, through moto's server with
``use_threads=False`` so the order is deterministic: the same requests (operation and
parameters, bodies by length, upload ids and buckets normalised), the same Callback calls,
the same bytes at the end, the same errors."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3.s3.transfer as boto3_transfer  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strato.s3 import transfer as strato_transfer

from ._servers import Server
from .conftest import MOTO_KEYS

MB = 1024 * 1024
MIN_PART = 5 * MB


class _Side:
    """One library's client, its bucket and the requests it made."""

    def __init__(self, name: str, client: Any, bucket: str) -> None:
        self.name = name
        self.client = client
        self.bucket = bucket
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.config_class = (
            strato_transfer.TransferConfig if name == "strato" else boto3_transfer.TransferConfig
        )

    def record(self, operation: str, params: dict[str, Any]) -> None:
        shown = {}
        for name, value in params.items():
            if name == "Body":
                value = ("body", len(value))
            elif name == "UploadId":
                value = "<upload-id>"
            elif name == "Bucket":
                value = "<bucket>" if value == self.bucket else value
            elif name == "CopySource":
                value = {**value, "Bucket": "<bucket>"}
            shown[name] = value
        self.calls.append((operation, shown))

    def config(self, **kwargs: Any) -> Any:
        return self.config_class(use_threads=False, **kwargs)


@pytest.fixture(scope="module")
def sides(moto: Server) -> list[_Side]:
    import boto3  # type: ignore[import-untyped]

    import strato

    kwargs = {"endpoint_url": moto.url, "region_name": "us-east-1", **MOTO_KEYS}
    ours = strato.Session().client("s3", **kwargs)
    theirs = boto3.Session().client("s3", **kwargs)
    made = []
    for name, client in (("strato", ours), ("boto3", theirs)):
        bucket = f"xfer-{name}-{uuid.uuid4().hex[:8]}"
        client.create_bucket(Bucket=bucket)
        made.append(_Side(name, client, bucket))
    made[0].client._client_events().before_parameter_build.append(
        lambda operation, params: made[0].record(operation.name, params)
    )
    made[1].client.meta.events.register(
        "provide-client-params.s3.*",
        lambda params, model, **_: made[1].record(model.name, params),
    )
    return made


def _compare(sides: list[_Side], run: Callable[[_Side], Any]) -> list[Any]:
    """``run`` on each side; their outcomes (or errors) and requests must be equal."""
    outcomes = []
    for side in sides:
        side.calls.clear()
        try:
            outcome = run(side)
        except Exception as error:
            outcome = (type(error).__name__, str(error).replace(side.bucket, "<bucket>"))
        outcomes.append((outcome, list(side.calls)))
    assert outcomes[0] == outcomes[1]
    return outcomes[0][0]  # type: ignore[no-any-return]


def _data(size: int, seed: int) -> bytes:
    block = uuid.UUID(int=seed).bytes * 64
    return (block * (size // len(block) + 1))[:size]


SIZES = st.sampled_from(
    [0, 1, 1000, MIN_PART - 1, MIN_PART, MIN_PART + 1, 2 * MIN_PART, 2 * MIN_PART + 7]
)
CONFIGS = st.fixed_dictionaries(
    {},
    optional={
        "multipart_threshold": st.sampled_from([1, 1000, MIN_PART, MIN_PART + 1, 8 * MB]),
        # below 5 MiB: uploads raise it to S3's minimum, downloads take it as it is
        "multipart_chunksize": st.sampled_from([MB, MIN_PART, MIN_PART + 3, 6 * MB]),
        "io_chunksize": st.sampled_from([1000, 256 * 1024, MB]),
    },
)
HYPOTHESIS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


UPLOAD_ARGS = st.sampled_from(
    [
        None,
        {"ContentType": "text/plain", "Metadata": {"m": "1"}, "CacheControl": "no-cache"},
        {"ChecksumAlgorithm": "SHA256"},
        {"ChecksumAlgorithm": "CRC32C", "StorageClass": "STANDARD_IA"},
    ]
)


@HYPOTHESIS
@given(size=SIZES, config=CONFIGS, seed=st.integers(0, 3), extra=UPLOAD_ARGS)
def test_upload_file_then_download_file(
    sides: list[_Side],
    tmp_path: Path,
    size: int,
    config: dict[str, Any],
    seed: int,
    extra: dict[str, Any] | None,
) -> None:
    source = tmp_path / f"source-{size}-{seed}"
    source.write_bytes(_data(size, seed))

    def upload(side: _Side) -> Any:
        progress: list[int] = []
        side.client.upload_file(
            str(source),
            side.bucket,
            "up",
            ExtraArgs=extra,
            Callback=progress.append,
            Config=side.config(**config),
        )
        head = side.client.head_object(Bucket=side.bucket, Key="up")
        return progress, head.get("ContentType"), head.get("Metadata"), head.get("StorageClass")

    _compare(sides, upload)

    def download(side: _Side) -> Any:
        progress: list[int] = []
        target = tmp_path / f"down-{side.name}"
        side.client.download_file(
            side.bucket, "up", str(target), Callback=progress.append, Config=side.config(**config)
        )
        temporary = [name for name in os.listdir(tmp_path) if name.startswith(target.name + ".")]
        return progress, target.read_bytes() == source.read_bytes(), temporary

    _compare(sides, download)


@HYPOTHESIS
@given(size=SIZES, config=CONFIGS, seekable=st.booleans())
def test_upload_fileobj_then_download_fileobj(
    sides: list[_Side], size: int, config: dict[str, Any], seekable: bool
) -> None:
    data = _data(size, 7)

    class Stream:
        """A readable, non-seekable source; a writable, non-seekable target."""

        def __init__(self, data: bytes = b"") -> None:
            self._data = io.BytesIO(data)
            self.written = bytearray()

        def read(self, size: int = -1) -> bytes:
            return self._data.read(size)

        def write(self, data: bytes) -> int:
            self.written += data
            return len(data)

    def upload(side: _Side) -> Any:
        progress: list[int] = []
        source = io.BytesIO(data) if seekable else Stream(data)
        side.client.upload_fileobj(
            source, side.bucket, "obj", Callback=progress.append, Config=side.config(**config)
        )
        return progress, getattr(source, "closed", None)

    _compare(sides, upload)

    def download(side: _Side) -> Any:
        progress: list[int] = []
        target = io.BytesIO() if seekable else Stream()
        side.client.download_fileobj(
            side.bucket, "obj", target, Callback=progress.append, Config=side.config(**config)
        )
        got = target.getvalue() if isinstance(target, io.BytesIO) else bytes(target.written)
        return progress, got == data

    _compare(sides, download)


@HYPOTHESIS
@given(size=SIZES, config=CONFIGS, replace=st.booleans())
def test_copy(sides: list[_Side], size: int, config: dict[str, Any], replace: bool) -> None:
    for side in sides:
        side.client.put_object(
            Bucket=side.bucket,
            Key="src",
            Body=_data(size, 3),
            ContentType="text/plain",
            Metadata={"a": "1"},
            Tagging="t=1",
        )
    extra: dict[str, Any] = {"TaggingDirective": "COPY"}
    if replace:
        extra = {
            "MetadataDirective": "REPLACE",
            "Metadata": {"b": "2"},
            "TaggingDirective": "REPLACE",
            "Tagging": "u=2",
        }

    def copy(side: _Side) -> Any:
        progress: list[int] = []
        side.client.copy(
            {"Bucket": side.bucket, "Key": "src"},
            side.bucket,
            "dst",
            ExtraArgs=extra,
            Callback=progress.append,
            Config=side.config(**config),
        )
        head = side.client.head_object(Bucket=side.bucket, Key="dst")
        tags = side.client.get_object_tagging(Bucket=side.bucket, Key="dst")["TagSet"]
        return progress, head["ContentLength"], head.get("Metadata"), head.get("ContentType"), tags

    _compare(sides, copy)


def test_errors_are_boto3s(sides: list[_Side], tmp_path: Path) -> None:
    source = tmp_path / "small"
    source.write_bytes(b"abc")
    missing = tmp_path / "no-such-file"

    _compare(sides, lambda s: s.client.upload_file(str(source), "no-such-bucket-x", "k"))
    _compare(sides, lambda s: s.client.upload_file(str(missing), s.bucket, "k"))
    _compare(sides, lambda s: s.client.download_file(s.bucket, "nope", str(tmp_path / "d")))
    _compare(sides, lambda s: s.client.download_fileobj(s.bucket, "nope", io.BytesIO()))
    _compare(sides, lambda s: s.client.upload_fileobj(io.BytesIO(b"x"), "no-such-bucket-x", "k"))
    _compare(
        sides,
        lambda s: s.client.upload_file(str(source), s.bucket, "k", ExtraArgs={"Range": "x"}),
    )
    _compare(sides, lambda s: s.client.copy("bucket/key", s.bucket, "k"))
    _compare(sides, lambda s: s.client.copy({"Bucket": s.bucket, "Key": "nope"}, s.bucket, "k"))
    _compare(sides, lambda s: s.client.download_fileobj(s.bucket, "k", object()))
    assert sorted(os.listdir(tmp_path)) == ["home", "small"]  # no partial download


def test_response_checksum_validation_when_required(
    moto: Server, sides: list[_Side], tmp_path: Path
) -> None:
    """The first-chunk download: a ranged GET first, the size from its Content-Range."""
    import boto3
    import botocore.config  # type: ignore[import-untyped]

    import strato

    kwargs = {"endpoint_url": moto.url, "region_name": "us-east-1", **MOTO_KEYS}
    clients = [
        strato.Session().client(
            "s3", config=strato.Config(response_checksum_validation="when_required"), **kwargs
        ),
        boto3.Session().client(
            "s3",
            config=botocore.config.Config(response_checksum_validation="when_required"),
            **kwargs,
        ),
    ]
    data = _data(2 * MIN_PART + 5, 1)
    for size in (0, 10, len(data)):
        outcomes = []
        for side, client in zip(sides, clients, strict=True):
            client.put_object(Bucket=side.bucket, Key="req", Body=data[:size])
            calls: list[tuple[str, dict[str, Any]]] = []
            if side.name == "strato":
                client._client_events().before_parameter_build.append(
                    lambda operation, params, calls=calls: calls.append(
                        (operation.name, dict(params))
                    )
                )
            else:
                client.meta.events.register(
                    "provide-client-params.s3.*",
                    lambda params, model, calls=calls, **_: calls.append(
                        (model.name, dict(params))
                    ),
                )
            target = tmp_path / f"req-{side.name}"
            progress: list[int] = []
            client.download_file(
                side.bucket,
                "req",
                str(target),
                Callback=progress.append,
                Config=side.config(multipart_chunksize=MIN_PART),
            )
            for _, params in calls:
                params["Bucket"] = "<bucket>"
            outcomes.append((calls, progress, target.read_bytes() == data[:size]))
            client.meta.events.unregister(
                "provide-client-params.s3.*"
            ) if side.name == "boto3" else client._client_events().before_parameter_build.clear()
        assert outcomes[0] == outcomes[1]


def test_bucket_and_object_methods(moto: Server, sides: list[_Side], tmp_path: Path) -> None:
    """The resource layer's Bucket and Object transfer methods make the same requests."""
    import boto3

    import strato

    kwargs = {"endpoint_url": moto.url, "region_name": "us-east-1", **MOTO_KEYS}
    resources = {
        "strato": strato.Session().resource("s3", **kwargs),
        "boto3": boto3.Session().resource("s3", **kwargs),
    }
    twins = [_Side(side.name, resources[side.name].meta.client, side.bucket) for side in sides]
    twins[0].client._client_events().before_parameter_build.append(
        lambda operation, params: twins[0].record(operation.name, params)
    )
    twins[1].client.meta.events.register(
        "provide-client-params.s3.*",
        lambda params, model, **_: twins[1].record(model.name, params),
    )
    source = tmp_path / "source"
    source.write_bytes(_data(MIN_PART + 3, 5))
    config = {"multipart_threshold": MIN_PART}

    def run(side: _Side) -> Any:
        resource = resources[side.name]
        bucket = resource.Bucket(side.bucket)
        bucket.upload_file(str(source), "res", Config=side.config(**config))
        obj = resource.Object(side.bucket, "res")
        target = tmp_path / f"res-{side.name}"
        obj.download_file(str(target), Config=side.config(**config))
        into = io.BytesIO()
        bucket.download_fileobj("res", into, Config=side.config(**config))
        resource.Object(side.bucket, "res2").upload_fileobj(
            io.BytesIO(b"small"), Config=side.config(**config)
        )
        bucket.copy({"Bucket": side.bucket, "Key": "res"}, "res3", Config=side.config(**config))
        resource.Object(side.bucket, "res4").copy(
            {"Bucket": side.bucket, "Key": "res2"}, Config=side.config(**config)
        )
        got = (target.read_bytes(), into.getvalue())
        return got == (source.read_bytes(), source.read_bytes())

    assert _compare(twins, run) is True
