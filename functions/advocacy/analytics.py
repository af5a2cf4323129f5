"""Analytics summaries from the daily rollups: reads grow with the number of days, not of shares."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from advocacy.domain.networks import NETWORKS
from advocacy.store import analytics
from advocacy.store.models import OrgModel, plain

TOTALS = ("shares", "clicks", "human_clicks", "unique_clicks", "reach")
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


def summary(org: OrgModel, scope: str, first: date, last: date, members: int) -> dict[str, Any]:
    rows = analytics.days(scope, first.isoformat(), last.isoformat())
    totals = {name: sum(int(r.get(name, 0)) for r in rows) for name in TOTALS}
    advocates: set[str] = set().union(*(r.get("advocates", set()) for r in rows))
    emv = plain(org.emv)
    by_day = {r["day"]: r for r in rows}
    content = _per(rows, "c#")
    people = _per(rows, "a#")
    top_content = sorted(content.items(), key=lambda kv: (-kv[1]["clicks"], -kv[1]["shares"], kv[0]))[:TOP]
    top_people = sorted(people.items(), key=lambda kv: (-kv[1]["shares"], -kv[1]["unique_clicks"], kv[0]))[
        :TOP
    ]
    titles, names = analytics.labels(
        org.org_id, [cid for cid, _ in top_content], [mid for mid, _ in top_people]
    )
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "members": members,
        "active_advocates": len(advocates),
        "participation_rate": round(len(advocates) / members, 4) if members else 0.0,
        **totals,
        "clicks_per_share": round(totals["clicks"] / totals["shares"], 4) if totals["shares"] else 0.0,
        "emv": round(
            float(emv.get("cpm", 0)) * totals["reach"] / 1000
            + float(emv.get("cpc", 0)) * totals["unique_clicks"],
            2,
        ),
        "currency": str(emv.get("currency", "USD")),
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
    }
