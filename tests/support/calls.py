"""Counts the DynamoDB calls the functions make: the round trips a request costs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def dynamodb_calls() -> Iterator[list[str]]:
    """The operations (GetItem, Query, ...) every DynamoDB client of the functions sends inside the
    block, in order: the shared connections (models and transactions) and any model's own."""
    from advocacy.store import clients, tables
    from advocacy.store.models import TABLE_ENV

    found = [tables.connection(clients.DEFAULT).client, tables.connection(clients.REDIRECT).client]
    found += [m._get_connection().connection.client for m in TABLE_ENV if m.Meta.table_name]
    unique = {id(c.meta.events): c.meta.events for c in found}
    calls: list[str] = []

    def count(model: Any, **_: Any) -> None:
        calls.append(model.name)

    for events in unique.values():
        events.register("before-call.dynamodb", count)
    try:
        yield calls
    finally:
        for events in unique.values():
            events.unregister("before-call.dynamodb", count)
