"""Differential tests of the rules-engine functions against botocore's standard library."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import botocore.loaders  # type: ignore[import-untyped]
import pytest
from botocore.endpoint_provider import RuleSetStandardLibrary  # type: ignore[import-untyped]
from botocore.exceptions import EndpointResolutionError as BotocoreResolutionError  # type: ignore[import-untyped]
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from strato.endpoints import _library
from strato.exceptions import EndpointResolutionError

PARTITIONS = botocore.loaders.Loader().load_data("partitions")
REFERENCE = RuleSetStandardLibrary(PARTITIONS)


def _run(func: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    try:
        return ("ok", func(*args))
    except (EndpointResolutionError, BotocoreResolutionError) as exc:
        return ("error", str(exc))


def _reference(func: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """botocore's answer; cases where it crashes with a raw exception are not compared."""
    try:
        return _run(func, *args)
    except (TypeError, ValueError, AttributeError, KeyError):
        assume(False)
        raise


_label_chars = st.sampled_from([*"abcxyzABZ019-._", "é", "٣", "\n", " "])
_labels = st.text(_label_chars, max_size=70)
_subdomains = st.sampled_from([True, False, None])


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), _labels), allow=_subdomains)
def test_is_valid_host_label(value: str | None, allow: bool | None) -> None:
    assert _run(_library.is_valid_host_label, value, allow) == _reference(
        REFERENCE.is_valid_host_label, value, allow
    )


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.none(),
        _labels,
        st.builds(".".join, st.lists(st.sampled_from(["192", "168", "1", "10", "a"]), max_size=5)),
    ),
    allow=_subdomains,
)
def test_is_virtual_hostable_s3_bucket(value: str | None, allow: bool | None) -> None:
    assert _run(_library.is_virtual_hostable_s3_bucket, value, allow) == _reference(
        REFERENCE.aws_is_virtual_hostable_s3_bucket, value, allow
    )


_hosts = st.sampled_from(
    [
        "example.com",
        "127.0.0.1",
        "999.1.1.1",
        "[::1]",
        "[fe80::1%25en0]",
        "[2001:db8::ffff:1.2.3.4]",
        "[1:2:3:4:5:6:7:8]",
        "[::g]",
        "bücket.example.com",
        "host",
        "",
    ]
)
_ports = st.sampled_from(["", ":80", ":8443", ":abc", ":"])
_paths = st.lists(st.sampled_from(["", ".", "..", "a", "b c", "%2F", "é", "x;y"]), max_size=5).map(
    "/".join
)


@settings(max_examples=400, deadline=None)
@given(
    scheme=st.sampled_from(["https", "http", "ftp", "HTTPS", ""]),
    host=_hosts,
    port=_ports,
    path=_paths,
    query=st.sampled_from(["", "?", "?a=b", "#frag"]),
    lead=st.booleans(),
)
def test_parse_url(scheme: str, host: str, port: str, path: str, query: str, lead: bool) -> None:
    url = f"{scheme}://{host}{port}{'/' if lead else ''}{path}{query}"
    assert _run(_library.parse_url, url) == _reference(REFERENCE.parse_url, url)


@settings(max_examples=200, deadline=None)
@given(url=st.text(max_size=30))
def test_parse_url_arbitrary_text(url: str) -> None:
    assert _run(_library.parse_url, url) == _reference(REFERENCE.parse_url, url)


_arn_parts = st.lists(
    st.sampled_from(["arn", "aws", "s3", "", "us-west-2", "123456789012", "a/b", "c:d", "x"]),
    max_size=8,
).map(":".join)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), _arn_parts, st.text(max_size=20)))
def test_parse_arn(value: str | None) -> None:
    assert _run(_library.parse_arn, value) == _reference(REFERENCE.aws_parse_arn, value)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), st.text(max_size=20), st.integers(), st.booleans()))
def test_uri_encode(value: Any) -> None:
    assert _run(_library.uri_encode, value) == _reference(REFERENCE.uri_encode, value)


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(st.text(max_size=12), st.none(), st.integers()),
    start=st.integers(0, 12),
    stop=st.integers(0, 12),
    reverse=st.booleans(),
)
def test_substring(value: Any, start: int, stop: int, reverse: bool) -> None:
    assert _run(_library.substring, value, start, stop, reverse) == _reference(
        REFERENCE.substring, value, start, stop, reverse
    )


_REGIONS = sorted(r for p in PARTITIONS["partitions"] for r in p["regions"])


@settings(max_examples=300, deadline=None)
@given(
    region=st.one_of(
        st.none(),
        st.sampled_from(_REGIONS),
        st.sampled_from(["us-gov-west-9", "cn-north-7", "eu-isoe-west-2", "aws-global", "x"]),
        st.text(max_size=15),
    )
)
def test_partition(region: str | None) -> None:
    aws_partition = _library.partition_function(PARTITIONS)
    assert _run(aws_partition, region) == _reference(REFERENCE.aws_partition, region)


@pytest.mark.parametrize(
    ("ours", "theirs", "args"),
    [
        (_library.string_equals, REFERENCE.string_equals, ("a", "a")),
        (_library.string_equals, REFERENCE.string_equals, ("a", None)),
        (_library.string_equals, REFERENCE.string_equals, (1, "a")),
        (_library.boolean_equals, REFERENCE.boolean_equals, (True, True)),
        (_library.boolean_equals, REFERENCE.boolean_equals, (True, False)),
        (_library.boolean_equals, REFERENCE.boolean_equals, (None, True)),
        (_library.boolean_equals, REFERENCE.boolean_equals, (1, True)),
        (_library.not_, REFERENCE._not, ("",)),
        (_library.not_, REFERENCE._not, (None,)),
        (_library.is_set, REFERENCE.is_set, (False,)),
        (_library.is_set, REFERENCE.is_set, (None,)),
        (_library.get_attr, REFERENCE.get_attr, ({"a": {"b": [1, 2]}}, "a.b[1]")),
        (_library.get_attr, REFERENCE.get_attr, ({"a": {"b": [1, 2]}}, "a.b[2]")),
        (_library.get_attr, REFERENCE.get_attr, ({"a": {"b": [1, 2]}}, "a.b")),
        (_library.get_attr, REFERENCE.get_attr, (("x", "y"), "[0]")),
        (_library.get_attr, REFERENCE.get_attr, ({"a": None}, "a[0]")),
    ],
    ids=lambda value: getattr(value, "__name__", None) or repr(value)[:30],
)
def test_scalar_functions(
    ours: Callable[..., Any], theirs: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    assert _run(ours, *args) == _run(theirs, *args)


def test_get_attr_missing_key_is_none() -> None:
    """botocore lets KeyError escape here; strato answers None (an unset value)."""
    assert _library.get_attr({"a": 1}, "b") is None
    assert _library.get_attr({"a": 1}, "b.c[0]") is None


# Text scans that stand in for botocore's regexes (so making a client does not load ``re``).
_path_text = st.text(st.sampled_from([*"ab_[]0912.", "٣", "é", " ", "\n"]), max_size=14)


@settings(max_examples=500, deadline=None)
@given(part=_path_text)
def test_attr_index_scan_equals_botocores_regex(part: str) -> None:
    from botocore.endpoint_provider import GET_ATTR_RE

    match = GET_ATTR_RE.search(part)
    expected = None if match is None else (match.group(1), int(match.group(2)))
    assert _library._attr_index(part) == expected


_template_text = st.lists(
    st.sampled_from([*"ab#{}:!.-", "Region", "{Region}", "\n"]), max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_template_text)
def test_template_scan_equals_botocores_regex_and_formatter(text: str) -> None:
    import re
    import string

    from strato.endpoints import _compile

    assert _compile._has_template(text) == (re.search(r"\{[a-zA-Z#]+\}", text) is not None)
    try:
        expected: Any = [
            (literal, None if field is None else tuple(field.split("#")))
            for literal, field, _, _ in string.Formatter().parse(text)
        ]
    except ValueError as e:
        expected = ("ValueError", str(e))
    try:
        pieces: Any = _compile._template_pieces(text)
    except ValueError as e:
        pieces = ("ValueError", str(e))
    # Adjacent literals may be split differently; the rendered text is what counts.
    assert _render(pieces) == _render(expected)


def _render(pieces: Any) -> Any:
    if isinstance(pieces, tuple):
        return pieces
    return "".join(
        literal + ("" if path is None else "<" + "#".join(path) + ">") for literal, path in pieces
    )
