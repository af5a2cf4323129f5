"""Content (admin, manager): create, list, read, edit, publish now, archive."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.params import ContentId, Cursor, Limit
from advocacy.api.views import content_out
from advocacy.domain.roles import Role
from advocacy.schemas.content import ContentCreate, ContentOut, ContentPage, ContentPatch, Status
from advocacy.services import content

router = APIGatewayHttpRouter()


@router.post("/content", tags=["content"], status_code=201, openapi_extensions=access(Role.MANAGER))
def create_content(body: Annotated[ContentCreate, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    fields = {
        **body.model_dump(exclude={"status", "messages"}),
        "messages": body.messages.model_dump(exclude_none=True),
    }
    return content_out(content.create(caller.org_id, caller.member_id, fields, body.status, now), now)


@router.get("/content", tags=["content"], openapi_extensions=access(Role.MANAGER))
def list_content(
    status: Annotated[Status | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> ContentPage:
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = content.page(caller.org_id, status, limit, cursor)
    return ContentPage(items=[content_out(i, now) for i in page.items], next_cursor=page.next_cursor)


@router.get("/content/<content_id>", tags=["content"], openapi_extensions=access(Role.MANAGER))
def get_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    return content_out(content.get(caller.org_id, content_id), request_time(router.current_event))


@router.patch("/content/<content_id>", tags=["content"], openapi_extensions=access(Role.MANAGER))
def patch_content(content_id: ContentId, body: Annotated[ContentPatch, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"messages"})
    if body.messages is not None:
        changes["messages"] = body.messages.model_dump(exclude_none=True)
    return content_out(content.edit(caller.org_id, content_id, changes, now), now)


@router.post("/content/<content_id>/publish", tags=["content"], openapi_extensions=access(Role.MANAGER))
def publish_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.publish(caller.org_id, content_id, now), now)


@router.post("/content/<content_id>/archive", tags=["content"], openapi_extensions=access(Role.MANAGER))
def archive_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.archive(caller.org_id, content_id, now), now)
