"""Points moved by hand: an admin's adjustment, written to the ledger like any other entry."""

from __future__ import annotations

from datetime import datetime

from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.services.members import get_member, get_org
from advocacy.store import ledger
from advocacy.store.boards import award_boards
from advocacy.store.models import LedgerModel
from advocacy.store.operation import new_id


def adjust(org_id: str, member_id: str, points: int, reason: str, by: str, now: datetime) -> LedgerModel:
    """Add or deduct points; a deduction may not take the balance below zero (409)."""
    if points == 0:
        raise ValidationFailed("An adjustment moves points.", [FieldIssue("points", "must not be 0")])
    get_member(org_id, member_id)
    entry = ledger.entry(org_id, member_id, new_id(), "adjustment", points, now, {"reason": reason, "by": by})
    try:
        return ledger.adjust(entry, org_id, member_id, award_boards(get_org(org_id), now))
    except ledger.BalanceTooLow as exc:
        raise Conflict("The deduction is larger than the balance.", code="insufficient_points") from exc
