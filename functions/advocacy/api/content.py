"""Content (admin, manager): create, list, read, edit, publish now, archive."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.members import Cursor, Limit, PathId, check_groups
from advocacy.domain import content as rules
from advocacy.domain.errors import Conflict, FieldIssue, NotFound, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.operation import sortable_id
from advocacy.schemas.content import ContentCreate, ContentOut, ContentPage, ContentPatch, Stats, Status
from advocacy.store import content as store
from advocacy.store import orgs
from advocacy.store.models import ContentModel, plain

router = APIGatewayHttpRouter()

ContentId = PathId
NOT_NULL = ("title", "url")  # a patch may not take these away


def content_out(item: ContentModel, now: datetime) -> ContentOut:
    return ContentOut(
        content_id=item.content_id,
        title=item.title,
        body=item.body or "",
        url=item.url,
        image_url=item.image_url,
        messages={k: v for k, v in plain(item.messages).items() if v},
        networks=list(item.networks or []),  # type: ignore[arg-type]
        groups=sorted(item.groups or ()),
        points=None if item.points is None else int(item.points),
        status=rules.effective_status(item.status, item.publish_at, item.expires_at, now),  # type: ignore[arg-type]
        publish_at=item.publish_at,
        expires_at=item.expires_at,
        created_by=item.created_by,
        created_at=item.created_at,
        stats=Stats(
            shares=int(item.stats_shares or 0),
            clicks=int(item.stats_clicks or 0),
            unique_clicks=int(item.stats_unique_clicks or 0),
        ),
    )


def _validate(fields: dict[str, Any], now: datetime, going_live: bool) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    for name in ("url", "image_url"):
        if fields.get(name) is not None and not rules.is_http_url(fields[name]):
            issues.append(FieldIssue(name, "must be an absolute http(s) URL"))
    issues += rules.message_issues({k: v for k, v in (fields.get("messages") or {}).items() if v is not None})
    issues += rules.schedule_issues(fields.get("publish_at"), fields.get("expires_at"))
    expires_at = fields.get("expires_at")
    if going_live and expires_at is not None and expires_at <= now:
        issues.append(FieldIssue("expires_at", "must be in the future"))
    return issues


def _raise(issues: list[FieldIssue]) -> None:
    if issues:
        raise ValidationFailed("Some fields are not valid.", issues)


def _with_default_expiry(item: ContentModel, live_from: datetime) -> None:
    if item.expires_at is None:
        ttl = int(orgs.get_org(item.org_id).default_content_ttl_days)
        item.expires_at = rules.default_expiry(live_from, ttl)


@router.post("/content", tags=["content"], status_code=201, openapi_extensions=access(Role.MANAGER))
def create_content(body: Annotated[ContentCreate, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    fields = body.model_dump(exclude={"status"})
    fields["messages"] = body.messages.model_dump(exclude_none=True)
    status = rules.initial_status(body.status, body.publish_at, now)
    _raise(_validate(fields, now, going_live=status != "draft"))
    groups = check_groups(caller.org_id, body.groups)
    item = ContentModel(
        org_id=caller.org_id,
        content_id=sortable_id(now),
        title=body.title,
        body=body.body,
        url=body.url,
        image_url=body.image_url,
        messages=fields["messages"],
        networks=list(dict.fromkeys(body.networks)),
        groups=groups,
        points=body.points,
        status=status,
        publish_at=body.publish_at,
        expires_at=body.expires_at,
        published_at=now if status == "published" else None,
        created_by=caller.member_id,
        created_at=now,
        updated_at=now,
    )
    if status != "draft":
        _with_default_expiry(item, body.publish_at if status == "scheduled" and body.publish_at else now)
        _raise(rules.schedule_issues(item.publish_at, item.expires_at))
    return content_out(store.create(item), now)


@router.get("/content", tags=["content"], openapi_extensions=access(Role.MANAGER))
def list_content(
    status: Annotated[Status | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> ContentPage:
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = store.list_page(caller.org_id, status, limit, cursor)
    return ContentPage(items=[content_out(i, now) for i in page.items], next_cursor=page.next_cursor)


@router.get("/content/<content_id>", tags=["content"], openapi_extensions=access(Role.MANAGER))
def get_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    return content_out(store.get(caller.org_id, content_id), request_time(router.current_event))


@router.patch("/content/<content_id>", tags=["content"], openapi_extensions=access(Role.MANAGER))
def patch_content(content_id: ContentId, body: Annotated[ContentPatch, Body()]) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    item = store.get(caller.org_id, content_id)
    if item.status in {"archived", "expired"}:
        raise Conflict(f"{item.status} content cannot be edited")
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"messages"})
    nulls = [name for name in NOT_NULL if name in changes and changes[name] is None]
    if nulls:
        raise ValidationFailed("Some fields are not valid.", [FieldIssue(n, "cannot be null") for n in nulls])
    if body.messages is not None:
        changes["messages"] = body.messages.model_dump(exclude_none=True)
    if "groups" in changes:
        changes["groups"] = check_groups(caller.org_id, changes["groups"] or [])
    if "networks" in changes:
        changes["networks"] = list(dict.fromkeys(changes["networks"] or []))
    merged = {
        "publish_at": item.publish_at,
        "expires_at": item.expires_at,
        **changes,
    }
    _raise(_validate(merged, now, going_live=item.status != "draft"))
    if item.status == "scheduled" and "publish_at" in changes and changes["publish_at"] is None:
        raise ValidationFailed(
            "Scheduled content needs a publish time.", [FieldIssue("publish_at", "is required")]
        )
    if not changes:
        return content_out(item, now)
    return content_out(store.update(item, changes, now), now)


@router.post("/content/<content_id>/publish", tags=["content"], openapi_extensions=access(Role.MANAGER))
def publish_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    item = store.get(caller.org_id, content_id)
    if rules.effective_status(item.status, item.publish_at, item.expires_at, now) == "published":
        return content_out(item, now)
    if item.status not in {"draft", "scheduled"}:
        raise Conflict(f"{item.status} content cannot be published")
    _with_default_expiry(item, now)
    if item.expires_at is not None and item.expires_at <= now:
        raise ValidationFailed(
            "Content would expire at once.", [FieldIssue("expires_at", "must be in the future")]
        )
    if not store.transition(
        item, "published", now, allowed_from=("draft", "scheduled"), expires_at=item.expires_at
    ):
        item = store.get(caller.org_id, content_id)  # published by the job in the meantime
        if item.status != "published":
            raise Conflict(f"{item.status} content cannot be published")
    return content_out(store.get(caller.org_id, content_id), now)


@router.post("/content/<content_id>/archive", tags=["content"], openapi_extensions=access(Role.MANAGER))
def archive_content(content_id: ContentId) -> ContentOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    item = store.get(caller.org_id, content_id)
    if item.status != "archived":
        store.transition(item, "archived", now, allowed_from=("draft", "scheduled", "published", "expired"))
    return content_out(store.get(caller.org_id, content_id), now)


def check_visible(item: ContentModel, member_groups: set[str], now: datetime) -> None:
    """Content a member may act on: published, unexpired and targeted at them; anything else is 404/409."""
    status = rules.effective_status(item.status, item.publish_at, item.expires_at, now)
    if status not in {"published", "expired"} or not rules.is_visible_to(
        set(item.groups or ()), member_groups
    ):
        raise NotFound("content not found")
    if status == "expired":
        raise Conflict("This content has expired.")
