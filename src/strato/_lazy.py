"""``cached_property`` without importing functools (and through it collections) at startup.

Client creation must not pay for modules it does not use; functools pulls in
collections, reprlib and more. Type checkers see the standard class.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from functools import cached_property as cached_property
else:

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
