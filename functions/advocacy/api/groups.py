"""Groups of the caller's org (admin). Deleting a group takes it off its members (stream function)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.members import Cursor, Limit, PathId
from advocacy.domain.roles import Role
from advocacy.operation import new_id
from advocacy.schemas.orgs import GroupCreate, GroupOut, GroupPage, GroupPatch
from advocacy.store import groups
from advocacy.store.models import GroupModel

router = APIGatewayHttpRouter()

GroupId = PathId


def group_out(group: GroupModel) -> GroupOut:
    return GroupOut(group_id=group.group_id, name=group.name, members=max(int(group.member_count or 0), 0))


@router.get("/groups", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def list_groups(limit: Limit = 20, cursor: Cursor = None) -> GroupPage:
    caller = current_caller(router)
    page = groups.list_groups(caller.org_id, limit, cursor)
    return GroupPage(items=[group_out(g) for g in page.items], next_cursor=page.next_cursor)


@router.post("/groups", tags=["groups"], status_code=201, openapi_extensions=access(Role.ADMIN))
def create_group(body: Annotated[GroupCreate, Body()]) -> GroupOut:
    caller = current_caller(router)
    group = groups.create_group(caller.org_id, new_id(), body.name, request_time(router.current_event))
    return group_out(group)


@router.get("/groups/<group_id>", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def get_group(group_id: GroupId) -> GroupOut:
    caller = current_caller(router)
    return group_out(groups.get_group(caller.org_id, group_id))


@router.patch("/groups/<group_id>", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def rename_group(group_id: GroupId, body: Annotated[GroupPatch, Body()]) -> GroupOut:
    caller = current_caller(router)
    return group_out(
        groups.rename_group(caller.org_id, group_id, body.name, request_time(router.current_event))
    )


@router.delete("/groups/<group_id>", tags=["groups"], status_code=204, openapi_extensions=access(Role.ADMIN))
def delete_group(group_id: GroupId) -> Response[None]:
    caller = current_caller(router)
    groups.delete_group(caller.org_id, group_id)
    return Response(status_code=204)
