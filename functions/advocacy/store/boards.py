"""Leaderboard data: which boards an award moves, live scores, and the snapshots the job writes.

A board is a partition of the scores table: `<org_id>#<period>:<period_key>` for the org's periods
(week, month, quarter, all, in the org's time zone) and `<org_id>#contest:<contest_id>` for a contest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from advocacy.domain.periods import board_keys
from advocacy.store.models import BoardModel, OrgModel, ScoreModel


def period_board(org_id: str, period: str, key: str) -> str:
    return f"{org_id}#{period}:{key}"


def contest_board(org_id: str, contest_id: str) -> str:
    return f"{org_id}#contest:{contest_id}"


def active_contests(org: OrgModel) -> list[dict[str, Any]]:
    return list(json.loads(org.active_contests or "[]"))


def award_boards(org: OrgModel, at: datetime) -> list[str]:
    """Every board an earning at `at` counts on: the org's current periods and its running contests.

    A contest's group scope is applied when its standings are read, not here, so an award needs no
    read of the member's groups.
    """
    boards = [period_board(org.org_id, period, key) for period, key in board_keys(at, org.timezone).items()]
    for contest in active_contests(org):
        starts, ends = (
            datetime.fromisoformat(contest["starts_at"]),
            datetime.fromisoformat(contest["ends_at"]),
        )
        if starts <= at < ends:
            boards.append(contest_board(org.org_id, contest["contest_id"]))
    return boards


def scores(board: str) -> Iterator[ScoreModel]:
    """Every score on a board (a job or a contest read: proportional to participants)."""
    return ScoreModel.query(board)


def score(board: str, member_id: str) -> ScoreModel | None:
    try:
        return ScoreModel.get(board, member_id)
    except DoesNotExist:
        return None


def snapshot_sk(period: str, key: str, scope: str) -> str:
    return f"{period}#{key}#{scope}"


def current_sk(period: str, scope: str) -> str:
    return f"{period}#current#{scope}"


def snapshot(org_id: str, sk: str) -> BoardModel | None:
    try:
        return BoardModel.get(org_id, sk)
    except DoesNotExist:
        return None


def snapshot_read(org_id: str, sk: str) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for one snapshot (for `authorize_with`)."""
    return {BoardModel.Meta.table_name: {"Keys": [{"org_id": {"S": org_id}, "sk": {"S": sk}}]}}


def snapshot_from(found: dict[str, list[dict[str, Any]]]) -> BoardModel | None:
    items = found.get(BoardModel.Meta.table_name) or []
    return BoardModel.from_raw_data(items[0]) if items else None


def save_snapshot(board: BoardModel, current: bool) -> None:
    """Write the snapshot under its period key, and as the current board when it is the live period."""
    board.save()
    if current:
        BoardModel(**{**board.attribute_values, "sk": current_sk(board.period, board.scope)}).save()
