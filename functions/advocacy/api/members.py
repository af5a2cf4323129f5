"""Members of the caller's org (admin): list, invite, read, update, adjust points."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time, settings
from advocacy.api.docs import FILTERED_PAGE, KEYED, SAME_CHANGE, Router, read_rules, rules
from advocacy.api.error_docs import (
    A_FIELD,
    CONCURRENT_CHANGE,
    FOREIGN_CURSOR,
    MALFORMED_ID,
    conflict,
    invalid,
    not_found,
)
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import entry_out, member_out, page_out
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.common import SEARCH_LENGTH, Id
from advocacy.services import erasure, members, points

router = Router("members")

MemberId = PathId
UNKNOWN_MEMBER = not_found("no such member")


@router.get(
    "/members",
    operation_id="listMembers",
    summary="List members",
    **rules(
        Role.ADMIN,
        "The org's members in a stable order, filtered by `group`, `role` and `status`; `q` keeps the "
        "members whose name or email contains it, ignoring case. Each has `last_active_at`, the time of "
        "their latest share (null before their first).",
        limits=f"{FILTERED_PAGE}; `q` 1 to {SEARCH_LENGTH} characters, one line",
        errors=[invalid(FOREIGN_CURSOR, "a filter or `q` out of range")],
    ),
)
def list_members(
    group: Annotated[Id | None, Query()] = None,
    role: Annotated[schemas.members.RoleName | None, Query()] = None,
    status: Annotated[schemas.members.StatusName | None, Query()] = None,
    q: Annotated[schemas.members.MemberSearch | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> schemas.members.MemberPage:
    caller = current_caller(router)
    page = members.member_page(caller.org_id, limit, cursor, group=group, role=role, status=status, search=q)
    return page_out(schemas.members.MemberPage, page, member_out)


@router.post(
    "/members",
    status_code=201,
    operation_id="inviteMember",
    summary="Invite a member",
    **rules(
        Role.ADMIN,
        "Creates the member and their sign-in; they get an email with a temporary password (valid 7 "
        "days) and the web app's address, in `language` (English when absent; the member keeps it "
        "until they choose one). The new member is `active`, with the `role` and `groups` given. Only an address of the "
        "org's own email `domains` (or one of its `allowed_emails`, see `getOrg`) can be invited; any "
        "other is a 422 on `email` that says nothing of whether the address is known elsewhere.",
        limits="`email` at most 128 characters (stored lower-case); `name` 1 to 200; at most 50 `groups`",
        idempotency=f"{KEYED}); a retried invite without one finds the member and answers 409",
        errors=[
            conflict("a member with this email already exists"),
            invalid(
                A_FIELD,
                "an address outside the org's email domains (and not allowed to it)",
                "a group id naming no group of the org",
                "an address the sign-in service refuses",
            ),
        ],
    ),
)
def invite_member(body: Annotated[schemas.members.MemberCreate, Body()]) -> schemas.members.MemberOut:
    caller = current_caller(router)
    member = members.invite(
        settings().user_pool_id,
        caller.org_id,
        body.email,
        body.name,
        body.role,
        body.groups,
        request_time(router.current_event),
        language=body.language,
    )
    metrics.add_metric(name="MemberInvited", unit=MetricUnit.Count, value=1)
    return member_out(member)


@router.get(
    "/members/<member_id>",
    operation_id="getMember",
    summary="Read a member",
    **read_rules(
        Role.ADMIN,
        "One member of the org: email, name, role, groups, status, last activity.",
        "no such member in the caller's org",
    ),
)
def get_member(member_id: MemberId) -> schemas.members.MemberOut:
    caller = current_caller(router)
    return member_out(members.get_member(caller.org_id, member_id))


@router.patch(
    "/members/<member_id>",
    operation_id="updateMember",
    summary="Edit a member",
    **rules(
        Role.ADMIN,
        "Changes a member's `name`, `role`, `groups` (the whole list) or `status`; a field left out or "
        "`null` is unchanged. A deactivated member is refused (401) from their very next request; an "
        "admin cannot demote or deactivate themselves (another admin must).",
        limits="`name` 1 to 200 characters; at most 50 `groups`",
        idempotency=SAME_CHANGE,
        errors=[
            UNKNOWN_MEMBER,
            conflict(CONCURRENT_CHANGE),
            invalid(A_FIELD, "an unknown group", "the caller's own demotion or deactivation"),
        ],
    ),
)
def patch_member(
    member_id: MemberId, body: Annotated[schemas.members.MemberPatch, Body()]
) -> schemas.members.MemberOut:
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
    status_code=201,
    operation_id="adjustMemberPoints",
    summary="Adjust a member's points",
    **rules(
        Role.ADMIN,
        "Adds or deducts points by hand, with a reason: answers the `adjustment` entry, which the member "
        "sees in their ledger like any other. A positive adjustment also counts toward their lifetime "
        "total (and level); a balance never goes below zero.",
        limits="`points` -1,000,000 to 1,000,000, not 0; `reason` 1 to 500 characters",
        idempotency=f"{KEYED} and moves nothing). Without a key, a repeat makes a second adjustment",
        errors=[
            UNKNOWN_MEMBER,
            conflict("a deduction larger than the balance", "insufficient_points"),
            invalid(A_FIELD),
        ],
    ),
)
def adjust_points(
    member_id: MemberId, body: Annotated[schemas.boards.Adjustment, Body()]
) -> schemas.content.LedgerEntryOut:
    """Add or deduct points by hand, with a reason; the entry is in the member's ledger like any other."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    entry = points.adjust(caller.org_id, member_id, body.points, body.reason, caller.member_id, now)
    return entry_out(entry)


@router.post(
    "/members/<member_id>/erase",
    operation_id="eraseMember",
    summary="Erase a departed member's personal data",
    **rules(
        Role.ADMIN,
        'For a member who has left (deactivate them first): their name becomes "Former member" '
        "wherever it shows (boards, contest results, suggestions), their email, network handles and "
        "follower counts are removed, their connected accounts are revoked and deleted, the words and "
        "post addresses of their shares are removed, and their sign-in user is deleted. Their points "
        "stay under their member id, so balances, boards and analytics still add up, and their short "
        "links keep redirecting. Answers the member with `erased_at`. A failure part-way is a 503: "
        "repeating the request completes the erasure, and repeating it after that changes nothing.",
        idempotency=f"{KEYED}); without one, repeating it completes a half-done erasure or answers the "
        "erased member as they are",
        errors=[
            UNKNOWN_MEMBER,
            conflict("the member is not deactivated"),
            invalid(MALFORMED_ID, "the caller's own id"),
        ],
    ),
)
def erase_member(member_id: MemberId) -> schemas.members.MemberOut:
    caller = current_caller(router)
    member = erasure.erase(
        settings().user_pool_id,
        caller.org_id,
        member_id,
        caller.member_id,
        request_time(router.current_event),
    )
    metrics.add_metric(name="MemberErased", unit=MetricUnit.Count, value=1)
    return member_out(member)
