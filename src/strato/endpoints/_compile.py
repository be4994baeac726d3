"""Compile an endpoint rule set into nested closures, once, so resolving is only calls.

The scope is one dict for the whole evaluation. Assignments only ever add keys (re-assigning
raises, as in botocore), so a rule undoes its own assignments on the way out with
``popitem`` down to the size it started at: this equals botocore's copy-per-rule scoping.
"""

from __future__ import annotations

from strato import exceptions as errors
from strato.endpoints import _library

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    Scope = dict[str, Any]
    Expr = Callable[[Scope], Any]
    Rule = Callable[[Scope], "Endpoint | None"]

_PARAM_TYPES: dict[str, type] = {"string": str, "boolean": bool, "stringarray": tuple}
_TEMPLATE_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ#")


class Endpoint:
    """A resolved endpoint: fields as botocore's ``RuleSetEndpoint``."""

    __slots__ = ("headers", "properties", "url")

    def __init__(self, url: str, properties: dict[str, Any], headers: dict[str, list[Any]]):
        self.url = url
        self.properties = properties
        self.headers = headers

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Endpoint):
            return NotImplemented
        return (self.url, self.properties, self.headers) == (
            other.url,
            other.properties,
            other.headers,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable fields, as the tuple's would be

    def __repr__(self) -> str:
        return f"Endpoint(url={self.url!r}, properties={self.properties!r}, ...)"


class Parameter:
    """A declared rule-set parameter: its Python type, default and whether it is required."""

    __slots__ = ("default", "name", "required", "type")

    def __init__(self, name: str, type: type, default: Any, required: bool) -> None:
        self.name = name
        self.type = type
        self.default = default
        self.required = required


class CompiledRuleSet:
    """The declared parameters and the top-level rules."""

    __slots__ = ("parameters", "rules")

    def __init__(self, parameters: tuple[Parameter, ...], rules: tuple[Rule, ...]) -> None:
        self.parameters = parameters
        self.rules = rules


def _has_template(text: str) -> bool:
    """Whether ``text`` holds ``{Name}`` or ``{Name#key}`` (botocore's ``\\{[a-zA-Z#]+\\}``)."""
    start = text.find("{")
    while start != -1:
        end = text.find("}", start + 1)
        if end == -1:
            return False
        inner = text[start + 1 : end]
        if inner and _TEMPLATE_NAME.issuperset(inner):
            return True
        start = text.find("{", start + 1)
    return False


def compile_ruleset(ruleset: Mapping[str, Any], partitions: Mapping[str, Any]) -> CompiledRuleSet:
    compiler = _Compiler(partitions)
    parameters = tuple(_parameter(name, spec) for name, spec in ruleset["parameters"].items())
    rules = tuple(compiler.rule(rule) for rule in ruleset["rules"])
    return CompiledRuleSet(parameters, rules)


def _parameter(name: str, spec: Mapping[str, Any]) -> Parameter:
    declared = spec["type"]
    py_type = _PARAM_TYPES.get(declared.lower())
    if py_type is None:
        raise errors.EndpointResolutionError(
            msg=f"Unknown parameter type: {declared}. "
            "A parameter must be of type string, boolean, or stringarray."
        )
    return Parameter(name, py_type, spec.get("default"), bool(spec.get("required")))


def _template(text: str) -> Expr:
    """``{Var}`` / ``{Var#key#key}`` substitution with str.format's ``{{`` escapes."""
    pieces = _template_pieces(text)

    def render(scope: Scope) -> str:
        out = []
        for literal, path in pieces:
            out.append(literal)
            if path is not None:
                value: Any = scope
                for key in path:
                    value = value[key]
                out.append(f"{value}")
        return "".join(out)

    return render


def _template_pieces(text: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """(literal, field path) pairs, as ``string.Formatter().parse`` splits ``text``.

    Rule sets use plain ``{Name#key}`` fields and ``{{``/``}}`` escapes, parsed here; anything
    else (format specs, conversions, stray braces) goes to ``string.Formatter``, which loads
    ``re`` and raises its ValueError for malformed text.
    """
    pieces: list[tuple[str, tuple[str, ...] | None]] = []
    literal: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in "{}" and text.startswith(char, i + 1):
            literal.append(char)
            i += 2
        elif char == "{":
            end = text.find("}", i + 1)
            field = text[i + 1 : end]
            if end == -1 or "{" in field or ":" in field or "!" in field:
                return _formatter_pieces(text)
            pieces.append(("".join(literal), tuple(field.split("#"))))
            literal = []
            i = end + 1
        elif char == "}":
            return _formatter_pieces(text)
        else:
            literal.append(char)
            i += 1
    if literal:
        pieces.append(("".join(literal), None))
    return pieces


def _formatter_pieces(text: str) -> list[tuple[str, tuple[str, ...] | None]]:
    from string import Formatter

    return [
        (literal, None if field is None else tuple(field.split("#")))
        for literal, field, _, _ in Formatter().parse(text)
    ]


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and "fn" not in node and "ref" in node


def _is_literal(node: Any) -> bool:
    """A value that evaluates to itself: not a call, a ref, or a template string."""
    if isinstance(node, dict):
        return "fn" not in node and "ref" not in node
    return not (isinstance(node, str) and _has_template(node))


def _constant(value: Any) -> Expr:
    return lambda scope: value


def _not_function(name: str) -> Callable[..., Any]:
    def unknown(*args: Any) -> Any:
        raise errors.EndpointResolutionError(msg=f"Unknown function in endpoint rule set: {name}")

    return unknown


class _Compiler:
    def __init__(self, partitions: Mapping[str, Any]) -> None:
        self._functions = dict(_library.FUNCTIONS)
        self._functions["aws.partition"] = _library.partition_function(partitions)

    def expr(self, node: Any) -> Expr:
        """A function call, a ``ref``, a template string, or a literal."""
        if isinstance(node, dict):
            if "fn" in node:
                return self._call(node)
            if "ref" in node:
                name = node["ref"]
                return lambda scope: scope.get(name)
        if isinstance(node, str) and _has_template(node):
            return _template(node)
        return _constant(node)

    def _call(self, node: Mapping[str, Any]) -> Expr:
        name = node["fn"]
        argv = node["argv"]
        call: Expr
        if name == "getAttr" and isinstance(argv[1], str) and _is_literal(argv[1]):
            call = self._get_attr(self.expr(argv[0]), argv[1])
        elif len(argv) == 2 and _is_literal(argv[1]):
            call = self._with_literal(name, argv[0], argv[1])
        elif name == "isSet" and _is_ref(argv[0]):
            ref = argv[0]["ref"]
            call = lambda scope: scope.get(ref) is not None  # noqa: E731
        else:
            func = self._functions.get(name) or _not_function(name)
            args = [self.expr(arg) for arg in argv]
            if len(args) == 1:
                (first,) = args
                call = lambda scope: func(first(scope))  # noqa: E731
            else:
                call = lambda scope: func(*[arg(scope) for arg in args])  # noqa: E731
        target = node.get("assign")
        if target is None:
            return call

        def assign(scope: Scope) -> Any:
            value = call(scope)
            if target in scope:
                raise errors.EndpointResolutionError(
                    msg=f"Assignment {target} already exists in scoped variables "
                    "and cannot be overwritten"
                )
            scope[target] = value
            return value

        return assign

    @staticmethod
    def _get_attr(source: Expr, path: str) -> Expr:
        steps = _library.parse_attr_path(path)
        if len(steps) == 1 and steps[0][0] == "key":
            key = steps[0][1]

            def lookup(scope: Scope) -> Any:
                value = source(scope)
                return value.get(key) if isinstance(value, dict) else None

            return lookup
        return lambda scope: _library.walk_attr(source(scope), steps)

    def _with_literal(self, name: str, source: Any, literal: Any) -> Expr:
        """Two-argument calls whose second argument is fixed (most conditions are)."""
        func = self._functions.get(name) or _not_function(name)
        if _is_ref(source):
            ref = source["ref"]
            if name == "booleanEquals" and isinstance(literal, bool):
                return lambda scope: (
                    value is literal
                    if (value := scope.get(ref)) is True or value is False
                    else func(value, literal)
                )
            return lambda scope: func(scope.get(ref), literal)
        first = self.expr(source)
        return lambda scope: func(first(scope), literal)

    def rule(self, rule: Mapping[str, Any]) -> Rule:
        kind = rule.get("type")
        conditions = tuple(self.expr(cond) for cond in rule.get("conditions", ()))
        if kind == "tree":
            body = self._tree(rule["rules"])
        elif kind == "endpoint":
            body = self._lazy(self._endpoint, rule["endpoint"])
        elif kind == "error":
            body = self._error(rule["error"])
        else:
            raise errors.EndpointResolutionError(
                msg=f"Unknown rule type: {kind}. A rule must be of type tree, endpoint or error."
            )

        def evaluate(scope: Scope) -> Endpoint | None:
            size = len(scope)
            for condition in conditions:
                result = condition(scope)
                if result is False or result is None:
                    break
            else:
                found = body(scope)
                if found is not None:
                    return found
            while len(scope) > size:
                scope.popitem()
            return None

        return evaluate

    def _tree(self, rules: list[Mapping[str, Any]]) -> Rule:
        """A tree's children compile one by one, when first reached: most inputs take one
        path through a large rule set (S3's), so most of it is never compiled."""
        compiled: list[Rule | None] = [None] * len(rules)

        def first_match(scope: Scope) -> Endpoint | None:
            for index, child in enumerate(compiled):
                if child is None:
                    child = compiled[index] = self.rule(rules[index])
                found = child(scope)
                if found is not None:
                    return found
            return None

        return first_match

    @staticmethod
    def _lazy(build: Callable[[Mapping[str, Any]], Rule], spec: Mapping[str, Any]) -> Rule:
        """An endpoint's URL, properties and headers compile when its conditions first hold."""
        built: list[Rule] = []

        def run(scope: Scope) -> Endpoint | None:
            if not built:
                built.append(build(spec))
            return built[0](scope)

        return run

    def _endpoint(self, spec: Mapping[str, Any]) -> Rule:
        url = self.expr(spec["url"])
        properties = self._properties(spec.get("properties", {}))
        headers = tuple(
            (name, tuple(self.expr(item) for item in values))
            for name, values in spec.get("headers", {}).items()
        )

        def build(scope: Scope) -> Endpoint:
            return Endpoint(
                url=url(scope),
                properties=properties(scope),
                headers={name: [item(scope) for item in items] for name, items in headers},
            )

        return build

    def _properties(self, value: Any) -> Expr:
        """Properties resolve template strings only (no refs or calls), into fresh containers."""
        if isinstance(value, dict):
            items = tuple((key, self._properties(item)) for key, item in value.items())
            return lambda scope: {key: item(scope) for key, item in items}
        if isinstance(value, list):
            elements = tuple(self._properties(item) for item in value)
            return lambda scope: [item(scope) for item in elements]
        if isinstance(value, str) and _has_template(value):
            return _template(value)
        return _constant(value)

    def _error(self, message: Any) -> Rule:
        text = self.expr(message)

        def fail(scope: Scope) -> Endpoint | None:
            raise errors.EndpointResolutionError(msg=text(scope))

        return fail
