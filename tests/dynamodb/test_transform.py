"""The DynamoDB resource's transforms on a strato client (``register_transforms``) against
boto3 1.44.8's ``boto3.resource("dynamodb").meta.client``.

Requests: generated calls of every kind of operation (items, keys, conditions, key
conditions, caller-given placeholders, batches, transactions, PartiQL parameters) reach a
loopback server at a frozen clock as the same bytes (User-Agent aside), or fail with the
same error; the caller's parameters are left as they were. Responses: generated
AttributeValues in answers (errors too) come back as the same Python values.
"""

from __future__ import annotations

import base64
import copy
import json
from decimal import Decimal
from typing import Any

import boto3  # type: ignore[import-untyped]
import boto3.dynamodb.conditions as boto3_conditions  # type: ignore[import-untyped]
import boto3.dynamodb.types as boto3_types  # type: ignore[import-untyped]
import botocore.config  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato
import strato.dynamodb.conditions as strato_conditions
import strato.dynamodb.types as strato_types
from client._capture import routed_to, without_user_agent
from client._compare import outcome_view
from client._harness import Canned, call_botocore, call_strato, frozen
from strato.dynamodb.transform import register_transforms

from ._scripted import ScriptedServer
from .strategies import (
    Cond,
    attributes,
    canonical,
    condition_recipes,
    error_view,
    keys,
    python_values,
    realize,
    recipes,
    scalars,
    strings,
    wire_values,
)

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
REGION = "us-west-2"
TABLE = "t"


@pytest.fixture(scope="module")
def clients() -> tuple[Any, Any]:
    """boto3's resource client and a strato client with the transforms, plain HTTP, no retry."""
    options = {"retries": {"total_max_attempts": 1}}
    boto = (
        boto3.Session(region_name=REGION, **KEYS)
        .resource("dynamodb", use_ssl=False, config=botocore.config.Config(**options))
        .meta.client
    )
    mine = strato.Session().client(
        "dynamodb", region_name=REGION, use_ssl=False, config=strato.Config(**options), **KEYS
    )
    register_transforms(mine)
    return boto, mine


# --- generated calls ------------------------------------------------------------------

_items = st.dictionaries(strings, python_values(invalid=False), max_size=4).map(
    lambda extra: {**extra, "pk": "k"}
)
_keys = st.fixed_dictionaries({"pk": scalars})
_conditions = st.builds(Cond, recipes)
_key_conditions = st.builds(
    Cond, condition_recipes(st.one_of(keys, keys, attributes), functions=False)
)
_names = st.dictionaries(st.sampled_from(["#a", "#n0", "#z"]), strings, max_size=2)
_values = st.dictionaries(
    st.sampled_from([":a", ":v0", ":z"]), python_values(invalid=False), max_size=2
)
_update = st.fixed_dictionaries(
    {"TableName": st.just(TABLE), "Key": _keys, "UpdateExpression": st.just("SET #a = :a")},
    optional={
        "ExpressionAttributeNames": st.just({"#a": "a"}),
        "ExpressionAttributeValues": _values,
        "ConditionExpression": _conditions,
    },
)


def _call(method: str, required: dict[str, Any], **optional: Any) -> st.SearchStrategy[Any]:
    return st.tuples(st.just(method), st.fixed_dictionaries(required, optional=optional))


calls = st.one_of(
    _call(
        "put_item",
        {"TableName": st.just(TABLE), "Item": _items},
        ConditionExpression=st.one_of(_conditions, st.just("attribute_not_exists(pk)")),
        ExpressionAttributeNames=_names,
        ExpressionAttributeValues=_values,
        ReturnValues=st.just("ALL_OLD"),
    ),
    _call(
        "get_item",
        {"TableName": st.just(TABLE), "Key": _keys},
        ProjectionExpression=st.just("a, b.c"),
    ),
    _call(
        "delete_item",
        {"TableName": st.just(TABLE), "Key": _keys},
        ConditionExpression=_conditions,
    ),
    st.tuples(st.just("update_item"), _update),
    _call(
        "query",
        {"TableName": st.just(TABLE), "KeyConditionExpression": _key_conditions},
        FilterExpression=_conditions,
        ExpressionAttributeValues=_values,
        ExclusiveStartKey=_keys,
    ),
    _call("scan", {"TableName": st.just(TABLE)}, FilterExpression=_conditions),
    _call(
        "batch_write_item",
        {
            "RequestItems": st.fixed_dictionaries(
                {
                    TABLE: st.lists(
                        st.one_of(
                            st.builds(lambda i: {"PutRequest": {"Item": i}}, _items),
                            st.builds(lambda k: {"DeleteRequest": {"Key": k}}, _keys),
                        ),
                        min_size=1,
                        max_size=3,
                    )
                }
            )
        },
    ),
    _call(
        "batch_get_item",
        {
            "RequestItems": st.fixed_dictionaries(
                {TABLE: st.builds(lambda k: {"Keys": k}, st.lists(_keys, min_size=1, max_size=3))}
            )
        },
    ),
    _call(
        "transact_write_items",
        {
            "TransactItems": st.lists(
                st.one_of(
                    st.builds(
                        lambda k, c: {
                            "ConditionCheck": {
                                "TableName": TABLE,
                                "Key": k,
                                "ConditionExpression": c,
                            }
                        },
                        _keys,
                        st.one_of(_conditions, st.just("attribute_exists(pk)")),
                    ),
                    st.builds(lambda i: {"Put": {"TableName": TABLE, "Item": i}}, _items),
                    st.builds(lambda u: {"Update": u}, _update),
                ),
                min_size=1,
                max_size=3,
            )
        },
    ),
    _call(
        "execute_statement",
        {"Statement": st.just("SELECT * FROM t WHERE pk = ?")},
        Parameters=st.lists(python_values(invalid=False), min_size=1, max_size=3),
    ),
)


def _wire(server: ScriptedServer, client: Any, method: str, params: dict[str, Any]) -> Any:
    """(the bytes sent, without User-Agent; the call's error, if any)."""
    error = None
    with routed_to(server), frozen():
        try:
            getattr(client, method)(**params)
        except Exception as e:  # compared with boto3's below
            error = error_view(e)
    return [without_user_agent(raw) for raw in server.take()], error


@settings(max_examples=120, deadline=None)
@given(calls)
def test_requests_match_boto3(
    clients: tuple[Any, Any], server: ScriptedServer, call: tuple[str, dict[str, Any]]
) -> None:
    method, spec = call
    boto, mine = clients
    boto_params = realize(spec, boto3_types.Binary, boto3_conditions)
    my_params = realize(spec, strato_types.Binary, strato_conditions)
    before = canonical(my_params)
    expected = _wire(server, boto, method, boto_params)
    assert _wire(server, mine, method, my_params) == expected
    assert canonical(my_params) == before  # the caller's values are not changed


# --- responses ------------------------------------------------------------------------


def _json_ready(value: Any) -> Any:
    """A wire AttributeValue as JSON carries it (binaries in base64)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    return value


_maps = st.dictionaries(strings, wire_values, max_size=3)
#: (operation, params, status, answer body) with AttributeValues where each output has them.
answers = st.one_of(
    st.tuples(
        st.just("get_item"),
        st.just({"TableName": TABLE, "Key": {"pk": "k"}}),
        st.just(200),
        st.builds(lambda m: {"Item": m}, _maps),
    ),
    st.tuples(
        st.just("query"),
        st.just(
            {
                "TableName": TABLE,
                "KeyConditionExpression": "pk = :k",
                "ExpressionAttributeValues": {":k": "k"},
            }
        ),
        st.just(200),
        st.builds(
            lambda items, last: {"Items": items, "Count": len(items), "LastEvaluatedKey": last},
            st.lists(_maps, max_size=3),
            _maps,
        ),
    ),
    st.tuples(
        st.just("batch_get_item"),
        st.just({"RequestItems": {TABLE: {"Keys": [{"pk": "k"}]}}}),
        st.just(200),
        st.builds(
            lambda items, keys: {
                "Responses": {TABLE: items},
                "UnprocessedKeys": {TABLE: {"Keys": keys}},
            },
            st.lists(_maps, max_size=3),
            st.lists(_maps, max_size=2),
        ),
    ),
    st.tuples(
        st.just("batch_write_item"),
        st.just({"RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": "k"}}}]}}),
        st.just(200),
        st.builds(lambda m: {"UnprocessedItems": {TABLE: [{"PutRequest": {"Item": m}}]}}, _maps),
    ),
    st.tuples(
        st.just("put_item"),
        st.just({"TableName": TABLE, "Item": {"pk": "k"}}),
        st.just(400),
        st.builds(
            lambda m: {
                "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message": "The conditional request failed",
                "Item": m,
            },
            _maps,
        ),
    ),
    st.tuples(
        st.just("execute_statement"),
        st.just({"Statement": "SELECT * FROM t"}),
        st.just(200),
        st.builds(lambda items: {"Items": items}, st.lists(_maps, max_size=3)),
    ),
)


@settings(max_examples=120, deadline=None)
@given(answers)
def test_results_match_boto3(
    clients: tuple[Any, Any], answer: tuple[str, dict[str, Any], int, Any]
) -> None:
    method, params, status, body = answer
    canned = Canned(status, {"x-amzn-RequestId": "req"}, json.dumps(_json_ready(body)).encode())
    boto, mine = clients
    _, boto_result = call_botocore(boto, method, copy.deepcopy(params), canned)
    _, my_result = call_strato(mine, method, copy.deepcopy(params), canned)
    assert canonical(outcome_view(my_result)) == canonical(outcome_view(boto_result))


def test_registering_twice_transforms_once(clients: tuple[Any, Any]) -> None:
    _, mine = clients
    register_transforms(mine)
    canned = Canned(200, {}, b'{"Item": {"n": {"N": "1"}}}')
    _, result = call_strato(mine, "get_item", {"TableName": TABLE, "Key": {"pk": "k"}}, canned)
    assert result["Item"] == {"n": 1}


def test_a_stubber_sees_python_values_and_answers_in_attribute_values(
    clients: tuple[Any, Any],
) -> None:
    """As with boto3's resource client: the Stubber checks the caller's (Python) parameters,
    before the transforms; its AttributeValue answer comes back as Python values."""
    import botocore.stub  # type: ignore[import-untyped]

    import strato.stub

    key = {"pk": "a", "n": Decimal(2)}
    answer = {"Item": {"pk": {"S": "a"}, "b": {"B": b"\x01"}, "s": {"NS": ["1.50"]}}}
    results = []
    stubbers = (botocore.stub.Stubber, strato.stub.Stubber)
    for client, stubber_class in zip(clients, stubbers, strict=True):
        with stubber_class(client) as stubber:
            # (boto3 deserializes the answer in place: each stubber gets its own copy)
            stubber.add_response(
                "get_item", copy.deepcopy(answer), {"TableName": TABLE, "Key": key}
            )
            results.append(client.get_item(TableName=TABLE, Key=dict(key)))
            stubber.assert_no_pending_responses()
    assert canonical(results[1]) == canonical(results[0])
    assert results[1]["Item"]["s"] == {Decimal("1.50")}
