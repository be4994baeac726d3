"""strato's JMESPath against the ``jmespath`` package on waiter acceptor paths.

Every ``argument`` of every acceptor in botocore's waiters data must compile and evaluate
as ``jmespath.search`` does (the value, or the type error's text) on generated documents
that use the expression's identifiers as keys and its literals as values; and so must
random expressions of the constructs acceptors use (comparisons, ``&&``, ``!``, filters,
parentheses, literals, ``.*``, ``length()``).
"""

from __future__ import annotations

import functools
import gzip
import json
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
from strato.exceptions import JMESPathTypeError


@functools.cache
def acceptor_expressions() -> list[str]:
    """Every acceptor path of every waiters file in botocore's data (all API versions)."""
    found: set[str] = set()
    for path in (Path(botocore.__file__).parent / "data").glob("*/*/waiters-2.json*"):
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for config in json.loads(raw)["waiters"].values():
            found.update(a["argument"] for a in config["acceptors"] if "argument" in a)
    return sorted(found)


def _outcome(search: Any, expression: str, document: Any) -> Any:
    try:
        return ("value", search(expression, document))
    except (jmespath.exceptions.JMESPathTypeError, JMESPathTypeError) as e:
        return ("type error", str(e))


def test_the_acceptor_paths_have_the_expected_variety() -> None:
    found = acceptor_expressions()
    assert len(found) > 180
    for needle in ("length(", "==", "!=", "> `0`", "&&", "||", "[?", "!(", "'", ".*.", "[]"):
        assert any(needle in e for e in found), needle


def _documents(expression: str) -> st.SearchStrategy[Any]:
    keys = sorted(set(re.findall(r"[A-Za-z_]\w*", re.sub(r"'[^']*'|`[^`]*`", "", expression))))
    literals = [*re.findall(r"'([^']*)'", expression), 0, 1, 2, True, None, "", "x"]
    return st.recursive(
        st.sampled_from(literals),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(keys), inner),
        max_leaves=12,
    )


@pytest.mark.parametrize("expression", acceptor_expressions())
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_every_acceptor_path_agrees_with_jmespath(expression: str, data: st.DataObject) -> None:
    document = data.draw(_documents(expression))
    expected = _outcome(jmespath.search, expression, document)
    assert _outcome(_jmespath.search, expression, document) == expected


_IDS = st.sampled_from(["a", "b", "c"])
_LITERALS = st.sampled_from(
    ["`0`", "`1`", "`2.5`", "`true`", "`false`", "`null`", "'x'", "''", '`"x"`', "`[1]`", "`{}`"]
)


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Random expressions of the acceptors' constructs, nested."""
    leaves = ["id", "literal", "current"]
    kinds = (
        leaves
        if depth >= 3
        else [
            *leaves,
            "cmp",
            "and",
            "or",
            "not",
            "paren",
            "filter",
            "values",
            "length",
            "sub",
            "flat",
            "proj",
        ]
    )
    kind = draw(st.sampled_from(kinds))
    if kind == "id":
        return draw(_IDS)
    if kind == "literal":
        return draw(_LITERALS)
    if kind == "current":
        return "@"
    inner = draw(_expressions(depth + 1))
    if kind == "cmp":
        operator = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return f"{inner} {operator} {draw(_expressions(depth + 1))}"
    if kind in ("and", "or"):
        operator = "&&" if kind == "and" else "||"
        return f"{inner} {operator} {draw(_expressions(depth + 1))}"
    if kind == "not":
        return f"!{inner}"
    if kind == "paren":
        return f"({inner})"
    if kind == "filter":
        return f"{draw(_IDS)}[?{inner}]"
    if kind == "values":
        return f"{draw(_IDS)}.*.{draw(_IDS)}"
    if kind == "length":
        return f"length({inner})"
    if kind == "sub":
        return f"{draw(_IDS)}.{inner}" if inner[:1].isalpha() else f"{inner}.{draw(_IDS)}"
    if kind == "flat":
        return f"{draw(_IDS)}[].{draw(_IDS)}"
    return f"{draw(_IDS)}[*].{inner}" if inner[:1].isalpha() else f"{inner}[*]"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1, 2) | st.sampled_from(["", "x", 2.5]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_IDS, inner, max_size=3),
    max_leaves=10,
)


def _compiled_outcome(search: Any, expression: str, document: Any) -> Any:
    """As :func:`_outcome`; a comparison of a number with a string is Python's TypeError
    in both (jmespath compares them unguarded)."""
    try:
        return _outcome(search, expression, document)
    except TypeError as e:
        return ("TypeError", str(e))


@settings(max_examples=300, deadline=None)
@given(expression=_expressions(), document=_JSON)
def test_generated_acceptor_grammar_agrees_with_jmespath(expression: str, document: Any) -> None:
    expected = _compiled_outcome(jmespath.search, expression, document)
    assert _compiled_outcome(_jmespath.search, expression, document) == expected


@pytest.mark.parametrize(
    ("expression", "document", "expected"),
    [
        ("length(a[?b == 'x']) == length(a)", {"a": [{"b": "x"}, {"b": "y"}]}, False),
        ("a == `1`", {"a": True}, False),  # 1 and true are not equal in JMESPath
        ("a == `0`", {"a": False}, False),
        ("!a", {"a": 0}, False),  # !0 is false, unlike Python
        ("!a", {"a": []}, True),
        ("a > `1`", {"a": True}, None),  # an ordering of anything but numbers or strings
        ("a < b", {"a": "a", "b": "b"}, True),  # strings order (jmespath's extension)
        ("a.*.b", {"a": {"k": {"b": 1}, "j": {"c": 2}}}, [1]),
        ("a && b", {"a": [], "b": 1}, []),
        ('`"it\\`s"`', {}, "it`s"),
        ("'it\\'s'", {}, "it's"),
        ("a[?b][]", {"a": [{"b": 1}, {"b": 0}, {"b": None}]}, [{"b": 1}, {"b": 0}]),
    ],
)
def test_known_values(expression: str, document: Any, expected: Any) -> None:
    assert jmespath.search(expression, document) == expected
    assert _jmespath.search(expression, document) == expected


@pytest.mark.parametrize(
    ("expression", "document"),
    [("length(a)", {"a": 5}), ("a.length(@)", {}), ("a.keys(@)", {"a": None})],
)
def test_jmespaths_type_errors(expression: str, document: Any) -> None:
    """Including a function after ``.`` on null: jmespath applies it (no shortcut)."""
    with pytest.raises(jmespath.exceptions.JMESPathTypeError) as theirs:
        jmespath.search(expression, document)
    with pytest.raises(JMESPathTypeError) as ours:
        _jmespath.search(expression, document)
    assert str(ours.value) == str(theirs.value)
