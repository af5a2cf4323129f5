"""The one way to write a DynamoDB transaction, read why it was cancelled, and try it again.

`writing()` commits a transaction and turns a cancellation into `Cancelled`, whose failed items are
named by table and key and classified: a condition that failed, a conflict with another transaction,
or throttling. `retrying()` runs a read-then-write attempt again, after a jittered pause, when what it
read moved (`Retry`) or the transaction lost a conflict with another; the caller decides what every
other failure means. Throttling is not retried here: it goes up as a 503 with Retry-After from the
API, or a failed record the stream delivers again, so a busy table is not asked harder.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from advocacy.adapters.pynamodb import transaction_items
from advocacy.domain.errors import Unavailable
from advocacy.store.errors import CONDITION_FAILED, CONFLICT, THROTTLED_REASONS
from advocacy.store.tables import transaction

ATTEMPTS = 5
PAUSE_S = 0.02  # the first pause is 1 to 2 times this; each later one doubles both bounds

T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    """One item of a cancelled transaction that failed: its table, key and reason code."""

    table: str
    key: dict[str, Any]
    reason: str

    def on(self, model: type[Model], sk_prefix: str = "") -> bool:
        """Whether the failed item is in `model`'s table (and its `sk` starts with `sk_prefix`)."""
        if self.table != model.Meta.table_name:
            return False
        return not sk_prefix or self.sort_key.startswith(sk_prefix)

    @property
    def sort_key(self) -> str:
        return str(self.key.get("sk", {}).get("S", ""))


class Cancelled(TransactWriteError):
    """DynamoDB cancelled the transaction; `failures` are the items that failed, with their reasons.

    Still a TransactWriteError, so one that nobody handles is answered as any other (a 503 when it
    was only busy, see store.errors.is_retryable).
    """

    def __init__(self, cause: TransactWriteError, failures: list[Failure]) -> None:
        super().__init__(str(cause), cause.cause)
        self.failures = failures

    def condition_failed(self, model: type[Model], sk_prefix: str = "") -> bool:
        """Whether the condition on an item of `model` (with that `sk` prefix) failed."""
        return any(f.reason == CONDITION_FAILED and f.on(model, sk_prefix) for f in self.failures)

    @property
    def conflict(self) -> bool:
        """Another transaction was writing one of the items: the same attempt may pass now."""
        return any(f.reason == CONFLICT for f in self.failures)

    @property
    def throttled(self) -> bool:
        return any(f.reason in THROTTLED_REASONS for f in self.failures)


class Retry(Exception):
    """Raised by an attempt whose reads moved under it (a condition on what it read failed)."""


@contextmanager
def writing() -> Iterator[TransactWrite]:
    """A transaction committed when the block ends; a cancellation raises `Cancelled`."""
    tx = transaction()
    try:
        with tx:
            yield tx
    except TransactWriteError as exc:
        if not exc.cancellation_reasons:
            raise  # no answer, or an error before DynamoDB looked at the items
        raise Cancelled(exc, failures(tx, exc)) from exc


def retrying(
    attempt: Callable[[], T], *, attempts: int = ATTEMPTS, exhausted: Callable[[], Exception] = Unavailable
) -> T:
    """Run `attempt` until it returns. A `Retry`, or a cancellation by a conflicting transaction, runs
    it again after a pause that grows with each attempt (jittered, so racing writers spread out);
    after `attempts` tries, raise `exhausted()`. Any other failure is raised at once. The n-th pause is
    drawn from [PAUSE_S * 2^n, PAUSE_S * 2^(n+1)]: bands that touch but never overlap, so the pauses
    are jittered and each is still longer than the one before."""
    for number in range(attempts):
        try:
            return attempt()
        except Retry:
            pass
        except Cancelled as exc:
            if not exc.conflict:
                raise
        if number + 1 < attempts:
            time.sleep(PAUSE_S * 2**number * random.uniform(1, 2))  # noqa: S311 - jitter, not security
    raise exhausted()


def failures(tx: TransactWrite, exc: TransactWriteError) -> list[Failure]:
    """The failed items of a cancelled transaction, matched to its operations by position in the order
    PynamoDB sent them (never the order they were added in)."""
    reasons = [reason.code if reason else None for reason in (exc.cancellation_reasons or [])]
    found = []
    for operation, reason in zip(transaction_items(tx), reasons, strict=False):
        if reason and reason != "None":
            key = operation.get("Key") or operation.get("Item") or {}
            found.append(Failure(str(operation.get("TableName")), dict(key), reason))
    return found
