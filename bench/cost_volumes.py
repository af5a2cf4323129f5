"""What the cost model estimates rather than measures: the rollups job's reads and writes a run and
the tables' stored bytes, from the org's daily volumes and item sizes.

Item sizes are counted as DynamoDB counts them (`bench.meter.item_size`): the rollups job's day items
are built by the real code (`advocacy.domain.rollups.day_items`) from a synthetic day of the org's
shares and clicks, so their sketch, top list and counters have the sizes that day would give them;
the click index entry is a synthetic item with the index's projection (`CLICK_ROLLUP_FIELDS`); the
other sizes are estimates, stated in `ITEM_BYTES`.
"""

from __future__ import annotations

import math
import random
import uuid
from functools import cache
from typing import Any

from bench.meter import item_size

RUNS_A_DAY = 24 * 4  # the rollups job every 15 minutes
RUNS_A_MONTH = 30 * RUNS_A_DAY
YESTERDAY_RUNS = 24  # of a day's runs, those that recompute yesterday (decision 99)
BEFORE_RUNS = 1  # those that recompute the day before yesterday once more
CONTENT_A_DAY = 10  # pieces of content that get shares and clicks on a day
GROUP_SIZE = 100  # employees per group (each employee in one group)
HORIZON_DAYS = 400  # the tables after the org has run this long: shares, links, ledger, rollups are kept
KEPT_MONTHS = HORIZON_DAYS / 30
# How the stream applies the clicks of a share (an assumption, not a measurement): half are unique
# people, rewarded (a ledger entry each: the daily cap of 20 a share and 3 a visitor network leave
# 15 a share uncapped); a fifth are people coming back (repeat); the rest are link-preview crawlers
# and other bots, which the networks send when a link is posted and seen.
CLICK_MIX = {"rewarded": 0.5, "repeat": 0.2, "bot": 0.3}
REWARDED_SHARE = CLICK_MIX["rewarded"]
ITEM_OVERHEAD = 100  # bytes DynamoDB adds to each stored item (and each index entry)
# Estimated item sizes (bytes: names and values): keys, ids (36-character UUIDs), timestamps, counters.
ITEM_BYTES = {
    "share": 600,  # the share (counters, day counter, index keys); read in full through by_time
    "link": 900,  # the share's link, with the share's text
    "click event": 400,  # the click event (marked processed, its by_day keys)
    "visitor mark": 150,  # the visitor's daily mark
    "ledger entry": 250,
    "member": 600,  # the member and their score item
}
_ORG = str(uuid.UUID(int=1))


def _ids(rng: random.Random, n: int) -> list[str]:
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n)]


def _dynamo(values: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    serialise = TypeSerializer().serialize
    return {name: serialise(value) for name, value in values.items()}


def click_entry_bytes() -> int:
    """A processed click event's `by_day` index entry: the table's and the index's keys, and the
    projected `CLICK_ROLLUP_FIELDS`."""
    from advocacy.store.indexes import CLICK_ROLLUP_FIELDS

    member, content, group = _ids(random.Random(1), 3)
    values = {"member_id": member, "content_id": content, "network": "linkedin", "groups": {group},
              "bot": False, "unique": True}  # fmt: skip
    assert set(values) == set(CLICK_ROLLUP_FIELDS), "the projection changed: update this entry"
    keys = {"org_id": _ORG, "sk": f"click#{uuid.uuid4().hex}", "rollup_day": f"{_ORG}#2026-11-04#03",
            "at": "2026-11-04T10:00:00.000000+0000"}  # fmt: skip
    return item_size(_dynamo({**keys, **values}))


@cache
def day_item_bytes(employees: int, shares: int, clicks: int) -> dict[str, float]:
    """The sizes of a full day's items (the org's, a content's on average, a group's on average),
    built by `day_items` from a synthetic day: `shares` by random active employees, `clicks` spread
    over them."""
    from advocacy.domain.rollups import ClickEvent, ShareEvent, day_items

    rng = random.Random(7)
    groups = _ids(rng, max(1, employees // GROUP_SIZE))
    content = _ids(rng, CONTENT_A_DAY)
    sharers = _ids(rng, max(1, min(shares, employees)))
    made = [
        ShareEvent(m, rng.choice(content), "linkedin", frozenset({groups[n % len(groups)]}), reach=250)
        for n, m in enumerate(rng.choice(sharers) for _ in range(shares))
    ]
    taps = [ClickEvent(s.member_id, s.content_id, s.network, s.groups, unique=rng.random() < REWARDED_SHARE)
            for s in (rng.choice(made) for _ in range(clicks))]  # fmt: skip
    items = day_items(_ORG, made, taps)
    sizes: dict[str, list[int]] = {"all": [], "content": [], "group": []}
    for scope, values in items.items():
        kind = scope.split("#", 1)[1].split(":", 1)[0]
        keys = {"scope": scope, "day": "2026-11-04#job", "computed_at": "2026-11-04T10:00:00Z"}
        sizes[kind].append(item_size(_dynamo({**keys, **values})))
    return {kind: sum(found) / len(found) if found else 0.0 for kind, found in sizes.items()}


def _changed(population: int, events: float) -> float:
    """How many of `population` items `events` random events touch (expected distinct)."""
    return population * (1 - (1 - 1 / population) ** events) if population else 0.0


def rollups_run(employees: int, shares_a_month: float, clicks_a_month: float) -> dict[str, float]:
    """One run of the rollups job, on average over a day's `RUNS_A_DAY` (decision 99): every run reads
    today, half-way through it on average; `YESTERDAY_RUNS` a day (the first after midnight, then
    hourly) read yesterday, and one run (after 00:05) the day before. Its read units: the click index
    entries of the days read (0.5 + 24/96 + 1/96 = 0.76 days a run); the shares of each day's three
    UTC days through `by_time` (today's up to now, 1.5 days; yesterday's 2.5; the day before's 3: 2.16
    days a run); the stored items of the days it computes, every scope, and the org's own items of
    yesterday and the day before that every run reads to decide. Its write units: the org's item of
    today every run and of each past day computed; the content and group items of today that the
    run's 15 minutes of events changed, at a full day's size (the few a late click changes on a past
    day are left out). And the bytes it reads."""
    shares, clicks = shares_a_month / 30, clicks_a_month / 30
    sizes = day_item_bytes(employees, round(shares), round(clicks))
    groups = max(1, employees // GROUP_SIZE)
    events = (shares + clicks) / RUNS_A_DAY
    past = (YESTERDAY_RUNS + BEFORE_RUNS) / RUNS_A_DAY  # past days computed a run, on average
    click_days = 0.5 + past
    share_days = 1.5 + (2.5 * YESTERDAY_RUNS + 3 * BEFORE_RUNS) / RUNS_A_DAY
    index_bytes = click_days * clicks * click_entry_bytes() + share_days * shares * ITEM_BYTES["share"]
    day = [(1.0, sizes["all"]), (CONTENT_A_DAY, sizes["content"]), (groups, sizes["group"])]
    stored = [((1 + past) * n, size) for n, size in day] + [(2.0, sizes["all"])]
    rcu = index_bytes / 4096 * 0.5 + sum(n * math.ceil(size / 4096) * 0.5 for n, size in stored)
    written = [(1.0 + past, sizes["all"]), (_changed(CONTENT_A_DAY, events), sizes["content"]),
               (_changed(groups, events), sizes["group"])]  # fmt: skip
    wcu = sum(count * math.ceil(size / 1024) for count, size in written)
    return {
        "rcu": round(rcu, 1),
        "wcu": round(wcu, 1),
        "items_written": round(sum(count for count, _ in written), 1),
        "mb_read": round((index_bytes + sum(n * size for n, size in stored)) / 1e6, 2),
        "all_item_bytes": round(sizes["all"]),
        "content_item_bytes": round(sizes["content"]),
        "group_item_bytes": round(sizes["group"]),
        "click_entry_bytes": click_entry_bytes(),
    }


def storage_gb(employees: int, shares_a_month: float, clicks_a_month: float) -> dict[str, float]:
    """Stored GB once the org has run `HORIZON_DAYS`: click events (with their visitor marks and
    index entries) for the default `click_retention_days` (DynamoDB's TTL deletes them after it);
    shares with their links, ledger entries and rollups, which are kept, still growing (as much again
    each `HORIZON_DAYS`); members; each item with DynamoDB's 100 bytes."""
    from advocacy.settings import DEFAULT_CLICK_RETENTION_DAYS

    sizes = day_item_bytes(employees, round(shares_a_month / 30), round(clicks_a_month / 30))
    groups = max(1, employees // GROUP_SIZE)
    click_months = min(DEFAULT_CLICK_RETENTION_DAYS, HORIZON_DAYS) / 30
    per_click = (
        ITEM_BYTES["click event"] + ITEM_BYTES["visitor mark"] + click_entry_bytes() + 3 * ITEM_OVERHEAD
    )
    per_share = ITEM_BYTES["share"] + ITEM_BYTES["link"] + ITEM_BYTES["ledger entry"] + 3 * ITEM_OVERHEAD
    rollup_day = sizes["all"] + CONTENT_A_DAY * sizes["content"] + groups * sizes["group"]
    parts = {
        "clicks": clicks_a_month * click_months * per_click
        + clicks_a_month * KEPT_MONTHS * REWARDED_SHARE * (ITEM_BYTES["ledger entry"] + ITEM_OVERHEAD),
        "shares": shares_a_month * KEPT_MONTHS * per_share,
        "rollups": 30 * KEPT_MONTHS * (rollup_day + (1 + CONTENT_A_DAY + groups) * ITEM_OVERHEAD),
        "members": employees * (ITEM_BYTES["member"] + 2 * ITEM_OVERHEAD),
    }
    return {name: round(value / 1e9, 3) for name, value in parts.items()}
