"""The idempotency table: Powertools' DynamoDB persistence layer, bound to the table the api function
was deployed with.

Not a PynamoDB model: Powertools reads and writes these records itself. The table has one key,
`KEY_ATTR`, and `EXPIRY_ATTR` (epoch seconds) as its TTL attribute; tests/infra checks the template
against the layer `persistence()` builds. TTL only tidies up: Powertools compares the expiry itself
when it reads or overwrites a record, so an expired record that DynamoDB has not deleted yet is
treated as absent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from advocacy.store.clients import DEFAULT, Limits

if TYPE_CHECKING:  # imported when first used, so functions without this table do not load it
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

TABLE_ENV = "IDEMPOTENCY_TABLE"
KEY_ATTR = "id"
EXPIRY_ATTR = "expiration"

_binding: tuple[str, Limits] = ("", DEFAULT)


def bind(table_name: str, limits: Limits = DEFAULT) -> None:
    """Use `table_name` with the function's SDK `limits` from now on (`store.tables.bind` calls it)."""
    global _binding  # noqa: PLW0603 - set once per container at cold start
    if (table_name, limits) != _binding:
        _binding = (table_name, limits)
        persistence.cache_clear()


@cache
def persistence() -> DynamoDBPersistenceLayer:
    """The persistence layer, made on first use: one client per container, with the function's limits."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    table_name, limits = _binding
    if not table_name:
        raise RuntimeError(f"{TABLE_ENV} was not bound at cold start")
    return DynamoDBPersistenceLayer(
        table_name=table_name, key_attr=KEY_ATTR, expiry_attr=EXPIRY_ATTR, boto_config=limits.config()
    )


FIRST_ATTEMPT_ATTR = "first_attempt_ms"
# A first attempt is forgotten a minute before its key's Powertools record can expire, so a key
# whose record has expired is always a new operation, never pinned to the old one.
ATTEMPT_MARGIN_SECONDS = 60


def first_attempt(key: str, now: datetime, expires_after_seconds: int) -> datetime:
    """The time the operation `key` was first attempted: `now` unless an earlier attempt recorded
    its own (one UpdateItem; see advocacy.store.operation for why a retry runs at that time)."""
    expires = int(now.timestamp()) + expires_after_seconds - ATTEMPT_MARGIN_SECONDS
    kept = _record_attempt(
        key, now, expires, "SET #at = if_not_exists(#at, :now), #exp = if_not_exists(#exp, :exp)"
    )
    if int(kept[EXPIRY_ATTR]) > now.timestamp():
        return datetime.fromtimestamp(int(kept[FIRST_ATTEMPT_ATTR]) / 1000, tz=UTC)
    # Expired, and not yet removed by TTL (which can lag by days): this is a new operation.
    _record_attempt(key, now, expires, "SET #at = :now, #exp = :exp")
    return now


def _record_attempt(key: str, now: datetime, expires: int, expression: str) -> dict[str, Any]:
    """The record as the update left it, in plain values (numbers are Decimal)."""
    from boto3.dynamodb.types import TypeDeserializer  # loaded already, by the persistence layer

    table_name, _ = _binding
    answer = persistence().client.update_item(
        TableName=table_name,
        Key={KEY_ATTR: {"S": key}},
        UpdateExpression=expression,
        ExpressionAttributeNames={"#at": FIRST_ATTEMPT_ATTR, "#exp": EXPIRY_ATTR},
        ExpressionAttributeValues={
            ":now": {"N": str(int(now.timestamp() * 1000))},
            ":exp": {"N": str(expires)},
        },
        ReturnValues="ALL_NEW",
    )
    deserializer = TypeDeserializer()
    return {name: deserializer.deserialize(value) for name, value in answer["Attributes"].items()}


def forget_attempt(key: str) -> None:
    """Drop the recorded first attempt of an operation that wrote nothing (a refused request)."""
    table_name, _ = _binding
    persistence().client.delete_item(TableName=table_name, Key={KEY_ATTR: {"S": key}})
