"""``strato.dynamodb.conditions`` against ``boto3.dynamodb.conditions`` 1.44.8: generated
trees of ``Key``/``Attr`` conditions give the same expression text and placeholders (or the
same errors), numbered on across several builds as in boto3."""

from __future__ import annotations

import re
from typing import Any

import boto3.dynamodb.conditions as boto3_conditions  # type: ignore[import-untyped]
import boto3.exceptions  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato.dynamodb.conditions as strato_conditions
import strato.exceptions

from .strategies import canonical

EXAMPLES = settings(max_examples=300, deadline=None)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

#: Names with the characters the name splitter looks at (dots, brackets) and ``%``.
names = st.one_of(
    st.sampled_from(["pk", "a.b", "a[1]", "a.b[0].c", "list[12][3]", "x y", "#n0", ":v0"]),
    st.text(alphabet="ab.[]1%", min_size=1, max_size=7),
)
attributes = st.tuples(st.sampled_from(["Key", "Attr"]), names)
attrs = st.tuples(st.just("Attr"), names)
keys = st.tuples(st.just("Key"), names)
values = st.one_of(
    st.integers(),
    st.text(max_size=5),
    st.none(),
    attrs.map(lambda a: ("attribute", a)),
)
_COMPARISONS = ["eq", "lt", "lte", "gt", "gte", "begins_with"]
_ATTR_ONLY = ["ne", "contains", "attribute_type"]


def _leaves(
    named: st.SearchStrategy[tuple[str, str]], functions: bool = True
) -> list[st.SearchStrategy[Any]]:
    """Valid conditions on attributes ``named``; ``functions``: Attr's own ones too."""
    leaves = [
        st.tuples(st.just("call"), named, st.sampled_from(_COMPARISONS), values),
        st.tuples(st.just("between"), named, values, values),
    ]
    if not functions:
        return leaves
    return [
        *leaves,
        st.tuples(st.just("call"), attrs, st.sampled_from(_ATTR_ONLY), values),
        st.tuples(st.just("is_in"), attrs, st.lists(values, max_size=4)),
        st.tuples(st.sampled_from(["exists", "not_exists", "size"]), attrs),
        st.tuples(st.just("size_call"), attrs, st.sampled_from(_COMPARISONS), values),
    ]


#: Mistakes: Attr's own methods on a Key, IN over a non-collection, ``size().ne``, and the
#: operators on what is not a condition.
_bad_leaves = [
    st.tuples(st.just("call"), keys, st.sampled_from(_ATTR_ONLY), values),
    st.tuples(st.sampled_from(["is_in", "size_call"]), attrs, st.integers()),
    st.tuples(st.just("size_call"), attrs, st.just("ne"), values),
    st.tuples(st.sampled_from(["attr_and", "attr_or", "attr_not"]), attributes),
]


def condition_recipes(
    named: st.SearchStrategy[tuple[str, str]], errors: bool = False, functions: bool = True
) -> st.SearchStrategy[Any]:
    leaves = _leaves(named, functions) + (_bad_leaves if errors else [])

    def combined(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        options = [
            st.tuples(st.sampled_from(["and", "or"]), children, children),
            st.tuples(st.just("not"), children),
        ]
        if errors:
            options.append(st.tuples(st.sampled_from(["and", "or"]), children, values))
        return st.one_of(options)

    return st.recursive(st.one_of(leaves), combined, max_leaves=8)


recipes = condition_recipes(attributes)


def build(recipe: tuple[Any, ...], module: Any) -> Any:
    """The condition a recipe describes, made with ``module``'s classes."""

    def attribute(spec: tuple[str, str]) -> Any:
        return getattr(module, spec[0])(spec[1])

    def value(spec: Any) -> Any:
        if isinstance(spec, tuple) and spec[0] == "attribute":
            return attribute(spec[1])
        if isinstance(spec, list):
            return [value(v) for v in spec]
        return spec

    kind = recipe[0]
    if kind == "call":
        return getattr(attribute(recipe[1]), recipe[2])(value(recipe[3]))
    if kind == "between":
        return attribute(recipe[1]).between(value(recipe[2]), value(recipe[3]))
    if kind == "is_in":
        return attribute(recipe[1]).is_in(value(recipe[2]))
    if kind in ("exists", "not_exists", "size"):
        return getattr(attribute(recipe[1]), kind)()
    if kind == "size_call":
        size = attribute(recipe[1]).size()
        return getattr(size, recipe[2])(value(recipe[3])) if len(recipe) == 4 else size.is_in(1)
    if kind in ("and", "or"):
        left = build(recipe[1], module)
        other = recipe[2]
        is_recipe = isinstance(other, tuple) and other[0] != "attribute"
        right = build(other, module) if is_recipe else value(other)
        return left & right if kind == "and" else left | right
    if kind == "not":
        return ~build(recipe[1], module)
    target = attribute(recipe[1])
    if kind == "attr_and":
        return target & target
    if kind == "attr_or":
        return target | 1
    return ~target


def _normalized(outcome: Any) -> Any:
    if outcome[0] == "error":
        message = _ADDRESS.sub(" at 0x", outcome[2]).replace("strato.dynamodb", "boto3.dynamodb")
        return ("error", outcome[1], message)
    return outcome


def _built(module: Any, conditions: list[tuple[Any, ...]], is_key_condition: bool) -> Any:
    """Every recipe through one builder (placeholders count on), or the first error."""
    builder = module.ConditionExpressionBuilder()
    results = []
    try:
        for recipe in conditions:
            condition = build(recipe, module)
            results.append(builder.build_expression(condition, is_key_condition=is_key_condition))
    except Exception as e:
        return _normalized(("error", type(e).__name__, str(e)))
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
            return _normalized(("error", type(e).__name__, str(e)))

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
