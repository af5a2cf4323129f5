"""Contests: admins and managers run them; everyone sees them with live standings."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import Router, creates, list_rules, read_rules, rules
from advocacy.api.error_docs import A_FIELD, invalid
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.services import contests

router = Router("contests")

ContestId = PathId


def contest_out(found: contests.Contest) -> schemas.boards.ContestOut:
    """The stored contest, with its status now (not the one stored) and its standings."""
    return answer(schemas.boards.ContestOut, found.contest, status=found.status, standings=found.standings)


@router.post(
    "/contests",
    status_code=201,
    operation_id="createContest",
    summary="Create a contest",
    **rules(
        Role.MANAGER,
        "Creates a contest ranking members by `metric` (`points`, `shares` or unique `clicks`) earned "
        "from `starts_at` until `ends_at`, optionally only members of `groups` and only scores of at "
        "least `min_score`. It is `upcoming`, then `running`, then `closed` by the hourly `contests` "
        "job, which awards each prize place (ties all win) its points, reward or badge. A reward prize "
        "reserves a unit of the reward's stock per place now; its winner gets a pending redemption "
        "for an admin to decide. Prize points never count in another contest.",
        limits="`name` 1 to 200 characters; `starts_at` at most 5 minutes past; `ends_at` after "
        "`starts_at`; at most 100 prizes, places 1 to 1,000, one prize per place, each with `points` "
        "(1 to 1,000,000; a manager's at most the org's `limits.prize_points_max`), a `reward_id` or a "
        "`badge`; at most 50 `groups`; `min_score` 0 to "
        "1,000,000,000",
        idempotency=creates("contest"),
        errors=[
            invalid(
                A_FIELD,
                "a start in the past",
                "an end not after the start",
                "a place given two prizes",
                "a `reward_id` or group id naming nothing of the org",
                "a reward without a unit of stock for each place it is the prize of",
                "a manager's prize `points` over the org's `limits.prize_points_max`",
            )
        ],
    ),
)
def create_contest(body: Annotated[schemas.boards.ContestCreate, Body()]) -> schemas.boards.ContestOut:
    caller = current_caller(router)
    fields = {
        **body.model_dump(exclude={"prizes"}),
        "prizes": [p.model_dump(exclude_none=True) for p in body.prizes],
    }
    return contest_out(
        contests.create(
            caller.org_id, caller.member_id, fields, request_time(router.current_event), caller.role
        )
    )


@router.get(
    "/contests",
    operation_id="listContests",
    summary="List contests",
    **list_rules(
        Role.MEMBER,
        "The org's contests, newest first, with their status and prizes but without standings (read one "
        "contest for those).",
    ),
)
def list_contests(limit: Limit = 20, cursor: Cursor = None) -> schemas.boards.ContestPage:
    caller = current_caller(router)
    page = contests.page(caller.org_id, limit, cursor, request_time(router.current_event))
    return page_out(schemas.boards.ContestPage, page, contest_out)


@router.get(
    "/contests/<contest_id>",
    operation_id="getContest",
    summary="Read a contest",
    **read_rules(
        Role.MEMBER,
        "One contest with its standings (the top 100, ranked 1, 2, 2, 4): live while it runs, final once "
        "closed.",
        "no such contest in the caller's org",
    ),
)
def get_contest(contest_id: ContestId) -> schemas.boards.ContestOut:
    caller = current_caller(router)
    return contest_out(contests.with_standings(caller.org_id, contest_id, request_time(router.current_event)))
