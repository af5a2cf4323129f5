"""Members of the caller's org (admin): list, invite, read, update."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.deps import access, current_caller, request_time, settings
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.operation import new_id
from advocacy.schemas.boards import Adjustment
from advocacy.schemas.common import ID_PATTERN, Id
from advocacy.schemas.content import LedgerEntryOut
from advocacy.schemas.members import MemberCreate, MemberOut, MemberPage, MemberPatch, RoleName, StatusName
from advocacy.store import groups, ledger, members, orgs, people
from advocacy.store.boards import award_boards
from advocacy.store.models import MemberModel, plain

router = APIGatewayHttpRouter()

Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=2048)]
# Every id the API hands out is 1 to 64 letters, digits, `_` or `-`: a path parameter of any other
# shape is a 422 (Powertools matches path parameters still percent-encoded, so it is also the rule
# that keeps an encoded value from being read as another id).
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
MemberId = PathId


def member_out(member: MemberModel) -> MemberOut:
    return MemberOut(
        member_id=member.member_id,
        email=member.email,
        name=member.name,
        role=member.role,  # type: ignore[arg-type]
        groups=sorted(member.groups or ()),
        status=member.status,  # type: ignore[arg-type]
        created_at=member.created_at,
    )


def check_groups(org_id: str, group_ids: list[str]) -> set[str]:
    wanted = set(group_ids)
    if groups.existing_group_ids(org_id, wanted) != wanted:
        raise ValidationFailed(
            "Some groups do not exist.",
            [FieldIssue("groups", "every group id must name a group of this org")],
        )
    return wanted


@router.get("/members", tags=["members"], openapi_extensions=access(Role.ADMIN))
def list_members(
    group: Annotated[Id | None, Query()] = None,
    role: Annotated[RoleName | None, Query()] = None,
    status: Annotated[StatusName | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> MemberPage:
    caller = current_caller(router)
    page = members.list_members(caller.org_id, limit, cursor, group=group, role=role, status=status)
    return MemberPage(items=[member_out(m) for m in page.items], next_cursor=page.next_cursor)


@router.post("/members", tags=["members"], status_code=201, openapi_extensions=access(Role.ADMIN))
def invite_member(body: Annotated[MemberCreate, Body()]) -> MemberOut:
    caller = current_caller(router)
    wanted = check_groups(caller.org_id, body.groups)
    member = people.invite(
        settings().user_pool_id,
        caller.org_id,
        body.email,
        body.name,
        body.role,
        wanted,
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
    changes: dict[str, Any] = body.model_dump(exclude_none=True)
    if "groups" in changes:
        changes["groups"] = check_groups(caller.org_id, changes["groups"])
    if member_id == caller.member_id and (
        changes.get("role", Role.ADMIN) != Role.ADMIN or changes.get("status") == "deactivated"
    ):
        raise ValidationFailed(
            "Admins cannot demote or deactivate themselves.",
            [FieldIssue("role" if "role" in changes else "status", "ask another admin")],
        )
    if not changes:
        return member_out(members.get_member(caller.org_id, member_id))
    member = people.update(
        settings().user_pool_id, caller.org_id, member_id, changes, request_time(router.current_event)
    )
    return member_out(member)


@router.post(
    "/members/<member_id>/points", tags=["members"], status_code=201, openapi_extensions=access(Role.ADMIN)
)
def adjust_points(member_id: MemberId, body: Annotated[Adjustment, Body()]) -> LedgerEntryOut:
    """Add or deduct points by hand, with a reason; the entry is in the member's ledger like any other."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    if body.points == 0:
        raise ValidationFailed("An adjustment moves points.", [FieldIssue("points", "must not be 0")])
    members.get_member(caller.org_id, member_id)
    entry = ledger.entry(
        caller.org_id, member_id, new_id(), "adjustment", body.points, now,
        {"reason": body.reason, "by": caller.member_id},
    )  # fmt: skip
    ledger.adjust(entry, caller.org_id, member_id, award_boards(orgs.get_org(caller.org_id), now))
    return LedgerEntryOut(
        entry_id=entry.entry_id, type="adjustment", points=body.points, created_at=now, ref=plain(entry.ref)
    )
