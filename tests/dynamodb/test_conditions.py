"""``strato.dynamodb.conditions`` against ``boto3.dynamodb.conditions`` 1.44.8: generated
trees of ``Key``/``Attr`` conditions give the same expression text and placeholders (or the
same errors), numbered on across several builds as in boto3."""

from __future__ import annotations

from typing import Any

import boto3.dynamodb.conditions as boto3_conditions  # type: ignore[import-untyped]
import boto3.exceptions  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato.dynamodb.conditions as strato_conditions
import strato.exceptions

from .strategies import (
    attributes,
    attrs,
    build,
    canonical,
    condition_recipes,
    error_view,
    keys,
    recipes,
)

EXAMPLES = settings(max_examples=300, deadline=None)


def _built(module: Any, conditions: list[tuple[Any, ...]], is_key_condition: bool) -> Any:
    """Every recipe through one builder (placeholders count on), or the first error."""
    builder = module.ConditionExpressionBuilder()
    results = []
    try:
        for recipe in conditions:
            condition = build(recipe, module)
            results.append(builder.build_expression(condition, is_key_condition=is_key_condition))
    except Exception as e:
        return error_view(e)
    return ("ok", canonical(results))


@EXAMPLES
@given(st.lists(recipes, min_size=1, max_size=3))
def test_expressions_match_boto3(conditions: list[tuple[Any, ...]]) -> None:
    mine = _built(strato_conditions, conditions, is_key_condition=False)
    assert mine == _built(boto3_conditions, conditions, is_key_condition=False)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        condition_recipes(st.one_of(keys, keys, keys, attrs), functions=False),
        min_size=1,
        max_size=2,
    )
)
def test_key_expressions_match_boto3(conditions: list[tuple[Any, ...]]) -> None:
    mine = _built(strato_conditions, conditions, is_key_condition=True)
    assert mine == _built(boto3_conditions, conditions, is_key_condition=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(condition_recipes(attributes, errors=True), min_size=1, max_size=2), st.booleans())
def test_mistakes_match_boto3(conditions: list[tuple[Any, ...]], is_key: bool) -> None:
    mine = _built(strato_conditions, conditions, is_key)
    assert mine == _built(boto3_conditions, conditions, is_key)


@settings(max_examples=150, deadline=None)
@given(condition_recipes(attributes, errors=True), condition_recipes(attributes, errors=True))
def test_equality_matches_boto3(first: tuple[Any, ...], second: tuple[Any, ...]) -> None:
    def compare(module: Any) -> Any:
        a, b = build(first, module), build(second, module)
        return (a == b, a != b, a == a, a.get_expression()["format"], len(a.get_expression()))

    def outcome(module: Any) -> Any:
        try:
            return ("ok", compare(module))
        except Exception as e:
            return error_view(e)

    assert outcome(strato_conditions) == outcome(boto3_conditions)


def test_reset_numbers_from_zero_again() -> None:
    for module in (strato_conditions, boto3_conditions):
        builder = module.ConditionExpressionBuilder()
        builder.build_expression(module.Attr("a").eq(1))
        builder.reset()
        assert builder.build_expression(module.Attr("b").eq(2)) == (
            "#n0 = :v0",
            {"#n0": "b"},
            {":v0": 2},
        )


@pytest.mark.parametrize("not_a_condition", [1, "Attr('a').eq(1)", None])
def test_building_from_a_non_condition_raises_boto3s_error(not_a_condition: Any) -> None:
    with pytest.raises(boto3.exceptions.DynamoDBNeedsConditionError) as boto:
        boto3_conditions.ConditionExpressionBuilder().build_expression(not_a_condition)
    with pytest.raises(strato.exceptions.DynamoDBNeedsConditionError) as mine:
        strato_conditions.ConditionExpressionBuilder().build_expression(not_a_condition)
    assert str(mine.value) == str(boto.value)
    assert isinstance(mine.value, strato.exceptions.Boto3Error)


def test_key_condition_naming_an_attr_raises_boto3s_error() -> None:
    with pytest.raises(strato.exceptions.DynamoDBNeedsKeyConditionError) as mine:
        strato_conditions.ConditionExpressionBuilder().build_expression(
            strato_conditions.Key("pk").eq(1) & strato_conditions.Attr("x").eq(2),
            is_key_condition=True,
        )
    assert str(mine.value) == (
        "Attribute object x is of type <class 'strato.dynamodb.conditions.Attr'>. "
        "KeyConditionExpression only supports Attribute objects of type Key"
    )


def test_class_names_and_hierarchy_are_boto3s() -> None:
    names = [
        n
        for n, v in vars(boto3_conditions).items()
        if isinstance(v, type) and v.__module__ == boto3_conditions.__name__
    ]
    assert names  # ConditionBase ... Attr, ConditionExpressionBuilder
    for name in names:
        mine, boto = getattr(strato_conditions, name), getattr(boto3_conditions, name)
        assert [b.__name__ for b in mine.__mro__] == [b.__name__ for b in boto.__mro__], name
        for attr in ("expression_format", "expression_operator", "has_grouped_values"):
            assert getattr(mine, attr, None) == getattr(boto, attr, None), (name, attr)
    assert strato_conditions.BuiltConditionExpression._fields == (
        boto3_conditions.BuiltConditionExpression._fields
    )
