"""A member's copy of their own data, as JSON (`POST /me/export`, decision 87).

What is in it: the profile, every share with its click counts and its per-day counters of rewarded
clicks, the whole points ledger, redemptions, contests scored on (with the final place once closed),
suggestions, and connected accounts (network, status, dates: never a token). Individual click events
are not: each holds a keyed hash of a visitor, which is the visitor's (pseudonymous) data, not the
member's, and the counts already say what they add up to.

Like the analytics export, a small copy is the answer itself and anything larger is built by the
exports function into a file with a presigned URL: "small" is decided from the member's own counters
(shares and unique clicks, the bulk of a ledger) before reading anything else.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from advocacy.domain.times import utc_text
from advocacy.services.exports import Export, Inline, find, queue
from advocacy.services.members import get_member, get_org
from advocacy.store import personal_records as records
from advocacy.store import shares as shares_store
from advocacy.store.models import MemberModel, plain

KIND = "member"
FORMAT = "advocacy-member-data/1"
INLINE_MAX_ITEMS = 2000  # shares and unique clicks (ledger entries follow them); past it, a file
INLINE_LIMIT = 4 * 1024 * 1024
CONTENT_TYPE = "application/json; charset=utf-8"
ABOUT = (
    "Everything this program stores about you, as of generated_at. clicks_received counts clicks on your "
    "links as stored: per share, and per day the clicks that earned points. The individual click events "
    "are not included: each holds only a keyed hash of the visitor (never an IP address), which is "
    "not your data, and they are deleted after the retention period. Connected accounts never show "
    "their tokens."
)


def _time(value: datetime | None) -> str | None:
    return utc_text(value) if value is not None else None


def _profile(member: MemberModel, org_name: str, groups: dict[str, str]) -> dict[str, Any]:
    return {
        "member_id": member.member_id,
        "org_id": member.org_id,
        "org_name": org_name,
        "email": member.email,
        "name": member.name,
        "role": member.role,
        "status": member.status,
        "groups": [{"group_id": g, "name": groups.get(g, "")} for g in sorted(member.groups or ())],
        "networks": plain(member.networks),
        "digest": member.digest,
        "language": member.language,
        "balance": int(member.balance or 0),
        "lifetime_points": int(member.lifetime or 0),
        "shares_count": int(member.shares_count or 0),
        "unique_clicks_count": int(member.unique_clicks_count or 0),
        "badges": sorted(member.badges or ()),
        "created_at": _time(member.created_at),
        "updated_at": _time(member.updated_at),
        "last_active_at": _time(member.last_active_at),
        "last_digest_at": _time(member.last_digest_at),
    }


def _prize(prizes: list[dict[str, Any]] | None, rank: int | None) -> dict[str, Any] | None:
    """The prize of the place the member finished in, if it had one (its points, reward or badge)."""
    return next((dict(p) for p in prizes or () if rank is not None and p.get("place") == rank), None)


def collect(org_id: str, member_id: str, now: datetime) -> dict[str, Any]:
    """The whole document (many reads: the member's shares, ledger, and so on, page by page)."""
    member = get_member(org_id, member_id, consistent=True)
    org = get_org(org_id)
    shares, clicks = [], []
    for share in records.shares(org_id, member_id):
        shares.append(
            {
                "share_id": share.share_id,
                "content_id": share.content_id,
                "network": share.network,
                "code": share.code,
                "message": shares_store.text_of(share),
                "points_awarded": int(share.points_awarded or 0),
                "personalised": bool(share.personalised),
                "post_url": share.post_url,
                "created_at": _time(share.created_at),
            }
        )
        # Days counted on the share itself (its latest) and on the link's day counters of earlier versions.
        counted = {
            day.sk.removeprefix("day#"): int(day.rewarded or 0)
            for day in records.rewarded_days(org_id, share.code)
        }
        for day, rewarded in (
            (share.reward_prev_day, share.rewarded_prev),
            (share.reward_day, share.rewarded),
        ):
            if day:
                counted[day] = int(rewarded or 0)
        days = [{"day": day, "rewarded_clicks": counted[day]} for day in sorted(counted)]
        clicks.append(
            {
                "share_id": share.share_id,
                "code": share.code,
                "clicks": int(share.clicks or 0),
                "human_clicks": int(share.human_clicks or 0),
                "unique_clicks": int(share.unique_clicks or 0),
                "rewarded_clicks_per_day": days,
            }
        )
    all_contests = list(records.contests(org_id))
    scores = records.contest_scores(org_id, member_id, [c.contest_id for c in all_contests])
    contests = []
    for contest in all_contests:
        placed = [r for r in contest.results or () if r.get("member_id") == member_id]
        if contest.contest_id not in scores and not placed:
            continue
        score = scores.get(contest.contest_id)
        if score is None and placed:  # a closed contest's scores leave the score item; results keep it
            score = {metric: 0 for metric in ("points", "shares", "clicks")} | {
                contest.metric: int(placed[0].get("score") or 0)
            }
        contests.append(
            {
                "contest_id": contest.contest_id,
                "name": contest.name,
                "metric": contest.metric,
                "starts_at": _time(contest.starts_at),
                "ends_at": _time(contest.ends_at),
                "points": score["points"] if score else 0,
                "shares": score["shares"] if score else 0,
                "clicks": score["clicks"] if score else 0,
                "final_rank": placed[0].get("rank") if placed else None,
                "prize": _prize(contest.prizes, placed[0].get("rank") if placed else None),
            }
        )
    return {
        "format": FORMAT,
        "generated_at": utc_text(now),
        "about": ABOUT,
        "profile": _profile(member, org.name, records.group_names(org_id, set(member.groups or ()))),
        "shares": shares,
        "clicks_received": clicks,
        "ledger": [
            {
                "entry_id": e.entry_id,
                "type": e.type,
                "points": int(e.points),
                "ref": plain(e.ref),
                "created_at": _time(e.created_at),
            }
            for e in records.ledger(org_id, member_id)
        ],
        "redemptions": [
            {
                "redemption_id": r.redemption_id,
                "reward_id": r.reward_id,
                "name": r.name,
                "cost": int(r.cost) if r.cost is not None else None,
                "status": r.status,
                "note": r.note,
                "contest_id": r.contest_id,
                "created_at": _time(r.created_at),
                "decided_at": _time(r.decided_at),
            }
            for r in records.redemptions(org_id, member_id)
        ],
        "contests": contests,
        "suggestions": [
            {
                "suggestion_id": s.suggestion_id,
                "url": s.url,
                "title": s.title,
                "note": s.note,
                "status": s.status,
                "content_id": s.content_id,
                "points_awarded": s.points_awarded and int(s.points_awarded),
                "decision_note": s.decision_note,
                "created_at": _time(s.created_at),
                "decided_at": _time(s.decided_at),
            }
            for s in records.suggestions(org_id, member_id)
        ],
        "connected_accounts": [
            {
                "network": c.network,
                "status": c.status,
                "connected_at": _time(c.connected_at),
                "updated_at": _time(c.updated_at),
                "token_expires_at": _time(c.expires_at),
            }
            for c in records.connections(org_id, member_id)
        ],
    }


def render(org_id: str, member_id: str, now: datetime) -> bytes:
    return json.dumps(collect(org_id, member_id, now), ensure_ascii=False, indent=1).encode("utf-8")


def request(member: MemberModel, wants_file: bool, now: datetime) -> Inline | Export:
    """The member's data inline when their counters say it is small (and it is), else a pending export
    that the exports function builds into a file."""
    filename = f"advocacy-my-data-{now.date().isoformat()}.json"
    expected = int(member.shares_count or 0) + int(member.unique_clicks_count or 0)
    if not wants_file and expected <= INLINE_MAX_ITEMS:
        body = render(member.org_id, member.member_id, now)
        if len(body) <= INLINE_LIMIT:
            return Inline(filename, body)
    days = (member.created_at.date(), now.date())
    return queue(
        member.org_id, member.member_id, filename, days, (member.created_at, now), expected, now, kind=KIND
    )


def find_own(org_id: str, member_id: str, export_id: str, now: datetime, bucket: str) -> Export:
    """The caller's own data export (anyone else's, or an export of shares, is a 404)."""
    return find(org_id, export_id, now, bucket, kind=KIND, requested_by=member_id)
