"""A day's analytics rollups computed from the day's events (decision 91): the rollup job turns the
shares and processed clicks of one org and day into one item per scope, and the summary folds the
items of a range back together. Pure: the store reads the events and writes the items.

Scopes: `<org_id>#all`, `<org_id>#content:<id>` and `<org_id>#group:<id>` (the sharer's groups at the
time of sharing). Counters: `shares`, `clicks`, `human_clicks`, `unique_clicks`, `reach`,
`reach_verified`, `personalised_shares`, `n#<network>#<metric>` (`posts`: through a connected account)
and `c#<content_id>#<metric>`. Instead of a set of the day's advocates and counters per advocate, which
grow with the org, an item holds `advocates_sketch` (a HyperLogLog sketch of the members who shared,
domain.sketches) and `top_advocates` (the day's `TOP_ADVOCATES` most active members with their counts).
`days_due`: which days a run recomputes (decision 99).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain import sketches

TOP_ADVOCATES = 100
ADVOCATE_METRICS = ("shares", "clicks", "unique_clicks")
SKETCH = "advocates_sketch"
TOP = "top_advocates"


@dataclass(frozen=True)
class ShareEvent:
    member_id: str
    content_id: str
    network: str
    groups: frozenset[str] = frozenset()
    reach: int = 0
    verified: bool = False  # the reach was reported by a connected account
    personalised: bool = False
    posted: bool = False  # posted through the sharer's connected account


@dataclass(frozen=True)
class ClickEvent:
    member_id: str  # the sharer
    content_id: str
    network: str
    groups: frozenset[str] = frozenset()
    human: bool = True
    unique: bool = False


def scopes(org_id: str, content_id: str, groups: Iterable[str]) -> list[str]:
    return [
        f"{org_id}#all",
        f"{org_id}#content:{content_id}",
        *(f"{org_id}#group:{g}" for g in sorted(groups)),
    ]


def _share_counts(event: ShareEvent) -> dict[str, int]:
    net = f"n#{event.network}#"
    counts = {
        "shares": 1,
        "reach": event.reach,
        f"{net}shares": 1,
        f"{net}reach": event.reach,
        f"c#{event.content_id}#shares": 1,
    }
    if event.personalised:
        counts["personalised_shares"] = 1
    if event.posted:
        counts[f"{net}posts"] = 1
    if event.verified:
        counts["reach_verified"] = event.reach
        counts[f"{net}reach_verified"] = event.reach
    return counts


def _click_metrics(event: ClickEvent) -> list[str]:
    return [
        "clicks",
        *(["human_clicks"] if event.human else []),
        *(["unique_clicks"] if event.unique else []),
    ]


class _Scope:
    """What one scope's item is built from while the day's events are added."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = defaultdict(int)
        self.sharers: set[str] = set()
        self.people: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ADVOCATE_METRICS, 0))

    def item(self) -> dict[str, Any]:
        return {
            **dict(sorted(self.counters.items())),  # a counter an event touched, even by 0 (a reach of 0)
            SKETCH: sketches.of(sorted(self.sharers)).encode(),
            TOP: encode_top(top(self.people)),
        }


def day_items(
    org_id: str, shares: Iterable[ShareEvent], clicks: Iterable[ClickEvent]
) -> dict[str, dict[str, Any]]:
    """Every scope's item of one day (its attributes, keys aside) from the day's events: the same
    events give the same items, whatever their order."""
    found: dict[str, _Scope] = defaultdict(_Scope)
    for share in shares:
        counts = _share_counts(share)
        for scope in scopes(org_id, share.content_id, share.groups):
            into = found[scope]
            for name, value in counts.items():
                into.counters[name] += value
            into.sharers.add(share.member_id)
            into.people[share.member_id]["shares"] += 1
    for click in clicks:
        metrics = _click_metrics(click)
        for scope in scopes(org_id, click.content_id, click.groups):
            into = found[scope]
            for metric in metrics:
                into.counters[metric] += 1
                into.counters[f"n#{click.network}#{metric}"] += 1
                into.counters[f"c#{click.content_id}#{metric}"] += 1
            person = into.people[click.member_id]
            person["clicks"] += 1
            person["unique_clicks"] += int(click.unique)
    return {scope: into.item() for scope, into in sorted(found.items())}


def _rank(entry: tuple[str, dict[str, int]]) -> tuple[int, int, int, str]:
    member_id, counts = entry
    return (-counts.get("shares", 0), -counts.get("unique_clicks", 0), -counts.get("clicks", 0), member_id)


def top(people: dict[str, dict[str, int]], limit: int = TOP_ADVOCATES) -> list[tuple[str, dict[str, int]]]:
    """The `limit` most active members: by shares, then unique clicks, then clicks, then id."""
    return sorted(people.items(), key=_rank)[:limit]


def encode_top(entries: list[tuple[str, dict[str, int]]]) -> str:
    """Compact JSON: `[[member_id, shares, clicks, unique_clicks], ...]`."""
    rows = [[mid, *(counts.get(m, 0) for m in ADVOCATE_METRICS)] for mid, counts in entries]
    return json.dumps(rows, separators=(",", ":"))


def decode_top(text: str) -> Iterator[tuple[str, dict[str, int]]]:
    for mid, *values in json.loads(text):
        yield str(mid), dict(zip(ADVOCATE_METRICS, (int(v) for v in values), strict=True))


def _complete_sharers(entries: list[tuple[str, dict[str, int]]]) -> set[str] | None:
    """Every sharer of a day, when its top list holds them all, else None: sharers rank before the
    members who only brought clicks, so the list holds them all unless it is full of sharers."""
    if len(entries) >= TOP_ADVOCATES and entries[-1][1].get("shares", 0) > 0:
        return None
    return {mid for mid, counts in entries if counts.get("shares", 0) > 0}


def _listed_sharers(row: Mapping[str, Any], entries: list[tuple[str, dict[str, int]]]) -> set[str] | None:
    """The sharers a day's row names: its top list's when complete; none for a row written before
    decision 91 (its `advocates` set names them); unknown for a sketch without a list."""
    if TOP in row:
        return _complete_sharers(entries)
    return None if SKETCH in row else set()


@dataclass
class Advocates:
    """The advocates of a range of days, folded from its items: distinct sharers (a sketch; the exact
    set while every day's top list held all its sharers) and each member's counts (from the days' top
    lists, and from the per-advocate counters of items written before decision 91)."""

    sketch: sketches.Sketch
    people: dict[str, dict[str, int]]
    sharers: set[str] | None  # None once a day had more sharers than its top list holds

    @classmethod
    def of(cls, rows: Iterable[dict[str, Any]]) -> Advocates:
        rows = list(rows)
        sketch = sketches.Sketch().merge(
            *(sketches.Sketch.decode(bytes(row[SKETCH])) for row in rows if SKETCH in row)
        )
        people: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ADVOCATE_METRICS, 0))
        sharers: set[str] | None = set()
        for row in rows:
            before = set(row.get("advocates", ()))  # items written before: the day's set
            sketch.update(sorted(before))
            entries = list(decode_top(row[TOP])) if TOP in row else []
            listed = _listed_sharers(row, entries)
            sharers = None if sharers is None or listed is None else sharers | before | listed
            for mid, counts in entries:
                for metric, value in counts.items():
                    people[mid][metric] += value
            for name, value in row.items():  # items written before: `a#<member>#<metric>` counters
                if name.startswith("a#"):
                    mid, metric = name[2:].rsplit("#", 1)
                    if metric in ADVOCATE_METRICS:
                        people[mid][metric] += int(value)
        return cls(sketch, people, sharers)

    def active(self) -> int:
        """Distinct sharers: counted exactly when known, so a small org never sees a sketch's
        collision (two of eight advocates in one register would read as seven); else estimated."""
        return len(self.sharers) if self.sharers is not None else self.sketch.estimate()


def empty_item() -> dict[str, Any]:
    """A day's item without events (the org's own scope is written anyway: it says when the job
    computed the day)."""
    return _Scope().item()


# Which days a run of the rollup job recomputes (the argument: services/rollup_job.py).
PERIOD = timedelta(minutes=15)  # the job's schedule (infra/constructs/jobs.py)
HOURLY = timedelta(hours=1) - PERIOD / 2  # a run a few seconds early still counts as an hour later
LATE = timedelta(days=1)  # the clicks stream's max_record_age (infra/constructs/stream.py)
APPLYING = timedelta(minutes=5)  # a record taken just before LATE: the stream function's 60 s, and the index


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of `day` in `zone`, in UTC (absolute time: a DST day is 23 or 25 hours)."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


def final_pass(day: date, zone: ZoneInfo) -> datetime:
    """When every click of `day` has been applied: its end, plus the stream's oldest retry and its apply."""
    return day_start(day + timedelta(days=1), zone) + LATE + APPLYING


def days_due(now: datetime, zone: ZoneInfo, computed: Mapping[date, datetime | None]) -> list[date]:
    """The days a run at `now` recomputes, oldest first, given when each past day was last computed
    (`computed`: the org's own item's `computed_at`, None without one): today every run; yesterday
    when it was last computed before it ended or at least an hour ago; the day before once more when
    it was last computed before its `final_pass`."""
    today = now.astimezone(zone).date()
    yesterday, before = today - timedelta(days=1), today - timedelta(days=2)
    due = []
    last = computed.get(before)
    if now >= final_pass(before, zone) and (last is None or last < final_pass(before, zone)):
        due.append(before)
    last = computed.get(yesterday)
    if last is None or last < day_start(today, zone) or last <= now - HOURLY:
        due.append(yesterday)
    return [*due, today]
