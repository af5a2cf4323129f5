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


@router.get(
    "/groups",
    tags=["groups"],
    operation_id="listGroups",
    summary="List groups",
    description=(
        "The org's groups in a stable order, each with its member count.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `limit` 1 to 100 (default 20).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 422 `validation_error` "
        "(a `cursor` this list did not give)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def list_groups(limit: Limit = 20, cursor: Cursor = None) -> GroupPage:
    caller = current_caller(router)
    page = members.group_page(caller.org_id, limit, cursor)
    return GroupPage(items=[group_out(g) for g in page.items], next_cursor=page.next_cursor)


@router.post(
    "/groups",
    tags=["groups"],
    status_code=201,
    operation_id="createGroup",
    summary="Create a group",
    description=(
        "Creates an empty group. Groups target content, contests, leaderboards and analytics.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `name` 1 to 200 characters, unique in the org ignoring case.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer); a repeat without one answers 409 (the name is taken).\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 409 `conflict` (a group "
        "of that name exists); 422 `validation_error` (a field)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def create_group(body: Annotated[GroupCreate, Body()]) -> GroupOut:
    caller = current_caller(router)
    return group_out(members.create_group(caller.org_id, body.name, request_time(router.current_event)))


@router.get(
    "/groups/<group_id>",
    tags=["groups"],
    operation_id="getGroup",
    summary="Read a group",
    description=(
        "One group of the org with its member count.\n\n"
        "- Role: `admin`.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "group in the caller's org); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def get_group(group_id: GroupId) -> GroupOut:
    caller = current_caller(router)
    return group_out(members.get_group(caller.org_id, group_id))


@router.patch(
    "/groups/<group_id>",
    tags=["groups"],
    operation_id="updateGroup",
    summary="Rename a group",
    description=(
        "Renames a group; `name` is required.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `name` 1 to 200 characters, unique in the org ignoring case.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same name again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "group); 409 `conflict` (another group has that name, or a concurrent change: retry); "
        "422 `validation_error` (a field)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def rename_group(group_id: GroupId, body: Annotated[GroupPatch, Body()]) -> GroupOut:
    caller = current_caller(router)
    return group_out(
        members.rename_group(caller.org_id, group_id, body.name, request_time(router.current_event))
    )


@router.delete(
    "/groups/<group_id>",
    tags=["groups"],
    status_code=204,
    operation_id="deleteGroup",
    summary="Delete a group",
    description=(
        "Deletes a group (204, no body); its members lose it shortly after.\n\n"
        "- Role: `admin`.\n"
        "- Idempotency: no `Idempotency-Key`; a repeat answers 404.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "group, or already deleted); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def delete_group(group_id: GroupId) -> Response[None]:
    caller = current_caller(router)
    members.delete_group(caller.org_id, group_id)
    return Response(status_code=204)
