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


@router.post(
    "/content",
    tags=["content"],
    status_code=201,
    operation_id="createContent",
    summary="Create content",
    description=(
        "Creates a piece of content as a draft, scheduled or published, by `status` and `publish_at`: "
        "no `status` and no `publish_at` is a draft; `published` (or a `publish_at` now or past) goes "
        "live at once; a future `publish_at` is scheduled and goes live within a minute of it. Content "
        "going live without `expires_at` gets the org's `default_content_ttl_days`.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: `title` 1 to 200 characters; `url` and `image_url` absolute http(s), at most 2,048; "
        "`body` at most 20,000; each message within its network's limit (X 256 as X counts, links as 23); "
        "at most 4 `networks` and 50 `groups`; `points` 0 to 100,000; times with an offset, 2000 to 2100.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer and creates nothing). Without a key, a repeat creates a second piece of content.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 422 `validation_error` (a field, a "
        "group id naming no group of the org, `scheduled` without `publish_at`, an `expires_at` not "
        "after `publish_at` or already past, a message over its network's limit)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def create_content(body: Annotated[ContentCreate, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    fields = {
        **body.model_dump(exclude={"status", "messages"}),
        "messages": body.messages.model_dump(exclude_none=True),
    }
    return content_out(content.create(caller.org_id, caller.member_id, fields, body.status, now), now)


@router.get(
    "/content",
    tags=["content"],
    operation_id="listContent",
    summary="List content",
    description=(
        "Every piece of content of the org, newest first, whatever its status (filter with `status`), "
        "each with its `stats`.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: `limit` 1 to 100 (default 20). A filtered page may hold fewer items, even none, while "
        "`next_cursor` is not null: read on until it is.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 422 `validation_error` (a `cursor` "
        "this list did not give, a `status` or `limit` out of range)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def list_content(
    status: Annotated[Status | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> ContentPage:
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = content.page(caller.org_id, status, limit, cursor)
    return ContentPage(items=[content_out(i, now) for i in page.items], next_cursor=page.next_cursor)


@router.get(
    "/content/<content_id>",
    tags=["content"],
    operation_id="getContent",
    summary="Read content",
    description=(
        "One piece of content with its `stats` (shares, clicks, unique clicks). Published content reads "
        "as `expired` from its `expires_at` on.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (no such content in the "
        "caller's org); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def get_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    return content_out(content.get(caller.org_id, content_id), request_time(router.current_event))


@router.patch(
    "/content/<content_id>",
    tags=["content"],
    operation_id="updateContent",
    summary="Edit content",
    description=(
        "Changes the fields sent; `null` clears `body`, `image_url`, `points` (back to the org's share "
        "rule), `expires_at`, `publish_at` (not of scheduled content), `networks` and `groups`. `title` "
        "and `url` cannot be null. The status does not change here (publish or archive it).\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: as for `createContent`.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same change again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (no such content); "
        "409 `conflict` (archived or expired content, or a concurrent change: read it and retry); "
        "422 `validation_error` (a field, an unknown group, a schedule out of order)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def patch_content(content_id: ContentId, body: Annotated[ContentPatch, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"messages"})
    if body.messages is not None:
        changes["messages"] = body.messages.model_dump(exclude_none=True)
    return content_out(content.edit(caller.org_id, content_id, changes, now), now)


@router.post(
    "/content/<content_id>/publish",
    tags=["content"],
    operation_id="publishContent",
    summary="Publish content now",
    description=(
        "Publishes a draft or scheduled item at once (with the default expiry if it has none). "
        "Published content answers 200, unchanged.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Idempotency: honours `Idempotency-Key`; publishing published content changes nothing, so a "
        "repeat without a key is safe too.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (no such content); "
        "409 `conflict` (archived or expired content); 422 `validation_error` (an `expires_at` already "
        "past)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def publish_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.publish(caller.org_id, content_id, now), now)


@router.post(
    "/content/<content_id>/archive",
    tags=["content"],
    operation_id="archiveContent",
    summary="Archive content",
    description=(
        "Archives content from any status: it leaves the feed and can no longer be edited, published or "
        "shared. Archived content answers 200, unchanged.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Idempotency: honours `Idempotency-Key`; archiving archived content changes nothing, so a "
        "repeat without a key is safe too.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (no such content); "
        "422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def archive_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.archive(caller.org_id, content_id, now), now)
