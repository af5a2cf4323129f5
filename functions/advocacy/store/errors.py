"""Reading PynamoDB's failures: which condition failed, and whether DynamoDB was only busy (a cancelled
transaction's items are read in store.transactions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pynamodb.exceptions import DoesNotExist, PutError, PynamoDBException, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

M = TypeVar("M", bound=Model)


class Changed(Exception):
    """An item written on the condition that it is as it was read (its `rev`, its name, that it
    exists) had moved: another request wrote it first."""


# Errors after which the same request may succeed if retried: the API answers 503 + Retry-After.
RETRYABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
    }
)
# Why an item of a cancelled transaction failed (DynamoDB's cancellation reason codes).
CONDITION_FAILED = "ConditionalCheckFailed"
CONFLICT = "TransactionConflict"  # another transaction was writing the item
THROTTLED_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded"})
# The reasons after which a retry of the whole transaction may succeed.
RETRYABLE_REASONS = THROTTLED_REASONS | {CONFLICT}


def response_code(exc: PynamoDBException) -> str | None:
    """DynamoDB's error code, or None when no answer came (a timeout or a lost connection).

    PynamoDB's own `cause_response_code` raises on causes whose `response` is None, as botocore's
    timeouts are: read the code here, never there.
    """
    response = getattr(exc.cause, "response", None)
    if not isinstance(response, dict):
        return None
    code = response.get("Error", {}).get("Code")
    return str(code) if code else None


def condition_failed(exc: PynamoDBException) -> bool:
    return response_code(exc) == "ConditionalCheckFailedException"


def cancelled_reasons(exc: TransactWriteError) -> list[str | None]:
    """One code per transaction item (None where that item was fine)."""
    return [reason.code if reason else None for reason in (exc.cancellation_reasons or [])]


def is_retryable(exc: PynamoDBException) -> bool:
    """Busy or unreachable, not wrong: throttling, DynamoDB 5xx, timeouts and lost connections."""
    code = response_code(exc)
    if code is None:
        return True  # no response at all: a timeout or a connection error
    if code in RETRYABLE_CODES:
        return True
    if isinstance(exc, TransactWriteError):
        return any(reason in RETRYABLE_REASONS for reason in cancelled_reasons(exc))
    return False


def put_new(item: Model) -> bool:
    """Write `item` only if its key is new. False when it already exists (a repeat is a no-op)."""
    hash_key = type(item)._hash_key_attribute()
    try:
        item.save(condition=hash_key.does_not_exist())
    except PutError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def get_or_none(model: type[M], hash_key: Any, range_key: Any = None, *, consistent: bool = True) -> M | None:
    """The item with this key, or None (PynamoDB raises DoesNotExist)."""
    try:
        return model.get(hash_key, range_key, consistent_read=consistent)
    except DoesNotExist:
        return None


def update_if(item: Model, actions: Sequence[Action], condition: Condition) -> bool:
    """Apply `actions` to `item` if `condition` holds; False when it does not (nothing written)."""
    try:
        item.update(actions=list(actions), condition=condition)
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True
