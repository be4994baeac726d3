"""strato's JMESPath subset against the ``jmespath`` package (botocore's dependency).

Every paginator expression and ``operationContextParams`` path in botocore's data (all
services) must compile, and evaluate as ``jmespath.search`` does on documents generated
to fit the expression (its identifiers as keys, lists where it indexes or projects).
Syntax outside the subset must be rejected with a typed error, never evaluated wrongly.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
from pathlib import Path
from typing import Any

import botocore
import jmespath
import jmespath.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato import _jmespath
from strato.exceptions import JMESPathError, JMESPathTypeError

DATA = Path(botocore.__file__).parent / "data"
PAGINATOR_KEYS = (
    "input_token",
    "output_token",
    "result_key",
    "more_results",
    "limit_key",
    "non_aggregate_keys",
)


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


@functools.cache
def data_expressions() -> tuple[str, ...]:
    """Every expression of every service's paginators and operationContextParams."""
    found: set[str] = set()
    for path in DATA.glob("*/*/paginators-1.json*"):
        document = json.loads(_read(path))
        pagination = document.get("pagination") or document.get("merge", {}).get("pagination")
        for config in (pagination or {}).values():
            for key in PAGINATOR_KEYS:
                value = config.get(key)
                found.update(value if isinstance(value, list) else [value] if value else [])
    for path in DATA.glob("*/*/service-2.json*"):
        raw = _read(path)
        if b"operationContextParams" not in raw:
            continue
        for operation in json.loads(raw)["operations"].values():
            for param in operation.get("operationContextParams", {}).values():
                found.add(param["path"])
    return tuple(sorted(found))


def test_the_data_has_the_expected_variety() -> None:
    """The scan works: both sources and each construct of the subset are present."""
    found = data_expressions()
    assert len(found) > 2000
    for needle in ("keys(", "[*]", "[]", "[-1]", "||", ".[", "TransactItems"):
        assert any(needle in e for e in found), needle


def _identifiers(expression: str) -> list[str]:
    return sorted(set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression)) - {"keys"})


def _document(rng: random.Random, names: list[str], depth: int = 0) -> Any:
    """A JSON value whose objects use ``names`` as keys (so paths often hit)."""
    roll = rng.random()
    if depth >= 4 or roll < 0.3:
        return rng.choice([None, True, False, 0, 1, -2, 1.5, "", "x", "Key", [], {}])
    if roll < 0.55:
        return [_document(rng, names, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = rng.sample(names, k=rng.randint(0, len(names))) if names else []
    return {key: _document(rng, names, depth + 1) for key in keys}


def _outcome(search: Any, expression: str, document: Any) -> Any:
    """A value, or a type error's text (both libraries word it the same)."""
    try:
        return ("value", search(expression, document))
    except (jmespath.exceptions.JMESPathTypeError, JMESPathTypeError) as e:
        return ("type error", str(e))


def test_every_data_expression_agrees_with_jmespath() -> None:
    rng = random.Random(20240517)
    for expression in data_expressions():
        names = _identifiers(expression)
        for _ in range(12):
            document = _document(rng, names)
            expected = _outcome(jmespath.search, expression, document)
            actual = _outcome(_jmespath.search, expression, document)
            assert actual == expected, (expression, document)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "a", "Key"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "Key", "c"]), inner, max_size=4)
    ),
    max_leaves=12,
)
_IDS = st.sampled_from(["a", "b", "c", "Key"])


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Random expressions of the subset's grammar (nested projections, or, keys...)."""
    choices = (
        ["id", "current"]
        if depth >= 3
        else ["id", "current", "sub", "index", "proj", "flat", "multi", "or", "pipe"]
    )
    kind = draw(st.sampled_from([*choices, "keys"] if depth < 3 else choices))
    if kind == "id":
        return draw(_IDS)
    if kind == "current":
        return "@"
    inner = draw(_expressions(depth + 1))
    if kind == "sub":
        return f"{inner}.{draw(_IDS)}"
    if kind == "index":
        return f"{inner}[{draw(st.integers(-3, 3))}]"
    if kind == "proj":
        return f"{inner}[*].{draw(_IDS)}"
    if kind == "flat":
        return f"{inner}[]"
    if kind == "multi":
        return f"{inner}.[{draw(_IDS)}, {draw(_expressions(depth + 1))}]"
    if kind == "or":
        return f"{inner} || {draw(_expressions(depth + 1))}"
    if kind == "pipe":
        return f"{inner} | {draw(_expressions(depth + 1))}"
    return f"keys({inner})"


@settings(max_examples=400, deadline=None)
@given(expression=_expressions(), document=_JSON)
def test_generated_expressions_agree_with_jmespath(expression: str, document: Any) -> None:
    expected = _outcome(jmespath.search, expression, document)
    assert _outcome(_jmespath.search, expression, document) == expected


@settings(max_examples=300, deadline=None)
@given(
    expression=st.sampled_from([e for e in data_expressions() if not e.isidentifier()]),
    seed=st.integers(0, 2**32),
)
def test_structured_data_expressions_agree(expression: str, seed: int) -> None:
    document = _document(random.Random(seed), _identifiers(expression))
    expected = _outcome(jmespath.search, expression, document)
    assert _outcome(_jmespath.search, expression, document) == expected


@pytest.mark.parametrize(
    ("expression", "document", "expected"),
    [
        ("NextMarker || Contents[-1].Key", {"Contents": [{"Key": "a"}, {"Key": "b"}]}, "b"),
        ("NextMarker || Contents[-1].Key", {"NextMarker": "m", "Contents": [{"Key": "a"}]}, "m"),
        ("NextMarker || Contents[-1].Key", {"NextMarker": "", "Contents": []}, None),
        ("a || b", {"a": 0, "b": 1}, 0),
        ("a || b", {"a": False, "b": {}}, {}),
        ("keys(RequestItems)", {"RequestItems": {"t1": {}, "t2": {}}}, ["t1", "t2"]),
        (
            "TransactItems[*].[ConditionCheck.TableName, Put.TableName][]",
            {
                "TransactItems": [
                    {"Put": {"TableName": "p"}},
                    {"ConditionCheck": {"TableName": "c"}},
                ]
            },
            ["p", "c"],
        ),
        ("a[*].b", {"a": [{"b": 1}, {"c": 2}, {"b": None}, 3]}, [1]),
        ("a[]", {"a": [[1, 2], 3, [None]]}, [1, 2, 3]),
        ("a[5]", {"a": [1]}, None),
        ("a.b", {"a": [{"b": 1}]}, None),
        # boto3's resource models (s3.Bucket.object_versions)
        (
            "[Versions,DeleteMarkers]|[].Key",
            {"Versions": [{"Key": "v"}], "DeleteMarkers": [{"Key": "d"}]},
            ["v", "d"],
        ),
        ("[Versions,DeleteMarkers]|[]", {"Versions": None}, []),
        ("@", {"a": 1}, {"a": 1}),
        ("a[*].b | [0]", {"a": [{"b": 1}, {"b": 2}]}, 1),
    ],
)
def test_known_values(expression: str, document: Any, expected: Any) -> None:
    assert jmespath.search(expression, document) == expected
    assert _jmespath.search(expression, document) == expected


def test_keys_of_a_non_object_is_jmespaths_type_error() -> None:
    with pytest.raises(jmespath.exceptions.JMESPathTypeError) as theirs:
        jmespath.search("keys(a)", {"a": [1]})
    with pytest.raises(JMESPathTypeError) as ours:
        _jmespath.search("keys(a)", {"a": [1]})
    assert str(ours.value) == str(theirs.value)
    assert isinstance(ours.value, ValueError)


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "a.",
        "a[?b = `1`]",
        "contains(a, `1`)",
        "a[1:2]",
        "{x: a}",
        "a & b",
        '"quoted"',
        "`literal`",
        "length(a, b)",
        "keys(a, b)",
        "a[0](b)",
        "@a",
        "a b",
        "a[*",
        "a[\u00b2]",
        "a[-]",
    ],
)
def test_outside_the_subset_is_rejected(expression: str) -> None:
    with pytest.raises(JMESPathError):
        _jmespath.compiled(expression)


def test_compiled_expressions_are_cached() -> None:
    assert _jmespath.compiled("a.b[0]") is _jmespath.compiled("a.b[0]")
    assert _jmespath.compiled("a.b[0]").expression == "a.b[0]"
