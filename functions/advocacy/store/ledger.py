"""The points ledger: entries are only added, each with a deterministic id under `attribute_not_exists`,
in the same transaction as the balance change it causes."""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.store import paging
from advocacy.store.models import LedgerModel, MemberModel
from advocacy.store.times import key_time

KEY_NAMES = {"owner", "entry_key"}


def owner(org_id: str, member_id: str) -> str:
    return f"{org_id}#{member_id}"


def entry(
    org_id: str, member_id: str, entry_id: str, kind: str, points: int, at: datetime, ref: dict[str, str]
) -> LedgerModel:
    return LedgerModel(
        owner=owner(org_id, member_id),
        entry_key=f"{key_time(at)}#{entry_id}",
        entry_id=entry_id,
        type=kind,
        points=points,
        ref=ref,
        created_at=at,
    )


def add_award(tx: TransactWrite, item: LedgerModel, org_id: str, member_id: str) -> None:
    """Write the entry once and move the member's balance (and lifetime, for earnings) with it."""
    points = int(item.points)
    tx.save(item, condition=LedgerModel.entry_key.does_not_exist())
    actions: list[Action] = [MemberModel.balance.add(points)]
    if points > 0:
        actions.append(MemberModel.lifetime.add(points))
    tx.update(
        MemberModel(org_id=org_id, member_id=member_id),
        actions=actions,
        condition=MemberModel.member_id.exists(),
    )


def list_page(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[LedgerModel]:
    key = owner(org_id, member_id)
    result = LedgerModel.query(
        key,
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=_decode(cursor, key),
    )
    return paging.collect(result)


def _decode(cursor: str | None, key: str) -> dict | None:
    start = paging.decode(cursor, key.split("#", 1)[0], KEY_NAMES)
    if start is not None and start["owner"]["S"] != key:
        raise paging.invalid_cursor()
    return start
