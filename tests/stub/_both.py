"""Run one Stubber script against botocore's Stubber and strato's, and observe each step.

A script is a list of steps: ``("add_response", method, response, expected)``,
``("add_client_error", method, kwargs)``, ``("call", method, params)`` and
``("pending",)``. Each library gets its own deep copy of every value (after-call handlers
change answers in place), with :data:`ANY_MARK` replaced by its own ``ANY``.
"""

from __future__ import annotations

import copy
from typing import Any

import botocore.stub

import strato.stub

ANY_MARK = ("<ANY>",)  # stands for each library's ``ANY`` in scripts
#: Each library's base of all its errors: not part of what a user catches by name.
_LIBRARY_BASES = frozenset({"BotoCoreError", "StratoError", "object", "BaseException"})


def _with_any(value: Any, any_value: Any) -> Any:
    if value is ANY_MARK:
        return any_value
    if isinstance(value, dict):
        return {k: _with_any(v, any_value) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_any(v, any_value) for v in value]
    return copy.deepcopy(value)


def error_view(error: BaseException) -> tuple[Any, ...]:
    """The error's class and the names of the classes it can be caught by, its message and
    its ``response``."""
    names = [c.__name__ for c in type(error).__mro__ if c.__name__ not in _LIBRARY_BASES]
    return ("raised", names, str(error), getattr(error, "response", None))


def observe(client: Any, stubber: Any, any_value: Any, script: list[tuple[Any, ...]]) -> list[Any]:
    """What each step of ``script`` gives: its value (for calls: equal and identical to the
    stubbed response?) or its error."""
    given: list[Any] = []
    seen: list[Any] = []
    for step in script:
        kind, args = step[0], [_with_any(a, any_value) for a in step[1:]]
        try:
            if kind == "add_response":
                given.append(args[1])
                stubber.add_response(*args)
                seen.append("added")
            elif kind == "add_client_error":
                stubber.add_client_error(args[0], **args[1])
                seen.append("added")
            elif kind == "call":
                result = getattr(client, args[0])(**args[1])
                seen.append(("returned", result, any(result is g for g in given)))
            else:
                stubber.assert_no_pending_responses()
                seen.append("none pending")
        except Exception as error:
            seen.append(error_view(error))
    return seen


def both(boto_client: Any, strato_client: Any, script: list[tuple[Any, ...]]) -> tuple[Any, Any]:
    """The observations of ``script`` under each library's active Stubber."""
    with botocore.stub.Stubber(boto_client) as boto_stubber:
        boto_seen = observe(boto_client, boto_stubber, botocore.stub.ANY, script)
    with strato.stub.Stubber(strato_client) as strato_stubber:
        strato_seen = observe(strato_client, strato_stubber, strato.stub.ANY, script)
    return boto_seen, strato_seen


def assert_same(boto_client: Any, strato_client: Any, script: list[tuple[Any, ...]]) -> list[Any]:
    """Both libraries observe the same of ``script``; what they observed."""
    boto_seen, strato_seen = both(boto_client, strato_client, script)
    assert strato_seen == boto_seen
    return boto_seen
