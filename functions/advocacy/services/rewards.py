"""Rewards: the catalog admins keep, redemptions members make, and the admins' decisions on them.

The rules members meet live here: an inactive reward is as unknown to them as a missing one, stock and
per-member limits, a balance that never goes below zero, and a decision taken once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from advocacy.domain.errors import Conflict, NotFound
from advocacy.domain.ids import derived_id
from advocacy.domain.roles import Role, at_least
from advocacy.services import found
from advocacy.store import ledger, paging
from advocacy.store import reward_records as records
from advocacy.store.models import RewardModel
from advocacy.store.operation import sortable_id
from advocacy.store.transactions import Cancelled, Retry, retrying


@dataclass
class Redeemed:
    redemption: RewardModel
    balance: int


# --- catalog -------------------------------------------------------------------------------------


def catalog(org_id: str, role: Role, limit: int, cursor: str | None) -> paging.Page[RewardModel]:
    """Admins see every reward, everyone else only active ones."""
    return records.list_rewards(org_id, role != Role.ADMIN, limit, cursor)


def create_reward(org_id: str, fields: dict[str, Any], now: datetime) -> RewardModel:
    reward_id = sortable_id(now)
    item = RewardModel(
        org_id=org_id,
        sk=records.reward_sk(reward_id),
        reward_id=reward_id,
        name=fields["name"],
        description=fields.get("description") or None,
        cost=fields["cost"],
        stock=fields.get("stock"),
        per_member_limit=fields.get("per_member_limit"),
        active=fields.get("active", True),
        created_at=now,
    )
    return records.create_reward(item)


def reward(org_id: str, reward_id: str, role: Role) -> RewardModel:
    """Admins read any reward; an inactive one is as unknown to everyone else as a missing one."""
    item = records.find_reward(org_id, reward_id)
    return found(item if item is None or item.active or role == Role.ADMIN else None, "reward")


def update_reward(org_id: str, reward_id: str, changes: dict[str, Any]) -> RewardModel:
    """Apply an admin's changes; an empty description removes it."""
    if "description" in changes and not changes["description"]:
        changes = {**changes, "description": None}
    item = (
        records.update_reward(org_id, reward_id, changes)
        if changes
        else records.find_reward(org_id, reward_id)
    )
    return found(item, "reward")


# --- redemptions ---------------------------------------------------------------------------------


def redeem(org_id: str, member_id: str, reward_id: str, now: datetime) -> Redeemed:
    """Take the reward's cost from the member's balance, once, in one transaction with the stock and
    the member's quota. 404 for a missing or inactive reward; 409 `out_of_stock`, `limit_reached` or
    `insufficient_points` for the condition that failed. An admin's edit of the price, stock or limit
    between the read and the write makes it read again rather than charge an old price."""
    redemption_id = sortable_id(now)  # one id for every attempt: a failed attempt wrote nothing

    def attempt() -> Redeemed:
        item = _available(org_id, reward_id)
        redemption = records.new_redemption(org_id, redemption_id, item, member_id, now)
        entry = ledger.entry(
            org_id,
            member_id,
            derived_id("redemption", org_id, redemption_id),
            "redemption",
            -int(item.cost),
            now,
            {"reward_id": reward_id, "redemption_id": redemption_id},
        )
        try:
            records.redeem(item, redemption, entry)
        except Cancelled as exc:
            failed = records.failed_parts(exc)
            if "redemption" in failed and _mine(org_id, redemption_id, member_id):
                # Only this operation writes this id: the SDK, or the client with the same Idempotency-Key,
                # retried an attempt whose answer was lost and which committed (see advocacy.store.operation).
                return Redeemed(redemption, records.balance(org_id, member_id))
            if "reward" in failed:
                _available(org_id, reward_id)  # 404 if deactivated meanwhile, 409 out_of_stock if sold out
                raise Retry() from exc  # otherwise the price, stock or limit was edited: read it again
            if "quota" in failed:
                raise Conflict(
                    "You have redeemed this reward as often as allowed.", code="limit_reached"
                ) from exc
            if "member" in failed:
                raise Conflict(
                    "Your balance is lower than this reward's cost.", code="insufficient_points"
                ) from exc
            raise
        return Redeemed(redemption, records.balance(org_id, member_id))

    return retrying(attempt)


def my_redemptions(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[RewardModel]:
    return records.member_redemptions(org_id, member_id, limit, cursor)


def org_redemptions(
    org_id: str, status: str | None, limit: int, cursor: str | None
) -> paging.Page[RewardModel]:
    return records.org_redemptions(org_id, status, limit, cursor)


def redemption(org_id: str, redemption_id: str, member_id: str, role: Role) -> RewardModel:
    """Admins read any redemption of the org; others only their own."""
    item = _redemption(org_id, redemption_id)
    return found(item if item.member_id == member_id or at_least(role, Role.ADMIN) else None, "redemption")


def approve(org_id: str, redemption_id: str, admin_id: str, now: datetime) -> RewardModel:
    """pending -> approved; anything else is 409."""
    item = _redemption(org_id, redemption_id)
    if not records.approve(item, admin_id, now):
        return _ours_or_conflict(org_id, redemption_id, "approved", admin_id, now)
    return item


def reject(org_id: str, redemption_id: str, admin_id: str, note: str | None, now: datetime) -> RewardModel:
    """pending -> rejected, refunding the cost, the stock and the quota exactly once."""

    def attempt() -> RewardModel:
        item = _redemption(org_id, redemption_id)
        if item.status != "pending":
            return _ours_or_conflict(org_id, redemption_id, "rejected", admin_id, now)
        reward_id, member_id = str(item.reward_id), str(item.member_id)
        refund = ledger.entry(
            org_id,
            member_id,
            derived_id("refund", org_id, redemption_id),
            "refund",
            int(item.cost),
            now,
            {"reward_id": reward_id, "redemption_id": redemption_id},
        )
        try:
            records.reject(item, records.find_reward(org_id, reward_id), refund, admin_id, note, now)
        except Cancelled as exc:
            failed = records.failed_parts(exc)
            if "redemption" in failed:
                return _ours_or_conflict(org_id, redemption_id, "rejected", admin_id, now)
            if "reward" in failed:
                raise Retry() from exc  # the stock was made unlimited meanwhile: read again
            raise
        return _redemption(org_id, redemption_id)

    return retrying(attempt)


# --- helpers -------------------------------------------------------------------------------------


def _available(org_id: str, reward_id: str) -> RewardModel:
    """A reward members can redeem; an inactive one is as unknown to them as a missing one."""
    item = found(records.find_reward(org_id, reward_id), "reward")
    if not item.active:
        raise NotFound("reward not found")
    if item.stock is not None and int(item.stock) <= 0:
        raise Conflict("This reward is out of stock.", code="out_of_stock")
    return item


def _redemption(org_id: str, redemption_id: str) -> RewardModel:
    return found(records.find_redemption(org_id, redemption_id), "redemption")


def _mine(org_id: str, redemption_id: str, member_id: str) -> bool:
    existing = records.find_redemption(org_id, redemption_id)
    return existing is not None and existing.member_id == member_id


def _ours_or_conflict(
    org_id: str, redemption_id: str, status: str, admin_id: str, now: datetime
) -> RewardModel:
    """The decision's condition failed. If the redemption carries exactly this decision (same status,
    admin and request time), it was this request's own write, retried by the SDK after its answer
    was lost (UpdateItem has no idempotency token); otherwise someone decided first: 409."""
    current = _redemption(org_id, redemption_id)
    if current.status == status and current.decided_by == admin_id and current.decided_at == now:
        return current
    raise Conflict("This redemption has already been decided.")
