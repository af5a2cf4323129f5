"""The idempotency table for tests on moto, shaped as the template makes it (tests/infra checks that)."""

from __future__ import annotations

from typing import Any

from advocacy.store import idempotency


def create_table(client: Any, name: str) -> None:
    """The Powertools records table: one string key, a TTL attribute (which moto never expires)."""
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": idempotency.KEY_ATTR, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": idempotency.KEY_ATTR, "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.update_time_to_live(
        TableName=name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": idempotency.EXPIRY_ATTR},
    )
