"""The differential checks of this directory with many more examples (``make slow``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from . import test_conditions, test_transform, test_types
from ._scripted import ScriptedServer
from .strategies import python_values, recipes, wire_values

SWEEP = settings(max_examples=5000, deadline=None)
pytestmark = pytest.mark.slow


@SWEEP
@given(python_values())
def test_serialize_sweep(spec: Any) -> None:
    test_types.test_serialize_matches_boto3.hypothesis.inner_test(spec)


@SWEEP
@given(wire_values)
def test_deserialize_sweep(value: dict[str, Any]) -> None:
    test_types.test_deserialize_matches_boto3.hypothesis.inner_test(value)


@SWEEP
@given(st.lists(recipes, min_size=1, max_size=4))
def test_expressions_sweep(conditions: list[tuple[Any, ...]]) -> None:
    test_conditions.test_expressions_match_boto3.hypothesis.inner_test(conditions)


@settings(max_examples=1500, deadline=None)
@given(test_transform.calls)
def test_requests_sweep(
    clients: tuple[Any, Any], server: ScriptedServer, call: tuple[str, dict[str, Any]]
) -> None:
    test_transform.test_requests_match_boto3.hypothesis.inner_test(clients, server, call)


clients = test_transform.clients
