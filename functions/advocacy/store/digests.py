"""Digest bookkeeping on the member record: a digest period is claimed before its mail is sent, so a
second run (or a retry) in the same period sends nothing; a failed send gives the claim back."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from advocacy.store.errors import condition_failed
from advocacy.store.models import MemberModel


def claim(member: MemberModel, period: str) -> bool:
    """Take `period` for this member's digest. False if this period was already taken."""
    try:
        member.update(
            actions=[MemberModel.digest_period.set(period)],
            condition=MemberModel.digest_period.does_not_exist() | (MemberModel.digest_period != period),
        )
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def release(member: MemberModel, period: str, previous: str | None) -> None:
    """Undo a claim whose mail could not be sent, so the next run tries again."""
    action = MemberModel.digest_period.set(previous) if previous else MemberModel.digest_period.remove()
    try:
        member.update(actions=[action], condition=MemberModel.digest_period == period)
    except UpdateError as exc:
        if not condition_failed(exc):
            raise


def sent(member: MemberModel, at: datetime) -> None:
    member.update(actions=[MemberModel.last_digest_at.set(at)])
