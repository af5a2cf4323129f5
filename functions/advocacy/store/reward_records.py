"""The rewards catalog, redemptions and per-member quotas (one table, items keyed by `sk` prefix).

A redemption is one transaction: the reward's stock (when it has one), the member's quota for the
reward, the redemption record, the ledger entry and the balance. A reject is one transaction too: the
redemption leaves `pending` (its condition), and the refund entry, the balance, the stock and the quota
move back with it, so a refund happens exactly once however many rejects race. What a failed
condition means to the member is services.rewards' to say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from advocacy.store import ledger, paging
from advocacy.store.errors import CONDITION_FAILED, get_or_none, put_new, update_if
from advocacy.store.models import LedgerModel, MemberModel, RewardModel
from advocacy.store.transactions import Cancelled, Failure, writing

if TYPE_CHECKING:
    from pynamodb.transactions import TransactWrite

REWARD = "reward#"
REDEMPTION = "redemption#"
QUOTA = "quota#"
MEMBER_KEY_NAMES = {"org_id", "sk", "member_key", "created_at"}

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
    """Put a new reward; a fresh id that exists is this operation's own earlier write, retried
    after its answer was lost: that one is returned."""
    if not put_new(item):
        existing = find_reward(item.org_id, str(item.reward_id))
        assert existing is not None  # put_new found it
        return existing
    return item


def find_reward(org_id: str, reward_id: str) -> RewardModel | None:
    return get_or_none(RewardModel, org_id, reward_sk(reward_id))


def list_rewards(org_id: str, active_only: bool, limit: int, cursor: str | None) -> paging.Page[RewardModel]:
    """Newest first (reward ids sort by creation time); `active_only` filters within the page."""
    active = (RewardModel.active == True) if active_only else None  # noqa: E712
    return paging.org_page(
        RewardModel, org_id, limit, cursor, prefix=REWARD, newest_first=True, filter_condition=active
    )


def update_reward(org_id: str, reward_id: str, changes: dict[str, Any]) -> RewardModel | None:
    """Apply `changes` (a subset of EDITABLE) to an existing reward; None if there is none. Stock set
    here is absolute: what an admin counts on the shelf; redemptions and refunds move it relatively
    in their transactions."""
    attributes = RewardModel.get_attributes()
    actions: list[Action] = [
        attributes[name].set(value) if value is not None else attributes[name].remove()
        for name, value in changes.items()
        if name in EDITABLE
    ]
    item = RewardModel(org_id=org_id, sk=reward_sk(reward_id))
    if actions and not update_if(item, actions, RewardModel.sk.exists()):
        return None
    return find_reward(org_id, reward_id)


# --- redemptions ---------------------------------------------------------------------------------


def new_redemption(
    org_id: str, redemption_id: str, reward: RewardModel, member_id: str, created_at: Any
) -> RewardModel:
    """A pending redemption of `reward` at its current cost."""
    return RewardModel(
        org_id=org_id,
        sk=redemption_sk(redemption_id),
        redemption_id=redemption_id,
        reward_id=reward.reward_id,
        name=reward.name,
        member_id=member_id,
        cost=int(reward.cost),
        status="pending",
        created_at=created_at,
        member_key=member_key(org_id, member_id),
    )


def redeem(reward: RewardModel, redemption: RewardModel, entry: LedgerModel) -> None:
    """Write the redemption with its ledger entry, the member's balance (never below zero), the
    reward's stock (when it keeps one) and the member's quota, on the condition that the reward's
    cost, stock mode and limit are still as read. Cancelled names the part that failed (`failed_parts`)."""
    org_id, reward_id, member_id = reward.org_id, str(reward.reward_id), str(redemption.member_id)
    cost = int(reward.cost)
    limit = None if reward.per_member_limit is None else int(reward.per_member_limit)
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
    with writing() as tx:
        if reward.stock is None:
            tx.condition_check(
                RewardModel, org_id, reward_sk(reward_id), unchanged & RewardModel.stock.does_not_exist()
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


def find_redemption(org_id: str, redemption_id: str) -> RewardModel | None:
    return get_or_none(RewardModel, org_id, redemption_sk(redemption_id))


def member_redemptions(
    org_id: str, member_id: str, limit: int, cursor: str | None
) -> paging.Page[RewardModel]:
    """The member's redemptions, newest first (the by_member index)."""
    key = member_key(org_id, member_id)
    start = paging.decode(
        cursor, org_id, MEMBER_KEY_NAMES, fixed={"member_key": key}, prefixes={"sk": REDEMPTION}
    )
    result = RewardModel.by_member.query(
        key, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
    )
    return paging.collect(result)


def org_redemptions(
    org_id: str, status: str | None, limit: int, cursor: str | None
) -> paging.Page[RewardModel]:
    """The org's redemptions, newest first (ids sort by time); `status` filters within the page."""
    condition = (RewardModel.status == status) if status else None
    return paging.org_page(
        RewardModel, org_id, limit, cursor, prefix=REDEMPTION, newest_first=True, filter_condition=condition
    )


def approve(redemption: RewardModel, admin_id: str, now: Any) -> bool:
    """pending -> approved; False when it was not pending any more (the condition decides a race)."""
    actions = [
        RewardModel.status.set("approved"),
        RewardModel.decided_at.set(now),
        RewardModel.decided_by.set(admin_id),
    ]
    return update_if(redemption, actions, RewardModel.status == "pending")


def reject(
    redemption: RewardModel,
    reward: RewardModel | None,
    refund: LedgerModel,
    admin_id: str,
    note: str | None,
    now: Any,
) -> None:
    """pending -> rejected, with the refund in the same transaction: the ledger entry, the balance,
    the stock (when the reward keeps one) and the quota. Cancelled names the part that failed."""
    org_id, redemption_id = redemption.org_id, str(redemption.redemption_id)
    reward_id, member_id = str(redemption.reward_id), str(redemption.member_id)
    actions: list[Action] = [
        RewardModel.status.set("rejected"),
        RewardModel.decided_at.set(now),
        RewardModel.decided_by.set(admin_id),
    ]
    if note:
        actions.append(RewardModel.note.set(note))
    if redemption.contest_id is not None:
        _reject_prize(redemption, reward, actions)
        return
    with writing() as tx:
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


def reserve(tx: TransactWrite, org_id: str, reward_id: str, units: int, keeps_stock: bool) -> None:
    """In a contest's creation: take `units` of the reward's stock for its prize places (a reward with
    unlimited stock is only checked to be active). Cancelled on the reward: not enough stock, or it
    was deactivated or its stock mode changed since read."""
    active: Condition = RewardModel.active == True  # noqa: E712
    if not keeps_stock:
        tx.condition_check(
            RewardModel, org_id, reward_sk(reward_id), active & RewardModel.stock.does_not_exist()
        )
        return
    tx.update(
        RewardModel(org_id=org_id, sk=reward_sk(reward_id)),
        actions=[RewardModel.stock.add(-units)],
        condition=active & (RewardModel.stock >= units),
    )


def release(tx: TransactWrite, org_id: str, reward_id: str, units: int) -> None:
    """Give back reserved units nobody won (a reward whose stock was made unlimited meanwhile keeps none)."""
    tx.update(
        RewardModel(org_id=org_id, sk=reward_sk(reward_id)),
        actions=[RewardModel.stock.add(units)],
        condition=RewardModel.stock.exists(),
    )


def prize(
    org_id: str,
    member_id: str,
    redemption_id: str,
    reward: RewardModel,
    contest_id: str,
    reserved: bool,
    at: Any,
) -> bool:
    """A reward won as a prize: a pending redemption that costs nothing, for an admin to decide as any
    other, once (False if it exists). `reserved`: it holds a unit reserved at the contest's creation;
    otherwise (a winner tied at a place beyond its reserved unit) it takes one from the stock now when
    there is one, and holds none when the stock is out (the admin decides)."""
    redemption = new_redemption(org_id, redemption_id, reward, member_id, at)
    redemption.cost, redemption.note = 0, "contest prize"
    redemption.contest_id, redemption.holds_stock = contest_id, reward.stock is not None
    take = reward.stock is not None and not reserved
    try:
        with writing() as tx:
            tx.save(redemption, condition=RewardModel.sk.does_not_exist())
            if take:
                tx.update(
                    RewardModel(org_id=org_id, sk=reward_sk(str(reward.reward_id))),
                    actions=[RewardModel.stock.add(-1)],
                    condition=RewardModel.stock > 0,
                )
    except Cancelled as exc:
        if exc.condition_failed(RewardModel, REDEMPTION):
            return False
        if not take:
            raise
        redemption.holds_stock = False  # out of stock: the admin decides on a prize without a unit
        return put_new(redemption)
    return True


def _reject_prize(redemption: RewardModel, reward: RewardModel | None, actions: list[Action]) -> None:
    """A prize cost nothing and used no quota: a reject gives back only the unit of stock it holds
    (to a reward that still keeps stock)."""
    org_id = redemption.org_id
    with writing() as tx:
        tx.update(
            RewardModel(org_id=org_id, sk=redemption_sk(str(redemption.redemption_id))),
            actions=actions,
            condition=RewardModel.status == "pending",
        )
        if redemption.holds_stock and reward is not None and reward.stock is not None:
            release(tx, org_id, str(redemption.reward_id), 1)


def balance(org_id: str, member_id: str) -> int:
    member = MemberModel.get(org_id, member_id, consistent_read=True, attributes_to_get=["balance"])
    return int(member.balance or 0)


def failed_parts(exc: Cancelled) -> set[str]:
    """Which parts of a redemption's or reject's transaction failed their condition: `reward`,
    `quota`, `redemption`, `member` (the balance) or `entry` (the ledger)."""
    return {_part(f) for f in exc.failures if f.reason == CONDITION_FAILED}


def _part(failure: Failure) -> str:
    if failure.on(MemberModel):
        return "member"
    if failure.on(LedgerModel):
        return "entry"
    return failure.sort_key.split("#", 1)[0] or "unknown"
