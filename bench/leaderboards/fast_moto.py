"""moto, made fast enough for 100,000 members.

moto 5.2 answers each Query page by sorting the whole TABLE (every partition) with Python-level
comparisons, skipping the previous pages item by item, deep-copying the page and then walking
every attribute through its generic response serializer: about 1 ms per item read at 10,000
members, and quadratic in the partition size, so one job run at 100,000 members would take hours.
`fast_moto` replaces just those two steps, for the plain case the job uses (a base-table Query on
the partition key alone, no filter, no projection, string sort key) with the same semantics:
ascending or descending sort-key order, the ExclusiveStartKey, moto's own 1 MB page cut and
LastEvaluatedKey; and it writes Query and Scan responses with `json.dumps`, which is what the JSON
protocol is. Every other call goes to moto untouched. `--plain-moto` turns it off, so the two can
be compared (same calls, pages, items, bytes and snapshots).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest import mock

from moto.dynamodb.comparisons import OpDefault
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT, Table
from moto.dynamodb.responses import DynamoHandler


def _start_index(keys: list[str], start_key: str, forward: bool) -> int:
    """Where the page after `start_key` begins in `keys` (ascending, or descending if not `forward`)."""
    if forward:
        return bisect_right(keys, start_key)
    return len(keys) - bisect_left(keys[::-1], start_key)  # first index whose key is below the start key


def _plain_page(table: Table, hash_key: Any, limit: Any, exclusive_start_key: Any, forward: bool) -> Any:
    """One page of a partition in sort-key order: up to `limit` items and moto's 1 MB cut, with the
    LastEvaluatedKey moto would give; what `Table.query` returns."""
    partition = table.items.get(hash_key) or {}
    ordered = sorted(partition.values(), key=lambda item: item.range_key.value)
    keys = [item.range_key.value for item in ordered]
    if not forward:
        ordered.reverse()
        keys.reverse()
    start = 0
    if exclusive_start_key:
        raw = exclusive_start_key[table.range_key_attr]
        start = _start_index(keys, raw["S"] if isinstance(raw, dict) else raw.value, forward)
    results: list[Any] = []
    size = 0
    last_evaluated_key = None
    for item in ordered[start:]:
        item_size = item.size()
        if len(results) == limit or size + item_size > RESULT_SIZE_LIMIT:
            last_evaluated_key = table._get_last_evaluated_key(results[-1], None)
            break
        results.append(item)
        size += item_size
    return results, len(results), last_evaluated_key


def _fast_query(original: Any) -> Any:
    """`Table.query`, answering the plain case itself and every other one with `original`."""

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
        return _plain_page(self, hash_key, limit, exclusive_start_key, scan_index_forward)

    return query


def _fast_serialized(original: Any) -> Any:
    """`DynamoHandler.serialized`, writing Query and Scan results with `json.dumps`."""

    def serialized(self: DynamoHandler, action_result: Any) -> Any:
        result = action_result.result
        if self._get_action() in ("Query", "Scan") and isinstance(result, dict):
            headers = {"Content-Type": "application/x-amz-json-1.0", **self.response_headers}
            try:
                return 200, headers, json.dumps(result)
            except TypeError:  # a binary attribute (a rollup's sketch): moto's own encoder
                pass
        return original(self, action_result)

    return serialized


@contextmanager
def fast_moto(enabled: bool) -> Iterator[None]:
    """moto with the fast Query and JSON responses while it is active (as shipped if not `enabled`)."""
    with ExitStack() as stack:
        if enabled:
            stack.enter_context(mock.patch.object(Table, "query", _fast_query(Table.query)))
            stack.enter_context(
                mock.patch.object(DynamoHandler, "serialized", _fast_serialized(DynamoHandler.serialized))
            )
        yield
