"""Benchmark of the leaderboards job and of one leaderboard read, on moto (in-process, no network).

    python -m bench.leaderboards [--sizes 1000,10000,100000] [--group-size 100 | --groups G] [--changed 30] [--profile]
        [--distinct-scores]

For each size N it seeds, in a fresh `mock_aws`, one org (time zone Europe/Paris) with N active
members spread over G groups (one per `--group-size` members, 100 by default as in the cost model's
org, or `--groups`) and a score for every member on each of the 4 current period boards
(skewed points: many small, few large; seeded RNG; with `--distinct-scores` every member's all-time
score is different, the histogram's worst case, which pages it past about 4,000 members), then
measures:

- the job's first run for the org (`advocacy.services.leaderboards.build_org`): it also builds and
  finalises the previous week, month and quarter, which happens once after each period ends;
- the job's steady run (15 minutes later, what every other run costs), after `--changed` members
  (default 30, spread over the groups) earned 10 points each: it rewrites only the boards whose
  content changed (decision 98), those of everyone and of these members' groups;
- one leaderboard read as `GET /leaderboards/all` does it: the caller's member record, the
  snapshot, the caller's live score (and the one histogram page it falls on, if the board has pages).

DynamoDB calls are counted with botocore event handlers on the models' clients. Capacity is given
twice: as moto reports it (moto returns a flat 0.5 or 1.0 per call whatever the item sizes, so it
is NOT what DynamoDB would bill), and as computed from the sizes of the items each call read or
wrote, the way DynamoDB bills on-demand tables: reads 4 KB per RCU (half for eventually consistent
reads, which is what PynamoDB does unless asked otherwise; a Query is billed on the summed size of
the items of each page), writes 1 KB per WCU on the larger of the old and the new item. Seeding is
not measured. Seconds are wall-clock on this machine and include moto itself, which is far slower
than DynamoDB; call counts, pages, capacity and item sizes are the representative figures. Time
spent in this package's own handlers is taken out of the job's seconds. moto's Query is made
linear for the plain case the job uses (see `fast_moto`; `--plain-moto` turns that off).

The modules: `env` (dummy AWS settings, set before moto or the store models load), `seeding` (the
org, not measured), `metering` (calls and capacity), `fast_moto`, `measure` (one size: the runs and
the read), `report` (the printed table) and `cli` (flags, the results file).
"""

from __future__ import annotations

# First, before any of this package's modules loads moto or the store models.
from bench.leaderboards import env

__all__ = ["env"]
