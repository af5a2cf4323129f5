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


@router.post(
    "/contests",
    tags=["contests"],
    status_code=201,
    operation_id="createContest",
    summary="Create a contest",
    description=(
        "Creates a contest ranking members by `metric` (`points`, `shares` or unique `clicks`) earned "
        "from `starts_at` until `ends_at`, optionally only members of `groups` and only scores of at "
        "least `min_score`. It is `upcoming`, then `running`, then `closed` by the hourly `contests` "
        "job, which awards each prize place (ties all win) its points, reward or badge.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: `name` 1 to 200 characters; `starts_at` at most 5 minutes past; `ends_at` after "
        "`starts_at`; at most 100 prizes, places 1 to 1,000, one prize per place, each with `points` "
        "(1 to 1,000,000), a `reward_id` or a `badge`; at most 50 `groups`; `min_score` 0 to "
        "1,000,000,000.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer and creates nothing). Without a key, a repeat creates a second contest.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 422 `validation_error` (a field, a "
        "start in the past, an end not after the start, a place given two prizes, a `reward_id` or "
        "group id naming nothing of the org)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def create_contest(body: Annotated[ContestCreate, Body()]) -> ContestOut:
    caller = current_caller(router)
    fields = {
        **body.model_dump(exclude={"prizes"}),
        "prizes": [p.model_dump(exclude_none=True) for p in body.prizes],
    }
    return contest_out(
        contests.create(caller.org_id, caller.member_id, fields, request_time(router.current_event))
    )


@router.get(
    "/contests",
    tags=["contests"],
    operation_id="listContests",
    summary="List contests",
    description=(
        "The org's contests, newest first, with their status and prizes but without standings (read one "
        "contest for those).\n\n"
        "- Role: `member` (any active member).\n"
        "- Limits: `limit` 1 to 100 (default 20).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 422 `validation_error` (a `cursor` this list did not give)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def list_contests(limit: Limit = 20, cursor: Cursor = None) -> ContestPage:
    """Newest first, without standings (read one contest for those)."""
    caller = current_caller(router)
    page = contests.page(caller.org_id, limit, cursor, request_time(router.current_event))
    return ContestPage(items=[contest_out(c) for c in page.items], next_cursor=page.next_cursor)


@router.get(
    "/contests/<contest_id>",
    tags=["contests"],
    operation_id="getContest",
    summary="Read a contest",
    description=(
        "One contest with its standings (the top 100, ranked 1, 2, 2, 4): live while it runs, final once "
        "closed.\n\n"
        "- Role: `member` (any active member).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 404 `not_found` (no such contest in the caller's org); "
        "422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def get_contest(contest_id: ContestId) -> ContestOut:
    caller = current_caller(router)
    return contest_out(contests.with_standings(caller.org_id, contest_id, request_time(router.current_event)))
