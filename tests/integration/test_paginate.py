"""Paginators against moto's S3: strato and boto3 1.44.8 page through the same bucket."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from ._compare import assert_same
from ._servers import Server
from .conftest import MOTO_KEYS

KEYS = [f"key-{n:02d}" for n in range(25)]


@pytest.fixture
def clients(
    moto: Server, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> tuple[Any, Any, str]:
    """(strato s3, boto3 s3, a bucket holding the 25 KEYS)."""
    ours = strato_client("s3", moto.url, **MOTO_KEYS)
    theirs = boto3_client("s3", moto.url, **MOTO_KEYS)
    bucket = f"paging-{uuid.uuid4().hex[:10]}"
    ours.create_bucket(Bucket=bucket)
    for key in KEYS:
        ours.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return ours, theirs, bucket


def _pages(client: Any, method: str, bucket: str, **config: Any) -> list[dict[str, Any]]:
    paginator = client.get_paginator(method)
    return list(paginator.paginate(Bucket=bucket, PaginationConfig=config))


@pytest.mark.parametrize("method", ["list_objects_v2", "list_objects"])
def test_page_size_ten_gives_the_same_pages(clients: tuple[Any, Any, str], method: str) -> None:
    ours, theirs, bucket = clients
    mine = _pages(ours, method, bucket, PageSize=10)
    reference = _pages(theirs, method, bucket, PageSize=10)
    assert [[o["Key"] for o in page["Contents"]] for page in mine] == [
        KEYS[:10],
        KEYS[10:20],
        KEYS[20:],
    ]
    assert len(mine) == len(reference)
    for page, other in zip(mine, reference, strict=True):
        assert_same(page, other)


def test_max_items_and_resuming_across_libraries(clients: tuple[Any, Any, str]) -> None:
    """A token strato made resumes in boto3 and the other way round."""
    ours, theirs, bucket = clients
    first = ours.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 10, "MaxItems": 15}
    )
    full = first.build_full_result()
    reference = (
        theirs.get_paginator("list_objects_v2")
        .paginate(Bucket=bucket, PaginationConfig={"PageSize": 10, "MaxItems": 15})
        .build_full_result()
    )
    assert [o["Key"] for o in full["Contents"]] == KEYS[:15]
    assert full["NextToken"] == reference["NextToken"] == first.resume_token
    assert_same(full, reference)

    token = full["NextToken"]
    rest = {"PageSize": 10, "StartingToken": token}
    mine = _pages(ours, "list_objects_v2", bucket, **rest)
    boto = _pages(theirs, "list_objects_v2", bucket, **rest)
    assert [o["Key"] for page in mine for o in page["Contents"]] == KEYS[15:]
    for page, other in zip(mine, boto, strict=True):
        assert_same(page, other)
    keys = list(
        ours.get_paginator("list_objects_v2")
        .paginate(Bucket=bucket, PaginationConfig={"PageSize": 7})
        .search("Contents[].Key")
    )
    assert keys == KEYS
