"""Loading: attributes read from generated load responses (``load``/``reload``, boto3's
``Bucket.load`` via ``list_buckets`` and ``ObjectSummary.load`` via ``head_object``),
references that need data, and boto3's errors for resources that cannot load."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client._harness import frozen
from client.strategies import for_shape

from ._stub import Calls, run
from ._views import outcome, view
from .conftest import IDENTIFIERS, input_count, make_pair, service_models

#: boto3's own load methods (not in the model): the operation each calls.
CUSTOM_LOADS = {("s3", "Bucket"): "ListBuckets", ("s3", "ObjectSummary"): "HeadObject"}
_pair = functools.cache(make_pair)


def _loadable() -> list[tuple[str, str, str, str]]:
    """(service, sub-resource method, resource type, load operation) of every resource
    with a load, reachable from its service resource."""
    found = []
    for service, model, service_model in service_models():
        for action in service_model.subresources:
            kind = action.resource.type
            load = model["resources"][kind].get("load")
            operation = CUSTOM_LOADS.get((service, kind)) or (load and load["request"]["operation"])
            if operation:
                found.append((service, action.name, kind, operation))
    return found


LOADABLE = _loadable()


def _attributes(resource: Any) -> list[str]:
    model = resource.meta.resource_model
    shape = resource.meta.client.meta.service_model.shape_for(model.shape)
    names = [name for name in model.get_attributes(shape)]
    return names + [reference.name for reference in model.references]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_attributes_and_references_load_as_boto3s(data: Any) -> None:
    service, method, _kind, operation = data.draw(st.sampled_from(LOADABLE), label="resource")
    theirs, mine = _pair(service)
    action = next(a for a in theirs.meta.resource_model.subresources if a.name == method)
    count = input_count(action)
    identifiers = data.draw(st.lists(IDENTIFIERS, min_size=count, max_size=count))
    output = theirs.meta.client.meta.service_model.operation_model(operation).output_shape
    response = data.draw(for_shape(output), label="load response")
    if operation == "ListBuckets" and identifiers and data.draw(st.booleans(), label="listed"):
        response.setdefault("Buckets", []).append({"Name": identifiers[0]})
    boto_resource = getattr(theirs, method)(*identifiers)
    strato_resource = getattr(mine, method)(*identifiers)
    names = _attributes(boto_resource)
    reads = data.draw(st.lists(st.sampled_from(names), max_size=4), label="reads") if names else []
    reload_first = data.draw(st.booleans(), label="reload")

    def chain(resource: Any) -> Any:
        if reload_first:
            resource.reload()
        return [view(outcome(lambda name=name: getattr(resource, name))) for name in reads]

    boto_calls, strato_calls = Calls(operation, [response]), Calls(operation, [response])
    with frozen():
        expected = run(boto_resource, boto_calls, "boto3", chain)
        actual = run(strato_resource, strato_calls, "strato", chain)
    assert strato_calls.calls == boto_calls.calls
    assert actual == expected
    assert view(strato_resource.meta.data) == view(boto_resource.meta.data)


def test_reading_data_without_a_load_is_boto3s_error() -> None:
    theirs, mine = _pair("sqs")
    expected = outcome(lambda: theirs.Message("u", "r").body)
    assert outcome(lambda: mine.Message("u", "r").body) == expected
    assert expected == ("error", "ResourceLoadException", "sqs.Message has no load method")


def test_data_parameters_without_a_load_are_boto3s_error() -> None:
    theirs, mine = _pair("ec2")
    calls = [Calls("", []), Calls("", [])]

    def chain(resource: Any) -> Any:
        return resource.Route("rtb-1", "10.0.0.0/8").RouteTable().id

    expected = run(theirs, calls[0], "boto3", chain)
    assert run(mine, calls[1], "strato", chain) == expected


@pytest.mark.parametrize(
    ("service", "kind"), [("s3", "Bucket"), ("ec2", "Instance"), ("iam", "User")]
)
def test_an_action_forgets_loaded_data_as_boto3(service: str, kind: str) -> None:
    theirs, mine = _pair(service)
    found = []
    for library, resource in (("boto3", theirs), ("strato", mine)):
        target = getattr(resource, kind)("b")
        target.meta.data = {"Name": "b"}
        result = run(target, Calls("", []), library, _first_action)
        found.append((result, target.meta.data))
    assert found[1] == found[0]


def _first_action(resource: Any) -> Any:
    action = resource.meta.resource_model.actions[0]
    return view(getattr(resource, action.name)())


class _Denied(Calls):
    def __init__(self, error: Exception) -> None:
        super().__init__("ListBuckets", [])
        self.error = error

    def answer(self, name: str) -> Any:
        raise self.error


@pytest.mark.parametrize("code", ["AccessDenied", "NoSuchBucket"])
def test_the_bucket_load_ignores_only_access_denied(code: str) -> None:
    theirs, mine = _pair("s3")
    found = []
    for library, resource in (("boto3", theirs.Bucket("b")), ("strato", mine.Bucket("b"))):
        error = resource.meta.client.exceptions.ClientError(
            {"Error": {"Code": code, "Message": "no"}}, "ListBuckets"
        )
        found.append(run(resource, _Denied(error), library, lambda r: (r.load(), r.meta.data)[1]))
    assert found[1] == found[0]
    assert found[0] == ({} if code == "AccessDenied" else found[0])
