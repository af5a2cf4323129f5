"""Erasing a departed member (decision 86): their personal data removed or replaced, their points kept.

The member record stays under its opaque id (the Cognito `sub`, which names no one once the sign-in
user is deleted), so the ledger, the balance, the scores and the rollups still add up, and their short
links still redirect. What goes: the name ("Former member" everywhere it was copied: board snapshots,
contest results, suggestions), the email, the network handles and follower counts, the connected
accounts (revoked where the network can, then deleted), the words of their shares and the addresses
of their posts (also posts left unconfirmed), and the Cognito user.

There are more items than one transaction holds, so the steps run in an order that makes a retry
finish the job: the first write marks the erasure under way (no edit or reactivation after it), every
step only changes what still names the member, the sign-in user is deleted while the email is still
on the record to find it, and the last write (email gone, `erased_at` set) is what says it is done.
A failure anywhere answers 503; repeating the request completes it, and repeating it after that
changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from advocacy.domain.connections import API_NETWORKS
from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.domain.roles import Status
from advocacy.services import connections
from advocacy.services.members import get_member
from advocacy.store import erasure_records as records
from advocacy.store import identity
from advocacy.store.models import MemberModel
from advocacy.store.transactions import Retry, retrying

FORMER_MEMBER = records.FORMER_MEMBER


def _still_active() -> Conflict:
    return Conflict("Deactivate the member before erasing their data.")


def erase(user_pool_id: str, org_id: str, member_id: str, by: str, now: datetime) -> MemberModel:
    """Erase a deactivated member's personal data (see the module); the erased member is returned.
    Safe to repeat: a half-done erasure is completed, a finished one is answered as it is."""
    member = get_member(org_id, member_id, consistent=True)
    if member.erased_at is not None:
        return member
    if member_id == by:
        raise ValidationFailed(
            "Admins cannot erase themselves.", [FieldIssue("member_id", "ask another admin")]
        )
    if member.status != Status.DEACTIVATED.value:
        raise _still_active()
    try:
        records.start(member, now)
    except records.NotDeactivated as exc:
        raise _still_active() from exc  # reactivated since read
    for network in API_NETWORKS:
        connections.disconnect(org_id, member_id, network, now)
    for suggestion in records.suggestions(org_id, member_id):
        records.unname_suggestion(suggestion)
    for share in records.posted_shares(org_id, member_id):
        records.strip_share(share)
    for attempt in records.post_attempts(org_id, member_id):
        records.drop_attempt(attempt)

    def rename() -> None:
        if records.rename_in_boards(org_id, member_id) or records.rename_in_contests(org_id, member_id):
            raise Retry()  # a snapshot was rewritten meanwhile: read it again

    retrying(rename)
    identity.delete_user(user_pool_id, member.email)
    records.finish(member, now)
    return get_member(org_id, member_id, consistent=True)
