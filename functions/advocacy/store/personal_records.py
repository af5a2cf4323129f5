"""Everything stored about one member, read for their own copy of it (`POST /me/export`, decision 87).

Each function reads one kind of record by the member's own keys (their ledger partition, their share
prefix, the `by_member` indexes, their score item); only contests are read org-wide, to name the ones
they scored on.
"""

from __future__ import annotations

from collections.abc import Iterator

from advocacy.store import scores
from advocacy.store.click_records import link_key
from advocacy.store.connection_model import ConnectionModel
from advocacy.store.models import (
    ClickModel,
    ContestModel,
    GroupModel,
    LedgerModel,
    RewardModel,
    ShareModel,
    SuggestionModel,
)
from advocacy.store.suggestion_records import member_key


def shares(org_id: str, member_id: str) -> Iterator[ShareModel]:
    return ShareModel.query(org_id, ShareModel.share_key.startswith(f"{member_id}#"))


def rewarded_days(org_id: str, code: str) -> Iterator[ClickModel]:
    """The link's per-day counters of clicks that earned points (no visitor in them)."""
    return ClickModel.query(link_key(org_id, code), ClickModel.sk.startswith("day#"))


def ledger(org_id: str, member_id: str) -> Iterator[LedgerModel]:
    return LedgerModel.query(f"{org_id}#{member_id}")


def redemptions(org_id: str, member_id: str) -> Iterator[RewardModel]:
    return RewardModel.by_member.query(member_key(org_id, member_id))


def suggestions(org_id: str, member_id: str) -> Iterator[SuggestionModel]:
    return SuggestionModel.by_member.query(member_key(org_id, member_id))


def connections(org_id: str, member_id: str) -> Iterator[ConnectionModel]:
    return ConnectionModel.query(org_id, ConnectionModel.sk.startswith(f"CONN#{member_id}#"))


def contests(org_id: str) -> Iterator[ContestModel]:
    return ContestModel.query(org_id)


def contest_scores(org_id: str, member_id: str, contest_ids: list[str]) -> dict[str, dict[str, int]]:
    """The member's points, shares and clicks on each running contest of `contest_ids` they scored on
    (the others are absent; a closed contest's are dropped from the score item after its close, its
    results keep the places): one GetItem of the member's score item."""
    found = scores.live(org_id, member_id) if contest_ids else {}
    out = {}
    for contest_id in contest_ids:
        board = scores.contest_board(contest_id)
        named = {
            metric: found[scores.name(board, metric)]
            for metric in scores.METRICS
            if scores.name(board, metric) in found
        }
        if named:
            out[contest_id] = {metric: named.get(metric, 0) for metric in scores.METRICS}
    return out


def group_names(org_id: str, group_ids: set[str]) -> dict[str, str]:
    keys = [(org_id, f"GROUP#{group_id}") for group_id in sorted(group_ids)]
    return {group.group_id: group.name for group in GroupModel.batch_get(keys)} if keys else {}
