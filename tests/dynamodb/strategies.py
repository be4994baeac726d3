"""Hypothesis strategies for DynamoDB values, and the helpers that compare both libraries.

A generated value is a *spec*: plain Python values plus :class:`Bin`, :class:`SetOf` and
:class:`TupleOf` markers, which :func:`realize` turns into one library's objects (its own
``Binary``; sets built in the same order, so both libraries iterate them alike).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from hypothesis import strategies as st


class Bin(NamedTuple):
    data: bytes


class SetOf(NamedTuple):
    members: tuple[Any, ...]


class TupleOf(NamedTuple):
    items: tuple[Any, ...]


def realize(spec: Any, binary: type) -> Any:
    """The spec as values of the library whose ``Binary`` class is ``binary``."""
    if isinstance(spec, Bin):
        return binary(spec.data)
    if isinstance(spec, SetOf):
        return {realize(member, binary) for member in spec.members}
    if isinstance(spec, TupleOf):
        return tuple(realize(item, binary) for item in spec.items)
    if isinstance(spec, list):
        return [realize(item, binary) for item in spec]
    if isinstance(spec, dict):
        return {key: realize(value, binary) for key, value in spec.items()}
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


def outcome(call: Any, *args: Any) -> Any:
    """What a call gives: its canonical result, or its error's class name and message."""
    try:
        return ("ok", canonical(call(*args)))
    except Exception as e:  # both libraries' errors are compared, whatever they are
        return ("error", type(e).__name__, str(e).replace("strato.dynamodb", "boto3.dynamodb"))


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
