"""Contests: the contest item, its entry in the org's `active_contests` (so awards count on its board
without another read), live standings from its board, and prizes awarded exactly once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from advocacy.domain.errors import Conflict, NotFound
from advocacy.store import boards, ledger, paging, rewards
from advocacy.store.errors import failures, put_new
from advocacy.store.models import ContestModel, LedgerModel, MemberModel, OrgModel, RewardModel
from advocacy.store.orgs import ORG_SK, get_org
from advocacy.store.tables import transaction

KEY_NAMES = {"org_id", "contest_id"}
ATTEMPTS = 5
CONDITION_FAILED = "ConditionalCheckFailed"


def _org_changed(tx: TransactWrite, exc: TransactWriteError) -> bool:
    """Whether the transaction failed only because the org's active contests changed since read
    (read again and retry); throttling or a conflict is left to the caller's retry (503)."""
    return any(f.on(OrgModel) and f.reason == CONDITION_FAILED for f in failures(tx, exc))


def _org_update(tx: TransactWrite, org: OrgModel, active: list[dict[str, Any]]) -> None:
    """Replace the org's active contests, on the condition nobody changed them since `org` was read."""
    unchanged: Condition = OrgModel.active_contests == org.active_contests
    if not boards.active_contests(org):
        unchanged = unchanged | OrgModel.active_contests.does_not_exist()
    tx.update(
        OrgModel(org_id=org.org_id, sk=ORG_SK),
        actions=[OrgModel.active_contests.set(json.dumps(active, separators=(",", ":")))],
        condition=unchanged,
    )


def create(contest: ContestModel) -> ContestModel:
    """Save the contest and list it as active on the org, together."""
    entry = {
        "contest_id": contest.contest_id,
        "starts_at": contest.starts_at.isoformat(),
        "ends_at": contest.ends_at.isoformat(),
    }
    for _ in range(ATTEMPTS):
        org = get_org(contest.org_id)
        try:
            with transaction() as tx:
                tx.save(contest, condition=ContestModel.contest_id.does_not_exist())
                _org_update(tx, org, [*boards.active_contests(org), entry])
            return contest
        except TransactWriteError as exc:
            if any(f.on(ContestModel) and f.reason == CONDITION_FAILED for f in failures(tx, exc)):
                # A fresh id that exists: this operation's own earlier write, retried after its answer was lost.
                return get(contest.org_id, contest.contest_id)
            if not _org_changed(tx, exc):
                raise
    raise Conflict("The org's contests changed while this one was created; retry.")


def get(org_id: str, contest_id: str) -> ContestModel:
    try:
        return ContestModel.get(org_id, contest_id, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("contest not found") from exc


def list_page(org_id: str, limit: int, cursor: str | None) -> paging.Page[ContestModel]:
    result = ContestModel.query(
        org_id, scan_index_forward=False, limit=limit, page_size=limit,
        last_evaluated_key=paging.decode(cursor, org_id, KEY_NAMES),
    )  # fmt: skip
    return paging.collect(result)


def reward_exists(org_id: str, reward_id: str) -> bool:
    return rewards.find_reward(org_id, reward_id) is not None


def participants(contest: ContestModel, metric: str) -> list[tuple[MemberModel, int]]:
    """(member, score) for every active member on the contest's board within its groups."""
    scores = {
        s.member_id: int(getattr(s, metric) or 0)
        for s in boards.scores(boards.contest_board(contest.org_id, contest.contest_id))
    }
    if not scores:
        return []
    found = MemberModel.batch_get([(contest.org_id, member_id) for member_id in scores])
    targeted = set(contest.groups or ())
    return [
        (m, scores[m.member_id])
        for m in found
        if m.status == "active" and (not targeted or targeted & set(m.groups or ()))
    ]


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
        with transaction() as tx:
            ledger.add_award(tx, item, org_id, member_id, board_keys)
    except TransactWriteError as exc:
        if any(f.on(LedgerModel) and f.reason == CONDITION_FAILED for f in failures(tx, exc)):
            return False
        raise
    return True


def award_badges(org_id: str, member_id: str, badges: Iterable[str]) -> None:
    """Badges are a set: adding one twice leaves one."""
    MemberModel(org_id=org_id, member_id=member_id).update(actions=[MemberModel.badges.add(set(badges))])


def award_reward(org_id: str, member_id: str, redemption_id: str, reward_id: str, at: datetime) -> bool:
    """A reward prize: an approved redemption that costs nothing, once."""
    redemption = RewardModel(
        org_id=org_id,
        sk=rewards.redemption_sk(redemption_id),
        redemption_id=redemption_id,
        reward_id=reward_id,
        member_id=member_id,
        member_key=rewards.member_key(org_id, member_id),
        status="approved",
        cost=0,
        note="contest prize",
        created_at=at,
        decided_at=at,
    )
    return put_new(redemption)


def close(contest: ContestModel, results: list[dict[str, Any]], at: datetime) -> bool:
    """Mark the contest closed with its results and take it off the org's active list. False if it
    was closed already."""
    for _ in range(ATTEMPTS):
        org = get_org(contest.org_id)
        active = [c for c in boards.active_contests(org) if c["contest_id"] != contest.contest_id]
        try:
            with transaction() as tx:
                tx.update(
                    contest,
                    actions=[
                        ContestModel.status.set("closed"),
                        ContestModel.closed_at.set(at),
                        ContestModel.results.set(json.dumps(results, separators=(",", ":"))),
                    ],
                    condition=ContestModel.status != "closed",
                )
                _org_update(tx, org, active)
            return True
        except TransactWriteError as exc:
            if any(f.on(ContestModel) and f.reason == CONDITION_FAILED for f in failures(tx, exc)):
                return False
            if not _org_changed(tx, exc):
                raise
    raise Conflict("The org's contests kept changing; the contests job will retry.")
