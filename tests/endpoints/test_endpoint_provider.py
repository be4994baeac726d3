"""EndpointProvider behaviour: parameters, scoping, errors and caching, against botocore."""

from __future__ import annotations

import copy
from typing import Any

import botocore.loaders  # type: ignore[import-untyped]
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from strato.endpoints import Endpoint, EndpointProvider
from strato.exceptions import EndpointResolutionError
from strato.loader import create_loader

from . import _outcome

PARTITIONS = create_loader(None).load_data("partitions")


def _endpoint(url: str, conditions: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "endpoint", "conditions": conditions or [], "endpoint": {"url": url, **extra}}


def _fn(name: str, *argv: Any, assign: str | None = None) -> dict[str, Any]:
    call: dict[str, Any] = {"fn": name, "argv": list(argv)}
    if assign:
        call["assign"] = assign
    return call


RULESET: dict[str, Any] = {
    "version": "1.0",
    "parameters": {
        "Region": {"type": "String", "required": True},
        "Flag": {"type": "Boolean", "default": False, "required": True},
        "Names": {"type": "stringArray"},
        "Unused": {"type": "string"},
    },
    "rules": [
        {
            "type": "tree",
            "conditions": [_fn("aws.partition", {"ref": "Region"}, assign="Part")],
            "rules": [
                # Assigns X, then fails: a sibling must not see X.
                {
                    "type": "endpoint",
                    "conditions": [
                        _fn("getAttr", {"ref": "Part"}, "name", assign="X"),
                        _fn("booleanEquals", {"ref": "Flag"}, True),
                    ],
                    "endpoint": {"url": "https://flag.{X}.example"},
                },
                {
                    "type": "error",
                    "conditions": [_fn("isSet", {"ref": "X"})],
                    "error": "leaked {X}",
                },
                {
                    "type": "error",
                    "conditions": [_fn("stringEquals", {"ref": "Region"}, "bad-region")],
                    "error": "Region {Region} is not allowed",
                },
                {
                    "type": "endpoint",
                    "conditions": [
                        _fn("isSet", {"ref": "Names"}),
                        _fn("getAttr", {"ref": "Names"}, "[1]", assign="Second"),
                    ],
                    "endpoint": {"url": "https://{Second}.{Part#dnsSuffix}"},
                },
                {
                    "type": "endpoint",
                    "conditions": [_fn("stringEquals", {"ref": "Region"}, "us-west-2")],
                    "endpoint": {
                        "url": {"ref": "Region"},
                        "properties": {
                            "literalRef": {"ref": "Region"},
                            "nested": [{"name": "{Part#name}", "n": 1, "b": True}],
                            "escaped": "{{not}} {Region}",
                        },
                        "headers": {"x-region": ["{Region}", {"ref": "Region"}, "plain"]},
                    },
                },
            ],
        }
    ],
}


def _both(ruleset: dict[str, Any], params: dict[str, Any]) -> tuple[Any, Any]:
    ours = _outcome.strato(ruleset, PARTITIONS, dict(params))
    theirs = _outcome.botocore(ruleset, PARTITIONS, dict(params))
    return ours, theirs


@pytest.mark.parametrize(
    "params",
    [
        {"Region": "us-east-1", "Flag": True},
        {"Region": "us-east-1"},
        {"Region": "bad-region"},
        {"Region": "cn-north-1", "Names": ["a", "b"]},
        {"Region": "cn-north-1", "Names": ("a",)},
        {"Region": "us-west-2"},
        {"Region": "eu-west-1", "Names": ["a"], "Unused": "x"},
        {},
        {"Region": 5},
        {"Region": "us-east-1", "Flag": "true"},
        {"Region": "us-east-1", "Names": "a,b"},
        {"Region": "us-east-1", "Flag": None},
        {"Region": "us-east-1", "Part": "preset"},
    ],
    ids=[
        "endpoint-with-assign",
        "sibling-does-not-see-assign",
        "error-template",
        "list-param-index",
        "tuple-param-short",
        "ref-url-properties-headers",
        "no-endpoint-found",
        "required-missing",
        "wrong-type-string",
        "wrong-type-bool",
        "wrong-type-array",
        "explicit-none-takes-default",
        "assignment-overwrite",
    ],
)
def test_matches_botocore(params: dict[str, Any]) -> None:
    ours, theirs = _both(RULESET, params)
    assert ours == theirs


def test_outcomes_are_the_expected_ones() -> None:
    assert _both(RULESET, {"Region": "us-east-1"})[0] == (
        "error",
        "No endpoint found for parameters:\nRegion: us-east-1",
    )
    assert _both(RULESET, {"Region": "us-west-2"})[0] == (
        "endpoint",
        "us-west-2",
        {
            "literalRef": {"ref": "Region"},
            "nested": [{"name": "aws", "n": 1, "b": True}],
            "escaped": "{not} us-west-2",
        },
        {"x-region": ["us-west-2", "us-west-2", "plain"]},
    )
    assert _both(RULESET, {"Region": "us-east-1", "Part": "preset"})[0] == (
        "error",
        "Assignment Part already exists in scoped variables and cannot be overwritten",
    )


@pytest.mark.parametrize(
    ("ruleset", "message"),
    [
        (
            {"version": "1", "parameters": {"P": {"type": "list"}}, "rules": []},
            "Unknown parameter type: list. "
            "A parameter must be of type string, boolean, or stringarray.",
        ),
        (
            {"version": "1", "parameters": {}, "rules": [{"type": "nope", "conditions": []}]},
            "Unknown rule type: nope. A rule must be of type tree, endpoint or error.",
        ),
    ],
    ids=["bad-parameter-type", "bad-rule-type"],
)
def test_invalid_rulesets_raise_botocore_messages(ruleset: dict[str, Any], message: str) -> None:
    with pytest.raises(EndpointResolutionError) as info:
        EndpointProvider(ruleset, PARTITIONS)
    assert str(info.value) == message


def test_compiled_once_per_ruleset_identity() -> None:
    ruleset = copy.deepcopy(RULESET)
    first = EndpointProvider(ruleset, PARTITIONS)
    assert EndpointProvider(ruleset, PARTITIONS)._entry is first._entry
    assert EndpointProvider(copy.deepcopy(ruleset), PARTITIONS)._entry is not first._entry


def test_result_cache_reuses_results_for_equal_inputs_and_still_validates() -> None:
    provider = EndpointProvider(copy.deepcopy(RULESET), PARTITIONS)
    found = provider.resolve({"Region": "us-west-2", "Unused": "a"})
    assert isinstance(found, Endpoint)
    assert provider.resolve({"Region": "us-west-2", "Unused": "a"}) is found
    assert provider.resolve({"Region": "us-west-2", "Unused": "b"}) == found
    assert provider.resolve_endpoint(Region="us-west-2") == found
    assert provider.resolve({"Region": "cn-north-1", "Names": ["a", "b"]}).url == (
        "https://b.amazonaws.com.cn"
    )
    with pytest.raises(EndpointResolutionError, match=r"Value \(Unused\) is the wrong type"):
        provider.resolve({"Region": "us-west-2", "Unused": 3})


# --- random S3 and STS inputs against botocore ------------------------------------------

_STRATO = create_loader(None)
_BOTOCORE = botocore.loaders.Loader()
_S3_RULES = (
    _STRATO.load_service_model("s3", "endpoint-rule-set-1"),
    _BOTOCORE.load_service_model("s3", "endpoint-rule-set-1"),
)
_BOTOCORE_PARTITIONS = _BOTOCORE.load_data("partitions")

_buckets = st.one_of(
    st.sampled_from(
        [
            "my-bucket",
            "my.bucket",
            "MyBucket",
            "a",
            "192.168.0.1",
            "bucket--x-s3",
            "mybucket--use1-az1--x-s3",
            "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap",
            "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/mybanner",
            "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap",
            "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint:myendpoint",
            "arn:aws:s3:us-west-2::bucket",
            "bucket name",
        ]
    ),
    st.text(st.sampled_from(list("ab.-1:/A")), max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "Region": st.sampled_from(
                ["us-east-1", "us-west-2", "cn-north-1", "us-gov-west-1", "aws-global", "x-1"]
            ),
            "Bucket": _buckets,
            "UseFIPS": st.booleans(),
            "UseDualStack": st.booleans(),
            "Accelerate": st.booleans(),
            "ForcePathStyle": st.booleans(),
            "UseArnRegion": st.booleans(),
            "UseGlobalEndpoint": st.booleans(),
            "DisableMultiRegionAccessPoints": st.booleans(),
            "UseObjectLambdaEndpoint": st.booleans(),
            "Endpoint": st.sampled_from(
                ["https://example.com", "http://127.0.0.1:8080/p", "https://[::1]", "ftp://x"]
            ),
            "Key": st.text(max_size=5),
        },
    )
)
def test_random_s3_inputs_match_botocore(params: dict[str, Any]) -> None:
    ours = _outcome.strato(_S3_RULES[0], PARTITIONS, dict(params))
    try:
        theirs = _outcome.botocore(_S3_RULES[1], _BOTOCORE_PARTITIONS, dict(params))
    except (KeyError, TypeError, ValueError):
        assume(False)
        raise
    assert ours == theirs


# --- the result cache against uncached evaluation -----------------------------------------


def _resolved(resolve: Any, params: dict[str, Any]) -> Any:
    try:
        found = resolve(params)
    except EndpointResolutionError as exc:
        return ("error", str(exc))
    return ("endpoint", found.url, found.properties, found.headers)


def test_cache_keeps_types_and_undeclared_names_apart() -> None:
    """Equal but differently typed values, and names a rule assigns, never hit an entry."""
    provider = EndpointProvider(copy.deepcopy(RULESET), PARTITIONS)
    assert provider.resolve({"Region": "us-east-1", "Flag": True}).url == "https://flag.aws.example"
    with pytest.raises(EndpointResolutionError, match=r"Value \(Flag\) is the wrong type"):
        provider.resolve({"Region": "us-east-1", "Flag": 1})
    with pytest.raises(EndpointResolutionError, match="Assignment Part already exists"):
        provider.resolve({"Region": "us-east-1", "Flag": True, "Part": "preset"})
    listed = provider.resolve({"Region": "cn-north-1", "Names": ["a", "b"]})
    assert provider.resolve({"Region": "cn-north-1", "Names": ("a", "b")}) is listed
    with pytest.raises(EndpointResolutionError, match=r"Value \(Names\) is the wrong type"):
        provider.resolve({"Region": "cn-north-1", "Names": "ab"})
    assert provider.resolve({"Region": "cn-north-1", "Names": ["a", 1]}).url == (
        "https://1.amazonaws.com.cn"
    )
    assert provider.resolve({"Region": "cn-north-1", "Names": ["a", True]}).url == (
        "https://True.amazonaws.com.cn"
    )


_S3_PROVIDER = EndpointProvider(_S3_RULES[0], PARTITIONS)
_flags = st.sampled_from([True, False, 1, 0, "true"])
_S3_INPUTS: dict[str, Any] = {
    "Region": st.sampled_from(
        ["us-east-1", "us-west-2", "eu-central-1", "cn-north-1", "us-gov-west-1", "aws-global"]
    ),
    "Bucket": _buckets,
    "UseFIPS": _flags,
    "UseDualStack": _flags,
    "Accelerate": _flags,
    "ForcePathStyle": _flags,
    "UseArnRegion": st.booleans(),
    "UseGlobalEndpoint": st.booleans(),
    "DisableMultiRegionAccessPoints": st.booleans(),
    "UseS3ExpressControlEndpoint": st.booleans(),
    "Endpoint": st.sampled_from(["https://example.com", "http://127.0.0.1:9000"]),
    "partitionResult": st.just("undeclared, assigned by a rule"),
}


def _twin(value: Any) -> Any:
    """An equal value of another type (``True`` and ``1``), else a list of the same text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return bool(value)
    return [value]


@settings(max_examples=100, deadline=None)
@given(base=st.fixed_dictionaries({}, optional=_S3_INPUTS), data=st.data())
def test_cached_resolution_equals_uncached(base: dict[str, Any], data: Any) -> None:
    """S3 inputs that differ from one another in one value (so a key missing any input, or
    blind to a value's type, would be hit wrongly), resolved in a random order with
    repeats: each answer, endpoint or error, is the one a fresh evaluation gives."""
    inputs = [base]
    for _ in range(data.draw(st.integers(0, 6))):
        name = data.draw(st.sampled_from(sorted(base) or sorted(_S3_INPUTS)))
        change = data.draw(st.sampled_from(["value", "twin", "none", "remove"]))
        variant = dict(base)
        if change == "value":
            variant[name] = data.draw(_S3_INPUTS[name])
        elif change == "twin":
            variant[name] = _twin(base.get(name))
        elif change == "none":
            variant[name] = None
        else:
            variant.pop(name, None)
        inputs.append(variant)
    _S3_PROVIDER._entry.results.clear()
    order = data.draw(st.lists(st.integers(0, len(inputs) - 1), min_size=len(inputs) * 2))
    for index in order:
        params = inputs[index]
        cached = _resolved(_S3_PROVIDER.resolve, dict(params))
        assert cached == _resolved(_S3_PROVIDER._evaluate, dict(params))
