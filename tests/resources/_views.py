"""What a user observes of a resource-layer result, comparable across the two libraries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from client._compare import _plain


def view(result: Any) -> Any:
    """Resources by class name, identifiers and data; lists item by item; responses as
    plain dicts; errors by class name and message."""
    if isinstance(result, Exception):
        return ("error", type(result).__name__, str(result))
    if isinstance(result, list):
        return [view(item) for item in result]
    meta = getattr(result, "meta", None)
    if meta is not None and hasattr(meta, "identifiers") and hasattr(meta, "data"):
        values = tuple(getattr(result, name) for name in meta.identifiers)
        return ("resource", type(result).__name__, values, _comparable(_plain(meta.data)))
    return _comparable(_plain(result))


def _comparable(value: Any) -> Any:
    """Decimals by their text, so NaN equals NaN (as tests/dynamodb compares them), in
    dicts, lists and sets."""
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, dict):
        return {key: _comparable(member) for key, member in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, set | frozenset):
        return frozenset(_comparable(member) for member in value)
    return value


def outcome(call: Any) -> Any:
    """The view of ``call()``'s result or error."""
    try:
        return view(call())
    except Exception as error:  # both libraries' errors are compared by name and message
        return view(error)
