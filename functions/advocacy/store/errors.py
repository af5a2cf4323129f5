"""Reading PynamoDB's failures: which condition failed, and whether DynamoDB was only busy."""

from __future__ import annotations

from pynamodb.exceptions import PynamoDBException, TransactWriteError

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


def condition_failed(exc: PynamoDBException) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


def cancelled_reasons(exc: TransactWriteError) -> list[str | None]:
    """One code per transaction item (None where that item was fine)."""
    return [reason.code if reason else None for reason in (exc.cancellation_reasons or [])]


def is_retryable(exc: PynamoDBException) -> bool:
    """Busy or unreachable, not wrong: throttling, DynamoDB 5xx, timeouts and lost connections."""
    code = exc.cause_response_code
    if code is None:
        return True  # no response at all: a timeout or a connection error
    if code in RETRYABLE_CODES:
        return True
    if isinstance(exc, TransactWriteError):
        return any(reason in RETRYABLE_CODES for reason in cancelled_reasons(exc))
    return False
