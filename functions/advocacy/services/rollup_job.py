"""The rollup job (decision 91): every org's analytics of today and yesterday (in its time zone)
recomputed from the day's shares and processed clicks, every few minutes.

The share and click transactions stay small and flat whatever the org's size, and the analytics lag
them by the job's period (the summary's `computed_at` says by how much). Each item is written whole
from the events, so a rerun writes the same values (a failed or repeated run converges; one slower
than the next never puts its older figures over the newer ones); an item equal to the stored one is
not written again, except the org's own item of today, whose `computed_at` says
when the org was last computed. Yesterday is recomputed until the day after it, so clicks applied late
(the stream retrying) still count on the day they were made. As the leaderboards job does, a run takes
the orgs computed longest ago first and stops starting new ones when the invocation could run out of
time: the others come first in the next run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain import rollups as figures
from advocacy.domain.times import utc_text
from advocacy.services import timed
from advocacy.store import orgs, rollups
from advocacy.store.models import OrgModel

NEVER = utc_text(datetime.min.replace(tzinfo=UTC))


def run(now: datetime, remaining_ms: Callable[[], int] = lambda: sys.maxsize) -> dict[str, Any]:
    """Every org's rollups of today and yesterday, for as long as the invocation's time allows. One
    org failing does not stop the others; the run still fails at the end, so the schedule retries it."""
    every = list(orgs.all_orgs())
    last = rollups.stored((f"{org.org_id}#all", _days(org, now)[-1]) for org in every)
    computed = {
        scope.split("#", 1)[0]: str(item.get(rollups.COMPUTED_AT, NEVER)) for (scope, _), item in last.items()
    }
    queue = sorted(every, key=lambda org: (computed.get(org.org_id, NEVER), org.org_id))
    done = timed.orgs_in_turn(
        "rollups", queue, lambda org: build_org(org, now), remaining_ms, "RollupOrgsDeferred", "items"
    )
    return {**done, "time": utc_text(now)}


def _days(org: OrgModel, now: datetime) -> list[str]:
    """Yesterday and today in the org's time zone."""
    today = now.astimezone(ZoneInfo(org.timezone)).date()
    return [(today - timedelta(days=1)).isoformat(), today.isoformat()]


def build_org(org: OrgModel, now: datetime) -> int:
    """Recompute and write the org's items of yesterday and today; the number written."""
    written = 0
    yesterday, today = _days(org, now)
    own = f"{org.org_id}#all"
    for day in (yesterday, today):
        items = figures.day_items(
            org.org_id, rollups.shares_of(org.org_id, day), rollups.clicks_of(org.org_id, day)
        )
        if day == today:
            items.setdefault(own, figures.empty_item())
        before = rollups.stored((scope, day) for scope in items)
        for scope, values in items.items():
            stored = before.get((scope, day))
            unchanged = stored is not None and _without_time(stored) == values
            if unchanged and not (scope == own and day == today):
                continue
            written += rollups.put(scope, day, values, now)
    return written


def _without_time(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name != rollups.COMPUTED_AT}
