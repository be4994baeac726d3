"""Request parameter placement against boto3's own functions, on generated targets
(``Foo``, ``Foo.Bar``, ``Foo[2]``, ``Foo[*].Bar``, ``Foo[]``...) and batch indexes, and
the empty responses of actions whose response names no resource."""

from __future__ import annotations

import copy
from typing import Any

import boto3.resources.params
import boto3.resources.response
import botocore.session
from hypothesis import given, settings
from hypothesis import strategies as st

import strato
from strato.resources import params, response

_NAMES = st.sampled_from(["A", "B", "Foo"])
_PART = st.tuples(_NAMES, st.sampled_from(["", "[]", "[*]", "[0]", "[1]", "[3]"])).map("".join)
TARGETS = st.lists(_PART, min_size=1, max_size=3).map(".".join)
VALUES = st.one_of(st.integers(0, 9), st.text("xy", max_size=2), st.none())


def _outcome(build: Any, steps: list[tuple[str, Any, int | None]]) -> Any:
    placed: dict[str, Any] = {}
    try:
        for target, value, index in steps:
            build(placed, target, value, index)
    except Exception as error:  # compared by class name: both raise Python's own errors
        return ("error", type(error).__name__, placed)
    return placed


@settings(max_examples=400, deadline=None)
@given(steps=st.lists(st.tuples(TARGETS, VALUES, st.none() | st.integers(0, 3)), max_size=4))
def test_build_param_structure_is_boto3s(steps: list[tuple[str, Any, int | None]]) -> None:
    expected = _outcome(boto3.resources.params.build_param_structure, copy.deepcopy(steps))
    assert _outcome(params.build_param_structure, steps) == expected


_SEARCH_PATHS = [
    (op, path)
    for op, path in [
        ("ListBuckets", "Buckets[]"),
        ("ListObjects", "Contents[]"),
        ("ListObjectVersions", "[Versions,DeleteMarkers]|[]"),
        ("GetBucketAcl", None),
        ("CreateBucket", "Location"),
        ("ListMultipartUploads", "Uploads[0]"),
        ("GetObject", "$"),
    ]
]


def test_empty_responses_follow_the_output_shape() -> None:
    boto_model = botocore.session.Session().get_service_model("s3")
    mine = strato.Session(region_name="us-east-1").client("s3").meta.service_model
    for operation, path in _SEARCH_PATHS:
        try:
            expected = boto3.resources.response.build_empty_response(path, operation, boto_model)
        except Exception as error:
            expected = type(error).__name__
        try:
            actual = response.build_empty_response(path, operation, mine)
        except Exception as error:
            actual = type(error).__name__
        assert actual == expected, (operation, path)
