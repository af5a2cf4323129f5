"""The upgrade to score items (decision 91): every org's scores on the boards of the old layout, one
partition per board, added to the members' score items once (`python -m advocacy.ops fold-scores`).

Only what a reader still needs is folded: each period's current and previous key (points) and the
running contests (points, shares, clicks); a past period's final board keeps its snapshot. A member's
item is folded in one update that marks it folded, on the condition it was not: a second run skips it,
and the scores awards added to the item since the upgrade are kept (the fold adds, it does not set).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advocacy.domain.periods import PERIODS, period_key, previous_key
from advocacy.domain.times import utc_text
from advocacy.store import boards, orgs, scores
from advocacy.store.models import OrgModel


def run(now: datetime) -> dict[str, Any]:
    """Fold every org; counts of members folded now and skipped (folded already)."""
    folded = skipped = count = 0
    for org in orgs.all_orgs():
        made, seen = fold_org(org, now)
        folded, skipped, count = folded + made, skipped + seen - made, count + 1
    return {"time": utc_text(now), "orgs": count, "folded": folded, "skipped": skipped}


def _boards(org: OrgModel, now: datetime) -> dict[str, tuple[str, ...]]:
    """The boards still read, with the metrics each keeps on a score item."""
    kept: dict[str, tuple[str, ...]] = {}
    for period in PERIODS:
        key = period_key(period, now, org.timezone)
        for each in (key, previous_key(period, key)):
            if each is not None:
                kept[scores.period_board(period, each)] = ("points",)
    for contest in boards.active_contests(org):
        kept[scores.contest_board(contest["contest_id"])] = scores.METRICS
    return kept


def fold_org(org: OrgModel, now: datetime) -> tuple[int, int]:
    """(members folded now, members with old scores): one Query per old board, one update per member."""
    values: dict[str, dict[str, int]] = {}
    for board, metrics in _boards(org, now).items():
        for score in scores.legacy_board(org.org_id, board):
            for metric in metrics:
                value = int(getattr(score, metric) or 0)
                if value:
                    values.setdefault(score.member_id, {})[scores.name(board, metric)] = value
    made = sum(scores.fold(org.org_id, member_id, found) for member_id, found in values.items())
    return made, len(values)
