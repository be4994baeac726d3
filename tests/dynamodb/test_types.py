"""``strato.dynamodb.types`` against ``boto3.dynamodb.types`` 1.44.8: the same values (or the
same errors, type and message) for generated Python values and AttributeValues."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import boto3.dynamodb.types as boto3_types  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato.dynamodb.types as strato_types

from .strategies import Bin, SetOf, TupleOf, canonical, outcome, python_values, realize, wire_values

EXAMPLES = settings(max_examples=300, deadline=None)


def _serialized(spec: Any) -> tuple[Any, Any]:
    boto = outcome(boto3_types.TypeSerializer().serialize, realize(spec, boto3_types.Binary))
    mine = outcome(strato_types.TypeSerializer().serialize, realize(spec, strato_types.Binary))
    return boto, mine


@EXAMPLES
@given(python_values())
def test_serialize_matches_boto3(spec: Any) -> None:
    boto, mine = _serialized(spec)
    assert mine == boto


@EXAMPLES
@given(wire_values)
def test_deserialize_matches_boto3(value: dict[str, Any]) -> None:
    boto = outcome(boto3_types.TypeDeserializer().deserialize, value)
    mine = outcome(strato_types.TypeDeserializer().deserialize, value)
    assert mine == boto


@EXAMPLES
@given(python_values(invalid=False))
def test_round_trip_matches_boto3(spec: Any) -> None:
    def round_trip(module: Any) -> Any:
        value = realize(spec, module.Binary)
        return module.TypeDeserializer().deserialize(module.TypeSerializer().serialize(value))

    assert outcome(round_trip, strato_types) == outcome(round_trip, boto3_types)


@pytest.mark.parametrize(
    "number",
    [
        Decimal("1" * 38),
        Decimal("1" * 39),  # Inexact would need rounding: Rounded is trapped first
        10**38,
        Decimal("1E-130"),  # below Emin: Underflow
        Decimal("1E+126"),
        Decimal("1E+127"),  # Overflow
        Decimal("0E-200"),  # Clamped
        Decimal("-0"),
        Decimal("Infinity"),
        Decimal("-Infinity"),  # boto3 lets it through
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("1.10"),
        True,
        1.5,
    ],
)
def test_number_edge_cases(number: Any) -> None:
    boto, mine = _serialized(number)
    assert mine == boto


@pytest.mark.parametrize(
    "spec",
    [
        SetOf(()),  # an empty set is a number set to both
        SetOf(("a", 1.5)),
        SetOf((1, 2.5)),
        SetOf((Bin(b"x"), b"y")),
        SetOf((1, "a")),
        {"nested": [TupleOf((1, "a")), {"s": SetOf(("x",))}]},
        frozenset({1, 2}),
        range(2),
    ],
)
def test_serialize_special_shapes(spec: Any) -> None:
    boto, mine = _serialized(spec)
    assert mine == boto


@pytest.mark.parametrize("value", [b"abc", bytearray(b"abc"), "abc", 3, None])
def test_binary_construction_and_behaviour(value: Any) -> None:
    def behaviour(binary: type) -> Any:
        b = binary(value)
        return (
            repr(b),
            bytes(b),
            b == value,
            b != value,
            b == binary(value),
            hash(b) == hash(value),
        )

    assert outcome(behaviour, strato_types.Binary) == outcome(behaviour, boto3_types.Binary)


def test_binary_str_raises_as_in_boto3() -> None:
    for binary in (boto3_types.Binary, strato_types.Binary):
        with pytest.raises(TypeError, match="__str__ returned non-string"):
            str(binary(b"x"))


def test_context_and_constants_are_boto3s() -> None:
    mine, boto = strato_types.DYNAMODB_CONTEXT, boto3_types.DYNAMODB_CONTEXT
    assert (mine.prec, mine.Emin, mine.Emax, mine.rounding) == (
        boto.prec,
        boto.Emin,
        boto.Emax,
        boto.rounding,
    )
    assert {k for k, v in mine.traps.items() if v} == {k for k, v in boto.traps.items() if v}
    names = ["STRING", "NUMBER", "BINARY", "STRING_SET", "NUMBER_SET", "BINARY_SET"]
    names += ["NULL", "BOOLEAN", "MAP", "LIST", "BINARY_TYPES"]
    assert [getattr(strato_types, n) for n in names] == [getattr(boto3_types, n) for n in names]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers())))
def test_subclass_hooks_work_as_in_boto3(numbers: list[Any]) -> None:
    """Code subclasses the serializer to accept floats: the hooks are called as in boto3."""

    def float_serializer(module: Any) -> Any:
        class FloatSerializer(module.TypeSerializer):  # type: ignore[misc]
            def _is_number(self, value: Any) -> bool:
                return isinstance(value, int | float | Decimal)

            def _serialize_n(self, value: Any) -> str:
                return str(Decimal(str(value)))

        return FloatSerializer().serialize(numbers)

    assert outcome(float_serializer, strato_types) == outcome(float_serializer, boto3_types)


def test_binary_pickles() -> None:
    b = strato_types.Binary(b"\x00\xff")
    assert canonical(pickle.loads(pickle.dumps(b))) == canonical(b)
