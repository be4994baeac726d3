"""``cached_property`` and ``once`` without importing functools at startup.

Client creation must not pay for modules it does not use; functools pulls in
collections, reprlib and more. Type checkers see the standard ones.
"""

from __future__ import annotations

__all__ = ["cached_property", "once"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from functools import cache as once
    from functools import cached_property
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
