"""A member and its sign-in user, created and changed together so neither is left half-made."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import PynamoDBException

from advocacy.domain.errors import Conflict
from advocacy.domain.roles import Status
from advocacy.store import identity, members
from advocacy.store.errors import is_retryable
from advocacy.store.models import MemberModel


def invite(
    user_pool_id: str,
    org_id: str,
    email: str,
    name: str,
    role: str,
    groups: set[str],
    now: datetime,
    send_invitation: bool = True,
) -> MemberModel:
    """Create the Cognito user (which sends the invitation), then the member; undo the user when the
    member was certainly not written.

    When DynamoDB was busy or did not answer, the member may have been written: the user is kept,
    so the member can sign in if it was, and a retried invite reuses the user if it was not.
    """
    member_id = identity.create_user(user_pool_id, email, name, org_id, send_invitation)
    if members.find_member(org_id, member_id) is not None:
        raise Conflict("a member with this email already exists")
    member = MemberModel(
        org_id=org_id,
        member_id=member_id,
        email=email,
        name=name,
        role=role,
        status=Status.ACTIVE.value,
        groups=groups,
        created_at=now,
        updated_at=now,
    )
    try:
        return members.add_member(member)
    except Exception as exc:
        if not (isinstance(exc, PynamoDBException) and is_retryable(exc)):
            identity.delete_user(user_pool_id, email)
        raise


def update(
    user_pool_id: str, org_id: str, member_id: str, changes: dict[str, Any], now: datetime
) -> MemberModel:
    """Update the member first (the source of truth), then mirror name and status to Cognito.

    Repeating the same request after a Cognito failure converges: the member update is a no-op.
    """
    member = members.update_member(org_id, member_id, changes, now)
    if "status" in changes:
        identity.set_enabled(user_pool_id, member.email, changes["status"] == Status.ACTIVE.value)
    if "name" in changes:
        identity.update_name(user_pool_id, member.email, changes["name"])
    return member
