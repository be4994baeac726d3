"""Differential through the clients: ``client.waiter_names``, ``client.get_waiter(name)``
and ``wait()`` of a botocore client and a strato client, for every waiter of every service.

The calls are answered without a network: botocore's through a ``before-call`` handler
(as its Stubber does), strato's through its ``before_call`` step; both then run their
after-call handlers and raise an error status as the modeled ``ClientError``, which the
waiter turns back into the error response it matches on.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any
from unittest import mock

import botocore
import botocore.awsrequest
import botocore.model
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato

from . import _data
from .test_waiter_differential import _acceptor_responses

KEYS = {"region_name": "us-east-1", "aws_access_key_id": "AK", "aws_secret_access_key": "SK"}
#: Services with no waiters, and the shipped services with them (their data is strato's own).
NO_WAITERS = ["sts", "sqs", "sso", "secretsmanager"]
SHIPPED = ["s3", "dynamodb", "iam", "lambda"]


@functools.cache
def _sessions() -> tuple[Any, Any]:
    """One session of each library: made under the isolated home, shared by all clients."""
    return botocore.session.get_session(), strato.Session()


@functools.cache
def _pair(service: str) -> tuple[Any, Any]:
    """A botocore and a strato client of ``service``, each answering from ``_answers``."""
    boto_session, strato_session = _sessions()
    boto = boto_session.create_client(service, **KEYS)
    mine = strato_session.client(service, **KEYS)
    answers: dict[str, list[dict[str, Any]]] = {"boto": [], "mine": []}

    def botocore_answer(**kwargs: Any) -> Any:
        parsed = answers["boto"].pop(0)
        status = parsed["ResponseMetadata"]["HTTPStatusCode"]
        return botocore.awsrequest.AWSResponse("https://example.com", status, {}, None), parsed

    def strato_answer(operation: Any, request: Any) -> tuple[int, dict[str, Any]]:
        parsed = answers["mine"].pop(0)
        return parsed["ResponseMetadata"]["HTTPStatusCode"], parsed

    boto.meta.events.register("before-call.*.*", botocore_answer)
    mine._client_events().before_call.append(strato_answer)
    boto._test_answers = mine._test_answers = answers
    return boto, mine


def _minimal(shape: botocore.model.Shape) -> Any:
    """Required members only, each with the smallest valid value."""
    kind, low = shape.type_name, shape.metadata.get("min", 0)
    if kind == "structure":
        return {name: _minimal(shape.members[name]) for name in shape.required_members}
    if kind == "list":
        return [_minimal(shape.member)] * low
    if kind == "map":
        return {}
    if kind == "string":
        return shape.enum[0] if shape.enum else "a" * max(low, 1)
    if kind in ("integer", "long"):
        return max(low, 1)
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return True
    if kind == "blob":
        return b"a" * max(low, 1)
    assert kind == "timestamp", kind
    return 0


def _params(client: Any, operation: str) -> dict[str, Any]:
    shape = client.meta.service_model.operation_model(operation).input_shape
    params = _minimal(shape) if shape is not None else {}
    if "Bucket" in params:
        params["Bucket"] = "examplebucket"
    return dict(params)


def _wait(client: Any, key: str, waiter: str, series: list[Any], **kwargs: Any) -> Any:
    """(calls answered, sleeps, outcome) of ``client.get_waiter(waiter).wait(**kwargs)``."""
    answers = client._test_answers[key]
    answers[:] = [copy.deepcopy(r) for r in series] + [copy.deepcopy(series[-1])] * 10
    given = len(answers)
    sleeps: list[float] = []
    with mock.patch("time.sleep", sleeps.append):
        try:
            outcome: Any = ("returned", client.get_waiter(waiter).wait(**copy.deepcopy(kwargs)))
        except Exception as e:
            outcome = ("raised", type(e).__name__, str(e), getattr(e, "last_response", None))
    return given - len(answers), sleeps, outcome


def _with_status(response: dict[str, Any]) -> dict[str, Any]:
    """An error response gets an error status, as it would have on the wire."""
    meta = response.setdefault("ResponseMetadata", {"HTTPStatusCode": 200})
    if "Error" in response and meta["HTTPStatusCode"] < 300:
        meta["HTTPStatusCode"] = 400
    return response


@pytest.mark.parametrize("service", [*_data.services(), *NO_WAITERS])
def test_waiter_names_and_waiters(service: str) -> None:
    boto, mine = _pair(service)
    assert mine.waiter_names == boto.waiter_names
    for name in boto.waiter_names:
        theirs, ours = boto.get_waiter(name), mine.get_waiter(name)
        assert ours.name == theirs.name
        # Named after the client class, as botocore names both after the service module.
        assert type(ours).__name__ == f"{type(mine).__name__}.Waiter.{ours.name}"
        if type(mine).__name__ == type(boto).__name__:
            assert type(ours).__name__ == type(theirs).__name__
        for attribute in ("operation", "delay", "max_attempts", "description"):
            assert getattr(ours.config, attribute) == getattr(theirs.config, attribute)
        assert [
            (a.state, a.matcher, a.expected, a.argument, a.explanation)
            for a in ours.config.acceptors
        ] == [
            (a.state, a.matcher, a.expected, a.argument, a.explanation)
            for a in theirs.config.acceptors
        ]
    for unknown in ("no_such_waiter", *(n.title() for n in boto.waiter_names[:1])):
        with pytest.raises(ValueError) as theirs_error:
            boto.get_waiter(unknown)
        with pytest.raises(ValueError) as ours_error:
            mine.get_waiter(unknown)
        assert str(ours_error.value) == str(theirs_error.value)


@pytest.mark.parametrize("service", SHIPPED)
def test_shipped_waiters_are_strato_own_and_named_as_botocores(service: str) -> None:
    boto, mine = _pair(service)
    shipped = Path(strato.__file__).parent / "data" / service / mine.meta.service_model.api_version
    assert (shipped / "waiters-2.marshal").is_file()
    assert mine._waiter_config == _data.waiter_data(service)
    assert type(mine).__name__ == type(boto).__name__
    for name in boto.waiter_names:
        assert type(mine.get_waiter(name)).__name__ == type(boto.get_waiter(name)).__name__


@pytest.mark.parametrize("service", _data.services())
def test_each_acceptor_through_the_clients(service: str) -> None:
    """Each acceptor's own response (then a generic error), as botocore's and strato's
    clients answer them: same calls, sleeps, outcome and last response."""
    boto, mine = _pair(service)
    for name, config in _data.waiter_data(service)["waiters"].items():
        snake = botocore.xform_name(name)
        params = _params(boto, config["operation"])
        made = [_acceptor_responses(a) for a in config["acceptors"]]
        other = {"Error": {"Code": "SomethingElse", "Message": "m"}}
        for series in [[r] for r in made if r is not None] + [[other]]:
            series = [_with_status(copy.deepcopy(r)) for r in series]
            kwargs = {**params, "WaiterConfig": {"Delay": 0, "MaxAttempts": 2}}
            theirs = _wait(boto, "boto", snake, series, **kwargs)
            assert _wait(mine, "mine", snake, series, **kwargs) == theirs, (name, series)


#: The shipped services' waiters and EC2's (its model from botocore's data).
GENERATED = [
    (service, name, config)
    for service in [*SHIPPED, "ec2"]
    for name, config in _data.waiter_data(service)["waiters"].items()
]


@pytest.mark.parametrize(
    ("service", "name", "config"), GENERATED, ids=[f"{s}.{n}" for s, n, _ in GENERATED]
)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_series_through_the_clients(
    service: str, name: str, config: dict[str, Any], data: st.DataObject
) -> None:
    """Generated bodies, error codes and statuses, answered by both clients in turn."""
    boto, mine = _pair(service)
    series = [
        _with_status(r)
        for r in data.draw(st.lists(_data.responses(config), min_size=1, max_size=3))
    ]
    kwargs = {**_params(boto, config["operation"]), "WaiterConfig": {"MaxAttempts": 3}}
    snake = botocore.xform_name(name)
    theirs = _wait(boto, "boto", snake, series, **kwargs)
    assert _wait(mine, "mine", snake, series, **kwargs) == theirs
