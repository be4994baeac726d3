"""botocore's Stubber and strato's, given the same generated scripts, observe the same things:
return values (and their identity with the stubbed response), errors with their classes and
messages, and what is left in the queue."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client.strategies import for_shape, operation_params

from ._both import assert_same
from .strategies import (
    SERVICES,
    WRONG_VALUES,
    invalid,
    methods,
    mismatched,
    operation,
    output,
    with_any,
)

_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
Pair = Callable[..., Any]


@_SETTINGS
@given(data=st.data())
def test_valid_responses_with_expected_params(pair: Pair, data: st.DataObject) -> None:
    """A valid response is returned as given (the same object, after the after-call
    handlers), with or without expected parameters, ``ANY`` at any depth."""
    _, boto, mine, method, op = data.draw(operation(pair))
    params = data.draw(operation_params(op))
    response = data.draw(output(op))
    expected = data.draw(
        st.sampled_from([None, copy.deepcopy(params)]) | with_any(copy.deepcopy(params))
    )
    script = [("add_response", method, response, expected), ("call", method, params), ("pending",)]
    assert_same(boto, mine, script)


@_SETTINGS
@given(data=st.data())
def test_expected_params_that_differ(pair: Pair, data: st.DataObject) -> None:
    """One parameter more, fewer or changed: StubAssertionError with botocore's text, and the
    response stays queued."""
    _, boto, mine, method, op = data.draw(operation(pair))
    params = data.draw(operation_params(op))
    expected = data.draw(mismatched(copy.deepcopy(params)))
    response = data.draw(output(op))
    script = [("add_response", method, response, expected), ("call", method, params), ("pending",)]
    seen = assert_same(boto, mine, script)
    assert seen[1][0] == "raised"


@_SETTINGS
@given(data=st.data())
def test_invalid_responses(pair: Pair, data: st.DataObject) -> None:
    """A response that does not fit the output shape: botocore's validation report."""
    _, boto, mine, method, op = data.draw(operation(pair))
    response = data.draw(output(op).flatmap(invalid))
    params = data.draw(operation_params(op))
    assert_same(boto, mine, [("add_response", method, response, None), ("call", method, params)])


@pytest.mark.parametrize("response", [[], "", ()])
@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("sqs", "set_queue_attributes", {"QueueUrl": "0", "Attributes": {}}),
        ("sts", "get_caller_identity", {}),  # has an output shape: add_response refuses it
        ("s3", "delete_bucket", {"Bucket": "b"}),  # no output shape and no SQS handler
    ],
)
def test_a_falsy_answer_that_is_no_dict(
    pair: Pair, service: str, method: str, params: dict[str, Any], response: Any
) -> None:
    """Where there is no output shape, a falsy answer of any type is queued; a call then
    returns it, but for SQS, whose after-call handler reads its error (AttributeError)."""
    boto, mine = pair(service)
    seen = assert_same(
        boto, mine, [("add_response", method, response, None), ("call", method, params)]
    )
    if service == "sqs":
        assert seen[1][:2] == ("raised", ["AttributeError", "Exception"])


@st.composite
def _client_error(draw: st.DrawFn, boto: Any) -> dict[str, Any]:
    model = boto.meta.service_model
    shapes = {shape.error_code: shape for shape in model.error_shapes}
    code = draw(st.sampled_from([*sorted(shapes), "", "Unmodeled", "Throttling"]))
    kwargs: dict[str, Any] = {"service_error_code": code}
    kwargs.update(
        draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "service_message": st.text(max_size=8),
                    "http_status_code": st.sampled_from([200, 299, 300, 400, 404, 500, 503]),
                    "service_error_meta": st.sampled_from(
                        [{"Type": "Sender"}, {"QueryErrorCode": code}, {"Code": "Other"}]
                    ),
                    "response_meta": st.sampled_from(
                        [
                            {"RequestId": "r"},
                            {"HTTPStatusCode": 200},
                            {"RetryAttempts": 2, "MaxAttemptsReached": True},
                        ]
                    ),
                },
            )
        )
    )
    shape = shapes.get(code)
    fields = [st.none(), st.fixed_dictionaries({"NotAField": WRONG_VALUES})]
    if shape is not None:
        fields.append(for_shape(shape))
    modeled = draw(st.one_of(fields))
    if modeled is not None:
        kwargs["modeled_fields"] = modeled
    return kwargs


@_SETTINGS
@given(data=st.data())
def test_client_errors(pair: Pair, data: st.DataObject) -> None:
    """The modeled exception class for the code (ClientError otherwise) when the status is
    300 or more, the parsed error as botocore builds it, a return below 300; modeled fields
    validated against the error's shape."""
    _, boto, mine, method, op = data.draw(operation(pair))
    kwargs = data.draw(_client_error(boto))
    params = data.draw(operation_params(op))
    expected = data.draw(st.sampled_from([None, copy.deepcopy(params)]))
    if expected is not None:
        kwargs["expected_params"] = expected
    script = [("add_client_error", method, kwargs), ("call", method, params), ("pending",)]
    assert_same(boto, mine, script)


#: Operations with no required input, so any sequence of calls is valid.
_NO_INPUT = {
    "s3": ["list_buckets", "list_directory_buckets"],
    "sts": ["get_caller_identity", "get_session_token"],
    "dynamodb": ["list_tables", "describe_limits"],
    "iam": ["list_users", "list_roles", "get_account_summary"],
}


@_SETTINGS
@given(data=st.data())
def test_call_sequences(pair: Pair, data: st.DataObject) -> None:
    """Answers are used first in, first out; a call for another operation than the next
    answer's, or with none left, raises; what is left is reported."""
    service = data.draw(st.sampled_from(sorted(_NO_INPUT)))
    boto, mine = pair(service)
    names = _NO_INPUT[service]
    model = boto.meta.service_model
    script: list[tuple[Any, ...]] = []
    for _ in range(data.draw(st.integers(0, 3))):
        method = data.draw(st.sampled_from(names))
        op = model.operation_model(boto.meta.method_to_api_mapping[method])
        if data.draw(st.booleans()):
            script.append(("add_response", method, data.draw(output(op)), None))
        else:
            script.append(("add_client_error", method, {"service_error_code": "Throttling"}))
    calls = data.draw(st.lists(st.sampled_from(names), max_size=4))
    script += [("call", method, {}) for method in calls] + [("pending",)]
    assert_same(boto, mine, script)


@_SETTINGS
@given(data=st.data())
def test_invalid_parameters(pair: Pair, data: st.DataObject) -> None:
    """Parameters are validated after the expected-parameter check and before the answer is
    taken: ParamValidationError, and the answer stays queued (or the stub's own error first
    when nothing or another operation is queued)."""
    _, boto, mine, method, op = data.draw(operation(pair))
    required = op.input_shape.required_members if op.input_shape is not None else []
    params = data.draw(operation_params(op))
    if required:
        params.pop(data.draw(st.sampled_from(sorted(required))))
    else:
        params["NotAParameter"] = data.draw(WRONG_VALUES)
    queued = data.draw(st.sampled_from(["none", "same", "other"]))
    script: list[tuple[Any, ...]] = []
    if queued != "none":
        others = sorted(set(methods(boto).values()) - {method})
        target = method if queued == "same" or not others else data.draw(st.sampled_from(others))
        script.append(("add_client_error", target, {"service_error_code": "X"}))
    script += [("call", method, params), ("pending",)]
    assert_same(boto, mine, script)


def test_every_service_in_the_sample_makes_clients(pair: Pair) -> None:
    """The sampled services exist in both libraries (a missing one would shrink the sweep)."""
    for service in SERVICES:
        boto, mine = pair(service)
        assert mine.meta.method_to_api_mapping == boto.meta.method_to_api_mapping


_ALL_SERVICES = tuple(botocore.session.Session().get_available_services())


@pytest.mark.slow
@pytest.mark.parametrize("service", _ALL_SERVICES)
def test_every_service(pair: Pair, service: str) -> None:
    """Every service in botocore's data: a response (valid or made invalid) with expected
    parameters (equal, with ANY, or different), then a client error."""

    @settings(_SETTINGS, max_examples=8)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        _, boto, mine, method, op = data.draw(operation(pair, (service,)))
        params = data.draw(operation_params(op))
        response = data.draw(output(op) | output(op).flatmap(invalid))
        expected = data.draw(
            st.sampled_from([None, copy.deepcopy(params)])
            | with_any(copy.deepcopy(params))
            | mismatched(copy.deepcopy(params))
        )
        kwargs = data.draw(_client_error(boto))
        script = [
            ("add_response", method, response, expected),
            ("call", method, params),
            ("add_client_error", method, kwargs),
            ("call", method, params),
            ("pending",),
        ]
        assert_same(boto, mine, script)

    check()
