"""Collections of every boto3 resource model over generated paginated responses: the same
calls (operation and parameters, page by page) and the same resources, through ``all``,
``filter``, ``limit``, ``page_size``, ``pages()`` and iteration, and batch actions."""

from __future__ import annotations

import copy
import functools
from typing import Any

import botocore.session
import pytest
from boto3.resources.model import ResourceModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client._harness import frozen
from client.strategies import for_shape, operation_params

from ._stub import Calls, run
from ._views import view
from .conftest import IDENTIFIERS, input_count, make_pair, service_models

_pair = functools.cache(make_pair)
_BOTOCORE = botocore.session.Session()


def _collections() -> list[tuple[str, str | None, str]]:
    """(service, resource type or None for the service resource, collection name)."""
    found = []
    for service, model, service_model in service_models():
        found += [(service, None, c.name) for c in service_model.collections]
        for action in service_model.subresources:
            resource = ResourceModel(
                action.resource.type, model["resources"][action.resource.type], model["resources"]
            )
            found += [(service, action.name, c.name) for c in resource.collections]
    return sorted(set(found), key=str)


COLLECTIONS = _collections()


def _paginator(service: str, operation: str) -> dict[str, Any] | None:
    try:
        model = _BOTOCORE.get_paginator_model(service)
        config: dict[str, Any] = model.get_paginator(operation)
    except Exception:  # no paginators for the service or the operation
        return None
    return config


def _plain_names(expressions: Any) -> list[str]:
    if expressions is None:
        return []
    names = [expressions] if isinstance(expressions, str) else list(expressions)
    return [n.split(" || ")[0] for n in names if n.split(" || ")[0].isidentifier()]


def _pages(service: str, operation: Any, draw: st.DrawFn) -> list[Any]:
    """1-3 generated responses, chained by their next tokens when the paginator's are plain."""
    count = draw(st.integers(1, 3), label="pages")
    pages = [draw(for_shape(operation.output_shape), label="page") for _ in range(count)]
    config = _paginator(service, operation.name) or {}
    tokens = _plain_names(config.get("output_token"))
    more = _plain_names(config.get("more_results"))
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        for name in tokens:
            if last:
                page.pop(name, None)
            else:
                page[name] = f"token-{i}"
        for name in more:
            page[name] = not last
    return pages


@st.composite
def _case(draw: st.DrawFn) -> tuple[Any, ...]:
    service, subresource, name = draw(st.sampled_from(COLLECTIONS), label="collection")
    theirs, mine = _pair(service)
    if subresource is None:
        boto_parent, strato_parent = theirs, mine
    else:
        action = next(a for a in theirs.meta.resource_model.subresources if a.name == subresource)
        count = input_count(action)
        identifiers = draw(st.lists(IDENTIFIERS, min_size=count, max_size=count))
        boto_parent = getattr(theirs, subresource)(*identifiers)
        strato_parent = getattr(mine, subresource)(*identifiers)
    model = next(c for c in boto_parent.meta.resource_model.collections if c.name == name)
    operation = theirs.meta.client.meta.service_model.operation_model(model.request.operation)
    pages = _pages(service, operation, draw)
    filled = {p.target.split(".")[0].split("[")[0] for p in model.request.params}
    steps: list[tuple[str, Any]] = []
    if draw(st.booleans(), label="filter"):
        drawn = draw(operation_params(operation), label="filter params")
        steps.append(("filter", {k: v for k, v in drawn.items() if k not in filled}))
    for step in draw(st.lists(st.sampled_from(["limit", "page_size", "all"]), max_size=2)):
        steps.append((step, draw(st.integers(1, 4)) if step != "all" else None))
    batch = [a.name for a in model.batch_actions]
    finish = draw(st.sampled_from(["iterate", "pages", *batch]), label="finish")
    return boto_parent, strato_parent, name, operation.name, pages, steps, finish


def _chain(name: str, steps: list[tuple[str, Any]], finish: str) -> Any:
    def chain(parent: Any) -> Any:
        collection = getattr(parent, name)
        for step, argument in steps:
            if step == "filter":
                collection = collection.filter(**copy.deepcopy(argument))
            elif step == "all":
                collection = collection.all()
            else:
                collection = getattr(collection, step)(argument)
        if finish == "iterate":
            return [view(item) for item in collection]
        if finish == "pages":
            return [[view(item) for item in page] for page in collection.pages()]
        return view(getattr(collection, finish)())

    return chain


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_case())
def test_collections_make_boto3s_calls_and_resources(case: tuple[Any, ...]) -> None:
    boto_parent, strato_parent, name, operation, pages, steps, finish = case
    chain = _chain(name, steps, finish)
    boto_calls, strato_calls = Calls(operation, pages), Calls(operation, pages)
    with frozen():
        expected = run(boto_parent, boto_calls, "boto3", chain)
        actual = run(strato_parent, strato_calls, "strato", chain)
    assert strato_calls.calls == boto_calls.calls
    assert actual == expected


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_case())
def test_collections_sweep(case: tuple[Any, ...]) -> None:
    """``make slow``: the collection comparison above, over many more generated chains."""
    test_collections_make_boto3s_calls_and_resources.hypothesis.inner_test(case)  # type: ignore[attr-defined]
