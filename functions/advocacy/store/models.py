"""PynamoDB models: one table per aggregate, every partition key but the short-link code led by the org id.

Table names are bound at cold start by `store.tables.bind` from the environment variable named in
`TABLE_ENV`; the CDK stack sets the same variables, and tests/infra checks that the tables in the
template have exactly these keys, indexes and streams.
"""

from __future__ import annotations

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.models import Model


class _Base(Model):
    """Shared connection settings: bounded retries and timeouts well under a function's timeout."""

    class Meta:
        abstract = True
        region = None
        max_retry_attempts = 3
        connect_timeout_seconds = 2
        read_timeout_seconds = 3


class OrgModel(_Base):
    """The organisation record (sk == "ORG") in the orgs table, beside its groups."""

    class Meta(_Base.Meta):
        table_name = "advocacy-orgs"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="ORG")
    name = UnicodeAttribute()
    timezone = UnicodeAttribute(default="UTC")
    point_rules = MapAttribute[str, int](default=dict)
    emv = MapAttribute[str, object](default=dict)
    default_content_ttl_days = NumberAttribute(default=30)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()


class GroupModel(_Base):
    """A group of members (sk == "GROUP#<group_id>"); `member_count` moves in the member's transaction."""

    class Meta(_Base.Meta):
        table_name = "advocacy-orgs"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    group_id = UnicodeAttribute()
    name = UnicodeAttribute()
    member_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()


class MemberModel(_Base):
    """A member of an org; `member_id` is the Cognito `sub`, so a token maps to its record in one read."""

    class Meta(_Base.Meta):
        table_name = "advocacy-members"

    org_id = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute(range_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute(default="active")
    groups = UnicodeSetAttribute(default=set)
    networks = MapAttribute[str, object](default=dict)
    digest = UnicodeAttribute(default="off")
    balance = NumberAttribute(default=0)
    lifetime = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()


class LinkModel(_Base):
    """A tracked short link: the only key not led by an org id, since a visitor knows just the code."""

    class Meta(_Base.Meta):
        table_name = "advocacy-links"

    code = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    share_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    member_id = UnicodeAttribute()
    network = UnicodeAttribute()
    url = UnicodeAttribute()


def plain(value: object) -> dict:
    """A map attribute as a plain dict, whether freshly built (dict) or read back (MapAttribute)."""
    if isinstance(value, MapAttribute):
        return value.as_dict()
    return dict(value) if isinstance(value, dict) else {}


# Which environment variable names each model's table (the CDK stack sets the same names).
TABLE_ENV: dict[type[Model], str] = {
    OrgModel: "ORGS_TABLE",
    GroupModel: "ORGS_TABLE",
    MemberModel: "MEMBERS_TABLE",
    LinkModel: "LINKS_TABLE",
}

# Tables whose stream feeds the stream function (view type NEW_AND_OLD_IMAGES).
STREAMED_ENVS: frozenset[str] = frozenset({"ORGS_TABLE"})
