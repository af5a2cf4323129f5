"""The operation a request with an `Idempotency-Key` performs, pinned so that a retry redoes it exactly.

When a write is applied but its answer is lost (a timeout), the request answers 503 and the
idempotency record is dropped, so the client's retry with the same key runs the route again. For that
retry to find its own earlier writes rather than make new ones, a keyed request runs with the time of
its first attempt and with ids and transaction tokens derived from the key, issued in the order the
route asks for them. The retry then builds the same items: their `attribute_not_exists` conditions
fail and the store answers with what is there (within 10 minutes DynamoDB also recognises the
transaction token and applies nothing). Requests without a key get random ids and tokens.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from advocacy.domain import ids


@dataclass
class Operation:
    key: str
    now: datetime
    issued: int = 0

    def seed(self, kind: str) -> str:
        self.issued += 1
        return f"{self.key}\x1f{kind}\x1f{self.issued}"


_current: ContextVar[Operation | None] = ContextVar("operation", default=None)


@contextmanager
def pinned(key: str, now: datetime) -> Iterator[Operation]:
    """Run the block as the operation `key` first attempted at `now`."""
    token = _current.set(Operation(key, now))
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


def current() -> Operation | None:
    return _current.get()


def new_id() -> str:
    op = _current.get()
    return ids.new_id() if op is None else ids.derived_id(op.seed("id"))


def sortable_id(at: datetime) -> str:
    op = _current.get()
    return ids.sortable_id(at) if op is None else ids.sortable_id(at, op.seed("sortable"))


def transaction_token() -> str:
    """A ClientRequestToken (at most 36 characters)."""
    op = _current.get()
    return uuid.uuid4().hex if op is None else ids.derived_id(op.seed("transaction"))
