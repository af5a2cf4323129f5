"""Operator actions outside the API: create an org with its first admin, set the email domains it owns
(the local seed uses these too).

The tables and the user pool come from the environment, as in the functions:
ORGS_TABLE, MEMBERS_TABLE, USER_POOL_ID (and AWS_ENDPOINT_URL for the local stack).
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import cache
from typing import Any

from advocacy.api.views import group_out, member_out, org_out
from advocacy.domain import email_domains
from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.services import members, score_fold
from advocacy.settings import Settings
from advocacy.store import tables


def _settings() -> Settings:
    """Settings from the environment as it is now (a test or the CLI may have just set it)."""
    names = ("ORGS_TABLE", "MEMBERS_TABLE", "USER_POOL_ID")
    return _bound(tuple(os.environ.get(name, "") for name in names))


@cache
def _bound(values: tuple[str, ...]) -> Settings:
    """Bind the tables once per distinct configuration."""
    settings = Settings.from_env(("ORGS_TABLE", "MEMBERS_TABLE"), needs_user_pool=True)
    tables.bind(settings.tables)
    return settings


def _normal(domains: list[str], allowed: list[str]) -> tuple[set[str], set[str]]:
    try:
        return email_domains.domains_from(domains), email_domains.addresses_from(allowed)
    except email_domains.BadDomain as exc:
        raise ValidationFailed(str(exc), [FieldIssue("domains", str(exc))]) from exc


def create_org(
    name: str,
    admin_email: str,
    admin_name: str,
    now: datetime,
    timezone: str = "UTC",
    send_invitation: bool = True,
    domains: list[str] | None = None,
    allowed: tuple[str, ...] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new org owning `domains` (by default the admin's address's domain) plus the single addresses
    `allowed`, and its first admin (invited through Cognito). Returns both as API bodies."""
    settings = _settings()
    owned, outside = _normal(
        domains if domains is not None else [email_domains.domain_of(admin_email)], list(allowed)
    )
    if not email_domains.may_invite(admin_email, owned, outside):
        raise ValidationFailed(
            "The first admin's address must be in the org's domains (or allowed).",
            [FieldIssue("admin_email", "not in --domains or --allow")],
        )
    taken = sorted(d for d in owned if members.domain_owner(d) is not None)
    if taken:
        raise Conflict(f"another org holds: {', '.join(taken)}", code="domain_taken")
    org = members.create_org(name.strip(), timezone, now)
    org = members.set_domains(org.org_id, owned, outside, now)
    admin = members.invite(
        settings.user_pool_id,
        org.org_id,
        admin_email.strip().lower(),
        admin_name.strip(),
        Role.ADMIN.value,
        (),
        now,
        send_invitation,
    )
    return org_out(org).model_dump(mode="json"), member_out(admin).model_dump(mode="json")


def create_group(org_id: str, name: str, now: datetime) -> dict[str, Any]:
    _settings()
    return group_out(members.create_group(org_id, name, now)).model_dump(mode="json")


def add_member(
    org_id: str,
    email: str,
    name: str,
    role: str,
    groups: list[str],
    now: datetime,
    send_invitation: bool = True,
) -> dict[str, Any]:
    """The same path as POST /members: the Cognito user with custom:org_id, then the member record."""
    settings = _settings()
    member = members.invite(
        settings.user_pool_id,
        org_id,
        email.strip().lower(),
        name.strip(),
        Role(role).value,
        groups,
        now,
        send_invitation,
    )
    return member_out(member).model_dump(mode="json")


def set_domains(org_id: str, domains: list[str], allowed: list[str], now: datetime) -> dict[str, Any]:
    """Replace the org's email domains and its single allowed addresses; answers the org's settings."""
    _settings()
    owned, outside = _normal(domains, allowed)
    org = members.set_domains(org_id, owned, outside, now)
    return org_out(org).model_dump(mode="json")


def fold_scores(now: datetime) -> dict[str, Any]:
    """The upgrade's fold of the old boards into score items (`services.score_fold`)."""
    tables.bind(Settings.from_env(("ORGS_TABLE", "SCORES_TABLE")).tables)
    return score_fold.run(now)
