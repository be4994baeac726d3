"""S3's parameter rules against botocore's handlers: bucket names (a fast path without
``re`` for plain names) and ``CopySource`` quoting give botocore's results and errors."""

from __future__ import annotations

from typing import Any

import botocore.exceptions
import botocore.handlers
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.clients import s3_params
from strato.exceptions import ParamValidationError

_BUCKET_CHARS = st.sampled_from([*"aZ09.-_", " ", "\n", "/", ":", "é", "\x00"])
_BUCKETS = st.one_of(
    st.text(_BUCKET_CHARS, max_size=8),
    st.integers(1, 300).map(lambda n: "b" * n),
    st.sampled_from(
        [
            "arn:aws:s3:us-west-2:123456789012:accesspoint/ap",
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-1/accesspoint/ap",
            "arn:aws:s3:us-west-2:123456789012:accesspoint:ap\n",
            "bucket\n",
        ]
    ),
)


def _botocore(params: dict[str, Any]) -> str | None:
    try:
        botocore.handlers.validate_bucket_name(params)
    except botocore.exceptions.ParamValidationError as error:
        return str(error)
    return None


def _strato(params: dict[str, Any]) -> str | None:
    try:
        s3_params.check_bucket(params)
    except ParamValidationError as error:
        return str(error)
    return None


@settings(max_examples=400)
@given(_BUCKETS)
def test_bucket_names_are_checked_as_botocore_checks_them(bucket: str) -> None:
    assert _strato({"Bucket": bucket}) == _botocore({"Bucket": bucket})


@settings(max_examples=200)
@given(
    source=st.lists(st.sampled_from([*"ab/ ?=%~é+", "?versionId=v1"]), max_size=8).map("".join),
    bucket=st.sampled_from(["b", "arn:aws:s3:us-west-2:123456789012:accesspoint/ap"]),
    version=st.sampled_from([None, "v 1"]),
)
def test_copy_source_is_quoted_as_botocore_quotes_it(
    source: str, bucket: str, version: str | None
) -> None:
    for value in (source, {"Bucket": bucket, "Key": source, "VersionId": version}):
        if isinstance(value, dict) and version is None:
            del value["VersionId"]
        ours: dict[str, Any] = {"CopySource": value}
        theirs: dict[str, Any] = {"CopySource": value}
        s3_params._quote_copy_source(ours)
        botocore.handlers.handle_copy_source_param(theirs)
        assert ours == theirs
