"""Leaderboards (any member): the job's snapshot plus the caller's exact rank, in two round trips."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from advocacy import schemas
from advocacy.api.deps import admitter, authorizes_itself, token_claims
from advocacy.api.docs import Router, rules
from advocacy.api.error_docs import invalid, not_found
from advocacy.api.params import Limit
from advocacy.api.views import answer
from advocacy.domain.roles import Role
from advocacy.schemas.common import Id
from advocacy.services import leaderboards

if TYPE_CHECKING:
    pass

router = Router("leaderboards")
# The shapes of period keys (which one, and which weeks a year has, depend on `period`).
PERIOD_KEY_PATTERN = r"^(?:all|[0-9]{4}-(?:W(?:0[1-9]|[1-4][0-9]|5[0-3])|0[1-9]|1[0-2]|Q[1-4]))$"


@router.get(
    "/leaderboards/<period>",
    operation_id="getLeaderboard",
    summary="Read a leaderboard",
    **rules(
        Role.MEMBER,
        "The board of `period` (`week` from Monday, `month`, `quarter`, `all`, cut in the org's time "
        "zone) as the `leaderboards` job last built it (every 15 minutes): the top members with points "
        "above 0, ranked 1, 2, 2, 4 on ties, as of `generated_at`. `me` is the caller's live `points` "
        "and their rank among the scores as of `generated_at` (null when `group` is a group the caller "
        "is not in, and on a final board older than the previous period when the caller is not among "
        "its entries: live scores are kept for two periods). `group` narrows the board to one group; `period_key` reads a past period. Before "
        "the first build, `generated_at` is null and `entries` empty.",
        limits="`limit` 1 to 100 entries (default 20); `period_key` a key of `period` (2026-W45, "
        "2026-11, 2026-Q4, all)",
        errors=[
            not_found("a `group` that does not exist, before the board's first build"),
            invalid("a `period_key` of another period", "a parameter out of range"),
        ],
    ),
)
@authorizes_itself
def get_leaderboard(
    period: Annotated[schemas.boards.Period, Path()],
    group: Annotated[Id | None, Query()] = None,
    limit: Limit = 20,
    period_key: Annotated[
        str | None,
        Query(
            max_length=16,
            description="A past or current period of `period`: 2026-W45 (ISO week), 2026-11, 2026-Q4 or all",
            json_schema_extra={"pattern": PERIOD_KEY_PATTERN},
        ),
    ] = None,
) -> schemas.boards.Leaderboard:
    """The board as of `generated_at`; `me.points` is the caller's live score on that board.

    Two round trips: the caller's member record with the snapshot, then the caller's score (and a
    third, in an org whose histogram needs several pages, when the score falls below the first)."""
    org_id, _ = token_claims(router.current_event)
    board = leaderboards.board(org_id, period, period_key, group, limit, admitter(router))
    if board.snapshot is None:
        return schemas.boards.Leaderboard(
            period=period, period_key=period_key or "", generated_at=None, entries=[], me=None
        )
    return schemas.boards.Leaderboard(
        period=period,
        period_key=board.snapshot.period_key,
        generated_at=board.snapshot.generated_at,
        entries=[schemas.boards.BoardEntry(**e) for e in board.entries],
        me=None if board.me is None else answer(schemas.boards.MyRank, board.me),
    )
