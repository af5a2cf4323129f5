"""Members of the caller's org (admin): list, invite, read, update, adjust points."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.deps import access, current_caller, request_time, settings
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import as_dict, member_out
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.boards import Adjustment
from advocacy.schemas.common import Id
from advocacy.schemas.content import LedgerEntryOut
from advocacy.schemas.members import MemberCreate, MemberOut, MemberPage, MemberPatch, RoleName, StatusName
from advocacy.services import members, points

router = APIGatewayHttpRouter()

MemberId = PathId


@router.get("/members", tags=["members"], openapi_extensions=access(Role.ADMIN))
def list_members(
    group: Annotated[Id | None, Query()] = None,
    role: Annotated[RoleName | None, Query()] = None,
    status: Annotated[StatusName | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> MemberPage:
    caller = current_caller(router)
    page = members.member_page(caller.org_id, limit, cursor, group=group, role=role, status=status)
    return MemberPage(items=[member_out(m) for m in page.items], next_cursor=page.next_cursor)


@router.post("/members", tags=["members"], status_code=201, openapi_extensions=access(Role.ADMIN))
def invite_member(body: Annotated[MemberCreate, Body()]) -> MemberOut:
    caller = current_caller(router)
    member = members.invite(
        settings().user_pool_id,
        caller.org_id,
        body.email,
        body.name,
        body.role,
        body.groups,
        request_time(router.current_event),
    )
    metrics.add_metric(name="MemberInvited", unit=MetricUnit.Count, value=1)
    return member_out(member)


@router.get("/members/<member_id>", tags=["members"], openapi_extensions=access(Role.ADMIN))
def get_member(member_id: MemberId) -> MemberOut:
    caller = current_caller(router)
    return member_out(members.get_member(caller.org_id, member_id))


@router.patch("/members/<member_id>", tags=["members"], openapi_extensions=access(Role.ADMIN))
def patch_member(member_id: MemberId, body: Annotated[MemberPatch, Body()]) -> MemberOut:
    caller = current_caller(router)
    member = members.update_member(
        settings().user_pool_id,
        caller.org_id,
        member_id,
        caller.member_id,
        body.model_dump(exclude_none=True),
        request_time(router.current_event),
    )
    return member_out(member)


@router.post(
    "/members/<member_id>/points", tags=["members"], status_code=201, openapi_extensions=access(Role.ADMIN)
)
def adjust_points(member_id: MemberId, body: Annotated[Adjustment, Body()]) -> LedgerEntryOut:
    """Add or deduct points by hand, with a reason; the entry is in the member's ledger like any other."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    entry = points.adjust(caller.org_id, member_id, body.points, body.reason, caller.member_id, now)
    return LedgerEntryOut(
        entry_id=entry.entry_id, type="adjustment", points=body.points, created_at=now, ref=as_dict(entry.ref)
    )
