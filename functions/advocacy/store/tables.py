"""Binds the models to the table names a function was deployed with, once per container.

Every model of a function talks through one PynamoDB `Connection` (one botocore session and one
DynamoDB client per container and SDK limits), shared with the transactions: PynamoDB would otherwise
make a session and a client per model, each loading the service model again on its first call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pynamodb.connection import Connection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from advocacy.adapters.pynamodb import forget_connection, share_connection
from advocacy.store import idempotency
from advocacy.store.clients import DEFAULT, Limits
from advocacy.store.models import TABLE_ENV
from advocacy.store.operation import transaction_token


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
            forget_connection(model)
            changed = True
    if changed:
        connection.cache_clear()
    for model, env_name in TABLE_ENV.items():
        if env_name in tables:
            share_connection(model, connection(limits))


def _binding(model: type[Model]) -> tuple[str, str | None, Limits]:
    meta = model.Meta
    limits = Limits(meta.max_retry_attempts + 1, meta.connect_timeout_seconds, meta.read_timeout_seconds)
    return meta.table_name, meta.region, limits


class _Connections:
    """The container's connection for each set of SDK limits (one in a deployed function): every model
    bound with them, and the transactions. `cache_clear()` forgets them (a test's new endpoint)."""

    def __init__(self) -> None:
        self._made: dict[Limits, Connection] = {}

    def __call__(self, limits: Limits = DEFAULT) -> Connection:
        if limits not in self._made:
            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
            self._made[limits] = Connection(
                region=region,
                max_retry_attempts=limits.attempts - 1,
                connect_timeout_seconds=limits.connect_timeout,
                read_timeout_seconds=limits.read_timeout,
            )
        return self._made[limits]

    def cache_clear(self) -> None:
        self._made.clear()


connection = _Connections()


def transaction() -> TransactWrite:
    """A TransactWrite with its own ClientRequestToken: when the SDK re-sends a commit whose answer
    was lost, DynamoDB recognises the token and does not apply it twice (a keyed request's token is
    derived from its Idempotency-Key, so the client's retry is recognised too)."""
    return TransactWrite(connection=connection(), client_request_token=transaction_token())
