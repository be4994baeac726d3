"""``Table.batch_writer``: buffered BatchWriteItem calls, as ``boto3.dynamodb.table`` makes.

Requests are buffered and sent ``flush_amount`` (25, BatchWriteItem's limit) at a time;
what DynamoDB leaves unprocessed goes back at the end of the buffer for a later batch; on
leaving the ``with`` block (even through an exception) the buffer is flushed until empty.
With ``overwrite_by_pkeys`` a new request replaces a buffered one with the same values of
those keys (so one batch never names an item twice, which DynamoDB refuses).
"""

from __future__ import annotations

from .. import _log

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_LOG = "strato.dynamodb.table"


def add_table_methods(attrs: dict[str, Any]) -> None:
    """Add ``batch_writer`` to the attributes of a DynamoDB ``Table`` resource class being
    made (what boto3's ``TableResource`` base gives it); the instance needs ``name`` and
    ``meta.client``, a client with the DynamoDB transforms registered."""
    attrs["batch_writer"] = batch_writer


def batch_writer(self: Any, overwrite_by_pkeys: list[str] | None = None) -> BatchWriter:
    """A context manager writing this table's items in batches::

        with table.batch_writer() as batch:
            batch.put_item(Item={"pk": "a", "n": 1})
            batch.delete_item(Key={"pk": "b"})

    ``overwrite_by_pkeys`` (e.g. ``["pk", "sk"]``): a request for the same key values as
    a buffered one replaces it.
    """
    return BatchWriter(self.name, self.meta.client, overwrite_by_pkeys=overwrite_by_pkeys)


class BatchWriter:
    """Batch writes to one table through ``client`` (which must serialize Python values:
    a client given :func:`strato.dynamodb.transform.register_transforms`)."""

    def __init__(
        self,
        table_name: str,
        client: Any,
        flush_amount: int = 25,
        overwrite_by_pkeys: list[str] | None = None,
    ) -> None:
        self._table_name = table_name
        self._client = client
        self._items_buffer: list[dict[str, Any]] = []
        self._flush_amount = flush_amount
        self._overwrite_by_pkeys = overwrite_by_pkeys

    def put_item(self, Item: dict[str, Any]) -> None:
        self._add({"PutRequest": {"Item": Item}})

    def delete_item(self, Key: dict[str, Any]) -> None:
        self._add({"DeleteRequest": {"Key": Key}})

    def _add(self, request: dict[str, Any]) -> None:
        if self._overwrite_by_pkeys:
            self._drop_same_keys(request)
        self._items_buffer.append(request)
        if len(self._items_buffer) >= self._flush_amount:
            self._flush()

    def _drop_same_keys(self, request: dict[str, Any]) -> None:
        # boto3 removes while iterating the buffer (the request after a removed one is not
        # looked at) and removes the first *equal* request: kept, so batches are the same.
        wanted = self._key_values(request)
        buffer = self._items_buffer
        index = 0
        while index < len(buffer):
            buffered = buffer[index]
            if self._key_values(buffered) == wanted:
                buffer.remove(buffered)
                _log.debug(_LOG, "With overwrite_by_pkeys enabled, skipping request:%s", buffered)
            index += 1

    def _key_values(self, request: dict[str, Any]) -> list[Any] | None:
        keys = self._overwrite_by_pkeys or ()
        if request.get("PutRequest"):
            item = request["PutRequest"]["Item"]
        elif request.get("DeleteRequest"):
            item = request["DeleteRequest"]["Key"]
        else:
            return None
        return [item[key] for key in keys]

    def _flush(self) -> None:
        batch = self._items_buffer[: self._flush_amount]
        self._items_buffer = self._items_buffer[self._flush_amount :]
        response = self._client.batch_write_item(RequestItems={self._table_name: batch})
        unprocessed = response["UnprocessedItems"] or {}
        self._items_buffer.extend(unprocessed.get(self._table_name, []))
        _log.debug(
            _LOG, "Batch write sent %s, unprocessed: %s", len(batch), len(self._items_buffer)
        )

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        while self._items_buffer:
            self._flush()
