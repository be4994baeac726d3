"""``cached_property`` and ``once`` without importing functools at startup.

Client creation must not pay for modules it does not use; functools pulls in
collections, reprlib and more. Type checkers see the standard ones.
"""

from __future__ import annotations

__all__ = ["cached_property", "forwarding", "once"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from functools import cache as once
    from functools import cached_property
    from typing import Any
else:

    def once(func):
        """A function of no arguments whose result is worked out on the first call and kept."""
        result = []

        def cached():
            if not result:
                result.append(func())
            return result[0]

        cached.__name__ = func.__name__
        cached.__doc__ = func.__doc__
        return cached

    class cached_property:
        """Computes the value once per instance and stores it in the instance's ``__dict__``."""

        def __init__(self, func):
            self.func = func
            self.attrname = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner, name):
            self.attrname = name

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            value = instance.__dict__[self.attrname] = self.func(instance)
            return value


def forwarding(
    module: str, names: frozenset[str], target: str
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` serving ``names``, which moved to the
    module ``target``: it loads at the first lookup, and old imports keep working."""
    import sys

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(__import__(target, fromlist=["_"]), name)
        setattr(sys.modules[module], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[module])) | names)

    return __getattr__, __dir__
