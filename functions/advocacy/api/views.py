"""Stored items as response bodies, for the mappings more than one router (or `ops`) uses.

A helper module, not a router: it reads the store's models (imported for typing only) and never the
store itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from advocacy.domain import content as rules
from advocacy.schemas.content import ContentOut, Stats
from advocacy.schemas.members import MemberOut
from advocacy.schemas.orgs import Emv, GroupOut, OrgOut, PointRules

if TYPE_CHECKING:
    from advocacy.store.models import ContentModel, GroupModel, MemberModel, OrgModel


def as_dict(value: object) -> dict[str, Any]:
    """A map attribute as a plain dict: read back, PynamoDB gives a MapAttribute (`as_dict()`);
    freshly written, the dict it was given."""
    to_dict = getattr(value, "as_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    return dict(value) if isinstance(value, Mapping) else {}


def content_out(item: ContentModel, now: datetime) -> ContentOut:
    return ContentOut(
        content_id=item.content_id,
        title=item.title,
        body=item.body or "",
        url=item.url,
        image_url=item.image_url,
        messages={k: v for k, v in as_dict(item.messages).items() if v},
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


def member_out(member: MemberModel) -> MemberOut:
    return MemberOut(
        member_id=member.member_id,
        email=member.email,
        name=member.name,
        role=member.role,  # type: ignore[arg-type]
        groups=sorted(member.groups or ()),
        status=member.status,  # type: ignore[arg-type]
        created_at=member.created_at,
    )


def group_out(group: GroupModel) -> GroupOut:
    return GroupOut(group_id=group.group_id, name=group.name, members=max(int(group.member_count or 0), 0))


def org_out(org: OrgModel) -> OrgOut:
    return OrgOut(
        org_id=org.org_id,
        name=org.name,
        timezone=org.timezone,
        point_rules=PointRules(**as_dict(org.point_rules)),
        emv=Emv(**as_dict(org.emv)),
        default_content_ttl_days=int(org.default_content_ttl_days),
        created_at=org.created_at,
        updated_at=org.updated_at,
    )
