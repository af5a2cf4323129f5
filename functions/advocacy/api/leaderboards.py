"""Leaderboards (any member): the job's snapshot plus the caller's exact rank, in two round trips."""

from __future__ import annotations

import json
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, authorize_with, authorizes_itself, token_claims
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.periods import is_valid_period_key
from advocacy.domain.ranking import decode_bounds, decode_histogram, rank_of
from advocacy.domain.roles import Role
from advocacy.schemas.boards import BoardEntry, Leaderboard, MyRank, Period
from advocacy.schemas.common import Id
from advocacy.store import boards, groups
from advocacy.store.models import BoardModel

router = APIGatewayHttpRouter()
# The shapes of period keys (which one, and which weeks a year has, depend on `period`).
PERIOD_KEY_PATTERN = r"^(?:all|[0-9]{4}-(?:W(?:0[1-9]|[1-4][0-9]|5[0-3])|0[1-9]|1[0-2]|Q[1-4]))$"
EVERYONE = "all"


@router.get("/leaderboards/<period>", tags=["leaderboards"], openapi_extensions=access(Role.MEMBER))
@authorizes_itself
def get_leaderboard(
    period: Annotated[Period, Path()],
    group: Annotated[Id | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    period_key: Annotated[
        str | None,
        Query(
            max_length=16,
            description="A past or current period of `period`: 2026-W45 (ISO week), 2026-11, 2026-Q4 or all",
            json_schema_extra={"pattern": PERIOD_KEY_PATTERN},
        ),
    ] = None,
) -> Leaderboard:
    """The board as of `generated_at`; `me.points` is the caller's live score on that board.

    Two round trips: the caller's member record with the snapshot, then the caller's score (and a
    third, in an org whose histogram needs several pages, when the score falls below the first)."""
    org_id, _ = token_claims(router.current_event)
    valid = period_key is None or is_valid_period_key(period, period_key)
    scope = group or EVERYONE
    sk = boards.snapshot_sk(period, period_key, scope) if period_key else boards.current_sk(period, scope)
    caller, found = authorize_with(router, boards.snapshot_read(org_id, sk) if valid else {})
    if not valid:
        raise ValidationFailed(
            "Unknown period key.", [FieldIssue("period_key", "e.g. 2026-W45, 2026-11, 2026-Q4")]
        )
    snapshot = boards.snapshot_from(found)
    if snapshot is None:
        if group is not None:
            groups.get_group(caller.org_id, group)  # 404 for a group that does not exist
        return Leaderboard(period=period, period_key=period_key or "", generated_at=None, entries=[], me=None)
    return Leaderboard(
        period=period,
        period_key=snapshot.period_key,
        generated_at=snapshot.generated_at,
        entries=[BoardEntry(**e) for e in json.loads(snapshot.entries)[:limit]],
        me=_me(
            snapshot,
            caller.org_id,
            caller.member_id,
            in_scope=scope == EVERYONE or scope in (caller.member.groups or ()),
        ),
    )


def _me(snapshot: BoardModel, org_id: str, member_id: str, in_scope: bool) -> MyRank | None:
    if not in_scope:
        return None
    score = boards.score(boards.period_board(org_id, snapshot.period, snapshot.period_key), member_id)
    points = int(score.points or 0) if score else 0
    rank = rank_of(
        points,
        decode_histogram(snapshot.histogram),
        decode_bounds(snapshot.histogram_pages),
        int(snapshot.members),
        lambda index: decode_histogram(boards.histogram_page(snapshot, index)),
    )
    return MyRank(rank=rank, points=points)
