"""Shares that may be farmed, for admins: the list with its evidence, and voiding a share's points
(decisions 82, 83).

A share is listed when its clicks left a mark (human repeats from addresses already counted, or
unique clicks a cap left unrewarded) or it was voided; its evidence is computed from its click events
(`domain.clicks.evidence`). A void takes back everything the share earned, through compensating ledger
entries, from the balance, the lifetime points, the period boards the leaderboards job ranks and the
running contests' boards; a voided share's later clicks still count but earn nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from advocacy.domain.clicks import REPEATS, Evidence, Hit, evidence
from advocacy.domain.periods import board_keys
from advocacy.domain.times import day_range
from advocacy.services import found
from advocacy.services.members import get_org
from advocacy.store import paging, scores, share_marks, shares
from advocacy.store.boards import active_contests, award_boards
from advocacy.store.models import LedgerModel, OrgModel, ShareModel, plain
from advocacy.store.transactions import Cancelled, Retry, retrying

CHUNK = 60  # entries voided per transaction (with the share, the member and the boards: within 100)


@dataclass(frozen=True)
class Suspect:
    share: ShareModel
    evidence: Evidence


def suspicious(
    org_id: str, first: date | None, last: date | None, limit: int, cursor: str | None, now: datetime
) -> paging.Page[Suspect]:
    """Marked shares made from `first` to `last` (days in the org's time zone, by default the last 30
    up to today), newest first, each with its evidence. A page may hold fewer than `limit` (the marks
    are filtered after the read); `next_cursor` says whether more may follow."""
    org = get_org(org_id)
    zone = ZoneInfo(org.timezone)
    first, last = day_range(first, last, now.astimezone(zone).date())
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone) - timedelta(microseconds=1)
    page = share_marks.marked_page(org_id, start, end, REPEATS, limit, cursor)
    return paging.Page([Suspect(s, evidence_of(s)) for s in page.items], page.next_cursor)


def evidence_of(share: ShareModel) -> Evidence:
    hits = [
        Hit(e.at, e.visitor or "", e.agent, bool(e.bot))
        for e in share_marks.click_events(share)
        if e.at is not None
    ]
    return evidence(hits, int(share.capped_clicks or 0), int(share.repeat_clicks or 0))


def void(org_id: str, share_id: str, reason: str, by: str, now: datetime) -> ShareModel:
    """Void the share's points once: a repeat (or a retry after a crash) voids only what is left and
    answers the share as voided first."""
    org = get_org(org_id)
    key = found(share_marks.find_by_id(org_id, share_id), "share").share_key

    def step() -> tuple[ShareModel, bool]:
        share = found(shares.find(org_id, key), "share")
        left = _unvoided(share_marks.earnings(share))
        if share.voided_at is not None and not left:
            return share, False
        chunk = [(entry, _boards(org, entry, now)) for entry in left[:CHUNK]]
        try:
            share_marks.void(share, chunk, by, reason, now)
        except Cancelled as exc:
            if exc.condition_failed(ShareModel):
                raise Retry() from exc  # a click was credited, or another void ran, since read
            raise
        return share, len(left) > CHUNK

    while True:
        _, more = retrying(step)
        if not more:
            return found(shares.find(org_id, key), "share")


def _unvoided(entries: Sequence[LedgerModel]) -> list[LedgerModel]:
    """The share's earnings (oldest first) that no void entry names yet."""
    voided = {plain(e.ref).get("entry_id") for e in entries if e.type == share_marks.VOID}
    earned = [e for e in entries if e.type != share_marks.VOID and int(e.points) > 0]
    return [e for e in earned if e.entry_id not in voided]


def _boards(org: OrgModel, entry: LedgerModel, now: datetime) -> list[str]:
    """The boards an earning counted on that still move: the period boards of its time that are still
    live (this or the previous period: an older one is final, and no score item keeps it), and the
    contests running then that are still running (a closed contest's results stay as awarded)."""
    boards = award_boards(org, entry.created_at)
    running = {c["contest_id"] for c in active_contests(org)}
    past = set(scores.stale_names(map(scores.name, boards), board_keys(now, org.timezone), running))
    return [board for board in boards if scores.name(board) not in past]
