"""Counts the DynamoDB calls the functions make: the round trips a request costs, and the items a
job writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def _event_systems() -> list[Any]:
    """The event systems of every DynamoDB client of the functions: the shared connections (models
    and transactions) and any model's own."""
    from advocacy.store import clients, tables
    from advocacy.store.models import TABLE_ENV

    found = [tables.connection(clients.DEFAULT).client, tables.connection(clients.REDIRECT).client]
    found += [m._get_connection().connection.client for m in TABLE_ENV if m.Meta.table_name]
    return list({id(c.meta.events): c.meta.events for c in found}.values())


@contextmanager
def _hooked(event: str, handler: Callable[..., None]) -> Iterator[None]:
    systems = _event_systems()
    for events in systems:
        events.register(event, handler)
    try:
        yield
    finally:
        for events in systems:
            events.unregister(event, handler)


@contextmanager
def dynamodb_calls() -> Iterator[list[str]]:
    """The operations (GetItem, Query, ...) every DynamoDB client of the functions sends inside the
    block, in order."""
    calls: list[str] = []

    def count(model: Any, **_: Any) -> None:
        calls.append(model.name)

    with _hooked("before-call.dynamodb", count):
        yield calls


@contextmanager
def items_written(table: str) -> Iterator[list[str]]:
    """The sort keys of the items put into `table` (PutItem, or a BatchWriteItem's puts) inside the
    block, in order: what a job rewrote."""
    written: list[str] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name == "PutItem" and params.get("TableName") == table:
            written.append(params["Item"]["sk"]["S"])
        elif model.name == "BatchWriteItem":
            for request in params.get("RequestItems", {}).get(table, ()):
                if "PutRequest" in request:
                    written.append(request["PutRequest"]["Item"]["sk"]["S"])

    with _hooked("before-parameter-build.dynamodb", record):
        yield written
