"""Leaderboards: the job writing one snapshot per org, period and scope (everyone, each group), and a
member's view of one (any member: the snapshot plus the caller's exact rank, in two round trips).

A snapshot holds the top entries and a histogram of every active member's score, so a request finds
anyone's exact rank in constant reads; the job writes one item per scope for its live boards
(decision 102), never one per member (plus a page per further 32,000 characters of a histogram, past
about 4,000 distinct scores). When a period has ended, its board is computed once more after the end,
marked final and written as an item of its own; the next period's board starts empty. A scope whose
live boards did not change since the last run is not written again (decision 98).

A run builds the orgs checked longest ago first and stops starting new ones when the invocation
could run out of time, so a deployment whose orgs together take longer than one invocation still has
every org's boards refreshed in turn, instead of timing out at the same org on every run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.periods import (
    PERIODS,
    board_keys,
    is_valid_period_key,
    period_bounds,
    period_key,
    previous_key,
)
from advocacy.domain.ranking import (
    decode_bounds,
    decode_histogram,
    encode_bounds,
    encode_histogram,
    fingerprint,
    histogram,
    page_bounds,
    rank_of,
    rank_scores,
    split_histogram,
)
from advocacy.domain.times import utc_text
from advocacy.services import Admit, timed
from advocacy.services.members import get_group
from advocacy.store import boards, groups, member_records, orgs, scores
from advocacy.store.models import BoardModel, MemberModel, OrgModel

TOP = 100
EVERYONE = boards.EVERYONE
# Histogram characters per board: its first page and each further one. A scope's four live boards with
# their top entries (~10 KB each before compression) stay far below DynamoDB's 400 KB an item, and a
# request reads at most one 32 KB page.
HISTOGRAM_CHARS = 32_000
NEVER = datetime.min.replace(tzinfo=UTC)


def run(now: datetime, remaining_ms: Callable[[], int] = lambda: sys.maxsize) -> dict[str, Any]:
    """Every org's boards, the orgs checked longest ago first (`boards.last_checked`), for as long as
    the invocation's time (`remaining_ms`, from the Lambda context) allows; the orgs left are
    deferred to the next run, which starts with them.
    One org failing does not stop the others; the run still fails at the end, so the schedule
    retries it (each board write is a whole-item put: a retry converges)."""
    every = list(orgs.all_orgs())
    checked = boards.last_checked(org.org_id for org in every)
    queue = sorted(every, key=lambda org: (checked.get(org.org_id, NEVER), org.org_id))
    done = timed.orgs_in_turn(
        "leaderboards",
        queue,
        lambda org: build_org(org, now),
        remaining_ms,
        "LeaderboardOrgsDeferred",
        "boards",
    )
    return {**done, "time": utc_text(now)}


def _scopes(org_id: str, active: dict[str, MemberModel]) -> dict[str, set[str]]:
    """Everyone, and each group's active members, in one pass over the members (not one per group:
    an org of 100,000 members in 1,000 groups would be 10^8 steps)."""
    scopes: dict[str, set[str]] = {EVERYONE: set(active)}
    scopes.update((group.group_id, set()) for group in groups.all_groups(org_id))
    for member_id, member in active.items():
        for group_id in member.groups or ():
            if group_id in scopes:
                scopes[group_id].add(member_id)
    return scopes


def _targets(org: OrgModel, period: str, now: datetime) -> list[tuple[str, bool]]:
    """The live period, plus the previous one until its final board exists."""
    key = period_key(period, now, org.timezone)
    targets = [(key, True)]
    previous = previous_key(period, key)
    if previous is not None:
        last = boards.snapshot(org.org_id, boards.snapshot_sk(period, previous, EVERYONE))
        if last is None or not last.final:
            targets.append((previous, False))
    return targets


def build_org(org: OrgModel, now: datetime) -> int:
    """The org's boards from one read of its score items (every shard), which then loses the names no
    reader needs any more (`_prune`); the number of items written.

    A scope's live boards (one per period) are one item (decision 102), written only when the content
    of one of them (`_fingerprint`) differs from what the last run wrote, as the org's `checked` item
    records it; a previous period's final board (its finalisation) always is. The `checked` item is
    written every run, after the boards (decision 98)."""
    active = {m.member_id: m for m in member_records.all_members(org.org_id) if m.status == "active"}
    scopes = _scopes(org.org_id, active)
    live = dict(scores.everyone(org.org_id))
    known = boards.fingerprints(org.org_id)
    current: dict[str, list[tuple[BoardModel, list[str]]]] = {scope: [] for scope in scopes}
    written = 0
    for period in PERIODS:
        for key, is_live in _targets(org, period, now):
            attribute = scores.name(scores.period_board(period, key))
            points = {member_id: found[attribute] for member_id, found in live.items() if attribute in found}
            bounds = period_bounds(period, key, org.timezone)
            final = bounds is not None and now >= bounds[1]
            for scope, member_ids in scopes.items():
                built = _board(org.org_id, period, key, scope, member_ids, points, active, final, now)
                if is_live:
                    current[scope].append(built)
                else:
                    boards.save_snapshot(*built)
                    written += 1
    seen = {scope: {b.period: _fingerprint(b, pages) for b, pages in of} for scope, of in current.items()}
    for scope, of in current.items():
        if known.get(scope) != seen[scope]:
            boards.save_live(org.org_id, scope, of, now)
            written += 1
    boards.save_checked(org.org_id, seen, now)
    _prune(org.org_id, live, now)
    return written


def _board(
    org_id: str,
    period: str,
    key: str,
    scope: str,
    member_ids: set[str],
    points: dict[str, int],
    active: dict[str, MemberModel],
    final: bool,
    now: datetime,
) -> tuple[BoardModel, list[str]]:
    """One scope's snapshot of the period `key`, and its further histogram pages (encoded)."""
    ranked = rank_scores((m, points.get(m, 0)) for m in member_ids)
    entries = [
        {"rank": r.rank, "member_id": r.member_id, "name": active[r.member_id].name, "points": r.points}
        for r in ranked[:TOP]
        if r.points > 0
    ]
    pages = split_histogram(histogram(points.get(m, 0) for m in member_ids), HISTOGRAM_CHARS)
    board = BoardModel(
        org_id=org_id,
        sk=boards.snapshot_sk(period, key, scope),
        period=period,
        period_key=key,
        scope=scope,
        generated_at=now,
        final=final,
        entries=entries,
        histogram=encode_histogram(pages[0]),
        histogram_pages=encode_bounds(page_bounds(pages)),
        members=len(member_ids),
    )
    return board, [encode_histogram(page) for page in pages[1:]]


# Part of every fingerprint: changed when the way boards are stored changes, so the first run after
# it writes every board in the new way (2: a scope's live boards in one item, decision 102).
LAYOUT = 2


def _fingerprint(board: BoardModel, pages: list[str]) -> str:
    """What a reader sees of the board, all of it but `generated_at`: its period key, final flag,
    member count, entries (names included) and whole histogram (and the storage `LAYOUT`)."""
    return fingerprint(
        LAYOUT,
        board.period_key,
        board.final,
        board.members,
        board.entries,
        board.histogram,
        board.histogram_pages,
        pages,
    )


def _prune(org_id: str, live: dict[str, dict[str, int]], now: datetime) -> None:
    """Drop the names of period keys older than the previous one and of closed contests from the score
    items read: an award removes only the key before its previous one, so a member idle for a while,
    or a contest closed since, would leave them. The org is read again, after the items, so a contest
    created since the run started is never taken for a closed one (`scores.stale_names`)."""
    org = orgs.find_org(org_id)
    if org is None:
        return
    running = {c["contest_id"] for c in boards.active_contests(org)}
    current = board_keys(now, org.timezone)
    for member_id, found in live.items():
        scores.drop(org_id, member_id, scores.stale_names(found, current, running))


# --- a member's view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rank:
    rank: int
    points: int


@dataclass(frozen=True)
class Board:
    """A snapshot as a member sees it (None: no snapshot yet): its top entries and the member's rank."""

    snapshot: BoardModel | None
    entries: list[dict[str, Any]]
    me: Rank | None


def board(
    org_id: str,
    period: str,
    period_key: str | None,
    group: str | None,
    limit: int,
    authorize: Admit,
) -> Board:
    """The board of `period` (its current one, or the one of `period_key`) for everyone or `group`,
    as of the snapshot; `me` is the caller's live score on it and its rank among the snapshot's.

    `authorize` reads the caller's member record in the same BatchGetItem as the snapshot (and
    refuses the request if it may not): two round trips whoever the caller is (and a third, in an
    org whose histogram needs several pages, when the score falls below the first)."""
    valid = period_key is None or is_valid_period_key(period, period_key)
    scope = group or EVERYONE
    # A period key may be the live period's, in the scope's live item only (decision 102): both are
    # read in the one BatchGetItem, and the board of that key kept.
    sks = [boards.live_sk(scope)]
    if period_key:
        sks.append(boards.snapshot_sk(period, period_key, scope))
    member, found = authorize(boards.snapshot_read(org_id, *sks) if valid else {})
    if not valid:
        raise ValidationFailed(
            "Unknown period key.", [FieldIssue("period_key", "e.g. 2026-W45, 2026-11, 2026-Q4")]
        )
    snapshot = boards.snapshot_from(found, period, period_key)
    if snapshot is None:
        if group is not None:
            get_group(member.org_id, group)  # 404 for a group that does not exist
        return Board(None, [], None)
    in_scope = scope == EVERYONE or scope in (member.groups or ())
    return Board(
        snapshot, list(snapshot.entries)[:limit], my_rank(snapshot, member.member_id) if in_scope else None
    )


def my_rank(snapshot: BoardModel, member_id: str) -> Rank | None:
    """The member's live score on the snapshot's board and its rank among the snapshot's scores.

    A score item keeps the current and the previous period (decision 95): on a final board older than
    that, the member's entry among its top ones if they have one, else None (not known any more)."""
    found = scores.live(snapshot.org_id, member_id)
    attribute = scores.name(scores.period_board(snapshot.period, snapshot.period_key))
    if attribute not in found and snapshot.final:
        listed = [e for e in snapshot.entries or () if e.get("member_id") == member_id]
        return Rank(int(listed[0]["rank"]), int(listed[0]["points"])) if listed else None
    points = found.get(attribute, 0)
    rank = rank_of(
        points,
        decode_histogram(snapshot.histogram),
        decode_bounds(snapshot.histogram_pages),
        int(snapshot.members),
        lambda index: decode_histogram(boards.histogram_page(snapshot, index)),
    )
    return Rank(rank, points)
