"""Groups of the caller's org (admin; managers list them to target content). Deleting a group takes it
off its members (stream function)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import KEYED, Router, delete_rules, list_rules, read_rules, rules
from advocacy.api.error_docs import A_FIELD, CONCURRENT_CHANGE, conflict, invalid, not_found
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import group_out, page_out
from advocacy.domain.roles import Role
from advocacy.services import members

router = Router("groups")

GroupId = PathId
GROUP_NAME = "`name` 1 to 200 characters, unique in the org ignoring case"


@router.get(
    "/groups",
    operation_id="listGroups",
    summary="List groups",
    **list_rules(
        Role.MANAGER,
        "The org's groups in a stable order, each with its member count (managers read them to target "
        "content and contests; changing groups stays with admins).",
    ),
)
def list_groups(limit: Limit = 20, cursor: Cursor = None) -> schemas.orgs.GroupPage:
    caller = current_caller(router)
    page = members.group_page(caller.org_id, limit, cursor)
    return page_out(schemas.orgs.GroupPage, page, group_out)


@router.post(
    "/groups",
    status_code=201,
    operation_id="createGroup",
    summary="Create a group",
    **rules(
        Role.ADMIN,
        "Creates an empty group. Groups target content, contests, leaderboards and analytics.",
        limits=GROUP_NAME,
        idempotency=f"{KEYED}); a repeat without one answers 409 (the name is taken)",
        errors=[conflict("a group of that name exists"), invalid(A_FIELD)],
    ),
)
def create_group(body: Annotated[schemas.orgs.GroupCreate, Body()]) -> schemas.orgs.GroupOut:
    caller = current_caller(router)
    return group_out(members.create_group(caller.org_id, body.name, request_time(router.current_event)))


@router.get(
    "/groups/<group_id>",
    operation_id="getGroup",
    summary="Read a group",
    **read_rules(
        Role.ADMIN, "One group of the org with its member count.", "no such group in the caller's org"
    ),
)
def get_group(group_id: GroupId) -> schemas.orgs.GroupOut:
    caller = current_caller(router)
    return group_out(members.get_group(caller.org_id, group_id))


@router.patch(
    "/groups/<group_id>",
    operation_id="updateGroup",
    summary="Rename a group",
    **rules(
        Role.ADMIN,
        "Renames a group; `name` is required.",
        limits=GROUP_NAME,
        idempotency="no `Idempotency-Key`; sending the same name again changes nothing more",
        errors=[
            not_found("no such group"),
            conflict(f"another group has that name, or {CONCURRENT_CHANGE}"),
            invalid(A_FIELD),
        ],
    ),
)
def rename_group(
    group_id: GroupId, body: Annotated[schemas.orgs.GroupPatch, Body()]
) -> schemas.orgs.GroupOut:
    caller = current_caller(router)
    return group_out(
        members.rename_group(caller.org_id, group_id, body.name, request_time(router.current_event))
    )


@router.delete(
    "/groups/<group_id>",
    status_code=204,
    operation_id="deleteGroup",
    summary="Delete a group",
    **delete_rules(
        Role.ADMIN, "Deletes a group (204, no body); its members lose it shortly after.", "no such group"
    ),
)
def delete_group(group_id: GroupId) -> Response[None]:
    caller = current_caller(router)
    members.delete_group(caller.org_id, group_id)
    return Response(status_code=204)
