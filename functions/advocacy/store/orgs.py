"""The org record: created once, read on every admin request, updated with optimistic locking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from advocacy.store.errors import Changed, get_or_none, put_new, update_if
from advocacy.store.models import OrgModel

ORG_SK = "ORG"


def create_org(org: OrgModel) -> bool:
    """Write a new org; False if its id exists already."""
    return put_new(org)


def find_org(org_id: str) -> OrgModel | None:
    return get_or_none(OrgModel, org_id, ORG_SK)


def update_org(org: OrgModel, changes: dict[str, Any], now: datetime) -> OrgModel:
    """Apply `changes` (attribute name -> new value) to `org` as read; Changed if it moved since."""
    actions = [getattr(OrgModel, name).set(value) for name, value in changes.items()]
    actions += [OrgModel.updated_at.set(now), OrgModel.rev.add(1)]
    if not update_if(org, actions, OrgModel.rev == org.rev):
        raise Changed()
    return org


def all_orgs() -> Iterator[OrgModel]:
    """Every org, for the scheduled jobs (a paginated scan of org records; never on a request path)."""
    return OrgModel.scan(OrgModel.sk == ORG_SK)


def org_read(org_id: str) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for the org record (to read it with the caller's: `authorize_with`)."""
    return {OrgModel.Meta.table_name: {"Keys": [{"org_id": {"S": org_id}, "sk": {"S": ORG_SK}}]}}


def org_from(found: dict[str, list[dict[str, Any]]]) -> OrgModel | None:
    items = found.get(OrgModel.Meta.table_name, [])
    return OrgModel.from_raw_data(items[0]) if items else None
