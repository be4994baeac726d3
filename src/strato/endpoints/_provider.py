"""Resolve endpoints from a rule set: parameter defaults and checks, then the compiled rules."""

from __future__ import annotations

from _thread import allocate_lock  # threading would import more than a lock needs

from strato.endpoints._compile import compile_ruleset
from strato.exceptions import EndpointResolutionError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from strato.endpoints._compile import CompiledRuleSet, Endpoint

_RESULT_CACHE_SIZE = 128


class _Compiled:
    """A compiled rule set with its result cache; pins the source objects so ids stay unique."""

    def __init__(self, ruleset: object, partitions: object, compiled: CompiledRuleSet) -> None:
        self.sources = (ruleset, partitions)
        self.compiled = compiled
        self.results: dict[frozenset[tuple[str, Any]], Endpoint] = {}


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
        """The first matching endpoint; an error rule or no match raises EndpointResolutionError."""
        given = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in params.items()
        }
        scope = self._checked_scope(given)
        entry = self._entry
        referenced = entry.compiled.referenced
        try:
            key: frozenset[tuple[str, Any]] | None = frozenset(
                item for item in given.items() if item[0] in referenced
            )
        except TypeError:  # an unhashable value: resolve without the cache
            key = None
        if key is not None:
            cached = entry.results.get(key)
            if cached is not None:
                return cached
        for rule in entry.compiled.rules:
            found = rule(scope)
            if found is not None:
                if key is not None:
                    if len(entry.results) >= _RESULT_CACHE_SIZE:
                        entry.results.clear()
                    entry.results[key] = found
                return found
        listing = "\n".join(f"{name}: {value}" for name, value in given.items())
        raise EndpointResolutionError(msg=f"No endpoint found for parameters:\n{listing}")

    def resolve_endpoint(self, **params: Any) -> Endpoint:
        """botocore's spelling of :meth:`resolve`."""
        return self.resolve(params)

    def _checked_scope(self, given: dict[str, Any]) -> dict[str, Any]:
        """Inputs with defaults applied; required and type checks run on every call."""
        scope = dict(given)
        for param in self._entry.compiled.parameters:
            value = scope.get(param.name)
            if value is None:
                if param.default is not None:
                    scope[param.name] = param.default
                elif param.required:
                    raise EndpointResolutionError(
                        msg=f"Cannot find value for required parameter {param.name}"
                    )
            elif not isinstance(value, param.type):
                raise EndpointResolutionError(
                    msg=f"Value ({param.name}) is the wrong type. Must be {param.type}."
                )
        return scope
