"""Binds the models to the table names a function was deployed with, once per container."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from functools import cache

from pynamodb.connection import Connection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from advocacy.store import idempotency
from advocacy.store.clients import DEFAULT, Limits
from advocacy.store.models import TABLE_ENV


def bind(tables: Mapping[str, str], limits: Limits = DEFAULT) -> None:
    """Point every model whose table env var is present at that table, with the function's SDK
    `limits` (dropping its cached connection only when either changes, so functions sharing a
    process share clients), and the idempotency records at theirs."""
    if idempotency.TABLE_ENV in tables:
        idempotency.bind(tables[idempotency.TABLE_ENV], limits)
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    changed = False
    for model, env_name in TABLE_ENV.items():
        if env_name in tables and _binding(model) != (tables[env_name], region, limits):
            model.Meta.table_name = tables[env_name]
            model.Meta.region = region
            model.Meta.max_retry_attempts = limits.attempts - 1  # PynamoDB counts retries only
            model.Meta.connect_timeout_seconds = limits.connect_timeout  # type: ignore[assignment]
            model.Meta.read_timeout_seconds = limits.read_timeout  # type: ignore[assignment]
            model._connection = None
            changed = True
    if changed:
        connection.cache_clear()


def _binding(model: type[Model]) -> tuple[str, str | None, Limits]:
    meta = model.Meta
    limits = Limits(meta.max_retry_attempts + 1, meta.connect_timeout_seconds, meta.read_timeout_seconds)
    return meta.table_name, meta.region, limits


@cache
def connection() -> Connection:
    """The connection for transactions; one per container, like the models' own."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return Connection(
        region=region,
        max_retry_attempts=DEFAULT.attempts - 1,
        connect_timeout_seconds=DEFAULT.connect_timeout,
        read_timeout_seconds=DEFAULT.read_timeout,
    )


def transaction() -> TransactWrite:
    """A TransactWrite with its own ClientRequestToken: when the SDK re-sends a commit whose answer
    was lost, DynamoDB recognises the token and does not apply it twice."""
    return TransactWrite(connection=connection(), client_request_token=uuid.uuid4().hex)
