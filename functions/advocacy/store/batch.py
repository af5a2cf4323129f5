"""BatchGetItem across tables: several independent reads of one request in one round trip."""

from __future__ import annotations

from typing import Any

from advocacy.domain.errors import Unavailable
from advocacy.store.tables import connection

MAX_KEYS = 100  # DynamoDB's limit for one BatchGetItem
ATTEMPTS = 5


def get_many(requests: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The items found for `requests` (table name -> BatchGetItem request: `Keys`, and optionally
    `ConsistentRead`, `ProjectionExpression`, `ExpressionAttributeNames`), as raw DynamoDB items by
    table. One call for up to 100 keys; unprocessed keys (throttling) are asked for again, then 503."""
    found: dict[str, list[dict[str, Any]]] = {table: [] for table in requests}
    pending = [(table, key) for table, request in requests.items() for key in request["Keys"]]
    client = connection().client
    for start in range(0, len(pending), MAX_KEYS):
        ask: dict[str, Any] = {}
        for table, key in pending[start : start + MAX_KEYS]:
            ask.setdefault(table, {**requests[table], "Keys": []})["Keys"].append(key)
        for _ in range(ATTEMPTS):
            answer = client.batch_get_item(RequestItems=ask)
            for table, items in answer.get("Responses", {}).items():
                found[table] += items
            ask = answer.get("UnprocessedKeys") or {}
            if not ask:
                break
        else:
            raise Unavailable()
    return found
