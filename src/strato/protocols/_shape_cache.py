"""Per-shape facts derived once and kept on the shape, so each call only reads them.

Serializers, parsers and validation look at the same traits on every call (member wire
names, locations, header names); deriving them once per shape object takes that work off
the per-call path. The values live in the shape's ``__dict__`` under private keys, so they
share the shape's lifetime and need no cache eviction.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from strato.model import Shape

    T = TypeVar("T")


def cached_on(shape: Shape, key: str, build: Callable[[Any], T]) -> T:
    """``build(shape)``, computed at the first call for this shape and key."""
    store = shape.__dict__
    if key in store:
        value: T = store[key]
        return value
    value = store[key] = build(shape)
    return value
