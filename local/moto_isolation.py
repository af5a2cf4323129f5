"""Make moto's DynamoDB isolate requests, as DynamoDB does.

moto applies a TransactWriteItems item by item and, when one fails, restores deep copies of the
tables taken before it started, with no lock: a cancelled transaction can roll back writes another
request committed meanwhile, and a copy taken while another thread writes can fail. DynamoDB applies
each request atomically and transactions in a serializable order. The local stack and the tests that
race requests therefore let moto handle one DynamoDB request at a time (requests still arrive
interleaved, from as many threads or processes as the test uses). moto has no such option itself.

Stream reads take the same lock, so a reader never sees the records of a transaction about to be
cancelled. And a cancelled transaction is undone item by item here, not by moto's swap of every table
it touched for a deep copy taken before: the copy is slow (whole tables, on every transaction), and it
is a new table object whose new stream shard no open shard iterator sees, so a stream reader (the local
stack's poller) went silent after the first cancelled transaction on a streamed table.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

_LOCK = threading.RLock()


def isolate_requests() -> None:
    """Serialize moto's DynamoDB and DynamoDB Streams request handling in this process, and undo
    cancelled transactions item by item (idempotent)."""
    for handler in (DynamoHandler, DynamoDBStreamsHandler):
        _serialize(handler)
    _undo_by_item()


def _serialize(handler: Any) -> None:
    original = handler.call_action
    if getattr(original, "__advocacy_serialized__", False):
        return

    def call_action(self: Any) -> Any:
        with _LOCK:
            return original(self)

    call_action.__advocacy_serialized__ = True  # type: ignore[attr-defined]
    handler.call_action = call_action


class _TablesByReference:
    """Stands in for the `copy` module in moto's DynamoDB backend: a table's "copy" is the table
    itself, so moto's own rollback (putting the copies back) changes nothing; `_restore` undoes."""

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


@dataclass
class _Saved:
    """What a transaction may change: each item it names, as it was (None: absent), and stream lengths."""

    items: list[tuple[Table, DynamoType, DynamoType | None, Item | None]] = field(default_factory=list)
    streams: dict[int, tuple[Table, int]] = field(default_factory=dict)


def _save(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> _Saved:
    saved = _Saved()
    for entry in transact_items:
        try:
            ((kind, op),) = entry.items()
            table = backend.tables[op["TableName"]]
            key = op["Item"] if kind == "Put" else op["Key"]
            hash_value = DynamoType(key[table.hash_key_attr])
            range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
            current = table.get_item(hash_value, range_value)
        except Exception:  # noqa: S112 - malformed: moto rejects it before this entry writes anything
            continue
        saved.items.append((table, hash_value, range_value, copy.deepcopy(current)))
        if table.stream_shard is not None:
            saved.streams.setdefault(id(table), (table, len(table.stream_shard.items)))
    return saved


def _restore(saved: _Saved) -> None:
    for table, hash_value, range_value, item in reversed(saved.items):
        if range_value is None:
            if item is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = item  # type: ignore[assignment]
        elif item is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = item
    for table, length in saved.streams.values():
        if table.stream_shard is not None:
            del table.stream_shard.items[length:]  # a cancelled transaction leaves no stream record


def _undo_by_item() -> None:
    original = DynamoDBBackend.transact_write_items
    if getattr(original, "__advocacy_undo__", False):
        return

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        saved = _save(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            _restore(saved)
            raise

    transact_write_items.__advocacy_undo__ = True  # type: ignore[attr-defined]
    dynamodb_models.copy = _TablesByReference()  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
