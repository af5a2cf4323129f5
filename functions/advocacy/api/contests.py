"""Contests: admins and managers run them; everyone sees them with live standings."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.domain.roles import Role
from advocacy.schemas.boards import ContestCreate, ContestOut, ContestPage, Prize, Standing
from advocacy.services import contests

router = APIGatewayHttpRouter()

ContestId = PathId


def contest_out(found: contests.Contest) -> ContestOut:
    contest = found.contest
    return ContestOut(
        contest_id=contest.contest_id,
        name=contest.name,
        starts_at=contest.starts_at,
        ends_at=contest.ends_at,
        metric=contest.metric,  # type: ignore[arg-type]
        groups=sorted(contest.groups or ()),
        prizes=[Prize(**p) for p in contest.prizes or []],
        min_score=int(contest.min_score or 0),
        status=found.status,  # type: ignore[arg-type]
        standings=[Standing(**s) for s in found.standings],
    )


@router.post("/contests", tags=["contests"], status_code=201, openapi_extensions=access(Role.MANAGER))
def create_contest(body: Annotated[ContestCreate, Body()]) -> ContestOut:
    caller = current_caller(router)
    fields = {
        **body.model_dump(exclude={"prizes"}),
        "prizes": [p.model_dump(exclude_none=True) for p in body.prizes],
    }
    return contest_out(
        contests.create(caller.org_id, caller.member_id, fields, request_time(router.current_event))
    )


@router.get("/contests", tags=["contests"], openapi_extensions=access(Role.MEMBER))
def list_contests(limit: Limit = 20, cursor: Cursor = None) -> ContestPage:
    """Newest first, without standings (read one contest for those)."""
    caller = current_caller(router)
    page = contests.page(caller.org_id, limit, cursor, request_time(router.current_event))
    return ContestPage(items=[contest_out(c) for c in page.items], next_cursor=page.next_cursor)


@router.get("/contests/<contest_id>", tags=["contests"], openapi_extensions=access(Role.MEMBER))
def get_contest(contest_id: ContestId) -> ContestOut:
    caller = current_caller(router)
    return contest_out(contests.with_standings(caller.org_id, contest_id, request_time(router.current_event)))
