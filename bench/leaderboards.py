"""Benchmark of the leaderboards job and of one leaderboard read, on moto (in-process, no network).

    python -m bench.leaderboards [--sizes 1000,10000,100000] [--groups 5] [--profile] [--distinct-scores]

For each size N it seeds, in a fresh `mock_aws`, one org (time zone Europe/Paris) with N active
members spread over G groups and a score for every member on each of the 4 current period boards
(skewed points: many small, few large; seeded RNG; with `--distinct-scores` every member's all-time
score is different, the histogram's worst case, which pages it past about 4,000 members), then
measures:

- the job's first run for the org (`advocacy.leaderboards.build_org`): it also builds and
  finalises the previous week, month and quarter, which happens once after each period ends;
- the job's steady run (15 minutes later, what every other run costs);
- one leaderboard read as `GET /leaderboards/all` does it: the caller's member record, the
  snapshot, the caller's live score (and the one histogram page it falls on, if the board has pages).

DynamoDB calls are counted with botocore event handlers on the models' clients. Capacity is given
twice: as moto reports it (moto returns a flat 0.5 or 1.0 per call whatever the item sizes, so it
is NOT what DynamoDB would bill), and as computed from the sizes of the items each call read or
wrote, the way DynamoDB bills on-demand tables: reads 4 KB per RCU (half for eventually consistent
reads, which is what PynamoDB does unless asked otherwise; a Query is billed on the summed size of
the items of each page), writes 1 KB per WCU on the larger of the old and the new item. Seeding is
not measured. Seconds are wall-clock on this machine and include moto itself, which is far slower
than DynamoDB; call counts, pages, capacity and item sizes are the representative figures. Time
spent in this module's own handlers is taken out of the job's seconds. moto's Query is made
linear for the plain case the job uses (see `fast_moto`; `--plain-moto` turns that off).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import sys
import time
import uuid
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from bench.operations import DUMMY_AWS
from bench.operations import TABLES as ALL_TABLES

TIMEZONE = "Europe/Paris"
# Wednesday of ISO week 2026-W45: the previous week, month (October) and quarter (Q3) have ended.
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
TABLES = {name: ALL_TABLES[name] for name in ("ORGS_TABLE", "MEMBERS_TABLE", "SCORES_TABLE", "BOARDS_TABLE")}
SEED_BATCH = 1000  # items per BatchWriteItem while seeding (moto accepts more than DynamoDB's 25)
ITEM_LIMIT = 400 * 1024
RESULTS = Path(__file__).with_name("results-leaderboards.json")


def _environment() -> None:
    """Dummy credentials and region: everything below runs against moto, never against AWS."""
    os.environ.update({**TABLES, **DUMMY_AWS, "AWS_SESSION_TOKEN": "testing"})
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        os.environ.pop(name, None)


_environment()

from moto import mock_aws  # noqa: E402 - after the dummy credentials are set
from moto.dynamodb.comparisons import OpDefault  # noqa: E402
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT, Table  # noqa: E402
from moto.dynamodb.responses import DynamoHandler  # noqa: E402

from advocacy import leaderboards  # noqa: E402
from advocacy.api import leaderboards as leaderboards_api  # noqa: E402
from advocacy.domain.periods import PERIODS, board_keys  # noqa: E402
from advocacy.domain.ranking import decode_bounds, decode_histogram, encode_histogram  # noqa: E402
from advocacy.store import boards, members  # noqa: E402
from advocacy.store.models import (  # noqa: E402
    BoardModel,
    GroupModel,
    HistogramPageModel,
    MemberModel,
    OrgModel,
    ScoreModel,
)
from advocacy.store.tables import bind  # noqa: E402
from bench.meter import item_size, read_units, write_units  # noqa: E402
from bench.report import text_table  # noqa: E402

MODELS: tuple[Any, ...] = (OrgModel, GroupModel, MemberModel, ScoreModel, BoardModel, HistogramPageModel)


# --- Metering ------------------------------------------------------------------------------------


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
    seconds_metering: float = 0.0  # this module's own handlers, taken out of the job's seconds
    largest_put: dict[str, Any] = field(default_factory=dict)

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


WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


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

    def install(self) -> None:
        for model in MODELS:
            self.key_names[model.Meta.table_name] = tuple(
                name for name, attr in model.get_attributes().items() if attr.is_hash_key or attr.is_range_key
            )
            client = model._get_connection().connection.client
            events = client.meta.events
            if id(events) in self._installed:
                continue
            events.register("before-call.dynamodb", self.before)
            events.register("after-call.dynamodb", self.after)
            self._installed.add(id(events))

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
        capacity = parsed.get("ConsumedCapacity")
        if capacity is None:
            meter.reported_missing[operation] += 1
        else:
            units = sum(
                c.get("CapacityUnits", 0.0) for c in (capacity if isinstance(capacity, list) else [capacity])
            )
            if operation in WRITES:
                meter.reported_wcu += units
            else:
                meter.reported_rcu += units
        consistent = bool(request.get("ConsistentRead"))
        table = request.get("TableName", "")
        if operation == "GetItem":
            size = item_size(parsed.get("Item") or {})
            meter.rcu += read_units(size, consistent)
            meter.read_bytes += size
            meter.items_read += 1 if parsed.get("Item") else 0
        elif operation == "BatchGetItem":
            for table, items in (parsed.get("Responses") or {}).items():
                strong = bool(request["RequestItems"][table].get("ConsistentRead"))
                for item in items:
                    size = item_size(item)
                    meter.rcu += read_units(size, strong)
                    meter.read_bytes += size
                    meter.items_read += 1
        elif operation in ("Query", "Scan"):
            items = parsed.get("Items") or []
            # A projection is billed on whole items: those this process wrote are known in full.
            size = sum(max(item_size(i), self.stored.get(self._key(table, i), 0)) for i in items)
            meter.rcu += read_units(size, consistent)
            meter.read_bytes += size
            meter.items_read += len(items)
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
    meter = Meter()
    RECORDER.meter = meter
    started = time.perf_counter()
    try:
        result = fn(*args)
    finally:
        elapsed = time.perf_counter() - started - meter.seconds_metering
        RECORDER.meter = None
    return result, meter, elapsed


# --- moto, made fast enough for 100,000 members ------------------------------------------------
#
# moto 5.2 answers each Query page by sorting the whole TABLE (every partition) with Python-level
# comparisons, skipping the previous pages item by item, deep-copying the page and then walking
# every attribute through its generic response serializer: about 1 ms per item read at 10,000
# members, and quadratic in the partition size, so one job run at 100,000 members would take hours.
# `fast_moto` replaces just those two steps, for the plain case the job uses (a base-table Query on
# the partition key alone, no filter, no projection, string sort key) with the same semantics:
# ascending or descending sort-key order, the ExclusiveStartKey, moto's own 1 MB page cut and
# LastEvaluatedKey; and it writes Query and Scan responses with `json.dumps`, which is what the JSON
# protocol is. Every other call goes to moto untouched. `--plain-moto` turns it off, so the two can
# be compared (same calls, pages, items, bytes and snapshots).


def _fast_query(original: Any) -> Any:
    def query(
        self: Table,
        hash_key: Any,
        range_comparison: Any,
        range_objs: Any,
        limit: Any,
        exclusive_start_key: Any,
        scan_index_forward: bool,
        projection_expressions: Any,
        index_name: str | None = None,
        consistent_read: bool = False,
        filter_expression: Any = None,
        hash_key_conditions: Any = None,
        range_key_conditions: Any = None,
        **filter_kwargs: Any,
    ) -> Any:
        plain = (
            hash_key is not None
            and not range_comparison
            and not projection_expressions
            and index_name is None
            and (filter_expression is None or type(filter_expression) is OpDefault)  # no filter
            and not filter_kwargs
            and not range_key_conditions
            and (not hash_key_conditions or len(hash_key_conditions) == 1)
            and self.range_key_attr is not None
            and self.range_key_type == "S"
        )
        if not plain:
            return original(
                self,
                hash_key,
                range_comparison,
                range_objs,
                limit,
                exclusive_start_key,
                scan_index_forward,
                projection_expressions,
                index_name=index_name,
                consistent_read=consistent_read,
                filter_expression=filter_expression,
                hash_key_conditions=hash_key_conditions,
                range_key_conditions=range_key_conditions,
                **filter_kwargs,
            )
        partition = self.items.get(hash_key) or {}
        ordered = sorted(partition.values(), key=lambda item: item.range_key.value)
        keys = [item.range_key.value for item in ordered]
        if not scan_index_forward:
            ordered.reverse()
            keys.reverse()
        start = 0
        if exclusive_start_key:
            raw = exclusive_start_key[self.range_key_attr]
            value = raw["S"] if isinstance(raw, dict) else raw.value
            if scan_index_forward:
                start = bisect_right(keys, value)
            else:  # keys descending: first index whose key is below the start key
                start = len(keys) - bisect_left(keys[::-1], value)
        results: list[Any] = []
        size = 0
        last_evaluated_key = None
        for item in ordered[start:]:
            item_size = item.size()
            if len(results) == limit or size + item_size > RESULT_SIZE_LIMIT:
                last_evaluated_key = self._get_last_evaluated_key(results[-1], None)
                break
            results.append(item)
            size += item_size
        return results, len(results), last_evaluated_key

    return query


def _fast_serialized(original: Any) -> Any:
    def serialized(self: DynamoHandler, action_result: Any) -> Any:
        result = action_result.result
        if self._get_action() in ("Query", "Scan") and isinstance(result, dict):
            headers = {"Content-Type": "application/x-amz-json-1.0", **self.response_headers}
            return 200, headers, json.dumps(result)
        return original(self, action_result)

    return serialized


@contextmanager
def fast_moto(enabled: bool) -> Iterator[None]:
    with ExitStack() as stack:
        if enabled:
            stack.enter_context(mock.patch.object(Table, "query", _fast_query(Table.query)))
            stack.enter_context(
                mock.patch.object(DynamoHandler, "serialized", _fast_serialized(DynamoHandler.serialized))
            )
        yield


# --- Seeding (not measured) ----------------------------------------------------------------------


def _create_tables() -> None:
    for model in {m.Meta.table_name: m for m in MODELS}.values():
        model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def _write_all(model: Any, items: Iterable[Any]) -> None:
    with model.batch_write() as batch:
        batch.max_operations = SEED_BATCH
        for item in items:
            batch.save(item)


def _scores(rng: random.Random, all_time: int | None) -> dict[str, int]:
    """One member's points per period: all-time Pareto-distributed (or `all_time`), each period a
    share of the longer one, and half of the members idle this week."""
    everything = int(rng.paretovariate(1.16) * 20) - 20 if all_time is None else all_time
    quarter = int(everything * rng.random())
    month = int(quarter * rng.random())
    week = 0 if rng.random() < 0.5 else int(month * rng.random())
    return {"week": week, "month": month, "quarter": quarter, "all": everything}


def seed(
    size: int, group_count: int, seed_value: int, distinct: bool
) -> tuple[OrgModel, list[str], dict[str, int]]:
    """One org, its groups, `size` active members and their scores on the 4 current boards (with
    `distinct`, member i has i all-time points).

    Returns the org, the member ids and the number of distinct scores per period."""
    rng = random.Random(seed_value)
    created = NOW - timedelta(days=400)
    org_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    org = OrgModel(org_id=org_id, name="Bench Inc", timezone=TIMEZONE, created_at=created, updated_at=created)
    org.save()
    group_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(group_count)]
    _write_all(
        GroupModel,
        (
            GroupModel(org_id=org_id, sk=f"GROUP#{g}", group_id=g, name=f"Group {i}", created_at=created)
            for i, g in enumerate(group_ids)
        ),
    )
    member_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(size)]
    member_items = []
    for i, member_id in enumerate(member_ids):
        groups = {rng.choice(group_ids)} if group_ids else set()
        if group_ids and rng.random() < 0.1:
            groups.add(rng.choice(group_ids))
        member_items.append(
            MemberModel(
                org_id=org_id,
                member_id=member_id,
                email=f"member{i}@bench.example",
                name=f"Member {i}",
                role="member",
                status="active",
                groups=groups,
                networks={
                    "linkedin": {"handle": f"member-{i}", "followers": int(rng.paretovariate(1.5) * 100)}
                },
                created_at=created,
                updated_at=created,
            )
        )
    _write_all(MemberModel, member_items)
    keys = board_keys(NOW, TIMEZONE)
    seen: dict[str, set[int]] = {p: set() for p in PERIODS}
    score_items = []
    for i, member_id in enumerate(member_ids):
        for period, points in _scores(rng, i if distinct else None).items():
            seen[period].add(points)
            score_items.append(
                ScoreModel(
                    board=boards.period_board(org_id, period, keys[period]),
                    member_id=member_id,
                    points=points,
                    shares=points // 12,
                    clicks=points // 4,
                )
            )
    _write_all(ScoreModel, score_items)
    return org, member_ids, {p: len(v) for p, v in seen.items()}


# --- One size ------------------------------------------------------------------------------------


def _read(org_id: str, member_id: str) -> int | None:
    """What GET /leaderboards/all reads: the caller (authorize) with the current snapshot in one
    BatchGetItem, then the caller's score."""
    _, found = members.find_member_with(
        org_id, member_id, boards.snapshot_read(org_id, boards.current_sk("all", leaderboards.EVERYONE))
    )
    snapshot = boards.snapshot_from(found)
    assert snapshot is not None
    me = leaderboards_api._me(snapshot, org_id, member_id, in_scope=True)
    return me.rank if me else None


def _snapshot_sizes(org_id: str) -> list[dict[str, Any]]:
    """Size of every current snapshot item (read back with a Query outside any meter)."""
    out = []
    for board in BoardModel.query(org_id):
        if "#current#" not in board.sk:
            continue
        raw = board.serialize()
        out.append(
            {
                "sk": board.sk,
                "bytes": item_size({**raw, "org_id": {"S": org_id}, "sk": {"S": board.sk}}),
                "entries_bytes": len(board.entries.encode()),
                "histogram_bytes": len(board.histogram.encode()),
                "histogram_scores": len(decode_histogram(board.histogram)),
                "histogram_pages": len(decode_bounds(board.histogram_pages)),
                "members": int(board.members),
            }
        )
    return sorted(out, key=lambda s: -s["bytes"])


def worst_histogram_bytes(size: int, top_score: int) -> int:
    """Encoded histogram size if every member had a different score (the histogram's upper bound)."""
    top = max(top_score, size)
    return len(encode_histogram((score, 1) for score in range(top, top - size, -1)))


def run_size(
    size: int, group_count: int, seed_value: int, profile: bool, fast: bool, distinct: bool
) -> dict[str, Any]:
    with mock_aws(), fast_moto(fast):
        bind(TABLES)
        _create_tables()
        RECORDER.install()
        started = time.perf_counter()
        org, member_ids, distinct_scores = seed(size, group_count, seed_value, distinct)
        seeded = time.perf_counter() - started
        print(f"  {size:>7,} members: seeded in {seeded:.1f} s", file=sys.stderr, flush=True)

        first_written, first, first_s = metered(leaderboards.build_org, org, NOW)
        print(f"  {size:>7,} members: first run {first_s:.1f} s", file=sys.stderr, flush=True)
        later = NOW + timedelta(minutes=15)
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        steady_written, steady, steady_s = metered(leaderboards.build_org, org, later)
        if profiler:
            profiler.disable()
        print(f"  {size:>7,} members: steady run {steady_s:.1f} s", file=sys.stderr, flush=True)

        # With distinct scores, member 0 has the lowest: the read that needs a histogram page.
        reader = member_ids[0] if distinct else member_ids[len(member_ids) // 2]
        rank, read, read_s = metered(_read, org.org_id, reader)
        snapshots = _snapshot_sizes(org.org_id)
        all_time = BoardModel.get(org.org_id, boards.current_sk("all", leaderboards.EVERYONE))
        histogram = decode_histogram(all_time.histogram)
        top_score = histogram[0][0] if histogram else 0

    result: dict[str, Any] = {
        "members": size,
        "groups": group_count,
        "moto": "fast query path (see fast_moto)" if fast else "plain",
        "seed_seconds": round(seeded, 1),
        "distinct_scores": distinct_scores,
        "first_run": {"seconds": round(first_s, 3), "snapshots_written": first_written, **first.as_dict()},
        "steady_run": {
            "seconds": round(steady_s, 3),
            "snapshots_written": steady_written,
            **steady.as_dict(),
        },
        "read": {"seconds": round(read_s, 4), "rank": rank, **read.as_dict()},
        "largest_snapshot": snapshots[0],
        "snapshots": snapshots,
        "worst_case_histogram_bytes": worst_histogram_bytes(size, top_score),
    }
    if profiler:
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("cumulative")
        stats.print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        result["profile"] = text.getvalue()
    return result


# --- Report --------------------------------------------------------------------------------------


def _ops(calls: dict[str, int]) -> str:
    return " ".join(f"{op} {n}" for op, n in calls.items())


def report(results: list[dict[str, Any]], command: str) -> str:
    out = [f"$ {command}", ""]
    header = [
        "members",
        "run",
        "job s",
        "DynamoDB calls (by operation)",
        "RCU",
        "WCU",
        "moto RCU/WCU",
        "snapshot bytes",
        "read calls/request",
    ]
    rows = []
    for r in results:
        for label in ("first_run", "steady_run"):
            run = r[label]
            rows.append(
                [
                    f"{r['members']:,}",
                    label.split("_")[0],
                    f"{run['seconds']:.2f}",
                    f"{run['calls_total']}: {_ops(run['calls'])}",
                    f"{run['rcu_computed']:g}",
                    f"{run['wcu_computed']:g}",
                    f"{run['rcu_reported_by_moto']:g}/{run['wcu_reported_by_moto']:g}",
                    f"{r['largest_snapshot']['bytes']:,}",
                    f"{r['read']['calls_total']}: {_ops(r['read']['calls'])}",
                ]
            )
    out.append(text_table(header, rows, right={0}))
    out.append("")
    out.append(
        "RCU/WCU: computed from item sizes as DynamoDB bills on-demand (eventually consistent reads, "
        "4 KB per 0.5 RCU; 1 KB per WCU on the larger of old and new item). "
        "moto RCU/WCU: ConsumedCapacity as moto reports it (flat per call, not size-based)."
    )
    out.append(
        "first: the run after periods ended (also finalises the previous week, month, quarter); "
        "steady: every other run. Seconds include moto, far slower than DynamoDB."
    )
    out.append("")
    out.append("Growth (steady run), per 1,000 members:")
    for r in results:
        run, k = r["steady_run"], r["members"] / 1000
        out.append(
            f"  {r['members']:>7,} members: {run['seconds'] / k:.3f} s, {run['calls_total'] / k:.2f} calls, "
            f"{run['rcu_computed'] / k:.2f} RCU, {run['items_read'] / k:,.0f} items read, "
            f"{run['seconds_in_calls'] / k:.3f} s of it inside DynamoDB calls (moto + botocore)"
        )
    out.append("")
    out.append("Read (GET /leaderboards/all: caller's member record, snapshot, caller's score, page if any):")
    for r in results:
        read = r["read"]
        out.append(
            f"  {r['members']:>7,} members: {read['calls_total']} calls ({_ops(read['calls'])}), "
            f"{read['rcu_computed']:g} RCU computed ({read['bytes_read']:,} bytes read), "
            f"{read['rcu_reported_by_moto']:g} RCU reported by moto"
        )
    out.append("")
    out.append(f"Snapshot items (largest current one; DynamoDB's item limit is {ITEM_LIMIT:,} bytes):")
    for r in results:
        s = r["largest_snapshot"]
        pages = f"; further pages: {s['histogram_pages']}" if s.get("histogram_pages") else ""
        out.append(
            f"  {r['members']:>7,} members: {s['sk']} {s['bytes']:,} bytes = entries {s['entries_bytes']:,} + "
            f"histogram {s['histogram_bytes']:,} ({s['histogram_scores']:,} distinct scores{pages}) + keys/fields; "
            f"if every member had a distinct score the histogram alone would be "
            f"{r['worst_case_histogram_bytes']:,} bytes"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.leaderboards", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="member counts, comma-separated")
    parser.add_argument("--groups", type=int, default=5, help="groups in the org")
    parser.add_argument("--seed", type=int, default=45, help="RNG seed for the generated org")
    parser.add_argument("--profile", action="store_true", help="cProfile the steady run of the largest size")
    parser.add_argument(
        "--plain-moto",
        action="store_true",
        help="moto as shipped (slow: quadratic Query), to check fast_moto",
    )
    parser.add_argument(
        "--distinct-scores",
        action="store_true",
        help="every member a different all-time score (the histogram's worst case, paged)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    command = "python -m bench.leaderboards " + " ".join(argv if argv is not None else sys.argv[1:])
    results = []
    for size in sizes:
        results.append(
            run_size(
                size,
                args.groups,
                args.seed,
                args.profile and size == max(sizes),
                not args.plain_moto,
                args.distinct_scores,
            )
        )
    text = report(results, command.strip())
    print(text)
    for r in results:
        if "profile" in r:
            print(f"\nProfile of the steady run, {r['members']:,} members:\n{r.pop('profile')}")
    args.output.write_text(
        json.dumps(
            {
                "benchmark": "leaderboards",
                "command": command.strip(),
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
                "job_now": NOW.isoformat(),
                "timezone": TIMEZONE,
                "notes": [
                    "rcu_computed/wcu_computed: from item sizes, as DynamoDB bills on-demand tables",
                    "rcu_reported_by_moto/wcu_reported_by_moto: moto's ConsumedCapacity, flat per call",
                    "seconds: wall clock on moto (in-process), not representative of DynamoDB latency",
                ],
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nResults written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
