"""Differential: botocore's ``Waiter`` and strato's over every waiter of every service.

Each library's ``Waiter`` gets the same waiter configuration (botocore's data) and an
operation that answers with the same series of responses (the last one again when the
series runs out); ``time.sleep`` records instead of sleeping. What a user observes must be
equal: the calls made and their parameters, the sleeps, and the return or the exception
(its class name, message and ``last_response``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from unittest import mock

import botocore.waiter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato.waiter

from . import _data

WAITERS = _data.all_waiters()
IDS = [f"{service}.{name}" for service, name, _ in WAITERS]


def _run(library: Any, name: str, config: dict[str, Any], series: list[Any], **kwargs: Any) -> Any:
    """What one library's waiter does: (calls, sleeps, outcome)."""
    calls: list[dict[str, Any]] = []
    sleeps: list[float] = []

    def operation(**params: Any) -> Any:
        calls.append(params)
        return copy.deepcopy(series[min(len(calls), len(series)) - 1])

    waiter = library.Waiter(name, library.SingleWaiterConfig(copy.deepcopy(config)), operation)
    with mock.patch("time.sleep", sleeps.append):
        try:
            outcome: Any = ("returned", waiter.wait(**kwargs))
        except Exception as e:  # the class name and text are compared, not the class
            outcome = ("raised", type(e).__name__, str(e), getattr(e, "last_response", None))
    return calls, sleeps, outcome


def _assert_same(name: str, config: dict[str, Any], series: list[Any], **kwargs: Any) -> Any:
    theirs = _run(botocore.waiter, name, config, series, **copy.deepcopy(kwargs))
    mine = _run(strato.waiter, name, config, series, **copy.deepcopy(kwargs))
    assert mine == theirs
    return mine


_WAITER_CONFIG = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {}, optional={"Delay": st.integers(0, 30), "MaxAttempts": st.integers(1, 5)}
    ),
)


def _generated_series(name: str, config: dict[str, Any], data: st.DataObject) -> None:
    series = data.draw(st.lists(_data.responses(config), min_size=1, max_size=4))
    waiter_config = data.draw(_WAITER_CONFIG)
    kwargs = {"Name": "x", **({"WaiterConfig": waiter_config} if waiter_config else {})}
    _assert_same(name, config, series, **kwargs)


@pytest.mark.parametrize(("service", "name", "config"), WAITERS, ids=IDS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_response_series(
    service: str, name: str, config: dict[str, Any], data: st.DataObject
) -> None:
    _generated_series(name, config, data)


@pytest.mark.slow
@pytest.mark.parametrize(("service", "name", "config"), WAITERS, ids=IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_response_series_sweep(
    service: str, name: str, config: dict[str, Any], data: st.DataObject
) -> None:
    """``make slow``: fifteen times the examples."""
    _generated_series(name, config, data)


def _acceptor_responses(acceptor: dict[str, Any]) -> dict[str, Any] | None:
    """A response made to match ``acceptor`` (None where the path is not a plain one)."""
    meta = {"ResponseMetadata": {"HTTPStatusCode": 200}}
    matcher, expected = acceptor["matcher"], acceptor["expected"]
    if matcher == "status":
        return {"ResponseMetadata": {"HTTPStatusCode": expected}}
    if matcher == "error":
        if expected is False:
            return meta
        code = "AnyCode" if expected is True else expected
        return {"Error": {"Code": code, "Message": "m"}, **meta}
    document = _data.matching_document(acceptor["argument"], expected)
    return {**document, **meta} if isinstance(document, dict) else None


def test_a_response_made_for_each_acceptor_reaches_its_state() -> None:
    """Each acceptor's own response, alone and after a retry, gives botocore's outcome;
    and it is that acceptor's state (or an earlier acceptor's) in most cases, so the
    matching is exercised, not just agreed on."""
    made = reached = 0
    for service, name, config in WAITERS:
        for acceptor in config["acceptors"]:
            response = _acceptor_responses(acceptor)
            if response is None:
                continue
            made += 1
            _, sleeps, outcome = _assert_same(
                name, config, [response], WaiterConfig={"Delay": 0, "MaxAttempts": 2}
            )
            retried = outcome[0] == "raised" and "Previously accepted state" in outcome[2]
            failed = outcome[0] == "raised" and "terminal failure" in outcome[2]
            reached += {"success": outcome[0] == "returned", "failure": failed}.get(
                acceptor["state"], retried
            )
            exhausted = outcome[0] == "raised" and "Max attempts exceeded" in outcome[2]
            assert sleeps == ([0] if exhausted else []), (service, name)
    assert made > 1250
    assert reached > 0.9 * made, (reached, made)


@pytest.mark.parametrize(
    ("series", "reason"),
    [
        ([{"Table": {"TableStatus": "ACTIVE"}}], None),
        (
            [{"Error": {"Code": "ResourceNotFoundException", "Message": "gone"}}] * 3,
            "Max attempts exceeded. Previously accepted state: "
            "Matched expected service error code: ResourceNotFoundException",
        ),
        (
            [{"Error": {"Code": "AccessDenied", "Message": "no"}}],
            "An error occurred (AccessDenied): no",
        ),
        ([{"Error": {"Code": "AccessDenied"}}], "An error occurred (AccessDenied): Unknown"),
        ([{"Table": {"TableStatus": "CREATING"}}] * 3, "Max attempts exceeded"),
    ],
)
def test_dynamodb_table_exists_reasons(series: list[Any], reason: str | None) -> None:
    config = _data.waiter_data("dynamodb")["waiters"]["TableExists"]
    calls, sleeps, outcome = _assert_same(
        "TableExists", config, series, TableName="t", WaiterConfig={"MaxAttempts": 3}
    )
    if reason is None:
        assert outcome == ("returned", None)
        assert sleeps == []
    else:
        assert outcome[:3] == ("raised", "WaiterError", f"Waiter TableExists failed: {reason}")
        assert outcome[3] == series[-1]
        assert sleeps == [20] * (len(calls) - 1)
    assert all(call == {"TableName": "t"} for call in calls)


_SYNTHETIC: list[dict[str, Any]] = [
    {"state": "retry", "matcher": "error", "expected": True},
    {"state": "success", "matcher": "error", "expected": False},
    {"state": "failure", "matcher": "pathAny", "argument": "Items[].State", "expected": "bad"},
    {"state": "success", "matcher": "pathAll", "argument": "Items[].State", "expected": "ok"},
    {"state": "retry", "matcher": "status", "expected": 202},
    {"state": "success", "matcher": "path", "argument": "length(Items) > `2`", "expected": True},
]


@settings(max_examples=150, deadline=None)
@given(
    acceptors=st.lists(st.sampled_from(_SYNTHETIC), min_size=1, max_size=5),
    series=st.lists(
        st.one_of(
            st.builds(
                lambda states, status: {
                    "Items": [{"State": s} for s in states],
                    "ResponseMetadata": {"HTTPStatusCode": status},
                },
                st.lists(st.sampled_from(["ok", "bad", "other"]), max_size=4),
                st.sampled_from([200, 202]),
            ),
            st.just({"Error": {"Code": "Throttling", "Message": "slow down"}}),
            st.just({"Items": None}),
        ),
        min_size=1,
        max_size=4,
    ),
    max_attempts=st.integers(1, 5),
)
def test_acceptor_order_and_error_matchers(
    acceptors: list[dict[str, Any]], series: list[Any], max_attempts: int
) -> None:
    """Synthetic waiters: every acceptor kind in any order (``error: true/false``, the
    first match wins, the explanation of the acceptor botocore's loop stopped at)."""
    config = {"operation": "ListItems", "delay": 1, "maxAttempts": 9, "acceptors": acceptors}
    _assert_same("Items", config, series, WaiterConfig={"MaxAttempts": max_attempts})


def test_a_type_error_in_an_acceptor_path_is_raised_as_jmespaths() -> None:
    config = {
        "operation": "ListItems",
        "delay": 1,
        "maxAttempts": 2,
        "acceptors": [
            {"state": "success", "matcher": "path", "argument": "length(Items)", "expected": 1}
        ],
    }
    _, _, outcome = _assert_same("Items", config, [{"Items": 5}])
    assert outcome[1] == "JMESPathTypeError"


def _model_outcome(make: Callable[[], Any]) -> tuple[str, str]:
    try:
        return ("made", repr(make()))
    except Exception as e:
        return (type(e).__name__, str(e))


@pytest.mark.parametrize(
    "document",
    [
        {"version": 1, "waiters": {}},
        {"waiters": {}},
        {"version": 2, "waiters": {"B": {}, "A": {}}},
    ],
)
def test_waiter_model_versions_and_names(document: dict[str, Any]) -> None:
    def names(library: Any) -> Any:
        return lambda: library.WaiterModel(copy.deepcopy(document)).waiter_names

    assert _model_outcome(names(strato.waiter)) == _model_outcome(names(botocore.waiter))


def test_unknown_waiter_and_unknown_matcher() -> None:
    document = {
        "version": 2,
        "waiters": {"W": {"operation": "Op", "delay": 1, "maxAttempts": 1, "acceptors": []}},
    }
    for library in (botocore.waiter, strato.waiter):
        with pytest.raises(ValueError, match=r"^Waiter does not exist: Nope$"):
            library.WaiterModel(copy.deepcopy(document)).get_waiter("Nope")
        config = library.WaiterModel(copy.deepcopy(document)).get_waiter("W")
        assert (config.operation, config.delay, config.max_attempts, config.description) == (
            "Op",
            1,
            1,
            "",
        )
    bad = {"state": "success", "matcher": "nope", "expected": 1}
    theirs = _model_outcome(lambda: botocore.waiter.AcceptorConfig(bad))
    assert _model_outcome(lambda: strato.waiter.AcceptorConfig(bad)) == theirs
    assert theirs == ("WaiterConfigError", "Error processing waiter config: Unknown acceptor: nope")
