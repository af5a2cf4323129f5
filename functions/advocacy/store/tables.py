"""Binds the models to the table names a function was deployed with, once per container."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from functools import cache

from pynamodb.connection import Connection
from pynamodb.transactions import TransactWrite

from advocacy.store.models import TABLE_ENV


def bind(tables: Mapping[str, str]) -> None:
    """Point every model whose table env var is present at that table (dropping its cached
    connection only when the table changes, so functions sharing a process share clients)."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    changed = False
    for model, env_name in TABLE_ENV.items():
        if env_name in tables and (model.Meta.table_name, model.Meta.region) != (tables[env_name], region):
            model.Meta.table_name = tables[env_name]
            model.Meta.region = region
            model._connection = None
            changed = True
    if changed:
        connection.cache_clear()


@cache
def connection() -> Connection:
    """The connection for transactions; one per container, like the models' own."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return Connection(region=region, max_retry_attempts=3, connect_timeout_seconds=2, read_timeout_seconds=3)


def transaction() -> TransactWrite:
    """A TransactWrite with its own ClientRequestToken: when the SDK re-sends a commit whose answer
    was lost, DynamoDB recognises the token and does not apply it twice."""
    return TransactWrite(connection=connection(), client_request_token=uuid.uuid4().hex)
