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


@router.get(
    "/members",
    tags=["members"],
    operation_id="listMembers",
    summary="List members",
    description=(
        "The org's members in a stable order, filtered by `group`, `role` and `status`.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `limit` 1 to 100 (default 20). A filtered page may hold fewer items, even none, while "
        "`next_cursor` is not null: read on until it is.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 422 `validation_error` "
        "(a `cursor` this list did not give, a filter out of range)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
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


@router.post(
    "/members",
    tags=["members"],
    status_code=201,
    operation_id="inviteMember",
    summary="Invite a member",
    description=(
        "Creates the member and their sign-in; they get an email with a temporary password (valid 7 "
        "days). The new member is `active`, with the `role` and `groups` given.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `email` at most 128 characters (stored lower-case); `name` 1 to 200; at most 50 "
        "`groups`.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer); a retried invite without one finds the member and answers 409.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 409 `conflict` (a member "
        "with this email already exists); 422 `validation_error` (a field, a group id naming no group "
        "of the org, an address the sign-in service refuses)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
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


@router.get(
    "/members/<member_id>",
    tags=["members"],
    operation_id="getMember",
    summary="Read a member",
    description=(
        "One member of the org: email, name, role, groups, status.\n\n"
        "- Role: `admin`.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "member in the caller's org); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def get_member(member_id: MemberId) -> MemberOut:
    caller = current_caller(router)
    return member_out(members.get_member(caller.org_id, member_id))


@router.patch(
    "/members/<member_id>",
    tags=["members"],
    operation_id="updateMember",
    summary="Edit a member",
    description=(
        "Changes a member's `name`, `role`, `groups` (the whole list) or `status`; a field left out or "
        "`null` is unchanged. A deactivated member is refused (401) from their very next request; an "
        "admin cannot demote or deactivate themselves (another admin must).\n\n"
        "- Role: `admin`.\n"
        "- Limits: `name` 1 to 200 characters; at most 50 `groups`.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same change again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "member); 409 `conflict` (a concurrent change: retry); 422 `validation_error` (a field, an "
        "unknown group, the caller's own demotion or deactivation)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
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
    "/members/<member_id>/points",
    tags=["members"],
    status_code=201,
    operation_id="adjustMemberPoints",
    summary="Adjust a member's points",
    description=(
        "Adds or deducts points by hand, with a reason: answers the `adjustment` entry, which the member "
        "sees in their ledger like any other. A positive adjustment also counts toward their lifetime "
        "total (and level); a balance never goes below zero.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `points` -1,000,000 to 1,000,000, not 0; `reason` 1 to 500 characters.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer and moves nothing). Without a key, a repeat makes a second adjustment.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "member); 409 `insufficient_points` (a deduction larger than the balance); "
        "422 `validation_error` (a field)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def adjust_points(member_id: MemberId, body: Annotated[Adjustment, Body()]) -> LedgerEntryOut:
    """Add or deduct points by hand, with a reason; the entry is in the member's ledger like any other."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    entry = points.adjust(caller.org_id, member_id, body.points, body.reason, caller.member_id, now)
    return LedgerEntryOut(
        entry_id=entry.entry_id, type="adjustment", points=body.points, created_at=now, ref=as_dict(entry.ref)
    )
