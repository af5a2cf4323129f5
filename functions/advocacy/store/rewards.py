"""The rewards catalog, redemptions and per-member quotas (one table, items keyed by `sk` prefix).

A redemption is one transaction: the reward's stock (when it has one), the member's quota for the
reward, the redemption record, the ledger entry and the balance. A reject is one transaction too: the
redemption leaves `pending` (its condition), and the refund entry, the balance, the stock and the quota
move back with it, so a refund happens exactly once however many rejects race.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.domain.errors import Conflict, NotFound, Unavailable
from advocacy.domain.ids import derived_id
from advocacy.operation import sortable_id
from advocacy.store import ledger, paging
from advocacy.store.errors import Failure, condition_failed, failures, put_new
from advocacy.store.models import LedgerModel, MemberModel, RewardModel
from advocacy.store.tables import transaction

REWARD = "reward#"
REDEMPTION = "redemption#"
QUOTA = "quota#"
KEY_NAMES = {"org_id", "sk"}
MEMBER_KEY_NAMES = {"org_id", "sk", "member_key", "created_at"}
ATTEMPTS = 5
CONDITION_FAILED = "ConditionalCheckFailed"
CONFLICT = "TransactionConflict"

# Fields an admin may change; None removes the attribute (unlimited stock or limit, no description).
EDITABLE = ("name", "description", "cost", "stock", "per_member_limit", "active")


def reward_sk(reward_id: str) -> str:
    return f"{REWARD}{reward_id}"


def redemption_sk(redemption_id: str) -> str:
    return f"{REDEMPTION}{redemption_id}"


def quota_sk(reward_id: str, member_id: str) -> str:
    return f"{QUOTA}{reward_id}#{member_id}"


def member_key(org_id: str, member_id: str) -> str:
    return f"{org_id}#{member_id}"


# --- catalog -------------------------------------------------------------------------------------


def create_reward(item: RewardModel) -> RewardModel:
    if not put_new(item):
        # A fresh id that exists is this operation's own earlier write, retried after its answer was lost.
        return get_reward(item.org_id, str(item.reward_id))
    return item


def find_reward(org_id: str, reward_id: str) -> RewardModel | None:
    try:
        return RewardModel.get(org_id, reward_sk(reward_id), consistent_read=True)
    except DoesNotExist:
        return None


def get_reward(org_id: str, reward_id: str) -> RewardModel:
    item = find_reward(org_id, reward_id)
    if item is None:
        raise NotFound("reward not found")
    return item


def list_rewards(org_id: str, active_only: bool, limit: int, cursor: str | None) -> paging.Page[RewardModel]:
    """Newest first (reward ids sort by creation time); `active_only` filters within the page."""
    result = RewardModel.query(
        org_id,
        RewardModel.sk.startswith(REWARD),
        filter_condition=(RewardModel.active == True) if active_only else None,  # noqa: E712
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=_decode(cursor, org_id, REWARD),
    )
    return paging.collect(result)


def update_reward(org_id: str, reward_id: str, changes: dict[str, Any]) -> RewardModel:
    """Apply `changes` (a subset of EDITABLE) to an existing reward. Stock set here is absolute: what
    an admin counts on the shelf; redemptions and refunds move it relatively in their transactions."""
    attributes = RewardModel.get_attributes()
    actions: list[Action] = [
        attributes[name].set(value) if value is not None else attributes[name].remove()
        for name, value in changes.items()
        if name in EDITABLE
    ]
    item = RewardModel(org_id=org_id, sk=reward_sk(reward_id))
    if actions:
        try:
            item.update(actions=actions, condition=RewardModel.sk.exists())
        except UpdateError as exc:
            if condition_failed(exc):
                raise NotFound("reward not found") from exc
            raise
    return get_reward(org_id, reward_id)


# --- redemptions ---------------------------------------------------------------------------------


@dataclass
class Redeemed:
    redemption: RewardModel
    balance: int


def redeem(org_id: str, member_id: str, reward_id: str, now: datetime) -> Redeemed:
    """Take the reward's cost from the member's balance, once, in one transaction with the stock and
    the member's quota. 404 for a missing or inactive reward; 409 `out_of_stock`, `limit_reached` or
    `insufficient_points` for the condition that failed.

    The transaction is conditional on the reward's cost, stock mode and limit as read, so an admin's
    edit in between makes it read again rather than charge an old price.
    """
    redemption_id = sortable_id(now)  # one id for every attempt: a failed attempt wrote nothing
    for attempt in range(ATTEMPTS):
        reward = _available(org_id, reward_id)
        cost = int(reward.cost)
        limit = None if reward.per_member_limit is None else int(reward.per_member_limit)
        redemption = RewardModel(
            org_id=org_id,
            sk=redemption_sk(redemption_id),
            redemption_id=redemption_id,
            reward_id=reward_id,
            name=reward.name,
            member_id=member_id,
            cost=cost,
            status="pending",
            created_at=now,
            member_key=member_key(org_id, member_id),
        )
        entry = ledger.entry(
            org_id,
            member_id,
            derived_id("redemption", org_id, redemption_id),
            "redemption",
            -cost,
            now,
            {"reward_id": reward_id, "redemption_id": redemption_id},
        )
        unchanged: Condition = (
            (RewardModel.active == True)  # noqa: E712
            & (RewardModel.cost == cost)
            & (
                RewardModel.per_member_limit.does_not_exist()
                if limit is None
                else RewardModel.per_member_limit == limit
            )
        )
        quota_condition: Condition | None = (
            None if limit is None else RewardModel.redeemed.does_not_exist() | (RewardModel.redeemed < limit)
        )
        tx = transaction()
        try:
            with tx:
                if reward.stock is None:
                    tx.condition_check(
                        RewardModel,
                        org_id,
                        reward_sk(reward_id),
                        unchanged & RewardModel.stock.does_not_exist(),
                    )
                else:
                    tx.update(
                        RewardModel(org_id=org_id, sk=reward_sk(reward_id)),
                        actions=[RewardModel.stock.add(-1)],
                        condition=unchanged & (RewardModel.stock > 0),
                    )
                tx.update(
                    RewardModel(org_id=org_id, sk=quota_sk(reward_id, member_id)),
                    actions=[
                        RewardModel.redeemed.add(1),
                        RewardModel.reward_id.set(reward_id),
                        RewardModel.member_id.set(member_id),
                    ],
                    condition=quota_condition,
                )
                tx.save(redemption, condition=RewardModel.sk.does_not_exist())
                ledger.add_award(tx, entry, org_id, member_id, floor=True, earning=False)
        except TransactWriteError as exc:
            failed = _failures(tx, exc)
            if failed.get("redemption") == CONDITION_FAILED and _mine(org_id, redemption_id, member_id):
                # Only this operation writes this id: the SDK, or the client with the same Idempotency-Key,
                # retried an attempt whose answer was lost and which committed (see advocacy.operation).
                return Redeemed(redemption, _balance(org_id, member_id))
            if CONFLICT in failed.values():
                _pause(attempt)
                continue
            if failed.get("reward") == CONDITION_FAILED:
                _available(org_id, reward_id)  # 404 if deactivated meanwhile, 409 out_of_stock if sold out
                continue  # otherwise the price, stock or limit was edited meanwhile: read it again
            if failed.get("quota") == CONDITION_FAILED:
                raise Conflict(
                    "You have redeemed this reward as often as allowed.", code="limit_reached"
                ) from exc
            if failed.get("member") == CONDITION_FAILED:
                raise Conflict(
                    "Your balance is lower than this reward's cost.", code="insufficient_points"
                ) from exc
            raise
        return Redeemed(redemption, _balance(org_id, member_id))
    raise Unavailable()


def find_redemption(org_id: str, redemption_id: str) -> RewardModel | None:
    try:
        return RewardModel.get(org_id, redemption_sk(redemption_id), consistent_read=True)
    except DoesNotExist:
        return None


def get_redemption(org_id: str, redemption_id: str) -> RewardModel:
    item = find_redemption(org_id, redemption_id)
    if item is None:
        raise NotFound("redemption not found")
    return item


def member_redemptions(
    org_id: str, member_id: str, limit: int, cursor: str | None
) -> paging.Page[RewardModel]:
    """The member's redemptions, newest first (the by_member index)."""
    key = member_key(org_id, member_id)
    start = paging.decode(cursor, org_id, MEMBER_KEY_NAMES)
    if start is not None and (start["member_key"]["S"] != key or not start["sk"]["S"].startswith(REDEMPTION)):
        raise paging.invalid_cursor()
    result = RewardModel.by_member.query(
        key, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
    )
    return paging.collect(result)


def org_redemptions(
    org_id: str, status: str | None, limit: int, cursor: str | None
) -> paging.Page[RewardModel]:
    """The org's redemptions, newest first (ids sort by time); `status` filters within the page."""
    result = RewardModel.query(
        org_id,
        RewardModel.sk.startswith(REDEMPTION),
        filter_condition=(RewardModel.status == status) if status else None,
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=_decode(cursor, org_id, REDEMPTION),
    )
    return paging.collect(result)


def approve(org_id: str, redemption_id: str, admin_id: str, now: datetime) -> RewardModel:
    """pending -> approved; anything else is 409 (the condition makes a race decide once)."""
    item = get_redemption(org_id, redemption_id)
    try:
        item.update(
            actions=[
                RewardModel.status.set("approved"),
                RewardModel.decided_at.set(now),
                RewardModel.decided_by.set(admin_id),
            ],
            condition=RewardModel.status == "pending",
        )
    except UpdateError as exc:
        if condition_failed(exc):
            return _ours_or_conflict(org_id, redemption_id, "approved", admin_id, now, exc)
        raise
    return item


def reject(org_id: str, redemption_id: str, admin_id: str, note: str | None, now: datetime) -> RewardModel:
    """pending -> rejected, with the refund in the same transaction: a ledger entry of the cost (its
    id derived from the redemption), the balance, the stock (when the reward keeps one) and the quota."""
    for attempt in range(ATTEMPTS):
        item = get_redemption(org_id, redemption_id)
        if item.status != "pending":
            return _ours_or_conflict(org_id, redemption_id, "rejected", admin_id, now, None)
        reward_id, member_id, cost = str(item.reward_id), str(item.member_id), int(item.cost)
        reward = find_reward(org_id, reward_id)
        refund = ledger.entry(
            org_id,
            member_id,
            derived_id("refund", org_id, redemption_id),
            "refund",
            cost,
            now,
            {"reward_id": reward_id, "redemption_id": redemption_id},
        )
        actions: list[Action] = [
            RewardModel.status.set("rejected"),
            RewardModel.decided_at.set(now),
            RewardModel.decided_by.set(admin_id),
        ]
        if note:
            actions.append(RewardModel.note.set(note))
        tx = transaction()
        try:
            with tx:
                tx.update(
                    RewardModel(org_id=org_id, sk=redemption_sk(redemption_id)),
                    actions=actions,
                    condition=RewardModel.status == "pending",
                )
                if reward is not None and reward.stock is not None:
                    tx.update(
                        RewardModel(org_id=org_id, sk=reward_sk(reward_id)),
                        actions=[RewardModel.stock.add(1)],
                        condition=RewardModel.stock.exists(),
                    )
                tx.update(
                    RewardModel(org_id=org_id, sk=quota_sk(reward_id, member_id)),
                    actions=[RewardModel.redeemed.add(-1)],
                    condition=RewardModel.redeemed > 0,
                )
                ledger.add_award(tx, refund, org_id, member_id, earning=False)
        except TransactWriteError as exc:
            failed = _failures(tx, exc)
            if failed.get("redemption") == CONDITION_FAILED:
                return _ours_or_conflict(org_id, redemption_id, "rejected", admin_id, now, exc)
            if CONFLICT in failed.values() or failed.get("reward") == CONDITION_FAILED:
                _pause(attempt)  # busy, or the stock was made unlimited meanwhile: read again
                continue
            raise
        return get_redemption(org_id, redemption_id)
    raise Unavailable()


# --- helpers -------------------------------------------------------------------------------------


def _available(org_id: str, reward_id: str) -> RewardModel:
    """A reward members can redeem; an inactive one is as unknown to them as a missing one."""
    reward = find_reward(org_id, reward_id)
    if reward is None or not reward.active:
        raise NotFound("reward not found")
    if reward.stock is not None and int(reward.stock) <= 0:
        raise Conflict("This reward is out of stock.", code="out_of_stock")
    return reward


def _balance(org_id: str, member_id: str) -> int:
    member = MemberModel.get(org_id, member_id, consistent_read=True, attributes_to_get=["balance"])
    return int(member.balance or 0)


def _decided() -> Conflict:
    return Conflict("This redemption has already been decided.")


def _mine(org_id: str, redemption_id: str, member_id: str) -> bool:
    existing = find_redemption(org_id, redemption_id)
    return existing is not None and existing.member_id == member_id


def _ours_or_conflict(
    org_id: str, redemption_id: str, status: str, admin_id: str, now: datetime, exc: Exception | None
) -> RewardModel:
    """The decision condition failed. If the redemption carries exactly this decision (same status,
    admin and request time), it was this request's own write, retried by the SDK after its answer
    was lost (UpdateItem has no idempotency token); otherwise someone decided first: 409."""
    current = get_redemption(org_id, redemption_id)
    if current.status == status and current.decided_by == admin_id and current.decided_at == now:
        return current
    raise _decided() from exc


def _pause(attempt: int) -> None:
    time.sleep(random.uniform(0.02, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not security


def _failures(tx: TransactWrite, exc: TransactWriteError) -> dict[str, str]:
    """The cancellation reason of each failed item, by what the item is: `reward`, `quota`,
    `redemption` (rewards table, by `sk` prefix), `member` or `entry`."""
    return {_kind(f): f.reason for f in failures(tx, exc)}


def _kind(failure: Failure) -> str:
    if failure.on(MemberModel):
        return "member"
    if failure.on(LedgerModel):
        return "entry"
    return str(failure.key.get("sk", {}).get("S", "")).split("#", 1)[0] or "unknown"


def _decode(cursor: str | None, org_id: str, prefix: str) -> dict[str, Any] | None:
    start = paging.decode(cursor, org_id, KEY_NAMES)
    if start is not None and not start["sk"]["S"].startswith(prefix):
        raise paging.invalid_cursor()
    return start
