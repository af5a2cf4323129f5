"""Analytics (admin, manager): the program's figures over a range of days in the org's time zone,
from the daily rollups the rollup job computes (services.rollup_job): reads grow with the number of
days, not of shares. Distinct advocates and the top advocates come from the days' top lists, and
from the days' sketches once a day had more advocates than its list holds: estimates then
(domain.rollups)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain import posting
from advocacy.domain.networks import NETWORKS
from advocacy.domain.rollups import Advocates
from advocacy.domain.times import MAX_DAYS, day_range
from advocacy.services import content, members
from advocacy.store import boards, member_records, rollups
from advocacy.store.boards import EVERYONE
from advocacy.store.models import OrgModel, plain

TOTALS = (
    "shares",
    "personalised_shares",
    "clicks",
    "human_clicks",
    "unique_clicks",
    "reach",
    "reach_verified",
)
TOP = 10


def _per(rows: list[dict[str, Any]], prefix: str) -> dict[str, dict[str, int]]:
    """`c#<id>#<metric>` (or `a#...`) attributes summed over the rows, by id then metric."""
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for name, value in row.items():
            if name.startswith(prefix):
                key, metric = name[len(prefix) :].rsplit("#", 1)
                found[key][metric] += int(value)
    return found


def org_summary(
    org_id: str, first: date | None, last: date | None, group: str | None, now: datetime
) -> dict[str, Any]:
    """The org's figures (or one group's) over the days from `first` to `last` (by default the last
    30 days up to today in the org's time zone)."""
    org = members.get_org(org_id)
    first, last = day_range(first, last, now.astimezone(ZoneInfo(org.timezone)).date())
    if group:
        members.get_group(org_id, group)
    scope = f"{org_id}#group:{group}" if group else f"{org_id}#all"
    return summary(org, scope, first, last, _active_members(org_id, group))


def content_summary(
    org_id: str, content_id: str, first: date | None, last: date | None, now: datetime
) -> dict[str, Any]:
    """The same figures for one piece of content (by default from its creation to today)."""
    org = members.get_org(org_id)
    item = content.get(org_id, content_id)
    zone = ZoneInfo(org.timezone)
    today = now.astimezone(zone).date()
    created = item.created_at.astimezone(zone).date()
    first, last = day_range(first or max(created, today - timedelta(days=MAX_DAYS - 1)), last, today)
    return summary(org, f"{org_id}#content:{content_id}", first, last, _active_members(org_id, None))


def _active_members(org_id: str, group: str | None) -> int:
    """The scope's active members as the leaderboards job counted them (a 15-minute-old figure, one
    read however large the org); counted from the members themselves before its first run."""
    counted = boards.members_counted(org_id, group or EVERYONE)
    return counted if counted is not None else member_records.count_active(org_id, group)


def summary(org: OrgModel, scope: str, first: date, last: date, active_members: int) -> dict[str, Any]:
    rows = rollups.days(scope, first.isoformat(), last.isoformat())
    totals = {name: sum(int(r.get(name, 0)) for r in rows) for name in TOTALS}
    advocates = Advocates.of(rows)
    active = advocates.active()
    emv = plain(org.emv)
    by_day = {r["day"]: r for r in rows}
    content = _per(rows, "c#")
    top_content = sorted(content.items(), key=lambda kv: (-kv[1]["clicks"], -kv[1]["shares"], kv[0]))[:TOP]
    top_people = sorted(
        advocates.people.items(), key=lambda kv: (-kv[1]["shares"], -kv[1]["unique_clicks"], kv[0])
    )[:TOP]
    computed = [str(r["computed_at"]) for r in rows if "computed_at" in r]
    titles, names = rollups.labels(
        org.org_id, [cid for cid, _ in top_content], [mid for mid, _ in top_people]
    )
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "members": active_members,
        "active_advocates": active,
        "participation_rate": round(active / active_members, 4) if active_members else 0.0,
        **totals,
        "personalised_rate": (
            round(totals["personalised_shares"] / totals["shares"], 4) if totals["shares"] else 0.0
        ),
        "clicks_per_share": round(totals["clicks"] / totals["shares"], 4) if totals["shares"] else 0.0,
        # Reach counted before verified counts existed has no `reach_verified`: it is all self-declared.
        "reach_self_declared": totals["reach"] - totals["reach_verified"],
        "emv": round(
            float(emv.get("cpm", 0)) * totals["reach"] / 1000
            + float(emv.get("cpc", 0)) * totals["unique_clicks"],
            2,
        ),
        "currency": str(emv.get("currency", "USD")),
        "account_posts": {n: sum(int(r.get(f"n#{n}#posts", 0)) for r in rows) for n in posting.POSTABLE},
        "x_posts_cost_usd": round(
            posting.X_POST_WITH_URL_USD * sum(int(r.get("n#x#posts", 0)) for r in rows), 2
        ),
        "by_network": {
            n: {
                m: sum(int(r.get(f"n#{n}#{m}", 0)) for r in rows)
                for m in ("shares", "clicks", "unique_clicks", "reach")
            }
            for n in NETWORKS
        },
        "top_content": [
            {
                "content_id": cid,
                "title": titles.get(cid, ""),
                **{m: v.get(m, 0) for m in ("shares", "clicks", "unique_clicks")},
            }
            for cid, v in top_content
        ],
        "top_advocates": [
            {
                "member_id": mid,
                "name": names.get(mid, ""),
                **{m: v.get(m, 0) for m in ("shares", "clicks", "unique_clicks")},
            }
            for mid, v in top_people
        ],
        "daily": [
            {
                "date": d.isoformat(),
                **{
                    m: int(by_day.get(d.isoformat(), {}).get(m, 0))
                    for m in ("shares", "clicks", "unique_clicks")
                },
            }
            for d in days
        ],
        "computed_at": max(computed, default=None),
    }
