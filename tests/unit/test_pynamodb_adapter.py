"""What advocacy.adapters.pynamodb relies on in PynamoDB's internals. A failure here after a PynamoDB
upgrade means the adapter must be rewritten before anything else is trusted: re-read the upgraded
`pynamodb/transactions.py`, `models.py` and `connection/base.py`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pynamodb.connection import Connection
from pynamodb.transactions import TransactWrite

from advocacy.adapters import pynamodb as adapter
from advocacy.store.models import GroupModel, LedgerModel, MemberModel, OrgModel, RewardModel


@pytest.fixture(autouse=True)
def _region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


AT = datetime(2026, 1, 1, tzinfo=UTC)


def test_transaction_items_come_in_the_order_pynamodb_sends_them() -> None:
    tx = TransactWrite(connection=Connection(region="us-east-1"))
    tx.update(MemberModel(org_id="o", member_id="m"), actions=[MemberModel.balance.add(1)])
    tx.save(LedgerModel(owner="o#m", entry_key="k", entry_id="e", type="share", points=1, created_at=AT))
    tx.delete(RewardModel(org_id="o", sk="quota#r#m"))
    tx.condition_check(RewardModel, "o", "reward#r", RewardModel.sk.exists())
    items = adapter.transaction_items(tx)
    assert [next(iter(item.get("Key") or item.get("Item") or {})) for item in items] == [
        "org_id", "org_id", "owner", "org_id",
    ], "TransactWrite no longer keeps _condition_check_items/_delete_items/_put_items/_update_items"  # fmt: skip
    assert [item["TableName"] for item in items] == [
        RewardModel.Meta.table_name,
        RewardModel.Meta.table_name,
        LedgerModel.Meta.table_name,
        MemberModel.Meta.table_name,
    ], "PynamoDB changed the order in which it sends a transaction's operations"
    assert items[0]["Key"]["sk"] == {"S": "reward#r"} and items[1]["Key"]["sk"] == {"S": "quota#r#m"}


def test_models_can_share_one_connection_and_forget_their_own() -> None:
    shared = Connection(region="us-east-1")
    models = (OrgModel, GroupModel, MemberModel)  # the first two share a table
    try:
        for model in models:
            adapter.forget_connection(model)
            adapter.share_connection(model, shared)
            assert adapter.table_connection(model).connection is shared
            assert shared.get_meta_table(model.Meta.table_name).table_name == model.Meta.table_name
        adapter.share_connection(OrgModel, shared)  # again: a no-op, not a second schema
        adapter.forget_connection(OrgModel)
        assert adapter.table_connection(OrgModel).connection is not shared, (
            "Model._connection is no longer where PynamoDB caches a model's connection"
        )
    finally:
        for model in models:
            adapter.forget_connection(model)  # the next test binds its own
