"""Every resource class of every boto3 resource model, made by both libraries: the same
class names, attribute names, identifiers, sub-resources, collections and batch actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest

from .conftest import input_count, make_pair

BOTO3_DATA = Path(boto3.__file__).parent / "data"
BOTOCORE_DATA = Path(boto3.__file__).parents[1] / "botocore" / "data"


def _models() -> list[Any]:
    """(service, api_version) of each resources-1 model botocore has a client model for."""
    found = []
    for path in sorted(BOTO3_DATA.glob("*/*/resources-1.json")):
        service, version = path.parts[-3], path.parts[-2]
        if (BOTOCORE_DATA / service / version).is_dir():
            found.append(pytest.param(service, version, id=f"{service}-{version}"))
    return found


def _public(obj: Any) -> list[str]:
    return sorted(name for name in dir(obj) if not name.startswith("_"))


def _shape(resource: Any) -> dict[str, Any]:
    """What a user sees of a resource without calling anything."""
    cls = type(resource)
    model = resource.meta.resource_model
    view: dict[str, Any] = {
        "class": cls.__name__,
        "repr": repr(resource),
        "names": _public(resource),
        "identifiers": resource.meta.identifiers,
        "subresources": resource.get_available_subresources(),
        "model": {
            "identifiers": [(i.name, i.member_name) for i in model.identifiers],
            "load": model.load is not None,
            "actions": [a.name for a in model.actions],
            "batch": [a.name for a in model.batch_actions],
            "references": [r.name for r in model.references],
            "subresources": [r.name for r in model.subresources],
            "collections": [c.name for c in model.collections],
            "waiters": [(w.name, w.waiter_name) for w in model.waiters],
        },
        "collections": {},
    }
    for collection in model.collections:
        manager = getattr(resource, collection.name)
        view["collections"][collection.name] = (
            type(manager).__name__,
            type(manager.all()).__name__,
            repr(manager),
            _public(manager),
            _public(manager.all()),
        )
    return view


def _instances(service_resource: Any) -> dict[str, Any]:
    """The service resource and one instance of each of its sub-resources (every resource
    of the service), with made-up identifiers."""
    found = {"service": service_resource}
    for action in service_resource.meta.resource_model.subresources:
        found[action.name] = getattr(service_resource, action.name)(
            *[f"id-{n}" for n in range(input_count(action))]
        )
    return found


@pytest.mark.parametrize(("service", "version"), _models())
def test_every_resource_class_has_boto3s_structure(service: str, version: str) -> None:
    theirs, mine = make_pair(service, api_version=version)
    boto_instances = _instances(theirs)
    strato_instances = _instances(mine)
    assert list(strato_instances) == list(boto_instances)
    for name, boto_resource in boto_instances.items():
        assert _shape(strato_instances[name]) == _shape(boto_resource), name


def test_equality_hash_and_meta_follow_boto3() -> None:
    theirs, mine = make_pair("sqs")
    pairs = [(theirs.Queue("u"), mine.Queue("u")), (theirs.Queue("v"), mine.Queue("v"))]
    for (boto_a, strato_a), (boto_b, strato_b) in [(pairs[0], pairs[0]), (pairs[0], pairs[1])]:
        assert (strato_a == strato_b) == (boto_a == boto_b)
        assert (hash(strato_a) == hash(strato_b)) == (hash(boto_a) == hash(boto_b))
    assert mine.Queue("u") == mine.Queue(url="u")
    assert mine.Queue("u") != mine.Message("u", "r")
    assert mine.Queue("u") != "u"
    assert repr(mine.Queue("u").meta) == repr(theirs.Queue("u").meta)
    copied = mine.Queue("u").meta.copy()
    assert copied == mine.Queue("u").meta.copy() and copied.identifiers == ["url"]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), (("a",), {"bogus": 1}), ((), {"url": None}), (("a", "b"), {})],
    ids=["missing", "unknown-keyword", "none", "too-many"],
)
def test_construction_errors_are_boto3s(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    theirs, mine = make_pair("sqs")
    with pytest.raises(Exception) as boto_error:
        theirs.Queue(*args, **kwargs)
    with pytest.raises(Exception) as strato_error:
        mine.Queue(*args, **kwargs)
    assert type(strato_error.value) is type(boto_error.value)
    assert str(strato_error.value) == str(boto_error.value)
