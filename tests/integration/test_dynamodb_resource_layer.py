"""strato's DynamoDB transforms and batch_writer against moto's server, beside boto3 1.44.8's
resource client doing the same on a table of its own: the same Python values come back,
the same items are stored, the same errors are raised."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from dynamodb.strategies import canonical, error_view, python_values, realize, strings
from strato.dynamodb.table import add_table_methods
from strato.dynamodb.transform import register_transforms

from ._compare import normalized
from ._servers import Server
from .conftest import MOTO_KEYS, PK_SK_TABLE, REGION

Lib = SimpleNamespace
_boto3_sessions: list[Any] = []


def _create_table(client: Any, name: str) -> None:
    client.create_table(TableName=name, **PK_SK_TABLE)


@pytest.fixture
def libs(moto: Server, strato_client: Callable[..., Any]) -> Iterator[tuple[Lib, Lib]]:
    """(strato, boto3): each a client with the transforms, a table of its own on moto, a
    Table with ``batch_writer``, and the library's Binary and conditions."""
    import boto3  # type: ignore[import-untyped]
    import boto3.dynamodb.conditions  # type: ignore[import-untyped]
    import boto3.dynamodb.types  # type: ignore[import-untyped]

    import strato.dynamodb.conditions
    import strato.dynamodb.types

    if not _boto3_sessions:
        _boto3_sessions.append(boto3.Session())
    resource = _boto3_sessions[0].resource(
        "dynamodb", endpoint_url=moto.url, region_name=REGION, **MOTO_KEYS
    )
    ours = strato_client("dynamodb", moto.url, **MOTO_KEYS)
    names = [f"t-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    _create_table(ours, names[0])
    _create_table(ours, names[1])
    register_transforms(ours)
    attrs: dict[str, Any] = {}
    add_table_methods(attrs)
    table = type("Table", (), attrs)()
    table.name, table.meta = names[0], SimpleNamespace(client=ours)
    yield (
        Lib(
            client=ours,
            table=names[0],
            batch=table,
            types=strato.dynamodb.types,
            conditions=strato.dynamodb.conditions,
        ),
        Lib(
            client=resource.meta.client,
            table=names[1],
            batch=resource.Table(names[1]),
            types=boto3.dynamodb.types,
            conditions=boto3.dynamodb.conditions,
        ),
    )
    for name in names:
        ours.delete_table(TableName=name)


def _outcome(call: Callable[[], Any]) -> Any:
    """A call's result (per-request values masked, table names left out) or its error."""
    try:
        result = call()
    except Exception as e:  # compared with boto3's
        return error_view(e)
    result.pop("ResponseMetadata", None)
    return canonical(normalized(result, frozenset({"TableName"})))


def _same(run: Callable[[Lib], Any], libs: tuple[Lib, Lib]) -> Any:
    ours, theirs = libs
    mine = _outcome(lambda: run(ours))
    assert mine == _outcome(lambda: run(theirs))
    return mine


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(strings, python_values(invalid=False), max_size=4))
def test_generated_items_round_trip(libs: tuple[Lib, Lib], extra: dict[str, Any]) -> None:
    key = {"pk": uuid.uuid4().hex, "sk": 1}

    def put_then_get(lib: Lib) -> Any:
        item = {**realize(extra, lib.types.Binary), **key}
        lib.client.put_item(TableName=lib.table, Item=item)
        return lib.client.get_item(TableName=lib.table, Key=key, ConsistentRead=True)

    _same(put_then_get, libs)


def test_conditions_queries_and_updates(libs: tuple[Lib, Lib]) -> None:
    def fill(lib: Lib) -> Any:
        binary = lib.types.Binary
        for sk in range(5):
            lib.client.put_item(
                TableName=lib.table,
                Item={
                    "pk": "p",
                    "sk": sk,
                    "n": Decimal(sk) / 4,
                    "tags": {"x", f"t{sk}"} if sk % 2 else {"y"},
                    "bin": binary(bytes([sk])),
                    "flag": sk == 3,
                    "nested": {"list": [sk, None, "s"], "nums": {1, 2}},
                },
            )
        return {}

    _same(fill, libs)

    def query(lib: Lib) -> Any:
        key, attr = lib.conditions.Key, lib.conditions.Attr
        return lib.client.query(
            TableName=lib.table,
            KeyConditionExpression=key("pk").eq("p") & key("sk").between(1, 4),
            FilterExpression=attr("tags").contains("x") | attr("nested.list[0]").gt(3),
            ProjectionExpression="sk, tags, bin, nested",
        )

    assert _same(query, libs)["Count"] == ("int", 3)

    def scan(lib: Lib) -> Any:
        attr = lib.conditions.Attr
        return lib.client.scan(
            TableName=lib.table,
            FilterExpression=(attr("flag").eq(True) | attr("n").is_in([Decimal(0), Decimal("0.5")]))
            & attr("missing").not_exists()
            & attr("bin").attribute_type("B"),
        )

    assert _same(scan, libs)["Count"] == ("int", 3)

    def update(lib: Lib) -> Any:
        attr = lib.conditions.Attr
        return lib.client.update_item(
            TableName=lib.table,
            Key={"pk": "p", "sk": 2},
            UpdateExpression="SET #c = :c, n = n + :one",
            ExpressionAttributeNames={"#c": "count"},
            ExpressionAttributeValues={":c": [Decimal("1.5"), {"k": None}], ":one": 1},
            ConditionExpression=attr("tags").size().lte(10) & attr("n").exists(),
            ReturnValues="ALL_NEW",
        )

    assert "Attributes" in _same(update, libs)

    def failed_condition(lib: Lib) -> Any:
        return lib.client.put_item(
            TableName=lib.table,
            Item={"pk": "p", "sk": 0},
            ConditionExpression=lib.conditions.Attr("pk").not_exists(),
        )

    assert _same(failed_condition, libs)[1] == "ConditionalCheckFailedException"

    def batch_get(lib: Lib) -> Any:
        result = lib.client.batch_get_item(
            RequestItems={lib.table: {"Keys": [{"pk": "p", "sk": 0}, {"pk": "p", "sk": 4}]}}
        )
        items = result["Responses"].pop(lib.table)
        result["Responses"]["table"] = sorted(items, key=lambda i: i["sk"])
        return result

    _same(batch_get, libs)


def test_transactions_with_condition_objects_fail_as_in_boto3(libs: tuple[Lib, Lib]) -> None:
    """boto3 puts the placeholders of a transaction's conditions at the top level, where
    TransactWriteItems has no such member: a ParamValidationError in both."""

    def transact(lib: Lib) -> Any:
        return lib.client.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": lib.table,
                        "Item": {"pk": "tx", "sk": 1, "v": {"a", "b"}},
                        "ConditionExpression": lib.conditions.Attr("pk").not_exists(),
                    }
                }
            ]
        )

    assert _same(transact, libs)[1] == "ParamValidationError"


def test_batch_writer_stores_what_boto3s_stores(libs: tuple[Lib, Lib]) -> None:
    def write_then_scan(lib: Lib) -> Any:
        with lib.batch.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for i in range(70):  # three batches; every key written twice, the last one wins
                batch.put_item(Item={"pk": "b", "sk": i % 35, "v": Decimal(i), "b": b"x"})
            batch.delete_item(Key={"pk": "b", "sk": 0})
        items = lib.client.scan(TableName=lib.table, ConsistentRead=True)["Items"]
        return {"items": sorted(items, key=lambda item: item["sk"])}

    assert len(_same(write_then_scan, libs)["items"][1]) == 34


def test_batch_writer_duplicates_without_overwrite_fail_as_in_boto3(
    libs: tuple[Lib, Lib],
) -> None:
    def write(lib: Lib) -> Any:
        with lib.batch.batch_writer() as batch:
            batch.put_item(Item={"pk": "d", "sk": 1})
            batch.put_item(Item={"pk": "d", "sk": 1})
        return {}

    assert _same(write, libs)[1] == "ClientError"


def test_strato_resource_table_does_what_boto3s_does(libs: tuple[Lib, Lib], moto: Server) -> None:
    """The wiring: ``strato.resource("dynamodb")`` registers the transforms on its client
    and gives ``Table`` ``batch_writer``, as boto3's resource does."""
    import boto3

    keys: dict[str, Any] = dict(MOTO_KEYS)
    resources = [
        strato.Session().resource("dynamodb", endpoint_url=moto.url, region_name=REGION, **keys),
        _boto3_sessions[0].resource(
            "dynamodb", endpoint_url=moto.url, region_name=REGION, **MOTO_KEYS
        ),
    ]
    assert isinstance(resources[1], boto3.resources.base.ServiceResource)

    def through_table(lib: Lib) -> Any:
        table = resources[0 if lib is libs[0] else 1].Table(lib.table)
        with table.batch_writer() as batch:
            for sk in range(30):
                batch.put_item(Item={"pk": "r", "sk": sk, "s": {Decimal(sk), Decimal(1)}})
        table.put_item(
            Item={"pk": "r", "sk": 0, "b": lib.types.Binary(b"\x01")},
            ConditionExpression=lib.conditions.Attr("pk").exists(),
        )
        return table.query(
            KeyConditionExpression=lib.conditions.Key("pk").eq("r")
            & lib.conditions.Key("sk").lt(3),
            FilterExpression=lib.conditions.Attr("s").contains(1)
            | lib.conditions.Attr("b").exists(),
        )

    assert _same(through_table, libs)["Count"] == ("int", 3)


def test_paginating_a_query_with_conditions(libs: tuple[Lib, Lib]) -> None:
    """Each page's call is transformed again: the condition is rebuilt from 0, and the
    deserialized LastEvaluatedKey goes back as ExclusiveStartKey, serialized."""

    def pages(lib: Lib) -> Any:
        for sk in range(7):
            lib.client.put_item(TableName=lib.table, Item={"pk": "g", "sk": sk, "n": {sk}})
        paginator = lib.client.get_paginator("query")
        key, attr = lib.conditions.Key, lib.conditions.Attr
        found = paginator.paginate(
            TableName=lib.table,
            KeyConditionExpression=key("pk").eq("g") & key("sk").gte(1),
            FilterExpression=attr("n").contains(2) | attr("sk").gt(3),
            PaginationConfig={"PageSize": 2},
        )
        return {"pages": [page["Items"] for page in found]}

    assert len(_same(pages, libs)["pages"][1]) == 3  # sk 1..6, two per page
