"""Digest bookkeeping on the member record: a digest period is claimed before its mail is sent, so a
second run (or a retry) in the same period sends nothing; a failed send gives the claim back."""

from __future__ import annotations

from datetime import datetime

from advocacy.store.errors import update_if
from advocacy.store.models import MemberModel


def claim(member: MemberModel, period: str) -> bool:
    """Take `period` for this member's digest. False if this period was already taken."""
    unclaimed = MemberModel.digest_period.does_not_exist() | (MemberModel.digest_period != period)
    return update_if(member, [MemberModel.digest_period.set(period)], unclaimed)


def release(member: MemberModel, period: str, previous: str | None) -> None:
    """Undo a claim whose mail could not be sent, so the next run tries again."""
    action = MemberModel.digest_period.set(previous) if previous else MemberModel.digest_period.remove()
    update_if(member, [action], MemberModel.digest_period == period)


def sent(member: MemberModel, at: datetime) -> None:
    member.update(actions=[MemberModel.last_digest_at.set(at)])
