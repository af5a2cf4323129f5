"""The rollup job (decisions 91 and 99): every org's analytics of today, yesterday and, once, the
day before (in its time zone) recomputed from the day's shares and processed clicks, every 15 minutes
(decision 100).

The share and click transactions stay small and flat whatever the org's size, and the analytics lag
them by the job's period (the summary's `computed_at` says by how much). Each item is written whole
from the events, so a rerun writes the same values (a failed or repeated run converges; one slower
than the next never puts its older figures over the newer ones); an item equal to the stored one is
not written again, except the org's own item of each day computed, whose `computed_at` says when the
day was last computed. As the leaderboards job does, a run takes the orgs computed longest ago first
and stops starting new ones when the invocation could run out of time: the others come first in the
next run.

Which days a run reads (`domain.rollups.days_due`): today every run; yesterday on the first run after
midnight and then once an hour (when its own item was computed before the day ended, or an hour ago
or more, less half a period); the day before yesterday once more, on the first run after its
`final_pass`. Why no click is lost: a click counts on the day of its time (`day_key`), and the redirect
writes it then. The stream's event source mapping drops a record older than a day (`max_record_age`),
so its last delivery starts before the end of its day plus a day, and the stream function (a 60 s
timeout) commits the click's `by_day` key within `APPLYING` after that. So at `final_pass(D)` (the end
of D, plus a day, plus `APPLYING`, in absolute time) every click of D that will ever count is in the
index, and the run that recomputes D after it counts them all. That run comes: D+1 lasts 23 to 25
hours, so `final_pass(D)` lies within D+1's last hour or D+2's first 65 minutes; while D is yesterday
it is recomputed hourly, and on D+2, when it is the day before yesterday, every run until one has
computed it at or after `final_pass(D)` recomputes it (a stored `computed_at` older than that), then
none (the org's own item, written last with the run's time, says so; a run failing before it leaves
the day due). The rule reads only the two own items, and depends on when the days were computed, not
on the run's minute: a skipped run or an org deferred to a later run is made up by the next run that
computes the org. Limits: an org not computed at all between `final_pass(D)` and the end of D+2 keeps
D's figures of its last hourly recompute (as an outage longer than a day does, decision 96); a
record replayed from the stream's on-failure queue later still is not counted on its day.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain import rollups as figures
from advocacy.domain.times import utc_text
from advocacy.services import timed
from advocacy.store import orgs, rollups
from advocacy.store.models import OrgModel

NEVER = utc_text(datetime.min.replace(tzinfo=UTC))


def run(now: datetime, remaining_ms: Callable[[], int] = lambda: sys.maxsize) -> dict[str, Any]:
    """Every org's rollups of the days due, for as long as the invocation's time allows. One org
    failing does not stop the others; the run still fails at the end, so the schedule retries it."""
    every = list(orgs.all_orgs())
    last = rollups.stored((f"{org.org_id}#all", _today(org, now).isoformat()) for org in every)
    computed = {
        scope.split("#", 1)[0]: str(item.get(rollups.COMPUTED_AT, NEVER)) for (scope, _), item in last.items()
    }
    queue = sorted(every, key=lambda org: (computed.get(org.org_id, NEVER), org.org_id))
    done = timed.orgs_in_turn(
        "rollups", queue, lambda org: build_org(org, now), remaining_ms, "RollupOrgsDeferred", "items"
    )
    return {**done, "time": utc_text(now)}


def _today(org: OrgModel, now: datetime) -> date:
    return now.astimezone(ZoneInfo(org.timezone)).date()


def build_org(org: OrgModel, now: datetime) -> int:
    """Recompute and write the org's items of the days due (`domain.rollups.days_due`, from when the
    org's own items of yesterday and the day before were computed); the number written."""
    zone, own = ZoneInfo(org.timezone), f"{org.org_id}#all"
    past = [(_today(org, now) - timedelta(days=n)).isoformat() for n in (2, 1)]
    stored = rollups.stored((own, day) for day in past)
    computed = {date.fromisoformat(day): _computed_at(stored.get((own, day))) for day in past}
    return sum(_build_day(org.org_id, day.isoformat(), now) for day in figures.days_due(now, zone, computed))


def _computed_at(item: dict[str, Any] | None) -> datetime | None:
    return (
        datetime.fromisoformat(str(item[rollups.COMPUTED_AT]))
        if item and rollups.COMPUTED_AT in item
        else None
    )


def _build_day(org_id: str, day: str, now: datetime) -> int:
    """Recompute and write the org's items of `day`: those that changed, then the org's own item
    whatever it holds (its `computed_at` says when the day was computed, so it goes last: a run that
    fails before it leaves the day due); the number written."""
    own = f"{org_id}#all"
    items = figures.day_items(org_id, rollups.shares_of(org_id, day), rollups.clicks_of(org_id, day))
    values = items.pop(own, figures.empty_item())
    before = rollups.stored((scope, day) for scope in items)
    written = 0
    for scope, item in items.items():
        stored = before.get((scope, day))
        if stored is None or _without_time(stored) != item:
            written += rollups.put(scope, day, item, now)
    return written + rollups.put(own, day, values, now)


def _without_time(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name != rollups.COMPUTED_AT}
