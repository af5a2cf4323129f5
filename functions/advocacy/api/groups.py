"""Groups of the caller's org (admin). Deleting a group takes it off its members (stream function)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import group_out
from advocacy.domain.roles import Role
from advocacy.schemas.orgs import GroupCreate, GroupOut, GroupPage, GroupPatch
from advocacy.services import members

router = APIGatewayHttpRouter()

GroupId = PathId


@router.get("/groups", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def list_groups(limit: Limit = 20, cursor: Cursor = None) -> GroupPage:
    caller = current_caller(router)
    page = members.group_page(caller.org_id, limit, cursor)
    return GroupPage(items=[group_out(g) for g in page.items], next_cursor=page.next_cursor)


@router.post("/groups", tags=["groups"], status_code=201, openapi_extensions=access(Role.ADMIN))
def create_group(body: Annotated[GroupCreate, Body()]) -> GroupOut:
    caller = current_caller(router)
    return group_out(members.create_group(caller.org_id, body.name, request_time(router.current_event)))


@router.get("/groups/<group_id>", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def get_group(group_id: GroupId) -> GroupOut:
    caller = current_caller(router)
    return group_out(members.get_group(caller.org_id, group_id))


@router.patch("/groups/<group_id>", tags=["groups"], openapi_extensions=access(Role.ADMIN))
def rename_group(group_id: GroupId, body: Annotated[GroupPatch, Body()]) -> GroupOut:
    caller = current_caller(router)
    return group_out(
        members.rename_group(caller.org_id, group_id, body.name, request_time(router.current_event))
    )


@router.delete("/groups/<group_id>", tags=["groups"], status_code=204, openapi_extensions=access(Role.ADMIN))
def delete_group(group_id: GroupId) -> Response[None]:
    caller = current_caller(router)
    members.delete_group(caller.org_id, group_id)
    return Response(status_code=204)
