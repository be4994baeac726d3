"""The JMESPath subset that service data uses, so strato needs no ``jmespath`` package.

Paginator tokens, result keys and ``operationContextParams`` paths of every botocore
service use only: identifiers, ``a.b``, ``a[0]`` / ``a[-1]``, ``a[*]`` and ``a[]``
projections, multi-select lists ``a.[b, c]``, ``a || b`` and ``keys(a)``; boto3's resource
models add ``@`` and pipes (``[Versions,DeleteMarkers]|[].Key``); waiter acceptors add
comparisons (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``), ``&&``, ``!``, parentheses,
filters ``a[?b == 'x']``, ``a.*`` value projections, `` `0` `` JSON and ``'x'`` raw string
literals, and ``length(a)``. Anything else is rejected when compiled. The parser follows
jmespath's Pratt parser (same binding powers), so what it accepts evaluates exactly as
``jmespath.search`` does. Compiled expressions are cached: the same few strings are
evaluated on every page or call.
"""

from __future__ import annotations

from functools import lru_cache

from strato import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Node = Callable[[Any], Any]

#: jmespath's binding powers for the tokens of the subset.
_BINDING = {
    "eof": 0,
    "current": 0,
    "identifier": 0,
    "number": 0,
    "rbracket": 0,
    "rparen": 0,
    "comma": 0,
    "literal": 0,
    "pipe": 1,
    "or": 2,
    "and": 3,
    "eq": 5,
    "ne": 5,
    "lt": 5,
    "lte": 5,
    "gt": 5,
    "gte": 5,
    "flatten": 9,
    "star": 20,
    "filter": 21,
    "dot": 40,
    "not": 45,
    "lbracket": 55,
    "lparen": 60,
}
#: Tokens binding below this end a projection's right-hand side.
_PROJECTION_STOP = 10
_SIMPLE = {
    "@": "current",
    "|": "pipe",
    ".": "dot",
    "*": "star",
    ",": "comma",
    "(": "lparen",
    ")": "rparen",
    "]": "rbracket",
}
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_DIGITS = frozenset("0123456789")
_IDENT = _IDENT_START | _DIGITS
#: Two-character tokens, and what their first character alone is (None: not in the subset).
_PAIRS = {
    "[": ("[]", "flatten", "lbracket"),
    "|": ("||", "or", "pipe"),
    "&": ("&&", "and", None),
    "=": ("==", "eq", None),
    "!": ("!=", "ne", "not"),
    "<": ("<=", "lte", "lt"),
    ">": (">=", "gte", "gt"),
}


class Expression:
    """A compiled expression; ``search`` evaluates it against one document."""

    __slots__ = ("_node", "expression")

    def __init__(self, expression: str, node: Node) -> None:
        self.expression = expression
        self._node = node

    def search(self, value: Any) -> Any:
        return self._node(value)

    def __repr__(self) -> str:
        return f"<Expression {self.expression!r}>"


@lru_cache(maxsize=1024)
def compiled(expression: str) -> Expression:
    """Parse ``expression`` once; raises JMESPathError outside the supported subset."""
    return Expression(expression, _Parser(expression).parse())


def search(expression: str, value: Any) -> Any:
    """``jmespath.search`` for the supported subset."""
    return compiled(expression).search(value)


def _tokenize(expression: str) -> list[tuple[str, Any, int]]:
    tokens: list[tuple[str, Any, int]] = []
    i, end = 0, len(expression)
    while i < end:
        char = expression[i]
        start = i
        if char in " \t\n\r":
            i += 1
            continue
        if char in _IDENT_START:
            while i < end and expression[i] in _IDENT:
                i += 1
            tokens.append(("identifier", expression[start:i], start))
            continue
        if char in _DIGITS or (char == "-" and i + 1 < end and expression[i + 1] in _DIGITS):
            i += 1
            while i < end and expression[i] in _DIGITS:
                i += 1
            tokens.append(("number", int(expression[start:i]), start))
            continue
        if char in "`'":
            i, literal = _literal(expression, i)
            tokens.append(("literal", literal, start))
            continue
        if expression[i : i + 2] == "[?":
            tokens.append(("filter", "[?", start))
            i += 2
            continue
        if char in _PAIRS:
            pair, kind, single = _PAIRS[char]
            if expression[i : i + 2] == pair:
                tokens.append((kind, pair, start))
                i += 2
                continue
            if single is None:
                raise _error(expression, start, f"unsupported character {char!r}")
            tokens.append((single, char, start))
        elif char in _SIMPLE:
            tokens.append((_SIMPLE[char], char, start))
        else:
            raise _error(expression, start, f"unsupported character {char!r}")
        i += 1
    tokens.append(("eof", "", end))
    return tokens


def _literal(expression: str, start: int) -> tuple[int, Any]:
    """A `` `json` `` or ``'raw'`` literal at ``start``: (the index after it, its value).
    A backslash keeps the next character (jmespath's lexer), so ``\\``` does not close."""
    delimiter = expression[start]
    i, end = start + 1, len(expression)
    text: list[str] = []
    while i < end and expression[i] != delimiter:
        if expression[i] == "\\" and i + 1 < end:
            text.append(expression[i])
            i += 1
        text.append(expression[i])
        i += 1
    if i >= end:
        raise _error(expression, start, f"unclosed {delimiter} literal")
    raw = "".join(text)
    if delimiter == "'":
        return i + 1, raw.replace("\\'", "'")
    import json

    try:
        return i + 1, json.loads(raw.replace("\\`", "`"))
    except ValueError:
        # jmespath still reads such text as a string, deprecated since JEP-12.
        raise _error(expression, start, "a JSON literal that is not JSON") from None


def _error(expression: str, position: int, problem: str) -> errors.JMESPathError:
    return errors.JMESPathError(
        msg=f"Invalid or unsupported jmespath expression {expression!r} "
        f"at column {position}: {problem}"
    )


class _Parser:
    def __init__(self, expression: str) -> None:
        self._expression = expression
        self._tokens = _tokenize(expression)
        self._pos = 0

    def parse(self) -> Node:
        if self._kind() == "eof":
            raise _error(self._expression, 0, "empty expression")
        node = self._parse(0)
        if self._kind() != "eof":
            self._fail("unexpected token")
        return node

    def _kind(self, ahead: int = 0) -> str:
        return self._tokens[min(self._pos + ahead, len(self._tokens) - 1)][0]

    def _take(self, kind: str) -> Any:
        token = self._tokens[self._pos]
        if token[0] != kind:
            self._fail(f"expected {kind}")
        self._pos += 1
        return token[1]

    def _fail(self, problem: str) -> None:
        kind, value, position = self._tokens[self._pos]
        raise _error(self._expression, position, f"{problem}, got {value or kind!r}")

    def _parse(self, binding: int) -> Node:
        kind, value, _ = self._tokens[self._pos]
        self._pos += 1
        left = self._nud(kind, value)
        while binding < _BINDING[self._kind()]:
            kind = self._kind()
            self._pos += 1
            left = self._led(kind, left)
        return left

    def _nud(self, kind: str, value: Any) -> Node:
        if kind == "current":
            return _identity
        if kind == "literal":
            return _constant(value)
        if kind == "lparen":
            inner = self._parse(0)
            self._take("rparen")
            return inner
        if kind == "not":
            return _not(self._parse(_BINDING["not"]))
        if kind == "star":
            return _value_projection(_identity, self._projection_rhs(_BINDING["star"]))
        if kind == "filter":
            return self._filter(_identity)
        if kind == "identifier":
            if self._kind() == "lparen":
                self._pos += 1
                return self._function(value)
            return _field(value)
        if kind == "flatten":
            return _projection(_flatten(_identity), self._projection_rhs(_BINDING["flatten"]))
        if kind == "lbracket":
            if self._kind() == "number":
                return _index(_identity, self._index())
            if self._kind() == "star" and self._kind(1) == "rbracket":
                self._pos += 2
                return _projection(_identity, self._projection_rhs(_BINDING["star"]))
            return self._multi_select()
        self._pos -= 1
        self._fail("unexpected token")
        raise AssertionError  # not reached: _fail raises

    def _led(self, kind: str, left: Node) -> Node:
        if kind == "dot":
            if self._kind() == "star":
                self._pos += 1
                return _value_projection(left, self._projection_rhs(_BINDING["dot"]))
            return _subexpression(left, self._dot_rhs(_BINDING["dot"]))
        if kind in _COMPARATORS:
            return _comparator(_COMPARATORS[kind], left, self._parse(_BINDING[kind]))
        if kind == "and":
            return _and(left, self._parse(_BINDING["and"]))
        if kind == "filter":
            return self._filter(left)
        if kind == "or":
            return _or(left, self._parse(_BINDING["or"]))
        if kind == "pipe":
            # jmespath evaluates a pipe as a subexpression: the right side on the left's value.
            return _subexpression(left, self._parse(_BINDING["pipe"]))
        if kind == "flatten":
            return _projection(_flatten(left), self._projection_rhs(_BINDING["flatten"]))
        if kind == "lbracket":
            if self._kind() == "number":
                return _index(left, self._index())
            self._take("star")
            self._take("rbracket")
            return _projection(left, self._projection_rhs(_BINDING["star"]))
        self._pos -= 1
        self._fail("unexpected token")
        raise AssertionError  # not reached: _fail raises

    def _filter(self, left: Node) -> Node:
        condition = self._parse(0)
        self._take("rbracket")
        return _filter_projection(left, condition, self._projection_rhs(_BINDING["filter"]))

    def _index(self) -> int:
        number: int = self._take("number")
        self._take("rbracket")
        return number

    def _multi_select(self) -> Node:
        children = [self._parse(0)]
        while self._kind() != "rbracket":
            self._take("comma")
            children.append(self._parse(0))
        self._pos += 1
        return _multi_select_list(tuple(children))

    def _dot_rhs(self, binding: int) -> Node:
        if self._kind() in ("identifier", "star"):
            return self._parse(binding)
        if self._kind() == "lbracket":
            self._pos += 1
            return self._multi_select()
        self._fail("expected an identifier or '[' after '.'")
        raise AssertionError  # not reached: _fail raises

    def _projection_rhs(self, binding: int) -> Node:
        kind = self._kind()
        if _BINDING[kind] < _PROJECTION_STOP:
            return _identity
        if kind in ("lbracket", "filter"):
            return self._parse(binding)
        if kind == "dot":
            self._pos += 1
            return self._dot_rhs(binding)
        self._fail("syntax error")
        raise AssertionError  # not reached: _fail raises

    def _function(self, name: str) -> Node:
        args: list[Node] = []
        while self._kind() != "rparen":
            args.append(self._parse(0))
            if self._kind() == "comma":
                self._pos += 1
        self._pos += 1
        function = _FUNCTIONS.get(name)
        if function is None:
            raise _error(self._expression, 0, f"unsupported function {name}()")
        if len(args) != 1:
            raise errors.JMESPathError(
                msg=f"Expected 1 argument for function {name}(), received {len(args)}"
            )
        return function(args[0])


def _identity(value: Any) -> Any:
    return value


def _field(name: str) -> Node:
    def field(value: Any) -> Any:
        return value.get(name) if isinstance(value, dict) else None

    return field


def _subexpression(left: Node, right: Node) -> Node:
    # No shortcut on null: ``a.length(@)`` of a missing ``a`` is jmespath's type error.
    def subexpression(value: Any) -> Any:
        return right(left(value))

    return subexpression


def _index(left: Node, number: int) -> Node:
    def index(value: Any) -> Any:
        found = left(value)
        if not isinstance(found, list) or not -len(found) <= number < len(found):
            return None
        return found[number]

    return index


def _projection(left: Node, right: Node) -> Node:
    def projection(value: Any) -> Any:
        base = left(value)
        if not isinstance(base, list):
            return None
        return [found for element in base if (found := right(element)) is not None]

    return projection


def _flatten(left: Node) -> Node:
    def flatten(value: Any) -> Any:
        base = left(value)
        if not isinstance(base, list):
            return None
        merged: list[Any] = []
        for element in base:
            if isinstance(element, list):
                merged.extend(element)
            else:
                merged.append(element)
        return merged

    return flatten


def _multi_select_list(children: tuple[Node, ...]) -> Node:
    def multi_select(value: Any) -> Any:
        return None if value is None else [child(value) for child in children]

    return multi_select


def _is_false(value: Any) -> bool:
    """JMESPath falsiness: empty string, list or object, null and false (not 0)."""
    return value is None or value is False or value == "" or value == [] or value == {}


def _or(left: Node, right: Node) -> Node:
    def or_expression(value: Any) -> Any:
        found = left(value)
        return right(value) if _is_false(found) else found

    return or_expression


def _and(left: Node, right: Node) -> Node:
    def and_expression(value: Any) -> Any:
        found = left(value)
        return found if _is_false(found) else right(value)

    return and_expression


def _not(operand: Node) -> Node:
    def not_expression(value: Any) -> Any:
        found = operand(value)
        # jmespath: Python's truth, except that !0 is false (0 is not special in JMESPath).
        if _is_number(found) and found == 0:
            return False
        return not found

    return not_expression


def _constant(literal: Any) -> Node:
    def constant(value: Any) -> Any:
        return literal

    return constant


def _value_projection(left: Node, right: Node) -> Node:
    def value_projection(value: Any) -> Any:
        base = left(value)
        if not isinstance(base, dict):
            return None
        return [found for element in base.values() if (found := right(element)) is not None]

    return value_projection


def _filter_projection(left: Node, condition: Node, right: Node) -> Node:
    def filter_projection(value: Any) -> Any:
        base = left(value)
        if not isinstance(base, list):
            return None
        return [
            found
            for element in base
            if not _is_false(condition(element)) and (found := right(element)) is not None
        ]

    return filter_projection


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equals(left: Any, right: Any) -> bool:
    """Python's ``==``, except that 0 and 1 never equal false and true."""
    if _is_number(left) and left in (0, 1):
        if isinstance(right, bool):
            return False
    elif _is_number(right) and right in (0, 1) and isinstance(left, bool):
        return False
    return bool(left == right)


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """An ordering: null unless both sides are numbers or strings (as jmespath, a number
    against a string is Python's TypeError)."""

    def ordering(left: Any, right: Any) -> Any:
        if not (_is_number(left) or isinstance(left, str)):
            return None
        if not (_is_number(right) or isinstance(right, str)):
            return None
        return compare(left, right)

    return ordering


_COMPARATORS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": _equals,
    "ne": lambda left, right: not _equals(left, right),
    "lt": _ordered(lambda left, right: left < right),
    "lte": _ordered(lambda left, right: left <= right),
    "gt": _ordered(lambda left, right: left > right),
    "gte": _ordered(lambda left, right: left >= right),
}


def _comparator(compare: Callable[[Any, Any], Any], left: Node, right: Node) -> Node:
    def comparator(value: Any) -> Any:
        return compare(left(value), right(value))

    return comparator


_TYPE_NAMES = {
    bool: "boolean",
    list: "array",
    dict: "object",
    str: "string",
    int: "number",
    float: "number",
}


def _typed(
    name: str, expected: tuple[type, ...], names: list[str], apply: Callable[[Any], Any]
) -> Callable[[Node], Node]:
    """A one-argument function: ``apply``, or jmespath's type error outside ``expected``."""

    def function(argument: Node) -> Node:
        def call(value: Any) -> Any:
            found = argument(value)
            if type(found) not in expected:
                actual = "null" if found is None else _TYPE_NAMES.get(type(found), "unknown")
                raise errors.JMESPathTypeError(
                    function_name=name,
                    current_value=found,
                    expected_types=names,
                    actual_type=actual,
                )
            return apply(found)

        return call

    return function


#: The functions of the subset: ``keys(object)`` and ``length(string|array|object)``.
_FUNCTIONS = {
    "keys": _typed("keys", (dict,), ["object"], list),
    "length": _typed("length", (str, list, dict), ["string", "array", "object"], len),
}
