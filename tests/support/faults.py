"""DynamoDB faults on demand, and whole-database snapshots to compare what a failed request left.

`DynamoFaults` wraps every botocore DynamoDB call of the process (PynamoDB's and raw clients'
alike). While armed it counts the calls and makes the n-th one fail the way DynamoDB fails once
the SDK has used up its retries: throttled (a transaction is cancelled with `ThrottlingError`), a
500 `InternalServerError`, or a read timeout *after* DynamoDB applied the call (the answer was lost,
so the caller cannot know the write happened).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError, ReadTimeoutError

FAULTS = ("throttled", "server_error", "timeout_after_write")

Snapshot = dict[str, dict[str, str]]  # table -> canonical key -> canonical item


def _tables(params: dict[str, Any]) -> set[str]:
    """The tables a call touches (its own, or each item's in a transaction)."""
    names = {params["TableName"]} if "TableName" in params else set()
    return names | {next(iter(i.values()))["TableName"] for i in params.get("TransactItems", [])}


def _error(fault: str, operation: str, params: dict[str, Any]) -> ClientError:
    if fault == "server_error":
        error = {"Code": "InternalServerError", "Message": "Internal server error"}
        return ClientError({"Error": error, "ResponseMetadata": {"HTTPStatusCode": 500}}, operation)
    if operation == "TransactWriteItems":
        # DynamoDB cancels a throttled transaction with a reason per item; every item is marked, so
        # code that reads "this item failed" as "its condition failed" is caught whichever it checks.
        reason = {"Code": "ThrottlingError", "Message": "Throughput exceeds the current capacity."}
        reasons = [reason for _ in params.get("TransactItems", [])]
        error = {"Code": "TransactionCanceledException", "Message": "Transaction cancelled [ThrottlingError]"}
        response = {
            "Error": error,
            "CancellationReasons": reasons,
            "ResponseMetadata": {"HTTPStatusCode": 400},
        }
        return ClientError(response, operation)  # type: ignore[arg-type]
    code = "ThrottlingException" if operation.startswith(("Batch", "Query", "Scan")) else (
        "ProvisionedThroughputExceededException"
    )  # fmt: skip
    return ClientError(
        {"Error": {"Code": code, "Message": "Rate exceeded"}, "ResponseMetadata": {"HTTPStatusCode": 400}},
        operation,
    )


@dataclass
class DynamoFaults:
    """Counts the DynamoDB calls made while armed, and fails call number `fail_at` (1-based), or the
    first call of operation `fail_on` (or of any of several). Calls to `ignore_tables` are neither
    counted nor failed; `failed` lists the operations made to fail."""

    calls: list[str] = field(default_factory=list)
    fail_at: int | None = None
    fault: str = ""
    armed: bool = False
    fail_on: str | tuple[str, ...] | None = None
    ignore_tables: frozenset[str] = frozenset()
    failed: list[str] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original: Callable[..., Any] = BaseClient._make_api_call
        faults = self

        def make_api_call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            if (
                not faults.armed
                or client.meta.service_model.service_name != "dynamodb"
                or _tables(params) & faults.ignore_tables
            ):
                return original(client, operation, params)
            faults.calls.append(operation)
            targets = (faults.fail_on,) if isinstance(faults.fail_on, str) else faults.fail_on or ()
            first_of_kind = operation in targets and sum(map(faults.calls.count, targets)) == 1
            if len(faults.calls) != faults.fail_at and not first_of_kind:
                return original(client, operation, params)
            faults.failed.append(operation)
            if faults.fault == "timeout_after_write":
                original(client, operation, params)
                raise ReadTimeoutError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")
            raise _error(faults.fault, operation, params)

        monkeypatch.setattr(BaseClient, "_make_api_call", make_api_call)

    @contextmanager
    def arm(
        self, fail_at: int | None = None, fault: str = "", fail_on: str | None = None
    ) -> Iterator[DynamoFaults]:
        self.calls, self.fail_at, self.fault, self.fail_on, self.armed = [], fail_at, fault, fail_on, True
        try:
            yield self
        finally:
            self.armed = False


def _canonical(value: Any) -> Any:
    """DynamoDB JSON with set members sorted, so equal items compare equal, and binary values as
    base64 text (`_binary` turns them back), so an item is JSON."""
    if isinstance(value, dict):
        return {
            k: sorted(v) if k in ("SS", "NS") else (sorted(v, key=repr) if k == "BS" else _canonical(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _binary(item: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's item as the SDK takes it: top-level binary values as bytes again."""
    return {k: {"B": base64.b64decode(v["B"])} if "B" in v else v for k, v in item.items()}


def decompressed(snapshot: Snapshot) -> list[str]:
    """The text of every zlib-compressed binary value in the snapshot (`store.base.CompressedJSON`), so
    a search of the tables for personal data looks inside them too."""
    return [
        zlib.decompress(base64.b64decode(value["B"])).decode()
        for items in snapshot.values()
        for item in items.values()
        for value in json.loads(item).values()
        if "B" in value
    ]


class Database:
    """Every table of the mocked account: snapshot, compare, and put back as it was."""

    def __init__(self) -> None:
        self.client = boto3.client("dynamodb")
        self.keys = {
            name: [
                k["AttributeName"] for k in self.client.describe_table(TableName=name)["Table"]["KeySchema"]
            ]
            for name in self.client.list_tables()["TableNames"]
        }

    def _items(self, table: str) -> Iterator[dict[str, Any]]:
        """The table's items as DynamoDB JSON, read from moto's in-process store: a Scan per table
        through the SDK, before and after every run, would be most of this tier's time."""
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.dynamodb.models import dynamodb_backends

        region = self.client.meta.region_name
        for item in dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables[table].all_items():
            yield item.to_json()["Attributes"]

    def snapshot(self) -> Snapshot:
        found: Snapshot = {}
        for table, key_names in self.keys.items():
            found[table] = {
                json.dumps(_canonical({k: item[k] for k in key_names}), sort_keys=True): json.dumps(
                    _canonical(item), sort_keys=True
                )
                for item in self._items(table)
            }
        return found

    def restore(self, snapshot: Snapshot, current: Snapshot | None = None) -> None:
        """Make every table hold exactly the snapshot's items again (`current`: what they hold now)."""
        current = self.snapshot() if current is None else current
        for table, items in snapshot.items():
            for key in current[table]:
                if key not in items:
                    self.client.delete_item(TableName=table, Key=json.loads(key))
            for key, item in items.items():
                if current[table].get(key) != item:
                    self.client.put_item(TableName=table, Item=_binary(json.loads(item)))


def changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, tuple[str | None, str | None]]]:
    """Per table, each item that differs: (before, after), None where absent."""
    diff: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        changed = {k: (old.get(k), new.get(k)) for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if changed:
            diff[table] = changed
    return diff
