"""Resolve endpoints from a rule set: parameter defaults and checks, then the compiled rules."""

from __future__ import annotations

from _thread import allocate_lock  # threading would import more than a lock needs

from strato import exceptions as errors
from strato.endpoints._compile import compile_ruleset

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from strato.endpoints._compile import CompiledRuleSet, Endpoint

_RESULT_CACHE_SIZE = 128
#: Value types no value of another of them equals (unlike ``1 == True``): a key of these
#: alone identifies its values' types too.
_PLAIN = frozenset({str, bool, type(None)})


class _Compiled:
    """A compiled rule set with its result cache; pins the source objects so ids stay unique."""

    def __init__(self, ruleset: object, partitions: object, compiled: CompiledRuleSet) -> None:
        self.sources = (ruleset, partitions)
        self.compiled = compiled
        self.names = tuple(param.name for param in compiled.parameters)
        self.declared = frozenset(self.names)
        self.results: dict[tuple[Any, ...], Endpoint] = {}

    def key(self, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The cache key of ``params``: every declared parameter's value, in order.

        That is all the rules read, so an entry cannot go stale. None (no caching) when a
        name is not declared (it could clash with a rule's assignment), or a value is not
        text, a boolean, None, or a list or tuple of text: equal values of other types can
        render differently or fail the type check (``1 == True``).
        """
        if not self.declared.issuperset(params):
            return None
        values: tuple[Any, ...] = tuple(map(params.get, self.names))
        if _PLAIN.issuperset(map(type, values)):
            return values
        key = []
        for value in values:
            if type(value) in _PLAIN:
                key.append(value)
            elif type(value) in (list, tuple) and all(type(item) is str for item in value):
                key.append(tuple(value))  # a list and a tuple resolve alike
            else:
                return None
        return tuple(key)


_COMPILED: dict[tuple[int, int], _Compiled] = {}
_LOCK = allocate_lock()


def _compiled(ruleset: Mapping[str, Any], partitions: Mapping[str, Any]) -> _Compiled:
    key = (id(ruleset), id(partitions))
    entry = _COMPILED.get(key)
    if entry is None:
        with _LOCK:
            entry = _COMPILED.get(key)
            if entry is None:
                compiled = compile_ruleset(ruleset, partitions)
                entry = _COMPILED[key] = _Compiled(ruleset, partitions, compiled)
    return entry


class EndpointProvider:
    """Evaluates one service's ``endpoint-rule-set-1`` against ``partitions.json``.

    Rule sets are compiled once per (rule set, partitions) object pair. Like botocore, recent
    results are cached and shared: treat a returned ``Endpoint`` as read-only.
    """

    def __init__(self, ruleset: Mapping[str, Any], partitions: Mapping[str, Any]) -> None:
        self._entry = _compiled(ruleset, partitions)

    def resolve(self, params: Mapping[str, Any]) -> Endpoint:
        """The first matching endpoint; an error rule or no match raises EndpointResolutionError.

        Inputs seen before skip the checks and the rules: both depend on the key alone.
        """
        entry = self._entry
        key = entry.key(params)
        if key is not None:
            cached = entry.results.get(key)
            if cached is not None:
                return cached
        found = self._evaluate(params)
        if key is not None:
            if len(entry.results) >= _RESULT_CACHE_SIZE:
                entry.results.clear()
            entry.results[key] = found
        return found

    def resolve_endpoint(self, **params: Any) -> Endpoint:
        """botocore's spelling of :meth:`resolve`."""
        return self.resolve(params)

    def _evaluate(self, params: Mapping[str, Any]) -> Endpoint:
        """:meth:`resolve` without the cache: checks, defaults, then the rules in order."""
        given = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in params.items()
        }
        scope = self._checked_scope(given)
        for rule in self._entry.compiled.rules:
            found = rule(scope)
            if found is not None:
                return found
        listing = "\n".join(f"{name}: {value}" for name, value in given.items())
        raise errors.EndpointResolutionError(msg=f"No endpoint found for parameters:\n{listing}")

    def _checked_scope(self, given: dict[str, Any]) -> dict[str, Any]:
        """Inputs with defaults applied; required and type checks run on every evaluation."""
        scope = dict(given)
        for param in self._entry.compiled.parameters:
            value = scope.get(param.name)
            if value is None:
                if param.default is not None:
                    scope[param.name] = param.default
                elif param.required:
                    raise errors.EndpointResolutionError(
                        msg=f"Cannot find value for required parameter {param.name}"
                    )
            elif not isinstance(value, param.type):
                raise errors.EndpointResolutionError(
                    msg=f"Value ({param.name}) is the wrong type. Must be {param.type}."
                )
        return scope
