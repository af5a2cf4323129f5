"""Make moto's DynamoDB transactions isolated, as DynamoDB's are.

moto applies a TransactWriteItems item by item and, when one fails, restores deep copies of the
tables taken before it started. Two concurrent requests can then interleave, and a cancelled
transaction can roll back writes another request committed meanwhile. DynamoDB serializes them.
The local stack and the tests that race requests run every DynamoDB write through one lock, so the
emulator gives the same guarantees our code relies on in AWS (moto has no such option itself).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend

_LOCK = threading.RLock()
_WRITES = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item")


def _serialized(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return method(*args, **kwargs)

    locked.__advocacy_serialized__ = True  # type: ignore[attr-defined]
    return locked


def isolate_transactions() -> None:
    """Wrap moto's DynamoDB writes in one lock (idempotent; affects this process only)."""
    for name in _WRITES:
        method = getattr(DynamoDBBackend, name)
        if not getattr(method, "__advocacy_serialized__", False):
            setattr(DynamoDBBackend, name, _serialized(method))
