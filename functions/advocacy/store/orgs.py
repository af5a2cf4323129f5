"""The org record: create once, read on every admin request, update with optimistic locking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from advocacy.domain.errors import Conflict, NotFound
from advocacy.domain.orgs import DEFAULT_CONTENT_TTL_DAYS, DEFAULT_EMV, DEFAULT_POINT_RULES
from advocacy.store.errors import condition_failed, put_new
from advocacy.store.models import OrgModel

ORG_SK = "ORG"


def create_org(org_id: str, name: str, timezone: str, now: datetime) -> OrgModel:
    org = OrgModel(
        org_id=org_id,
        sk=ORG_SK,
        name=name,
        timezone=timezone,
        point_rules=dict(DEFAULT_POINT_RULES),
        emv=dict(DEFAULT_EMV),
        default_content_ttl_days=DEFAULT_CONTENT_TTL_DAYS,
        created_at=now,
        updated_at=now,
    )
    if not put_new(org):
        raise Conflict(f"org {org_id} already exists")
    return org


def get_org(org_id: str) -> OrgModel:
    try:
        return OrgModel.get(org_id, ORG_SK, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("org not found") from exc


def update_org(org_id: str, changes: dict[str, Any], now: datetime) -> OrgModel:
    """Apply `changes` (attribute name -> new value); a concurrent update makes this a 409."""
    org = get_org(org_id)
    actions = [getattr(OrgModel, name).set(value) for name, value in changes.items()]
    actions += [OrgModel.updated_at.set(now), OrgModel.rev.add(1)]
    try:
        org.update(actions=actions, condition=OrgModel.rev == org.rev)
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict("the org was changed by another request; retry") from exc
        raise
    return org


def all_orgs() -> Iterator[OrgModel]:
    """Every org, for the scheduled jobs (a paginated scan of org records; never on a request path)."""
    return OrgModel.scan(OrgModel.sk == ORG_SK)
