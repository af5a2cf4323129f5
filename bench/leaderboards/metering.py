"""DynamoDB calls and capacity of the job and the read, counted by botocore handlers on the models'
clients: moto's reported capacity (flat per call) beside the capacity computed from item sizes."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.meter import WRITES, hook, item_size, read_units, write_units


@dataclass
class Meter:
    """DynamoDB calls made while it is active, with moto's and the computed capacity."""

    calls: Counter[str] = field(default_factory=Counter)
    reported_rcu: float = 0.0
    reported_wcu: float = 0.0
    reported_missing: Counter[str] = field(default_factory=Counter)
    rcu: float = 0.0
    wcu: float = 0.0
    read_bytes: int = 0
    written_bytes: int = 0
    items_read: int = 0
    seconds_in_calls: float = 0.0
    seconds_metering: float = 0.0  # this package's own handlers, taken out of the job's seconds
    largest_put: dict[str, Any] = field(default_factory=dict)

    def reported(self, operation: str, capacity: Any) -> None:
        """Add what moto reported as consumed (flat per call), or note that it reported nothing."""
        if capacity is None:
            self.reported_missing[operation] += 1
            return
        units = sum(
            c.get("CapacityUnits", 0.0) for c in (capacity if isinstance(capacity, list) else [capacity])
        )
        if operation in WRITES:
            self.reported_wcu += units
        else:
            self.reported_rcu += units

    def read(self, size: int, consistent: bool, items: int) -> None:
        """One read billed on its own: `size` bytes rounded up to read units, holding `items` items."""
        self.rcu += read_units(size, consistent)
        self.read_bytes += size
        self.items_read += items

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": dict(sorted(self.calls.items())),
            "calls_total": sum(self.calls.values()),
            "rcu_computed": self.rcu,
            "wcu_computed": self.wcu,
            "rcu_reported_by_moto": self.reported_rcu,
            "wcu_reported_by_moto": self.reported_wcu,
            "calls_without_consumed_capacity": dict(self.reported_missing),
            "items_read": self.items_read,
            "bytes_read": self.read_bytes,
            "bytes_written": self.written_bytes,
            "seconds_in_calls": round(self.seconds_in_calls, 3),
            "seconds_metering_excluded": round(self.seconds_metering, 3),
            "largest_put": self.largest_put,
        }


class Recorder:
    """botocore handlers on every model's client; counts only while a meter is set.

    Not `bench.meter.Meter`: that one sizes every item by reading it back with a probe client, which
    here would read each run's 500,000 items a second time. The job's reads are plain Queries that return
    whole items, and its writes are of items this process wrote, so sizes come from the calls."""

    def __init__(self) -> None:
        self.meter: Meter | None = None
        self.key_names: dict[str, tuple[str, ...]] = {}
        self.stored: dict[tuple[str, str], int] = {}  # sizes of items this process wrote
        self._installed: set[int] = set()

    def install(self, models: Iterable[Any]) -> None:
        """Count the calls of every model's client (once per client)."""
        for model in models:
            self.key_names[model.Meta.table_name] = tuple(
                name for name, attr in model.get_attributes().items() if attr.is_hash_key or attr.is_range_key
            )
            hook(model._get_connection().connection.client, self._installed, self.before, self.after)

    def _key(self, table: str, item: dict[str, Any]) -> tuple[str, str]:
        return table, json.dumps([item.get(k) for k in self.key_names.get(table, ())], sort_keys=True)

    def before(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if self.meter is None:
            return
        entered = time.perf_counter()
        request = json.loads(params.get("body") or b"{}")
        self.meter.calls[model.name] += 1
        left = time.perf_counter()
        self.meter.seconds_metering += left - entered
        context["bench"] = (request, left)

    def after(self, model: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        meter = self.meter
        if meter is None or "bench" not in context:
            return
        entered = time.perf_counter()
        request, started = context.pop("bench")
        meter.seconds_in_calls += entered - started
        try:
            self._account(meter, model.name, request, parsed)
        finally:
            meter.seconds_metering += time.perf_counter() - entered

    def _account(self, meter: Meter, operation: str, request: dict[str, Any], parsed: dict[str, Any]) -> None:
        """Reads by the sizes of the items returned; writes by the sizes of the items sent."""
        meter.reported(operation, parsed.get("ConsumedCapacity"))
        consistent = bool(request.get("ConsistentRead"))
        table = request.get("TableName", "")
        if operation == "GetItem":
            meter.read(item_size(parsed.get("Item") or {}), consistent, 1 if parsed.get("Item") else 0)
        elif operation == "BatchGetItem":
            for table, items in (parsed.get("Responses") or {}).items():
                strong = bool(request["RequestItems"][table].get("ConsistentRead"))
                for item in items:
                    meter.read(item_size(item), strong, 1)
        elif operation in ("Query", "Scan"):
            items = parsed.get("Items") or []
            # A projection is billed on whole items: those this process wrote are known in full.
            size = sum(max(item_size(i), self.stored.get(self._key(table, i), 0)) for i in items)
            meter.read(size, consistent, len(items))
        elif operation == "PutItem":
            self._put(meter, table, request["Item"])
        elif operation == "BatchWriteItem":
            self._batch_write(meter, request)

    def _batch_write(self, meter: Meter, request: dict[str, Any]) -> None:
        for table, writes in request["RequestItems"].items():
            for write in writes:
                if "PutRequest" in write:
                    self._put(meter, table, write["PutRequest"]["Item"])
                else:  # a delete is billed on the size of the item it removes
                    meter.wcu += write_units(
                        self.stored.pop(self._key(table, write["DeleteRequest"]["Key"]), 0)
                    )

    def _put(self, meter: Meter, table: str, item: dict[str, Any]) -> None:
        size = item_size(item)
        key = self._key(table, item)
        meter.wcu += write_units(max(size, self.stored.get(key, 0)))
        meter.written_bytes += size
        self.stored[key] = size
        if size > meter.largest_put.get("bytes", -1):
            meter.largest_put = {"bytes": size, "table": table, "sk": item.get("sk", {}).get("S")}


RECORDER = Recorder()


def metered(fn: Any, *args: Any) -> tuple[Any, Meter, float]:
    """`fn(*args)`'s result, its DynamoDB calls, and its seconds less the metering's own."""
    meter = Meter()
    RECORDER.meter = meter
    started = time.perf_counter()
    try:
        result = fn(*args)
    finally:
        elapsed = time.perf_counter() - started - meter.seconds_metering
        RECORDER.meter = None
    return result, meter, elapsed
