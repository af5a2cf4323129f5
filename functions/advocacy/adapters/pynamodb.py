"""Every use of PynamoDB's private internals, in one place (tests/unit/test_pynamodb_adapter.py checks
each still holds after an upgrade).

PynamoDB has no public way to share one botocore client between models, to let a model drop its
cached connection, or to list what a transaction holds; these three are what the store needs.
"""

from __future__ import annotations

from typing import Any

from pynamodb.connection import Connection
from pynamodb.connection.table import TableConnection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite


def table_connection(model: type[Model]) -> TableConnection:
    """The model's table connection: its table's schema and the client it talks through."""
    return model._get_connection()


def forget_connection(model: type[Model]) -> None:
    """Make the model build its table connection again (its table name or SDK limits changed)."""
    model._connection = None


def share_connection(model: type[Model], shared: Connection) -> None:
    """Send the model's calls through `shared` (one botocore client per container), teaching it the
    model's table schema first; two models may share a table (the org and its groups)."""
    table = table_connection(model)
    if table.connection is shared:
        return
    name = model.Meta.table_name
    if name not in shared._tables:
        shared.add_meta_table(table.connection.get_meta_table(name))
    table.connection = shared


def transaction_items(tx: TransactWrite) -> list[dict[str, Any]]:
    """The transaction's operations in the order PynamoDB sends them: condition checks, then deletes,
    then puts, then updates, whatever order they were added in. DynamoDB's cancellation reasons
    follow this order."""
    return [*tx._condition_check_items, *tx._delete_items, *tx._put_items, *tx._update_items]
