"""A ``resources-1`` definition read into the parts a resource class is made of.

The names and classes are boto3's (``boto3.resources.model``), since
``resource.meta.resource_model`` is public: its identifiers, actions, batch actions,
sub-resources, references, collections and waiters, with boto3's renaming of a name
that collides with another (``<name>_<category>``).
"""

from __future__ import annotations

from functools import cached_property

from ..clients.naming import snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import Shape

    Definitions = dict[str, Any]


class Identifier:
    """A resource identifier; ``member_name`` is the shape member it mirrors, if any."""

    def __init__(self, name: str, member_name: str | None = None) -> None:
        self.name = name
        self.member_name = member_name


class Parameter:
    """Where one request parameter or identifier comes from (``source``) and goes (``target``)."""

    def __init__(
        self,
        target: str,
        source: str,
        name: str | None = None,
        path: str | None = None,
        value: Any = None,
        **_unknown: Any,
    ) -> None:
        self.target = target
        self.source = source
        self.name = name
        self.path = path
        self.value = value


class _WithParams:
    def __init__(self, definition: Definitions) -> None:
        self._definition = definition

    @cached_property
    def params(self) -> list[Parameter]:
        """Read once: each call of an action fills them in."""
        return [Parameter(**item) for item in self._definition.get("params", [])]


class Request(_WithParams):
    """The operation an action calls and the parameters the resource fills in."""

    def __init__(self, definition: Definitions) -> None:
        super().__init__(definition)
        self.operation: str = definition.get("operation")  # type: ignore[assignment]


class Waiter(_WithParams):
    """A ``wait_until_*`` method: the client waiter it runs, with parameters."""

    PREFIX = "WaitUntil"

    def __init__(self, name: str, definition: Definitions) -> None:
        super().__init__(definition)
        self.name = name
        self.waiter_name: str = definition.get("waiterName")  # type: ignore[assignment]


class ResponseResource:
    """The resource (or list of them) an action, reference or collection yields."""

    def __init__(self, definition: Definitions, resource_defs: Definitions) -> None:
        self._definition = definition
        self._resource_defs = resource_defs
        self.type: str = definition.get("type")  # type: ignore[assignment]
        self.path: str | None = definition.get("path")

    @cached_property
    def identifiers(self) -> list[Parameter]:
        """Read once: each resource built from a response uses them."""
        return [Parameter(**item) for item in self._definition.get("identifiers", [])]

    @property
    def model(self) -> ResourceModel:
        return ResourceModel(self.type, self._resource_defs[self.type], self._resource_defs)


class Action:
    """An action (also a load, a sub-resource or a reference): request and response parts."""

    def __init__(self, name: str, definition: Definitions, resource_defs: Definitions) -> None:
        self._definition = definition
        self.name = name
        self.request = Request(definition["request"]) if "request" in definition else None
        self.resource = (
            ResponseResource(definition["resource"], resource_defs)
            if "resource" in definition
            else None
        )
        self.path: str | None = definition.get("path")


class Collection(Action):
    """A ``hasMany`` collection; its batch actions are those of the resource it yields."""

    @property
    def batch_actions(self) -> list[Action]:
        assert self.resource is not None
        return self.resource.model.batch_actions


class ResourceModel:
    """One resource's definition; :meth:`load_rename_map` settles its attribute names."""

    def __init__(self, name: str, definition: Definitions, resource_defs: Definitions) -> None:
        self._definition = definition
        self._resource_defs = resource_defs
        self._renamed: dict[tuple[str, str], str] = {}
        self.name = name
        self.shape: str | None = definition.get("shape")

    def load_rename_map(self, shape: Shape | None = None) -> None:
        """Claim names in boto3's order (identifiers, actions, sub-resources/references,
        collections, waiters, shape members); a later name already taken gets a suffix."""
        taken = {"meta"}
        self._renamed = {}
        if self._definition.get("load"):
            taken.add("load")
        for item in self._definition.get("identifiers", []):
            self._claim(taken, item["name"], "identifier")
        for name in self._definition.get("actions", {}):
            self._claim(taken, name, "action")
        for name, ref in self._has_definition().items():
            if _needs_data(ref["resource"]["identifiers"]):
                self._claim(taken, name, "reference")
            else:
                self._claim(taken, name, "subresource", snake=False)
        for name in self._definition.get("hasMany", {}):
            self._claim(taken, name, "collection")
        for name in self._definition.get("waiters", {}):
            self._claim(taken, Waiter.PREFIX + name, "waiter")
        if shape is not None:
            for name in shape.members:  # type: ignore[attr-defined]
                self._claim(taken, name, "attribute")

    def _claim(self, taken: set[str], name: str, category: str, snake: bool = True) -> None:
        if snake:
            name = snake_case(name)
        if name in taken:
            renamed = f"{name}_{category}"
            if renamed in taken:
                raise ValueError(f"Problem renaming {self.name} {category} to {renamed}!")
            self._renamed[(category, name)] = renamed
            name = renamed
        taken.add(name)

    def _get_name(self, category: str, name: str, snake_case_it: bool = True) -> str:
        if snake_case_it:
            name = snake_case(name)
        return self._renamed.get((category, name), name)

    def get_attributes(self, shape: Shape) -> dict[str, tuple[str, Shape]]:
        """Attribute name -> (shape member name, member shape), identifiers left out."""
        identifier_names = {identifier.name for identifier in self.identifiers}
        attributes = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            snake = snake_case(name)
            if snake not in identifier_names:
                attributes[self._get_name("attribute", snake, False)] = (name, member)
        return attributes

    @property
    def identifiers(self) -> list[Identifier]:
        found = []
        for item in self._definition.get("identifiers", []):
            member_name = item.get("memberName")
            found.append(
                Identifier(
                    self._get_name("identifier", item["name"]),
                    self._get_name("attribute", member_name) if member_name else None,
                )
            )
        return found

    @property
    def load(self) -> Action | None:
        definition = self._definition.get("load")
        return None if definition is None else Action("load", definition, self._resource_defs)

    @property
    def actions(self) -> list[Action]:
        return [
            Action(self._get_name("action", name), item, self._resource_defs)
            for name, item in self._definition.get("actions", {}).items()
        ]

    @property
    def batch_actions(self) -> list[Action]:
        return [
            Action(self._get_name("batch_action", name), item, self._resource_defs)
            for name, item in self._definition.get("batchActions", {}).items()
        ]

    def _has_definition(self) -> Definitions:
        """``has``; for the service resource (not itself a resource definition), every
        resource of the service, made from its identifiers when ``has`` does not name it."""
        has: Definitions = self._definition.get("has", {})
        if self.name in self._resource_defs:
            return has
        definition: Definitions = {}
        for name, resource_def in self._resource_defs.items():
            named = {
                has_name: has_def
                for has_name, has_def in has.items()
                if has_def.get("resource", {}).get("type") == name
            }
            definition.update(named)
            if not named:
                definition[name] = {
                    "resource": {
                        "type": name,
                        "identifiers": [
                            {"target": identifier["name"], "source": "input"}
                            for identifier in resource_def.get("identifiers", [])
                        ],
                    }
                }
        return definition

    def _related(self, subresources: bool) -> list[Action]:
        found = []
        for name, definition in self._has_definition().items():
            needs_data = _needs_data(definition["resource"]["identifiers"])
            if needs_data == subresources:
                continue
            renamed = (
                self._get_name("subresource", name, False)
                if subresources
                else self._get_name("reference", name)
            )
            found.append(Action(renamed, definition, self._resource_defs))
        return found

    @property
    def subresources(self) -> list[Action]:
        """``has`` entries made from identifiers alone: methods taking the rest as input."""
        return self._related(True)

    @property
    def references(self) -> list[Action]:
        """``has`` entries that need the resource's data: properties."""
        return self._related(False)

    @property
    def collections(self) -> list[Collection]:
        return [
            Collection(self._get_name("collection", name), item, self._resource_defs)
            for name, item in self._definition.get("hasMany", {}).items()
        ]

    @property
    def waiters(self) -> list[Waiter]:
        return [
            Waiter(self._get_name("waiter", Waiter.PREFIX + name), item)
            for name, item in self._definition.get("waiters", {}).items()
        ]


def _needs_data(identifiers: list[dict[str, Any]]) -> bool:
    return any(identifier["source"] == "data" for identifier in identifiers)
