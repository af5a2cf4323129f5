"""Content (admin, manager): create, list, read, edit, schedule, publish now, archive; approve or reject
(admin)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import FILTERED_PAGE, SAME_CHANGE, Router, creates, read_rules, rules
from advocacy.api.error_docs import A_FIELD, BAD_ID, FOREIGN_CURSOR, conflict, invalid, not_found
from advocacy.api.params import ContentId, Cursor, Limit
from advocacy.api.views import content_out, page_out
from advocacy.domain.roles import Role
from advocacy.schemas.common import SEARCH_LENGTH
from advocacy.services import content

router = Router("content")

UNKNOWN_CONTENT = not_found("no such content")
# What the org's `content_needs_approval` does to a manager's request (decision 61).
HELD = (
    " When the org's `content_needs_approval` is on, a manager's content that would be scheduled or "
    "published is `pending_approval` instead, until an admin approves or rejects it."
)
NOT_PENDING = conflict("content not pending approval, unless this same decision already moved it")


def unchanged(repeat: str) -> str:
    """The idempotency of a move to a status, which a `repeat` ("publishing published content")
    leaves as it is."""
    return f"honours `Idempotency-Key`; {repeat} changes nothing, so a repeat without a key is safe too"


@router.post(
    "/content",
    status_code=201,
    operation_id="createContent",
    summary="Create content",
    **rules(
        Role.MANAGER,
        "Creates a piece of content as a draft, scheduled or published, by `status` and `publish_at`: "
        "no `status` and no `publish_at` is a draft; `published` (or a `publish_at` now or past) goes "
        "live at once; a future `publish_at` is scheduled and goes live within a minute of it. Content "
        "going live without `expires_at` gets the org's `default_content_ttl_days`." + HELD,
        limits="`title` 1 to 200 characters; `url` and `image_url` absolute http(s), at most 2,048; "
        "`body` at most 20,000; each message within its network's limit (X 256 as X counts, links as 23); "
        "at most 4 `networks` and 50 `groups`; `points` 0 to 100,000 (a manager's at most the org's "
        "`limits.content_points_max`); times with an offset, 2000 to 2100",
        idempotency=creates("piece of content"),
        errors=[
            invalid(
                A_FIELD,
                "a group id naming no group of the org",
                "`scheduled` without `publish_at`",
                "an `expires_at` not after `publish_at` or already past",
                "a message over its network's limit",
                "a manager's `points` over the org's `limits.content_points_max`",
            )
        ],
    ),
)
def create_content(body: Annotated[schemas.content.ContentCreate, Body()]) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    fields = {
        **body.model_dump(exclude={"status", "messages"}),
        "messages": body.messages.model_dump(exclude_none=True),
    }
    item = content.create(caller.org_id, caller.member_id, fields, body.status, now, caller.role)
    return content_out(item, now)


@router.get(
    "/content",
    operation_id="listContent",
    summary="List content",
    **rules(
        Role.MANAGER,
        "Every piece of content of the org, newest first, whatever its status (filter with `status`; "
        "`pending_approval` is the approval queue), each with its `stats`. `q` keeps the content whose title contains it, ignoring case.",
        limits=f"{FILTERED_PAGE}; `q` 1 to {SEARCH_LENGTH} characters, one line",
        errors=[invalid(FOREIGN_CURSOR, "a `status`, `q` or `limit` out of range")],
    ),
)
def list_content(
    status: Annotated[schemas.content.Status | None, Query()] = None,
    q: Annotated[schemas.content.Search | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> schemas.content.ContentPage:
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = content.page(caller.org_id, status, limit, cursor, q)
    return page_out(schemas.content.ContentPage, page, lambda item: content_out(item, now))


@router.get(
    "/content/<content_id>",
    operation_id="getContent",
    summary="Read content",
    **read_rules(
        Role.MANAGER,
        "One piece of content with its `stats` (shares, clicks, unique clicks). Published content reads "
        "as `expired` from its `expires_at` on.",
        "no such content in the caller's org",
    ),
)
def get_content(content_id: ContentId) -> schemas.content.ContentOut:
    caller = current_caller(router)
    return content_out(content.get(caller.org_id, content_id), request_time(router.current_event))


@router.patch(
    "/content/<content_id>",
    operation_id="updateContent",
    summary="Edit content",
    **rules(
        Role.MANAGER,
        "Changes the fields sent; `null` clears `body`, `image_url`, `points` (back to the org's share "
        "rule), `expires_at`, `publish_at` (not of scheduled content), `networks` and `groups`. `title` "
        "and `url` cannot be null. The status does not change here (publish or archive it).",
        limits="as for `createContent`",
        idempotency=SAME_CHANGE,
        errors=[
            UNKNOWN_CONTENT,
            conflict("archived or expired content, or a concurrent change: read it and retry"),
            invalid(
                A_FIELD,
                "an unknown group",
                "a schedule out of order",
                "a manager's `points` over the org's `limits.content_points_max`",
            ),
        ],
    ),
)
def patch_content(
    content_id: ContentId, body: Annotated[schemas.content.ContentPatch, Body()]
) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"messages"})
    if body.messages is not None:
        changes["messages"] = body.messages.model_dump(exclude_none=True)
    return content_out(content.edit(caller.org_id, content_id, changes, now, caller.role), now)


@router.post(
    "/content/<content_id>/publish",
    operation_id="publishContent",
    summary="Publish content now",
    **rules(
        Role.MANAGER,
        "Publishes a draft or scheduled item at once (with the default expiry if it has none). "
        "Published content answers 200, unchanged." + HELD + " Content pending approval answers a manager "
        "200, unchanged.",
        idempotency=unchanged("publishing published content"),
        errors=[
            UNKNOWN_CONTENT,
            conflict("archived or expired content; content pending approval, for an admin (approve it)"),
            invalid("an `expires_at` already past"),
        ],
    ),
)
def publish_content(content_id: ContentId) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.publish(caller.org_id, content_id, now, caller.role), now)


@router.post(
    "/content/<content_id>/schedule",
    operation_id="scheduleContent",
    summary="Schedule content",
    **rules(
        Role.MANAGER,
        "Schedules a draft for its `publish_at` (set it with `updateContent` first): it goes live within "
        "a minute of it, with the default expiry if it has none. Scheduled content answers 200, unchanged."
        + HELD
        + " Content pending approval answers a manager 200, unchanged.",
        idempotency=unchanged("scheduling scheduled content"),
        errors=[
            UNKNOWN_CONTENT,
            conflict("published, expired or archived content; content pending approval, for an admin"),
            invalid("no `publish_at`, or one not in the future", "an `expires_at` not after `publish_at`"),
        ],
    ),
)
def schedule_content(content_id: ContentId) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.schedule(caller.org_id, content_id, now, caller.role), now)


@router.post(
    "/content/<content_id>/archive",
    operation_id="archiveContent",
    summary="Archive content",
    **rules(
        Role.MANAGER,
        "Archives content from any status: it leaves the feed and can no longer be edited, published or "
        "shared. Archived content answers 200, unchanged.",
        idempotency=unchanged("archiving archived content"),
        errors=[UNKNOWN_CONTENT, BAD_ID],
    ),
)
def archive_content(content_id: ContentId) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.archive(caller.org_id, content_id, now), now)


@router.post(
    "/content/<content_id>/approve",
    operation_id="approveContent",
    summary="Approve content",
    **rules(
        Role.ADMIN,
        "Lets content pending approval go out by the rules of `scheduleContent` and `publishContent`: "
        "scheduled while its `publish_at` is in the future, else published now, with the default expiry "
        "counted from when it goes live. `approved_by` and `approved_at` say who and when. Approved "
        "content answers 200, unchanged.",
        idempotency=unchanged("approving approved content"),
        errors=[UNKNOWN_CONTENT, NOT_PENDING, invalid("an `expires_at` already past"), BAD_ID],
    ),
)
def approve_content(content_id: ContentId) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.approve(caller.org_id, content_id, caller.member_id, now), now)


@router.post(
    "/content/<content_id>/reject",
    operation_id="rejectContent",
    summary="Reject content",
    **rules(
        Role.ADMIN,
        "Sends content pending approval back to its author as a `draft` with `rejection_note` (and "
        "`rejected_by`, `rejected_at`), kept until it is sent for approval again. Rejected content answers "
        "200, unchanged.",
        limits="`note` 1 to 1,000 characters",
        idempotency=unchanged("rejecting rejected content"),
        errors=[UNKNOWN_CONTENT, NOT_PENDING, invalid("no `note`, or a blank one"), BAD_ID],
    ),
)
def reject_content(
    content_id: ContentId, body: Annotated[schemas.content.ContentReject, Body()]
) -> schemas.content.ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return content_out(content.reject(caller.org_id, content_id, caller.member_id, body.note, now), now)
