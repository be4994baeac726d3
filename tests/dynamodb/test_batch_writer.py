"""``batch_writer`` against boto3 1.44.8's ``Table.batch_writer``: for generated puts and
deletes (duplicate keys among them), with and without ``overwrite_by_pkeys``, and a server
that leaves some of each early batch unprocessed, the same BatchWriteItem requests reach
the server in the same order (bytes at a frozen clock, User-Agent aside), and the same
debug lines are logged."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import boto3  # type: ignore[import-untyped]
import boto3.dynamodb.table  # type: ignore[import-untyped]
import botocore.config  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from client._capture import routed_to, without_user_agent
from client._harness import frozen
from strato.dynamodb.table import BatchWriter, add_table_methods
from strato.dynamodb.transform import register_transforms

from ._scripted import ScriptedServer

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TABLE = "t"


@pytest.fixture(scope="module")
def tables() -> tuple[Any, Any]:
    """boto3's Table resource, and a Table-like class given ``add_table_methods``."""
    options = {"retries": {"total_max_attempts": 1}}
    boto = (
        boto3.Session(region_name="us-west-2", **KEYS)
        .resource("dynamodb", use_ssl=False, config=botocore.config.Config(**options))
        .Table(TABLE)
    )
    client = strato.Session().client(
        "dynamodb", region_name="us-west-2", use_ssl=False, config=strato.Config(**options), **KEYS
    )
    register_transforms(client)
    attrs: dict[str, Any] = {}
    add_table_methods(attrs)
    mine = type("Table", (), attrs)()
    mine.name = TABLE
    mine.meta = SimpleNamespace(client=client)
    return boto, mine


def _leaving_unprocessed(counts: list[int]) -> Any:
    """A script: the i-th batch gets its last ``counts[i]`` requests back as unprocessed
    (none after the listed batches, so the writer finishes)."""
    batches = iter(counts)

    def answer(body: bytes) -> bytes:
        requests = json.loads(body)["RequestItems"][TABLE]
        left = min(next(batches, 0), len(requests))
        unprocessed = {TABLE: requests[len(requests) - left :]} if left else {}
        return json.dumps({"UnprocessedItems": unprocessed}).encode()

    return answer


_keys = st.fixed_dictionaries(
    {"pk": st.sampled_from(["a", "b", "c", "d"]), "sk": st.integers(0, 2)}
)
_requests = st.lists(
    st.one_of(
        st.tuples(
            st.just("put_item"),
            st.builds(lambda k, n: {**k, "n": Decimal(n)}, _keys, st.integers(-5, 5)),
        ),
        st.tuples(st.just("delete_item"), _keys),
    ),
    max_size=70,
)


def _written(
    server: ScriptedServer,
    table: Any,
    requests: list[tuple[str, dict[str, Any]]],
    pkeys: list[str] | None,
    unprocessed: list[int],
    caplog: pytest.LogCaptureFixture,
) -> tuple[list[bytes], list[str]]:
    server.script = _leaving_unprocessed(unprocessed)
    caplog.clear()
    with (
        routed_to(server),
        frozen(),
        caplog.at_level(logging.DEBUG),
        table.batch_writer(overwrite_by_pkeys=pkeys) as batch,
    ):
        for method, value in requests:
            getattr(batch, method)(**{"Item" if method == "put_item" else "Key": value})
    lines = [r.getMessage() for r in caplog.records if r.name.endswith("dynamodb.table")]
    return [without_user_agent(raw) for raw in server.take()], lines


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    _requests,
    st.sampled_from([None, [], ["pk"], ["pk", "sk"]]),
    st.lists(st.integers(0, 30), max_size=4),
)
def test_batches_match_boto3(
    server: ScriptedServer,
    tables: tuple[Any, Any],
    caplog: pytest.LogCaptureFixture,
    requests: list[tuple[str, dict[str, Any]]],
    pkeys: list[str] | None,
    unprocessed: list[int],
) -> None:
    boto, mine = tables
    expected = _written(server, boto, requests, pkeys, unprocessed, caplog)
    assert _written(server, mine, requests, pkeys, unprocessed, caplog) == expected


def test_more_than_25_items_go_in_batches_of_25(
    server: ScriptedServer, tables: tuple[Any, Any], caplog: pytest.LogCaptureFixture
) -> None:
    requests = [("put_item", {"pk": str(i), "sk": 0}) for i in range(60)]
    sent, lines = _written(server, tables[1], requests, None, [], caplog)
    sizes = [len(json.loads(raw.partition(b"\r\n\r\n")[2])["RequestItems"][TABLE]) for raw in sent]
    assert sizes == [25, 25, 10]
    assert lines == [
        "Batch write sent 25, unprocessed: 0",
        "Batch write sent 25, unprocessed: 0",
        "Batch write sent 10, unprocessed: 0",
    ]


def test_leaving_the_block_by_an_exception_still_flushes(
    server: ScriptedServer, tables: tuple[Any, Any]
) -> None:
    sent = []
    for table in tables:
        server.script = _leaving_unprocessed([])
        with (
            routed_to(server),
            frozen(),
            pytest.raises(KeyError),
            table.batch_writer() as batch,  # flushed on the way out, before raises catches
        ):
            batch.put_item(Item={"pk": "a", "sk": 1})
            raise KeyError("inside")
        sent.append([without_user_agent(raw) for raw in server.take()])
    assert sent[1] == sent[0]
    assert len(sent[0]) == 1


def test_a_missing_key_of_overwrite_by_pkeys_raises_keyerror_as_in_boto3() -> None:
    for writer in (
        BatchWriter(TABLE, client=None, overwrite_by_pkeys=["sk"]),
        boto3.dynamodb.table.BatchWriter(TABLE, client=None, overwrite_by_pkeys=["sk"]),
    ):
        writer.put_item(Item={"pk": "a", "sk": 1})
        with pytest.raises(KeyError, match="sk"):
            writer.delete_item(Key={"pk": "a"})
