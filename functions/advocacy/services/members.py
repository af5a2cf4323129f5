"""Members and their sign-in users, groups, the org's settings and the caller's own profile (/me).

A member and its Cognito user are created and changed together so neither is left half-made: an
invitation creates the user first (which yields the member id), then the member, and deletes the user
if the member was certainly not written; an update writes the member (the source of truth) first,
then mirrors status and name to Cognito, so repeating it after a Cognito failure converges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import PynamoDBException

from advocacy.domain import email_domains
from advocacy.domain.errors import Conflict, FieldIssue, NotFound, ValidationFailed
from advocacy.domain.languages import Language
from advocacy.domain.levels import level_for, next_level_at, thresholds_issue
from advocacy.domain.orgs import (
    DEFAULT_CONTENT_TTL_DAYS,
    DEFAULT_DIGEST_WEEKDAY,
    DEFAULT_EMV,
    DEFAULT_POINT_RULES,
)
from advocacy.domain.roles import Role, Status
from advocacy.domain.timezones import is_valid_timezone
from advocacy.services import Admit, found, unchanged
from advocacy.store import domains, groups, identity, orgs, paging
from advocacy.store import member_records as records
from advocacy.store.errors import Changed, is_retryable
from advocacy.store.models import GroupModel, MemberModel, OrgModel, plain
from advocacy.store.operation import new_id

# --- the org --------------------------------------------------------------------------------------


def get_org(org_id: str) -> OrgModel:
    return found(orgs.find_org(org_id), "org")


def org_for_member(org_id: str, admit: Admit) -> tuple[OrgModel, list[GroupModel]]:
    """The org and the caller's groups by name, sorted: what a member may know of the org's settings.
    The caller's record and the org's come in one round trip, the groups it names in a second."""
    member, reads = admit(orgs.org_read(org_id))
    named = groups.find_groups(org_id, set(member.groups or ()))
    return found(orgs.org_from(reads), "org"), sorted(named, key=lambda g: (g.name.casefold(), g.group_id))


def check_timezone(timezone: str) -> None:
    if not is_valid_timezone(timezone):
        raise ValidationFailed(
            "Unknown time zone.", [FieldIssue("timezone", "use an IANA name like Europe/Paris")]
        )


def create_org(name: str, timezone: str, now: datetime) -> OrgModel:
    """A new org with the default rules (an operator's action, see `ops`)."""
    check_timezone(timezone)
    org = OrgModel(
        org_id=new_id(),
        sk=orgs.ORG_SK,
        name=name,
        timezone=timezone,
        point_rules=dict(DEFAULT_POINT_RULES),
        emv=dict(DEFAULT_EMV),
        default_content_ttl_days=DEFAULT_CONTENT_TTL_DAYS,
        digest_weekday=DEFAULT_DIGEST_WEEKDAY,
        created_at=now,
        updated_at=now,
    )
    if not orgs.create_org(org):
        raise Conflict(f"org {org.org_id} already exists")
    return org


def update_org(org_id: str, changes: dict[str, Any], now: datetime) -> OrgModel:
    """Apply an admin's changes (the fields sent, nulls left out); `point_rules`, `emv`, `limits` and
    `follower_limits` are merged into the current ones."""
    if changes.get("timezone") is not None:
        check_timezone(changes["timezone"])
    issue = thresholds_issue(changes.get("level_thresholds") or ())
    if issue:
        raise ValidationFailed(
            "Those level thresholds cannot be used.", [FieldIssue("level_thresholds", issue)]
        )
    current = get_org(org_id)
    changes = dict(changes)
    for merged in ("point_rules", "emv", "limits", "follower_limits"):
        if merged in changes:
            changes[merged] = {**plain(getattr(current, merged)), **changes[merged]}
    if not changes:
        return current
    with unchanged("org"):
        return orgs.update_org(current, changes, now)


def set_domains(org_id: str, owned: set[str], allowed: set[str], now: datetime) -> OrgModel:
    """Make `owned` the org's email domains and `allowed` its single addresses outside them (the
    operator's command; both already normalised by `domain.email_domains`). A domain or address
    another org holds is refused, naming it: the operator may know every org."""
    inside = sorted(a for a in allowed if email_domains.domain_of(a) in owned)
    if inside:
        raise ValidationFailed(
            "Allowed addresses must lie outside the org's domains.",
            [FieldIssue("allow", f"already covered by its domains: {', '.join(inside)}")],
        )
    org = get_org(org_id)
    foreign = [a for d in sorted(owned) for a in domains.others_in(d, org_id)]
    if foreign:
        raise Conflict(f"addresses of these domains are allowed to another org: {', '.join(foreign)}")
    try:
        domains.set_claims(org, owned, allowed, now)
    except domains.Taken as exc:
        raise Conflict(f"another org holds: {', '.join(exc.names)}", code="domain_taken") from exc
    except domains.OrgMoved as exc:
        raise Conflict("the org was changed by another request; retry") from exc
    return get_org(org_id)


def domain_owner(domain: str) -> str | None:
    """The org owning `domain` (an operator's question)."""
    return domains.owner_of(domain)


def check_invitable(org: OrgModel, email: str) -> None:
    """An admin invites only addresses of the org's own domains (or one the operator allowed it): any
    other is refused here, before anything looks the address up, so the answer is the same whether or
    not it exists in another org (decision 85)."""
    owned, allowed = set(org.domains or ()), set(org.allowed_emails or ())
    if email_domains.may_invite(email, owned, allowed):
        return
    where = ", ".join(sorted(owned)) or "none yet"
    raise ValidationFailed(
        "This org can only invite addresses of its own email domains.",
        [
            FieldIssue(
                "email",
                f"not an address of this org's domains ({where}); the operator sets the domains and "
                "any single addresses allowed outside them",
            )
        ],
    )


# --- groups ---------------------------------------------------------------------------------------


def _name_taken(name: str) -> Conflict:
    return Conflict(f"a group named {name!r} already exists")


def group_page(org_id: str, limit: int, cursor: str | None) -> paging.Page[GroupModel]:
    return groups.list_groups(org_id, limit, cursor)


def get_group(org_id: str, group_id: str) -> GroupModel:
    return found(groups.find_group(org_id, group_id), "group")


def create_group(org_id: str, name: str, now: datetime) -> GroupModel:
    group_id = new_id()
    try:
        created = groups.create_group(org_id, group_id, name, now)
    except groups.NameTaken as exc:
        raise _name_taken(name) from exc
    # None: this operation's own earlier write, retried after its answer was lost.
    return created if created is not None else get_group(org_id, group_id)


def rename_group(org_id: str, group_id: str, name: str, now: datetime) -> GroupModel:
    group = get_group(org_id, group_id)
    if group.name == name:
        return group
    try:
        with unchanged("group"):
            return groups.rename_group(group, name, now)
    except groups.NameTaken as exc:
        raise _name_taken(name) from exc


def delete_group(org_id: str, group_id: str) -> None:
    """Delete the group and its name; the stream function then takes it off every member."""
    group = get_group(org_id, group_id)
    try:
        groups.delete_group(group)
    except Changed as exc:
        raise NotFound("group not found") from exc


def _unknown_groups() -> ValidationFailed:
    return ValidationFailed(
        "Some groups do not exist.", [FieldIssue("groups", "every group id must name a group of this org")]
    )


def check_groups(org_id: str, group_ids: Iterable[str]) -> set[str]:
    """The group ids asked for, every one of them a group of the org (else a 422)."""
    wanted = set(group_ids)
    if groups.existing_group_ids(org_id, wanted) != wanted:
        raise _unknown_groups()
    return wanted


# --- members --------------------------------------------------------------------------------------


def member_page(
    org_id: str,
    limit: int,
    cursor: str | None,
    group: str | None,
    role: str | None,
    status: str | None,
    search: str | None = None,
) -> paging.Page[MemberModel]:
    """One page of members; the filters (and a part of the name or email, any case) apply within the page."""
    return records.list_members(
        org_id, limit, cursor, group, role and str(role), status and str(status), search
    )


def get_member(org_id: str, member_id: str, consistent: bool = False) -> MemberModel:
    return found(records.find_member(org_id, member_id, consistent), "member")


def _write(write: Callable[[], object], conflict: str) -> None:
    """A member write, its refusals as the caller sees them."""
    try:
        write()
    except Changed as exc:
        raise Conflict(conflict) from exc
    except records.GroupMissing as exc:
        raise _unknown_groups() from exc


def invite(
    user_pool_id: str,
    org_id: str,
    email: str,
    name: str,
    role: str,
    group_ids: Iterable[str],
    now: datetime,
    send_invitation: bool = True,
    language: Language | None = None,
) -> MemberModel:
    """Create the Cognito user (which sends the invitation, in `language` if given: then also the
    member's until they choose one), then the member; undo the user when the member was certainly not
    written.

    When DynamoDB was busy or did not answer, the member may have been written: the user is kept,
    so the member can sign in if it was, and a retried invite reuses the user if it was not.
    """
    check_invitable(get_org(org_id), email)
    wanted = check_groups(org_id, group_ids)
    try:
        member_id = identity.create_user(user_pool_id, email, name, org_id, send_invitation, language)
    except identity.OtherOrg as exc:
        # Only an address of the org's own domains gets here: one signed in elsewhere before the
        # domains were set. The operator sorts it out; nothing else is said about it.
        raise ValidationFailed(
            "This address cannot be invited in this org.",
            [FieldIssue("email", "ask the operator about this address")],
        ) from exc
    if records.find_member(org_id, member_id) is not None:
        raise Conflict("a member with this email already exists")
    member = MemberModel(
        org_id=org_id,
        member_id=member_id,
        email=email,
        name=name,
        role=str(role),
        status=Status.ACTIVE.value,
        groups=wanted,
        language=language,
        created_at=now,
        updated_at=now,
    )
    try:
        _write(lambda: records.add_member(member), "this member already exists")
    except Exception as exc:
        if not (isinstance(exc, PynamoDBException) and is_retryable(exc)):
            identity.delete_user(user_pool_id, email)
        raise
    return member


# A member's fields the sign-in user keeps a copy of, by the Cognito attribute: the name, and the
# language its mails are written in (decision 108).
MIRRORED = {"name": "name", "language": "locale"}


def _update(
    user_pool_id: str, org_id: str, member_id: str, changes: dict[str, Any], now: datetime
) -> MemberModel:
    """Update the member first (the source of truth), then mirror name, language and status to Cognito.

    Repeating the same request after a Cognito failure converges: the member update is a no-op.
    """
    member = get_member(org_id, member_id, consistent=True)
    if member.erasure_started_at is not None:
        raise Conflict("This member's data was erased; they cannot be changed or reactivated.")
    _write(
        lambda: records.update_member(member, changes, now),
        "the member was changed by another request; retry",
    )
    member = get_member(org_id, member_id, consistent=True)
    if "status" in changes:
        identity.set_enabled(user_pool_id, member.email, changes["status"] == Status.ACTIVE.value)
    mirrored = {attribute: changes[field] for field, attribute in MIRRORED.items() if changes.get(field)}
    if mirrored:
        identity.update_attributes(user_pool_id, member.email, mirrored)
    return member


def update_member(
    user_pool_id: str, org_id: str, member_id: str, by: str, changes: dict[str, Any], now: datetime
) -> MemberModel:
    """An admin's changes to a member (the fields sent, nulls left out; `by` is the admin's id:
    admins cannot demote or deactivate themselves)."""
    changes = {name: str(value) if name in ("role", "status") else value for name, value in changes.items()}
    if "groups" in changes:
        changes["groups"] = check_groups(org_id, changes["groups"])
    if member_id == by and (
        changes.get("role", Role.ADMIN) != Role.ADMIN or changes.get("status") == Status.DEACTIVATED
    ):
        raise ValidationFailed(
            "Admins cannot demote or deactivate themselves.",
            [FieldIssue("role" if "role" in changes else "status", "ask another admin")],
        )
    if not changes:
        return get_member(org_id, member_id)
    return _update(user_pool_id, org_id, member_id, changes, now)


# --- the caller's own profile ---------------------------------------------------------------------


@dataclass(frozen=True)
class Me:
    """The caller's record, their level and the lifetime points that reach the next one (None at the
    org's last level), which the org's thresholds decide."""

    member: MemberModel
    level: int
    next_level_at: int | None


def _me(member: MemberModel, org: OrgModel) -> Me:
    lifetime, thresholds = int(member.lifetime), list(org.level_thresholds or ())
    return Me(member, level_for(lifetime, thresholds), next_level_at(lifetime, thresholds))


def me(org_id: str, admit: Admit) -> Me:
    """The caller and their level: the member record and the org's in one round trip."""
    member, reads = admit(orgs.org_read(org_id))
    return _me(member, found(orgs.org_from(reads), "org"))


def update_me(
    user_pool_id: str,
    member: MemberModel,
    fields: dict[str, Any],
    networks: dict[str, dict[str, Any]] | None,
    now: datetime,
) -> Me:
    """The caller's own `fields` (name, digest choice, language: those sent) and network profiles
    (each profile merged into the one kept)."""
    changes = dict(fields)
    if networks is not None:
        kept = {k: dict(v) for k, v in plain(member.networks).items()}
        for network, profile in networks.items():
            merged = {**kept.get(network, {}), **profile}
            kept[network] = {"handle": merged.get("handle"), "followers": int(merged.get("followers") or 0)}
        changes["networks"] = kept
    updated = _update(user_pool_id, member.org_id, member.member_id, changes, now) if changes else member
    return _me(updated, get_org(member.org_id))
