"""TransferConfig, S3Transfer's argument checks and the part arithmetic, against boto3 and
s3transfer 0.19.3 with the same inputs."""

from __future__ import annotations

from typing import Any

import boto3.s3.transfer as boto3_transfer  # type: ignore[import-untyped]
import pytest
import s3transfer.manager  # type: ignore[import-untyped]
import s3transfer.utils  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.s3 import _args, transfer

NAMES = [
    "multipart_threshold",
    "max_concurrency",
    "multipart_chunksize",
    "num_download_attempts",
    "max_io_queue",
    "io_chunksize",
    "max_bandwidth",
]
READ = [
    *NAMES,
    "max_request_concurrency",
    "max_io_queue_size",
    "max_submission_concurrency",
    "max_request_queue_size",
    "max_submission_queue_size",
    "max_in_memory_upload_chunks",
    "max_in_memory_download_chunks",
    "use_threads",
    "preferred_transfer_client",
]


def _outcome(make: Any, kwargs: dict[str, Any]) -> Any:
    try:
        config = make(**kwargs)
    except ValueError as error:
        return ("ValueError", str(error))
    return {name: getattr(config, name) for name in READ}


def test_defaults_are_boto3s() -> None:
    assert _outcome(transfer.TransferConfig, {}) == _outcome(boto3_transfer.TransferConfig, {})
    assert transfer.TransferConfig.DEFAULTS == boto3_transfer.TransferConfig.DEFAULTS


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(NAMES), st.integers(min_value=-2, max_value=64 * 1024 * 1024), max_size=4
    ),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, "auto", "classic"]),
)
def test_values_and_the_positivity_check_match(
    numbers: dict[str, int], threads: bool | None, client: str | None
) -> None:
    kwargs: dict[str, Any] = {
        **numbers,
        "use_threads": threads,
        "preferred_transfer_client": client,
    }
    assert _outcome(transfer.TransferConfig, kwargs) == _outcome(
        boto3_transfer.TransferConfig, kwargs
    )


@pytest.mark.parametrize(
    ("alias", "value"),
    [("max_concurrency", 3), ("max_io_queue", 7), ("max_request_concurrency", 4)],
)
def test_setting_an_alias_sets_both_names_as_boto3(alias: str, value: int) -> None:
    ours, theirs = transfer.TransferConfig(), boto3_transfer.TransferConfig()
    setattr(ours, alias, value)
    setattr(theirs, alias, value)
    assert _outcome(lambda: ours, {}) == _outcome(lambda: theirs, {})


def test_allowed_argument_lists_are_s3transfers() -> None:
    ours, theirs = transfer.S3Transfer, boto3_transfer.S3Transfer
    assert ours.ALLOWED_UPLOAD_ARGS == theirs.ALLOWED_UPLOAD_ARGS
    assert ours.ALLOWED_DOWNLOAD_ARGS == theirs.ALLOWED_DOWNLOAD_ARGS
    assert ours.ALLOWED_COPY_ARGS == theirs.ALLOWED_COPY_ARGS


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_args.ALLOWED_COPY_ARGS, *_args.ALLOWED_UPLOAD_ARGS, "Bogus", "Body", "Range", "Key"]
        ),
        max_size=4,
    ),
    st.sampled_from(["ALLOWED_UPLOAD_ARGS", "ALLOWED_DOWNLOAD_ARGS", "ALLOWED_COPY_ARGS"]),
)
def test_extra_args_check_raises_s3transfers_error(names: list[str], which: str) -> None:
    manager = s3transfer.manager.TransferManager.__new__(s3transfer.manager.TransferManager)

    def outcome(check: Any) -> str | None:
        try:
            check(dict.fromkeys(names, "x"), getattr(transfer.S3Transfer, which))
        except ValueError as error:
            return str(error)
        return None

    assert outcome(_args.check_known) == outcome(manager._validate_all_known_args)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=6 * 1024**3),
    st.one_of(st.none(), st.integers(min_value=0, max_value=6 * 1024**4)),
)
def test_part_sizes_are_s3transfers(chunksize: int, size: int | None) -> None:
    adjuster = s3transfer.utils.ChunksizeAdjuster()
    assert _args.part_size(chunksize, size) == adjuster.adjust_chunksize(chunksize, size)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**4),
    st.data(),
)
def test_ranges_are_s3transfers(part: int, count: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=count - 1))
    total = data.draw(st.one_of(st.none(), st.just(part * count - 1)))
    expected = s3transfer.utils.calculate_range_parameter(part, index, count, total)
    assert _args.byte_range(part, index, count, total) == expected


@pytest.mark.parametrize(
    "bucket",
    [
        "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/my-ap",
        "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint:my-ap",
        "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap",
        "plain-bucket",
    ],
)
def test_object_lambda_buckets_are_refused_as_s3transfer(bucket: str) -> None:
    def outcome(check: Any) -> str | None:
        try:
            check(bucket)
        except ValueError as error:
            return str(error)
        return None

    manager = s3transfer.manager.TransferManager.__new__(s3transfer.manager.TransferManager)
    assert outcome(_args.check_bucket) == outcome(manager._validate_if_bucket_supported)


def _made(make: Any, *args: Any) -> str:
    try:
        make(*args)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "made"


def test_s3transfer_needs_a_client_and_refuses_crt() -> None:
    assert _made(transfer.S3Transfer) == _made(boto3_transfer.S3Transfer)
    crt = transfer.TransferConfig(preferred_transfer_client="crt")
    theirs = boto3_transfer.TransferConfig(preferred_transfer_client="crt")
    import boto3

    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    assert _made(transfer.S3Transfer, object(), crt) == _made(
        boto3_transfer.S3Transfer, client, theirs
    )


@pytest.mark.parametrize("filename", [b"bytes", 3, None])
def test_filenames_that_are_not_paths_are_refused_as_boto3(filename: Any) -> None:
    import boto3

    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    theirs = boto3_transfer.S3Transfer(client)
    ours = transfer.S3Transfer(object())
    assert _made(ours.upload_file, filename, "b", "k") == _made(
        theirs.upload_file, filename, "b", "k"
    )
    assert _made(ours.download_file, "b", "k", filename) == _made(
        theirs.download_file, "b", "k", filename
    )
