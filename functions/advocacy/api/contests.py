"""Contests: admins and managers run them; everyone sees them with live standings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy import contests as contest_rules
from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.members import Cursor, Limit, PathId, check_groups
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.operation import sortable_id
from advocacy.schemas.boards import ContestCreate, ContestOut, ContestPage, Prize, Standing
from advocacy.store import contests
from advocacy.store.models import ContestModel

router = APIGatewayHttpRouter()

ContestId = PathId
# A contest may start a little in the past (clock skew, a form left open), never much earlier:
# awards made before it was created would be missing from its board.
START_GRACE = timedelta(minutes=5)


def contest_out(contest: ContestModel, now: datetime, with_standings: bool = True) -> ContestOut:
    return ContestOut(
        contest_id=contest.contest_id,
        name=contest.name,
        starts_at=contest.starts_at,
        ends_at=contest.ends_at,
        metric=contest.metric,  # type: ignore[arg-type]
        groups=sorted(contest.groups or ()),
        prizes=[Prize(**p) for p in json.loads(contest.prizes or "[]")],
        min_score=int(contest.min_score or 0),
        status=contest_rules.status(contest, now),  # type: ignore[arg-type]
        standings=[Standing(**s) for s in contest_rules.standings(contest)] if with_standings else [],
    )


def _issues(body: ContestCreate, now: datetime, org_id: str) -> list[FieldIssue]:
    issues = []
    if body.ends_at <= body.starts_at:
        issues.append(FieldIssue("ends_at", "must be after starts_at"))
    if body.starts_at < now - START_GRACE:
        issues.append(FieldIssue("starts_at", "must not be in the past"))
    seen: set[int] = set()
    for i, prize in enumerate(body.prizes):
        if prize.place in seen:
            issues.append(FieldIssue(f"prizes.{i}.place", "each place has one prize"))
        seen.add(prize.place)
        if prize.points is None and prize.reward_id is None and prize.badge is None:
            issues.append(FieldIssue(f"prizes.{i}", "give points, a reward_id or a badge"))
        if prize.reward_id is not None and not contests.reward_exists(org_id, prize.reward_id):
            issues.append(FieldIssue(f"prizes.{i}.reward_id", "no such reward"))
    return issues


@router.post("/contests", tags=["contests"], status_code=201, openapi_extensions=access(Role.MANAGER))
def create_contest(body: Annotated[ContestCreate, Body()]) -> ContestOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    issues = _issues(body, now, caller.org_id)
    if issues:
        raise ValidationFailed("Some fields are not valid.", issues)
    contest = ContestModel(
        org_id=caller.org_id,
        contest_id=sortable_id(now),
        name=body.name,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        metric=body.metric,
        groups=check_groups(caller.org_id, body.groups),
        prizes=json.dumps([p.model_dump(exclude_none=True) for p in body.prizes]),
        min_score=body.min_score,
        status="upcoming",
        created_by=caller.member_id,
        created_at=now,
    )
    return contest_out(contests.create(contest), now, with_standings=False)


@router.get("/contests", tags=["contests"], openapi_extensions=access(Role.MEMBER))
def list_contests(limit: Limit = 20, cursor: Cursor = None) -> ContestPage:
    """Newest first, without standings (read one contest for those)."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = contests.list_page(caller.org_id, limit, cursor)
    return ContestPage(
        items=[contest_out(c, now, with_standings=False) for c in page.items], next_cursor=page.next_cursor
    )


@router.get("/contests/<contest_id>", tags=["contests"], openapi_extensions=access(Role.MEMBER))
def get_contest(contest_id: ContestId) -> ContestOut:
    caller = current_caller(router)
    return contest_out(contests.get(caller.org_id, contest_id), request_time(router.current_event))
