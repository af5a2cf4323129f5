"""Contests: the contest item, its entry in the org's `active_contests` (so awards count on its board
without another read), its scores (the contest's attributes of the org's score items, `store.scores`),
and prizes awarded exactly once.

Writes that change the org's list are conditioned on the list as read: a `Cancelled` whose org
condition failed means the list moved meanwhile (`Cancelled.condition_failed(OrgModel)`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from advocacy.store import boards, ledger, paging, reward_records
from advocacy.store import scores as live
from advocacy.store.errors import get_or_none
from advocacy.store.models import ContestModel, LedgerModel, MemberModel, OrgModel, RewardModel
from advocacy.store.orgs import ORG_SK
from advocacy.store.transactions import Cancelled, writing


def _set_active(tx: TransactWrite, org: OrgModel, active: list[dict[str, Any]]) -> None:
    """Replace the org's active contests, on the condition nobody changed them since `org` was read."""
    unchanged: Condition = OrgModel.active_contests == org.active_contests
    if not boards.active_contests(org):
        unchanged = unchanged | OrgModel.active_contests.does_not_exist()
    tx.update(
        OrgModel(org_id=org.org_id, sk=ORG_SK),
        actions=[OrgModel.active_contests.set(active)],
        condition=unchanged,
    )


def create(contest: ContestModel, org: OrgModel, reserved: dict[str, tuple[int, bool]]) -> None:
    """Save the contest, list it as active on `org` (as read) and reserve its reward prizes' stock
    (`reserved`: reward id -> units, whether it keeps stock), together. Cancelled: the contest exists
    already (`condition_failed(ContestModel)`), the org's list moved, or a reward's stock or state
    (`condition_failed(RewardModel)`)."""
    entry = {
        "contest_id": contest.contest_id,
        "starts_at": contest.starts_at.isoformat(),
        "ends_at": contest.ends_at.isoformat(),
    }
    with writing() as tx:
        tx.save(contest, condition=ContestModel.contest_id.does_not_exist())
        _set_active(tx, org, [*boards.active_contests(org), entry])
        for reward_id, (units, keeps_stock) in reserved.items():
            reward_records.reserve(tx, contest.org_id, reward_id, units, keeps_stock)


def close(
    contest: ContestModel,
    results: list[dict[str, Any]],
    org: OrgModel,
    at: datetime,
    unwon: dict[str, int],
) -> None:
    """Mark the contest closed with its results and take it off the active list of `org` (as read),
    giving back the reserved stock of reward prizes nobody won (`unwon`: reward id -> units, of rewards
    that still keep stock), once with the close. Cancelled: closed already
    (`condition_failed(ContestModel)`), or the org's list moved."""
    active = [c for c in boards.active_contests(org) if c["contest_id"] != contest.contest_id]
    with writing() as tx:
        tx.update(
            contest,
            actions=[
                ContestModel.status.set("closed"),
                ContestModel.closed_at.set(at),
                ContestModel.results.set(results),
            ],
            condition=ContestModel.status != "closed",
        )
        _set_active(tx, org, active)
        for reward_id, units in unwon.items():
            reward_records.release(tx, contest.org_id, reward_id, units)


def find(org_id: str, contest_id: str) -> ContestModel | None:
    return get_or_none(ContestModel, org_id, contest_id)


def list_page(org_id: str, limit: int, cursor: str | None) -> paging.Page[ContestModel]:
    return paging.org_page(ContestModel, org_id, limit, cursor, newest_first=True)


def scores(contest: ContestModel, metric: str) -> dict[str, int]:
    """Each member's score in `metric` on the contest's board (members who never scored on it are
    absent): a read of the org's score items, one Query per shard."""
    attribute = live.name(live.contest_board(contest.contest_id), metric)
    return {
        member_id: found[attribute]
        for member_id, found in live.everyone(contest.org_id)
        if attribute in found
    }


def award_points(
    org_id: str,
    member_id: str,
    entry_id: str,
    points: int,
    at: datetime,
    ref: dict[str, str],
    board_keys: list[str],
) -> bool:
    """A prize in points, once: False if this entry was already written."""
    item = ledger.entry(org_id, member_id, entry_id, "prize", points, at, ref)
    try:
        with writing() as tx:
            ledger.add_award(tx, item, org_id, member_id, board_keys)
    except Cancelled as exc:
        if exc.condition_failed(LedgerModel):
            return False
        raise
    return True


def award_badges(org_id: str, member_id: str, badges: Iterable[str]) -> None:
    """Badges are a set: adding one twice leaves one."""
    MemberModel(org_id=org_id, member_id=member_id).update(actions=[MemberModel.badges.add(set(badges))])


def award_reward(
    contest: ContestModel,
    member_id: str,
    redemption_id: str,
    reward: RewardModel,
    reserved: bool,
    at: datetime,
) -> bool:
    """A reward prize: a pending redemption that costs nothing, once (see `reward_records.prize`)."""
    return reward_records.prize(
        contest.org_id, member_id, redemption_id, reward, contest.contest_id, reserved, at
    )
