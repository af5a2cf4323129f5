"""The points ledger: entries are only added, each with a deterministic id under `attribute_not_exists`,
in the same transaction as the balance change it causes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.domain.times import key_time
from advocacy.store import paging, scores
from advocacy.store.models import LedgerModel, MemberModel
from advocacy.store.transactions import Cancelled, writing

KEY_NAMES = {"owner", "entry_key"}


def owner(org_id: str, member_id: str) -> str:
    return f"{org_id}#{member_id}"


def entry(
    org_id: str, member_id: str, entry_id: str, kind: str, points: int, at: datetime, ref: dict[str, str]
) -> LedgerModel:
    """A ledger entry keyed by time and id. Both must be the same on every retry of the same event
    (the event's own time, never the time of the attempt), or the entry could be written twice."""
    return LedgerModel(
        owner=owner(org_id, member_id),
        entry_key=f"{key_time(at)}#{entry_id}",
        entry_id=entry_id,
        type=kind,
        points=points,
        ref=ref,
        created_at=at,
    )


def add_award(
    tx: TransactWrite,
    item: LedgerModel,
    org_id: str,
    member_id: str,
    boards: Sequence[str] = (),
    member_actions: Sequence[Action] = (),
    floor: bool = False,
    earning: bool = True,
    member_condition: Condition | None = None,
    counts: bool = True,
) -> None:
    """Write the entry once and apply it in the same transaction.

    The balance always moves. Earnings (positive points) also raise lifetime points and the
    member's score on each of `boards` (period and contest boards, see `store.boards`), all in one
    update of the member's score item (`store.scores`); a share or a unique click counts one share
    or click on contests too, even when it earned no points. `floor`
    refuses to take the balance below zero (the transaction fails on the member's condition).
    `earning=False` (a redemption or its refund) moves the balance alone: no lifetime, no scores.
    `member_condition` adds to the member's condition (a click credits an active member only).
    `counts=False`: a click beyond the caps, counted on no board (decision 82).
    """
    points = int(item.points)
    if points != 0:  # a zero-point share still counts as a share, but is no ledger entry
        tx.save(item, condition=LedgerModel.entry_key.does_not_exist())
    actions: list[Action] = [MemberModel.balance.add(points), *member_actions]
    condition: Condition = MemberModel.member_id.exists()
    if floor and points < 0:
        condition = condition & (MemberModel.balance >= -points)
    if member_condition is not None:
        condition = condition & member_condition
    if earning and points > 0:
        actions.append(MemberModel.lifetime.add(points))
    score_actions = scores.award_actions(
        boards,
        points=points if earning and points > 0 else 0,
        shares=int(item.type == "share"),
        clicks=int(item.type == "click" and counts),
    )
    if score_actions and earning:
        tx.update(scores.item(org_id, member_id), actions=score_actions)
    tx.update(MemberModel(org_id=org_id, member_id=member_id), actions=actions, condition=condition)


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


class BalanceTooLow(Exception):
    """A deduction larger than the member's balance (the balance may not go below zero)."""


def adjust(item: LedgerModel, org_id: str, member_id: str, boards: Sequence[str]) -> LedgerModel:
    """An admin's adjustment on its own; BalanceTooLow for a deduction larger than the balance."""
    earning = int(item.points) > 0
    try:
        with writing() as tx:
            add_award(tx, item, org_id, member_id, boards if earning else (), floor=True)
    except Cancelled as exc:
        if exc.condition_failed(LedgerModel):
            return item  # the entry exists: this operation's own earlier write, its answer lost
        if exc.condition_failed(MemberModel):
            raise BalanceTooLow() from exc
        raise
    return item
