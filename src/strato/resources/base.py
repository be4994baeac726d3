"""The base of every resource class, and its ``meta`` (boto3's ``ResourceMeta`` and
``ServiceResource``: identity, equality, hashing and repr by class name and identifiers)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .model import ResourceModel


class ResourceMeta:
    """A resource's service, identifier names, client, loaded data and model."""

    def __init__(
        self,
        service_name: str,
        identifiers: list[str] | None = None,
        client: Any = None,
        data: Any = None,
        resource_model: ResourceModel | None = None,
    ) -> None:
        self.service_name = service_name
        self.identifiers = [] if identifiers is None else identifiers
        self.client = client
        self.data = data
        self.resource_model = resource_model

    def __repr__(self) -> str:
        return f"ResourceMeta('{self.service_name}', identifiers={self.identifiers})"

    def __eq__(self, other: object) -> bool:
        if type(other).__name__ != type(self).__name__:
            return False
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # as boto3's: __eq__ without __hash__

    def copy(self) -> ResourceMeta:
        """A shallow copy (the identifier list is shared, as in boto3)."""
        fields = dict(self.__dict__)
        return ResourceMeta(fields.pop("service_name"), **fields)


class ServiceResource:
    """Made with identifiers (positional, in the model's order, or by name) and a
    ``client``; without one, ``_default_client`` (the default session's) makes it."""

    meta: ResourceMeta
    #: Set on each generated class: the client for a resource made without one.
    _default_client: Callable[[str], Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.meta = self.meta.copy()
        client = kwargs.get("client")
        self.meta.client = (
            client if client is not None else self._default_client(self.meta.service_name)
        )
        for i, value in enumerate(args):
            setattr(self, f"_{self.meta.identifiers[i]}", value)
        for name, value in kwargs.items():
            if name == "client":
                continue
            if name not in self.meta.identifiers:
                raise ValueError(f"Unknown keyword argument: {name}")
            setattr(self, f"_{name}", value)
        for identifier in self.meta.identifiers:
            if getattr(self, identifier) is None:
                raise ValueError(f"Required parameter {identifier} not set")

    def _identifier_values(self) -> list[Any]:
        return [getattr(self, identifier) for identifier in self.meta.identifiers]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{identifier}={getattr(self, identifier)!r}" for identifier in self.meta.identifiers
        )
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other).__name__ != type(self).__name__:
            return False
        return all(
            getattr(self, identifier) == getattr(other, identifier)
            for identifier in self.meta.identifiers
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self._identifier_values())))
