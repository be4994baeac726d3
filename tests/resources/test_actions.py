"""Actions of every resource of every boto3 resource model, with generated identifiers,
data and input: the same requests on the wire (frozen clock) and the same results, and
resources built from generated responses the same (class, identifiers, data)."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client._compare import assert_same_requests
from client._harness import Canned, frozen
from client.strategies import for_shape, operation_params

from ._views import outcome
from .conftest import IDENTIFIERS, input_count, make_pair, recording, service_models

#: Operations whose responses are event streams (not what resources are about).
EXCLUDED = {"SelectObjectContent"}
#: One boto3/strato service-resource pair per service for the module (made lazily).
_pair = functools.cache(make_pair)


def _actions() -> list[tuple[str, str | None, str]]:
    """(service, resource type or None for the service resource, action name)."""
    found = []
    for service, model, service_model in service_models():
        for name in model["service"].get("actions", {}):
            if model["service"]["actions"][name]["request"]["operation"] not in EXCLUDED:
                found.append((service, None, name))
        reachable = {action.resource.type for action in service_model.subresources}
        for resource, definition in model["resources"].items():
            if resource not in reachable:
                continue  # made only by other resources' actions (ec2.KeyPair)
            for name, action in definition.get("actions", {}).items():
                if action["request"]["operation"] not in EXCLUDED:
                    found.append((service, resource, name))
    return found


ACTIONS = _actions()


def _subresource_name(service_resource: Any, type_name: str) -> tuple[str, int]:
    for action in service_resource.meta.resource_model.subresources:
        if action.resource.type == type_name:
            return action.name, input_count(action)
    raise AssertionError(type_name)


def _method(resource: Any, action_name: str) -> str:
    from botocore import xform_name

    model = resource.meta.resource_model
    for action in model.actions:
        if action.name == xform_name(action_name) or action.name.startswith(
            xform_name(action_name) + "_"
        ):
            return str(action.name)
    raise AssertionError(action_name)


@st.composite
def _case(draw: st.DrawFn) -> tuple[Any, ...]:
    service, type_name, action_name = draw(st.sampled_from(ACTIONS), label="action")
    theirs, mine = _pair(service)
    if type_name is None:
        boto_resource, strato_resource = theirs, mine
    else:
        name, count = _subresource_name(theirs, type_name)
        identifiers = draw(st.lists(IDENTIFIERS, min_size=count, max_size=count))
        boto_resource = getattr(theirs, name)(*identifiers)
        strato_resource = getattr(mine, name)(*identifiers)
    shape_name = boto_resource.meta.resource_model.shape
    if shape_name and draw(st.booleans(), label="with data"):
        shape = theirs.meta.client.meta.service_model.shape_for(shape_name)
        data = draw(for_shape(shape), label="data")
        boto_resource.meta.data = copy.deepcopy(data)
        strato_resource.meta.data = copy.deepcopy(data)
    method = _method(boto_resource, action_name)
    action = next(a for a in boto_resource.meta.resource_model.actions if a.name == method)
    operation = theirs.meta.client.meta.service_model.operation_model(action.request.operation)
    filled = {p.target.split(".")[0].split("[")[0] for p in action.request.params}
    params = draw(operation_params(operation), label="input")
    kwargs = {k: v for k, v in params.items() if k not in filled}
    return boto_resource, strato_resource, method, kwargs, operation


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_case())
def test_actions_send_boto3s_requests_and_answer_alike(case: tuple[Any, ...]) -> None:
    boto_resource, strato_resource, method, kwargs, _operation = case
    with recording(boto_resource, strato_resource, Canned()) as sent:
        expected = outcome(lambda: getattr(boto_resource, method)(**copy.deepcopy(kwargs)))
        actual = outcome(lambda: getattr(strato_resource, method)(**copy.deepcopy(kwargs)))
    assert_same_requests(sent.boto3, sent.strato)
    assert actual == expected


class _Answers:
    """Parsed responses handed to both clients before they send (botocore's ``before-call``
    short-circuit, and strato's ``ClientEvents.before_call``)."""

    def __init__(self) -> None:
        self.pending: list[Any] = []

    def boto3_step(self, **kwargs: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        return AWSResponse(None, 200, {}, None), copy.deepcopy(self.pending[0])

    def strato_step(self, operation: Any, request: Any) -> tuple[int, Any]:
        return 200, copy.deepcopy(self.pending[0])


def _answering(boto_resource: Any, strato_resource: Any, answers: _Answers) -> None:
    boto_resource.meta.client.meta.events.register(
        "before-call", answers.boto3_step, unique_id="strato-resource-answers"
    )
    events = strato_resource.meta.client._client_events()
    if answers.strato_step not in events.before_call:
        events.before_call.append(answers.strato_step)


_ANSWERS = _Answers()


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_case(), data=st.data())
def test_resources_built_from_responses_are_boto3s(case: tuple[Any, ...], data: Any) -> None:
    boto_resource, strato_resource, method, kwargs, operation = case
    output = operation.output_shape
    response = data.draw(for_shape(output) if output is not None else st.just({}), "response")
    _ANSWERS.pending = [response]
    _answering(boto_resource, strato_resource, _ANSWERS)
    try:
        with frozen():
            expected = outcome(lambda: getattr(boto_resource, method)(**copy.deepcopy(kwargs)))
            actual = outcome(lambda: getattr(strato_resource, method)(**copy.deepcopy(kwargs)))
    finally:
        boto_resource.meta.client.meta.events.unregister(
            "before-call", unique_id="strato-resource-answers"
        )
        strato_resource.meta.client._client_events().before_call.remove(_ANSWERS.strato_step)
    assert actual == expected


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_case())
def test_actions_sweep(case: tuple[Any, ...]) -> None:
    """``make slow``: the wire comparison above, over many more generated actions."""
    test_actions_send_boto3s_requests_and_answer_alike.hypothesis.inner_test(case)  # type: ignore[attr-defined]
