"""Make moto's DynamoDB isolate requests, as DynamoDB does.

moto applies a TransactWriteItems item by item and, when one fails, restores deep copies of the
tables taken before it started, with no lock: a cancelled transaction can roll back writes another
request committed meanwhile, and a copy taken while another thread writes can fail. DynamoDB applies
each request atomically and transactions in a serializable order. The local stack and the tests that
race requests therefore let moto handle one DynamoDB request at a time (requests still arrive
interleaved, from as many threads or processes as the test uses). moto has no such option itself.
"""

from __future__ import annotations

import threading
from typing import Any

from moto.dynamodb.responses import DynamoHandler

_LOCK = threading.RLock()


def isolate_requests() -> None:
    """Serialize moto's DynamoDB request handling in this process (idempotent)."""
    original = DynamoHandler.call_action
    if getattr(original, "__advocacy_serialized__", False):
        return

    def call_action(self: DynamoHandler) -> Any:
        with _LOCK:
            return original(self)

    call_action.__advocacy_serialized__ = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
