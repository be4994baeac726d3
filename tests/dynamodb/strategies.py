"""Hypothesis strategies for DynamoDB values, and the helpers that compare both libraries.

A generated value is a *spec*: plain Python values plus :class:`Bin`, :class:`SetOf` and
:class:`TupleOf` markers, which :func:`realize` turns into one library's objects (its own
``Binary``; sets built in the same order, so both libraries iterate them alike).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from hypothesis import strategies as st

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Bin(NamedTuple):
    data: bytes


class SetOf(NamedTuple):
    members: tuple[Any, ...]


class TupleOf(NamedTuple):
    items: tuple[Any, ...]


class Cond(NamedTuple):
    """A condition, made from a :func:`condition_recipes` recipe."""

    recipe: tuple[Any, ...]


def realize(spec: Any, binary: type, conditions: Any = None) -> Any:
    """The spec as values of the library whose ``Binary`` class is ``binary`` (and whose
    conditions module is ``conditions``)."""
    if isinstance(spec, Bin):
        return binary(spec.data)
    if isinstance(spec, Cond):
        return build(spec.recipe, conditions)
    if isinstance(spec, SetOf):
        return {realize(member, binary, conditions) for member in spec.members}
    if isinstance(spec, TupleOf):
        return tuple(realize(item, binary, conditions) for item in spec.items)
    if isinstance(spec, list):
        return [realize(item, binary, conditions) for item in spec]
    if isinstance(spec, dict):
        return {key: realize(value, binary, conditions) for key, value in spec.items()}
    return spec


def canonical(value: Any) -> Any:
    """A value both libraries' results can be compared by: ``Binary`` by its bytes and their
    type, Decimals by their text (``1.0`` is not ``1``; NaN equals NaN), sets sorted,
    ``Attr``/``Key`` operands by their name."""
    if type(value).__name__ == "Binary":
        return ("Binary", type(value.value).__name__, bytes(value.value))
    if type(value).__name__ in ("Attr", "Key"):
        return (type(value).__name__, value.name)
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, set | frozenset):
        return ("set", sorted((canonical(member) for member in value), key=repr))
    if isinstance(value, list | tuple):
        return (type(value).__name__, [canonical(item) for item in value])
    if isinstance(value, dict):
        return {key: canonical(member) for key, member in value.items()}
    return (type(value).__name__, value)


def error_view(error: Exception) -> tuple[str, str, str]:
    """An error as its class name and message, with object addresses and the module path
    (``strato.dynamodb`` for ``boto3.dynamodb``) made alike."""
    message = _ADDRESS.sub(" at 0x", str(error)).replace("strato.dynamodb", "boto3.dynamodb")
    return ("error", type(error).__name__, message)


def outcome(call: Any, *args: Any) -> Any:
    """What a call gives: its canonical result, or its error's class name and message."""
    try:
        return ("ok", canonical(call(*args)))
    except Exception as e:  # both libraries' errors are compared, whatever they are
        return error_view(e)


_digits = st.integers(min_value=0, max_value=10**45)
#: Numbers around DynamoDB's limits: 38 significant digits, exponents -130..125.
decimals = st.one_of(
    st.builds(
        lambda sign, digits, exponent: Decimal(f"{sign}{digits}E{exponent}"),
        st.sampled_from(["", "-"]),
        _digits,
        st.integers(min_value=-170, max_value=140),
    ),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from(
        [
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("NaN"),
            Decimal("-0"),
            Decimal("0E-200"),
        ]
    ),
)
numbers = st.one_of(st.integers(), st.integers(min_value=-(10**45), max_value=10**45), decimals)
_hashable_numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False),
)
strings = st.text(max_size=8)
binaries = st.one_of(st.binary(max_size=8), st.builds(bytearray, st.binary(max_size=8)))
bins = st.builds(Bin, st.binary(max_size=8))
#: Values neither library accepts (floats get their own message).
unsupported = st.one_of(
    st.floats(allow_nan=False), st.builds(complex, st.integers(), st.integers()), st.builds(object)
)


def _set_of(members: st.SearchStrategy[Any]) -> st.SearchStrategy[SetOf]:
    return st.builds(SetOf, st.lists(members, max_size=5).map(tuple))


sets = st.one_of(
    _set_of(_hashable_numbers),
    _set_of(strings),
    _set_of(st.one_of(st.binary(max_size=6), bins)),
    _set_of(st.one_of(strings, st.integers(), st.binary(max_size=4), st.floats(allow_nan=False))),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, strings, binaries, bins)


def python_values(invalid: bool = True) -> st.SearchStrategy[Any]:
    """Specs of Python values, nested in lists, tuples and maps (sometimes unsupported)."""
    leaves = st.one_of(scalars, sets, unsupported) if invalid else st.one_of(scalars, sets)
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.builds(TupleOf, st.lists(children, max_size=3).map(tuple)),
            st.dictionaries(strings, children, max_size=4),
        ),
        max_leaves=12,
    )


def _number_text() -> st.SearchStrategy[str]:
    return st.one_of(
        decimals.map(str),
        st.integers().map(str),
        st.sampled_from(["1e500", "-1e-500", "abc", "", " 1 ", "1_000", "0x10"]),
    )


def _wire_leaves() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda s: {"S": s}, strings),
        st.builds(lambda n: {"N": n}, _number_text()),
        st.builds(lambda b: {"B": b}, st.binary(max_size=8)),
        st.builds(lambda b: {"BOOL": b}, st.booleans()),
        st.just({"NULL": True}),
        st.builds(lambda ss: {"SS": ss}, st.lists(strings, max_size=4)),
        st.builds(lambda ns: {"NS": ns}, st.lists(_number_text(), max_size=4)),
        st.builds(lambda bs: {"BS": bs}, st.lists(st.binary(max_size=5), max_size=4)),
        # Not DynamoDB's: empty, unknown or lower-case codes, two codes at once.
        st.sampled_from([{}, {"X": 1}, {"s": "lower"}, {"nS": ["1"]}, {"S": "a", "N": "1"}]),
    )


wire_values = st.recursive(
    _wire_leaves(),
    lambda children: st.one_of(
        st.builds(lambda items: {"L": items}, st.lists(children, max_size=4)),
        st.builds(lambda m: {"M": m}, st.dictionaries(strings, children, max_size=4)),
    ),
    max_leaves=12,
)


# --- conditions: recipes that build the same tree with either library's classes ---

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
