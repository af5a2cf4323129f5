"""DynamoDB calls and their capacity, as DynamoDB bills on-demand tables, from the real requests.

moto answers `ReturnConsumedCapacity` (PynamoDB asks for it on every call), but with a flat 0.5 or 1.0
per call whatever the item sizes, so it is recorded and shown, never used. The billed units are
computed from the sizes of the items each call really reads or writes, read back in full from the
same moto server with a separate probe client whose calls are not counted (a projection or a filter
does not make DynamoDB bill less, so the probe reads whole items):

- reads: 4 KB per unit, half a unit for an eventually consistent read; GetItem and every key of a
  BatchGetItem rounded up on their own (a key with no item still costs the minimum); a Query or Scan
  page rounded up on the summed size of every item it read, before the filter; TransactGetItems x2;
- writes: 1 KB per unit on the larger of the item before and after the write (a failed condition
  still costs one); TransactWriteItems x2, every action (ConditionCheck too); each global secondary
  index the item is or was in costs a write of its projection (two when its index key moved).

Item sizes follow the DynamoDB developer guide: attribute names plus values (strings by UTF-8 length,
numbers 1 byte per 2 significant digits + 1, sets by their members, lists and maps 3 bytes + 1 per
element), and an index entry is its projection plus 100 bytes.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
INDEX_OVERHEAD = 100


def _number_size(raw: str) -> int:
    digits = raw.lstrip("-").replace(".", "").strip("0") or "0"
    return (len(digits) + 1) // 2 + 1


def _binary_size(raw: bytes | str) -> int:
    """A binary value's bytes: as a request's JSON body carries it, base64 text (which DynamoDB does
    not bill: it bills the decoded bytes), or as botocore parses an answer, bytes."""
    return len(raw) if isinstance(raw, bytes) else len(base64.b64decode(raw))


def value_size(value: dict[str, Any]) -> int:
    ((kind, raw),) = value.items()
    sizes: dict[str, Any] = {
        "S": lambda: len(raw.encode()),
        "N": lambda: _number_size(raw),
        "B": lambda: _binary_size(raw),
        "BOOL": lambda: 1,
        "NULL": lambda: 1,
        "SS": lambda: sum(len(s.encode()) for s in raw),
        "NS": lambda: sum(_number_size(n) for n in raw),
        "BS": lambda: sum(_binary_size(b) for b in raw),
        "L": lambda: 3 + sum(value_size(v) + 1 for v in raw),
        "M": lambda: 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in raw.items()),
    }
    return int(sizes[kind]())


def item_size(item: dict[str, Any] | None) -> int:
    """Bytes DynamoDB counts for an item: attribute names plus values (0 for no item)."""
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


def hook(client: Any, hooked: set[int], before: Any, after: Any) -> None:
    """`before` and `after` on every DynamoDB call of `client`, registered once per event system
    (`hooked` holds the ones done: clients of one session share theirs)."""
    events = client.meta.events
    if id(events) in hooked:
        return
    events.register("before-call.dynamodb", before)
    events.register("after-call.dynamodb", after)
    hooked.add(id(events))


def read_units(size: int, consistent: bool) -> float:
    return max(1, math.ceil(size / 4096)) * (1.0 if consistent else 0.5)


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / 1024)))


@dataclass
class Call:
    """One DynamoDB call: its operation, the request as sent, and what it cost."""

    operation: str
    request: dict[str, Any]
    rcu: float = 0.0
    wcu: float = 0.0
    moto_units: float | None = None
    seconds: float = 0.0
    error: str | None = None
    before: dict[tuple[str, str], dict[str, Any] | None] = field(
        default_factory=dict
    )  # items written, as they were


@dataclass
class Tally:
    """The calls made while recording, in order."""

    calls: list[Call] = field(default_factory=list)

    @property
    def operations(self) -> list[str]:
        return [c.operation for c in self.calls]

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": len(self.calls),
            "by_operation": dict(sorted(Counter(self.operations).items())),
            "sequence": self.operations,
            "rcu": round(sum(c.rcu for c in self.calls), 2),
            "wcu": round(sum(c.wcu for c in self.calls), 2),
            "moto_reported_units": round(sum(c.moto_units or 0 for c in self.calls), 2),
            "moto_reported_capacity_on": sum(1 for c in self.calls if c.moto_units is not None),
        }


@dataclass(frozen=True)
class Schema:
    key: tuple[str, ...]
    indexes: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]  # (keys, projection, included)


class Meter:
    """botocore handlers on the clients under test, and a probe client for item sizes.

    `record()` collects the calls made inside it (with capacity when `probe` is on); outside it the
    handlers only return, so timed runs pay next to nothing for them.
    """

    def __init__(self, probe_client: Any) -> None:
        self.probe_client = probe_client
        self._schemas: dict[str, Schema] = {}
        self._attached: set[int] = set()
        self._tally: Tally | None = None
        self._probe = False

    def attach(self, client: Any) -> None:
        hook(client, self._attached, self._before, self._after)

    @contextmanager
    def record(self, probe: bool = True) -> Iterator[Tally]:
        tally = Tally()
        self._tally, self._probe = tally, probe
        try:
            yield tally
        finally:
            self._tally, self._probe = None, False

    # --- handlers ---

    def _before(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if self._tally is None:
            return
        request = json.loads(params.get("body") or b"{}")
        before = self._images(model.name, request) if self._probe else {}
        context["bench_meter"] = (Call(model.name, request), before, time.perf_counter())

    def _after(self, model: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        self._finish(model.name, parsed, context, None)

    def _finish(
        self, operation: str, parsed: dict[str, Any], context: dict[str, Any], error: str | None
    ) -> None:
        if self._tally is None or "bench_meter" not in context:
            return
        call, before, started = context.pop("bench_meter")
        call.before = before
        call.seconds = time.perf_counter() - started
        call.error = error or (parsed.get("Error") or {}).get("Code")
        capacity = parsed.get("ConsumedCapacity")
        if capacity is not None:
            call.moto_units = sum(
                c.get("CapacityUnits", 0.0) for c in (capacity if isinstance(capacity, list) else [capacity])
            )
        if self._probe:
            self._bill(call, before)
        self._tally.calls.append(call)

    # --- capacity ---

    def schema(self, table: str) -> Schema:
        if table not in self._schemas:
            described = self.probe_client.describe_table(TableName=table)["Table"]
            indexes = tuple(
                (
                    tuple(k["AttributeName"] for k in index["KeySchema"]),
                    index["Projection"]["ProjectionType"],
                    tuple(index["Projection"].get("NonKeyAttributes", ())),
                )
                for index in described.get("GlobalSecondaryIndexes", ())
            )
            self._schemas[table] = Schema(tuple(k["AttributeName"] for k in described["KeySchema"]), indexes)
        return self._schemas[table]

    def key_of(self, table: str, item: dict[str, Any]) -> dict[str, Any]:
        return {name: item[name] for name in self.schema(table).key}

    def get(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.probe_client.get_item(
            TableName=table, Key=key, ConsistentRead=True
        ).get("Item")
        return item

    def _writes(self, operation: str, request: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
        """(table, key, action) of every item a write call touches."""
        if operation == "TransactWriteItems":
            found = []
            for action in request["TransactItems"]:
                ((kind, body),) = action.items()
                key = body.get("Key") or self.key_of(body["TableName"], body["Item"])
                found.append((body["TableName"], key, kind))
            return found
        if operation == "BatchWriteItem":
            return [
                (
                    table,
                    r.get("DeleteRequest", {}).get("Key") or self.key_of(table, r["PutRequest"]["Item"]),
                    "Batch",
                )
                for table, requests in request["RequestItems"].items()
                for r in requests
            ]
        if operation in WRITES:
            return [
                (
                    request["TableName"],
                    request.get("Key") or self.key_of(request["TableName"], request["Item"]),
                    operation,
                )
            ]
        return []

    def _images(
        self, operation: str, request: dict[str, Any]
    ) -> dict[tuple[str, str], dict[str, Any] | None]:
        return {
            (table, json.dumps(key, sort_keys=True)): self.get(table, key)
            for table, key, _ in self._writes(operation, request)
        }

    def _bill(self, call: Call, before: dict[tuple[str, str], dict[str, Any] | None]) -> None:
        request, operation = call.request, call.operation
        consistent = bool(request.get("ConsistentRead"))
        if operation == "GetItem":
            call.rcu = read_units(item_size(self.get(request["TableName"], request["Key"])), consistent)
        elif operation == "BatchGetItem":
            call.rcu = sum(
                read_units(item_size(self.get(table, key)), bool(spec.get("ConsistentRead")))
                for table, spec in request["RequestItems"].items()
                for key in spec["Keys"]
            )
        elif operation == "TransactGetItems":
            call.rcu = sum(
                2 * read_units(item_size(self.get(g["Get"]["TableName"], g["Get"]["Key"])), True)
                for g in request["TransactItems"]
            )
        elif operation in ("Query", "Scan"):
            call.rcu = read_units(sum(item_size(i) for i in self._evaluated(operation, request)), consistent)
        else:
            factor = 2.0 if operation == "TransactWriteItems" else 1.0
            for table, key, _ in self._writes(operation, request):
                old = before.get((table, json.dumps(key, sort_keys=True)))
                new = self.get(table, key)
                call.wcu += factor * write_units(max(item_size(old), item_size(new)))
                call.wcu += self._index_writes(table, old, new)

    def _index_writes(self, table: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> float:
        units = 0.0
        for keys, projection, included in self.schema(table).indexes:
            before, after = (self._index_entry(table, i, keys, projection, included) for i in (old, new))
            if before == after:
                continue  # not in the index, or nothing it projects changed
            sizes = [item_size(e) + INDEX_OVERHEAD for e in (before, after) if e is not None]
            moved = before is not None and after is not None and any(before[k] != after[k] for k in keys)
            units += sum(write_units(s) for s in sizes) if moved else write_units(max(sizes))
        return units

    def _index_entry(
        self,
        table: str,
        image: dict[str, Any] | None,
        keys: tuple[str, ...],
        projection: str,
        included: tuple[str, ...],
    ) -> dict[str, Any] | None:
        if image is None or any(k not in image for k in keys):
            return None
        if projection == "ALL":
            return image
        names = {*keys, *self.schema(table).key, *(included if projection == "INCLUDE" else ())}
        return {k: v for k, v in image.items() if k in names}

    def _evaluated(self, operation: str, request: dict[str, Any]) -> list[dict[str, Any]]:
        """The items one Query or Scan page read: the same request without filter, projection or
        COUNT, so the page holds every item DynamoDB evaluated."""
        probe = {
            k: v
            for k, v in request.items()
            if k
            not in (
                "FilterExpression",
                "ProjectionExpression",
                "Select",
                "AttributesToGet",
                "ReturnConsumedCapacity",
            )
        }
        used = " ".join(str(probe.get(k, "")) for k in ("KeyConditionExpression",))
        for name in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
            kept = {k: v for k, v in (probe.get(name) or {}).items() if re.search(re.escape(k) + r"\b", used)}
            if kept:
                probe[name] = kept
            else:
                probe.pop(name, None)
        answer = getattr(self.probe_client, "query" if operation == "Query" else "scan")(**probe)
        items: list[dict[str, Any]] = answer.get("Items", [])
        return items
