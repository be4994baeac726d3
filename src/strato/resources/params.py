"""Request parameters from a resource: its identifiers, its data, or constants, placed at
targets such as ``Bucket``, ``Filters[0].Values[0]`` or ``Delete.Objects[*].Key``
(boto3's ``create_request_parameters`` / ``build_param_structure``)."""

from __future__ import annotations

from .._jmespath import search
from ..clients.naming import snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .model import Request, Waiter


def get_data_member(parent: Any, path: str) -> Any:
    """``path`` in the resource's data, loading it first if it has not been."""
    if parent.meta.data is None:
        if not hasattr(parent, "load"):
            from ..exceptions import ResourceLoadException

            raise ResourceLoadException(f"{type(parent).__name__} has no load method!")
        parent.load()
    return search(path, parent.meta.data)


def create_request_parameters(
    parent: Any,
    request_model: Request | Waiter,
    params: dict[str, Any] | None = None,
    index: int | None = None,
) -> dict[str, Any]:
    """The parameters a request model fills in from ``parent`` (``input`` ones are the
    caller's); ``index`` places a batch member's values at ``[*]`` targets."""
    if params is None:
        params = {}
    for param in request_model.params:
        source = param.source
        if source == "identifier":
            value = getattr(parent, snake_case(param.name or ""))
        elif source == "data":
            value = get_data_member(parent, param.path or "")
        elif source in ("string", "integer", "boolean"):
            value = param.value
        elif source == "input":
            continue
        else:
            raise NotImplementedError(f"Unsupported source type: {source}")
        build_param_structure(params, param.target, value, index)
    return params


def build_param_structure(
    params: dict[str, Any], target: str, value: Any, index: int | None = None
) -> None:
    """Set ``value`` at ``target`` in ``params``, making the dicts and lists on the way.

    ``Foo[2]`` is index 2 of list ``Foo`` (the index then stays current for a later
    ``[*]``), ``Foo[*]`` the current index, ``Foo[]`` a new element at the end.
    """
    position: Any = params
    parts = target.split(".")
    last = len(parts) - 1
    for i, part in enumerate(parts):
        bracket = part.find("[")
        if part.endswith("]") and bracket != -1:
            inside = part[bracket + 1 : -1]
            if inside == "*":
                part = part[:-3]
            elif inside:
                index = int(inside)
                part = part[: -len(f"{index}[]")]
            else:
                index = None
                part = part[:-2]
            if part not in position or not isinstance(position[part], list):
                position[part] = []
            items = position[part]
            if index is None:
                index = len(items)
            while len(items) <= index:
                items.append({})
            if i == last:
                items[index] = value
            else:
                position = items[index]
        else:
            if part not in position:
                position[part] = {}
            if i == last:
                position[part] = value
            else:
                position = position[part]
