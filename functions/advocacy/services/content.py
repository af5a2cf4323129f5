"""Content (admin, manager): create, list, read, edit, schedule, publish now, archive, approve or reject;
and the `publish-due` job.

Lifecycle writes are conditional on the status they expect, so the job and a manual publish racing it
publish exactly once, and a job run twice changes nothing more. Content that goes live without an
expiry of its own expires the org's `default_content_ttl_days` after going live. With the org's
`content_needs_approval` on, what a manager would schedule or publish waits as `pending_approval` until an
admin approves it (then it is scheduled or published by the same rules) or rejects it (back to a draft
with the note); see decision 61.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advocacy.domain import content as rules
from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.domain.orgs import over_limit
from advocacy.domain.roles import Role
from advocacy.domain.times import utc_text
from advocacy.services import found, unchanged
from advocacy.services.members import check_groups, get_org
from advocacy.store import content_items as items
from advocacy.store import paging
from advocacy.store.models import ContentModel, plain
from advocacy.store.operation import sortable_id

LIVE_FROM = ("draft", "scheduled")  # the statuses content can be published from
ARCHIVABLE = ("draft", rules.PENDING_APPROVAL, "scheduled", "published", "expired")
PENDING = rules.PENDING_APPROVAL
# Sending content for approval again, or approving it, clears an earlier rejection.
NOT_REJECTED: dict[str, Any] = {"rejected_by": None, "rejected_at": None, "rejection_note": None}


def _default_expiry(item: ContentModel, live_from: datetime, ttl_days: dict[str, int]) -> datetime | None:
    """When `item`, going live at `live_from` without an expiry of its own, expires: the org's default
    TTL later (None when it has its own). `ttl_days` keeps each org's TTL once read."""
    if item.expires_at is not None:
        return None
    if item.org_id not in ttl_days:
        ttl_days[item.org_id] = int(get_org(item.org_id).default_content_ttl_days)
    return rules.default_expiry(live_from, ttl_days[item.org_id])


def _held(org_id: str, role: Role, target: str, ttl_days: dict[str, int]) -> bool:
    """Whether `role` moving content to `target` waits for an admin. Only a manager's move to scheduled or
    published reads the org (its TTL then kept in `ttl_days` for the default expiry)."""
    if not rules.held_for_approval(target, role, needs_approval=True):
        return False
    org = get_org(org_id)
    ttl_days[org_id] = int(org.default_content_ttl_days)
    return bool(org.content_needs_approval)


def _check(fields: dict[str, Any], now: datetime, going_live: bool) -> None:
    issues: list[FieldIssue] = []
    for name in ("url", "image_url"):
        if fields.get(name) is not None and not rules.is_http_url(fields[name]):
            issues.append(FieldIssue(name, "must be an absolute http(s) URL"))
    issues += rules.message_issues({k: v for k, v in (fields.get("messages") or {}).items() if v is not None})
    issues += rules.schedule_issues(fields.get("publish_at"), fields.get("expires_at"))
    expires_at = fields.get("expires_at")
    if going_live and expires_at is not None and expires_at <= now:
        issues.append(FieldIssue("expires_at", "must be in the future"))
    _refuse(issues)


def _check_points(org_id: str, role: Role, points: int | None) -> None:
    """A manager's `points` stay within the org's `content_points_max`; admins own the limit and are
    not bound by it (decision 76). Only a manager's points read the org."""
    if role == Role.ADMIN or points is None:
        return
    issue = over_limit("points", points, plain(get_org(org_id).limits), "content_points_max")
    _refuse([FieldIssue("points", issue)] if issue else [])


def _refuse(issues: list[FieldIssue]) -> None:
    if issues:
        raise ValidationFailed("Some fields are not valid.", issues)


def get(org_id: str, content_id: str) -> ContentModel:
    return found(items.find(org_id, content_id), "content")


def page(
    org_id: str, status: str | None, limit: int, cursor: str | None, search: str | None = None
) -> paging.Page[ContentModel]:
    """Newest first; the filters (a status, a part of the title in any case) apply within the page."""
    return items.list_page(org_id, status, limit, cursor, search)


def create(
    org_id: str, author_id: str, fields: dict[str, Any], requested: str | None, now: datetime, role: Role
) -> ContentModel:
    """New content from `fields` (the body's, `messages` without nulls), stored as draft, scheduled or
    published (`requested`, see domain.content.initial_status), or pending approval when `role`'s would be
    held."""
    status = rules.initial_status(requested, fields.get("publish_at"), now)
    _check(fields, now, going_live=status != "draft")
    _check_points(org_id, role, fields.get("points"))
    ttl_days: dict[str, int] = {}
    if _held(org_id, role, status, ttl_days):
        status = PENDING
    groups = check_groups(org_id, fields.get("groups") or ())
    item = ContentModel(
        org_id=org_id,
        content_id=sortable_id(now),
        title=fields["title"],
        body=fields.get("body", ""),
        url=fields["url"],
        image_url=fields.get("image_url"),
        messages=fields.get("messages") or {},
        networks=list(dict.fromkeys(fields.get("networks") or ())),
        groups=groups,
        points=fields.get("points"),
        text_editable=fields.get("text_editable", True),
        status=status,
        publish_at=fields.get("publish_at"),
        expires_at=fields.get("expires_at"),
        published_at=now if status == "published" else None,
        created_by=author_id,
        created_at=now,
        updated_at=now,
    )
    if status in ("scheduled", "published"):
        live_from = item.publish_at if status == "scheduled" and item.publish_at else now
        item.expires_at = item.expires_at or _default_expiry(item, live_from, ttl_days)
        _refuse(rules.schedule_issues(item.publish_at, item.expires_at))
    if not items.create(item):
        # A fresh id that exists is this operation's own earlier write, retried after its answer was lost.
        return get(org_id, item.content_id)
    return item


def edit(org_id: str, content_id: str, changes: dict[str, Any], now: datetime, role: Role) -> ContentModel:
    """Apply the fields sent (`messages` without nulls); a status change is not an edit. `points` sent
    by a manager stay within the org's limit."""
    _check_points(org_id, role, changes.get("points"))
    item = get(org_id, content_id)
    if item.status in {"archived", "expired"}:
        raise Conflict(f"{item.status} content cannot be edited")
    changes = dict(changes)
    if "groups" in changes:
        changes["groups"] = check_groups(org_id, changes["groups"] or [])
    if "networks" in changes:
        changes["networks"] = list(dict.fromkeys(changes["networks"] or []))
    merged = {"publish_at": item.publish_at, "expires_at": item.expires_at, **changes}
    _check(merged, now, going_live=item.status != "draft")
    if item.status == "scheduled" and "publish_at" in changes and changes["publish_at"] is None:
        raise ValidationFailed(
            "Scheduled content needs a publish time.", [FieldIssue("publish_at", "is required")]
        )
    if not changes:
        return item
    with unchanged("content"):
        items.update(item, changes, now)
    return get(org_id, content_id)


def _send_for_approval(item: ContentModel, role: Role, now: datetime) -> ContentModel | None:
    """Content pending approval stays so for a manager (a repeat changes nothing); an admin approves or
    rejects it instead. A manager's draft, when the org holds it, becomes pending (None: not held)."""
    if item.status == PENDING:
        if role == Role.ADMIN:
            raise Conflict("content pending approval is approved or rejected")
        return item
    if item.status != "draft" or not _held(item.org_id, role, "published", {}):
        return None
    if not items.transition(item, PENDING, now, allowed_from=("draft",), marks=dict(NOT_REJECTED)):
        item = get(item.org_id, item.content_id)  # sent by a concurrent request, or moved on
        if item.status != PENDING:
            raise Conflict(f"{item.status} content cannot be sent for approval")
    return get(item.org_id, item.content_id)


def publish(org_id: str, content_id: str, now: datetime, role: Role) -> ContentModel:
    """Publish now (a no-op for published content), or send a manager's draft for approval."""
    item = get(org_id, content_id)
    if rules.effective_status(item.status, item.publish_at, item.expires_at, now) == "published":
        return item
    held = _send_for_approval(item, role, now)
    if held is not None:
        return held
    if item.status not in LIVE_FROM:
        raise Conflict(f"{item.status} content cannot be published")
    item.expires_at = item.expires_at or _default_expiry(item, now, {})
    if item.expires_at is not None and item.expires_at <= now:
        raise ValidationFailed(
            "Content would expire at once.", [FieldIssue("expires_at", "must be in the future")]
        )
    if not items.transition(item, "published", now, allowed_from=LIVE_FROM, expires_at=item.expires_at):
        item = get(org_id, content_id)  # published by the job in the meantime
        if item.status != "published":
            raise Conflict(f"{item.status} content cannot be published")
    return get(org_id, content_id)


def schedule(org_id: str, content_id: str, now: datetime, role: Role) -> ContentModel:
    """Schedule a draft for its `publish_at`, which must be in the future (a no-op for scheduled
    content), or send a manager's draft for approval; without an expiry of its own it gets the default
    one, counted from `publish_at`."""
    item = get(org_id, content_id)
    if item.status == "scheduled":
        return item
    if item.status == PENDING:
        return _send_for_approval(item, role, now) or item
    if item.status != "draft":
        status = rules.effective_status(item.status, item.publish_at, item.expires_at, now)
        raise Conflict(f"{status} content cannot be scheduled")
    if item.publish_at is None or item.publish_at <= now:
        problem = (
            "is required to schedule" if item.publish_at is None else "must be in the future to schedule"
        )
        raise ValidationFailed(
            "Scheduled content needs a future publish time.", [FieldIssue("publish_at", problem)]
        )
    held = _send_for_approval(item, role, now)
    if held is not None:
        return held
    expires_at = item.expires_at or _default_expiry(item, item.publish_at, {})
    _refuse(rules.schedule_issues(item.publish_at, expires_at))
    if not items.transition(item, "scheduled", now, allowed_from=("draft",), expires_at=expires_at):
        item = get(org_id, content_id)  # scheduled by a concurrent request, or moved on
        if item.status != "scheduled":
            raise Conflict(f"{item.status} content cannot be scheduled")
    return get(org_id, content_id)


def approve(org_id: str, content_id: str, admin_id: str, now: datetime) -> ContentModel:
    """Let pending content go out: scheduled while its `publish_at` is in the future, else published now,
    with the default expiry counted from when it goes live; who approved it and when are kept. Approved
    content answers unchanged."""
    item = get(org_id, content_id)
    if item.status != PENDING:
        if item.approved_at is not None and item.status != "draft":
            return item
        status = rules.effective_status(item.status, item.publish_at, item.expires_at, now)
        raise Conflict(f"{status} content is not pending approval")
    target = rules.approved_status(item.publish_at, now)
    live_from = item.publish_at if target == "scheduled" and item.publish_at else now
    expires_at = item.expires_at or _default_expiry(item, live_from, {})
    if target == "published" and expires_at is not None and expires_at <= now:
        raise ValidationFailed(
            "Content would expire at once.", [FieldIssue("expires_at", "must be in the future")]
        )
    _refuse(rules.schedule_issues(live_from, expires_at))
    marks = {**NOT_REJECTED, "approved_by": admin_id, "approved_at": now}
    if not items.transition(item, target, now, allowed_from=(PENDING,), expires_at=expires_at, marks=marks):
        item = get(org_id, content_id)  # approved by a concurrent request, or moved on
        if item.approved_at is None or item.status in ("draft", PENDING):
            raise Conflict(f"{item.status} content is not pending approval")
    return get(org_id, content_id)


def reject(org_id: str, content_id: str, admin_id: str, note: str, now: datetime) -> ContentModel:
    """Send pending content back to its author as a draft with `note`; rejected content answers
    unchanged."""
    item = get(org_id, content_id)
    if item.status == "draft" and item.rejected_at is not None:
        return item
    if item.status != PENDING:
        status = rules.effective_status(item.status, item.publish_at, item.expires_at, now)
        raise Conflict(f"{status} content is not pending approval")
    marks = {"rejected_by": admin_id, "rejected_at": now, "rejection_note": note}
    if not items.transition(item, "draft", now, allowed_from=(PENDING,), marks=marks):
        item = get(org_id, content_id)  # decided by a concurrent request
        if item.status != "draft" or item.rejected_at is None:
            raise Conflict(f"{item.status} content is not pending approval")
    return get(org_id, content_id)


def archive(org_id: str, content_id: str, now: datetime) -> ContentModel:
    item = get(org_id, content_id)
    if item.status != "archived":
        items.transition(item, "archived", now, allowed_from=ARCHIVABLE)
    return get(org_id, content_id)


def publish_due(now: datetime) -> dict[str, Any]:
    """The `publish-due` job: publish content whose time has come and expire content past its end.

    Every change is conditional on the status it expects, so a second run for the same time (or a
    manual publish racing this one) changes nothing more.
    """
    published = expired = 0
    ttl_days: dict[str, int] = {}
    for item in items.due(now):
        if item.status == "scheduled" and item.publish_at is not None and item.publish_at <= now:
            expires_at = _default_expiry(item, now, ttl_days)
            published += items.transition(item, "published", now, ("scheduled",), expires_at=expires_at)
        elif item.status == "published" and item.expires_at is not None and item.expires_at <= now:
            expired += items.transition(item, "expired", now, ("published",))
    return {"job": "publish-due", "time": utc_text(now), "published": published, "expired": expired}
