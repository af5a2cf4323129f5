"""`python -m bench.leaderboards`'s flags, and the entry point: measure each size, print the report,
write the results file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.cost_volumes import GROUP_SIZE
from bench.leaderboards.measure import run_size
from bench.leaderboards.report import report
from bench.leaderboards.seeding import NOW, TIMEZONE
from bench.report import machine

RESULTS = Path(__file__).resolve().parents[1] / "results-leaderboards.json"


# Members whose points change in 15 minutes at 10,000 employees, as bench/cost.py models the org:
# 30% share, 8 shares a month each: 24,000 shares a month, 8.3 per 15-minute run; a shared link
# draws most of its clicks (the points) within about an hour, 4 runs, so about 8.3 x 4 = 33 members
# earn between two runs: 30.
CHANGED = 30

NOTES = [
    "rcu_computed/wcu_computed: from item sizes, as DynamoDB bills on-demand tables",
    "rcu_reported_by_moto/wcu_reported_by_moto: moto's ConsumedCapacity, flat per call",
    "seconds: wall clock on moto (in-process), not representative of DynamoDB latency",
]


def _description() -> str:
    """The first line of the package's docstring, the help's summary."""
    import bench.leaderboards

    return (bench.leaderboards.__doc__ or "").splitlines()[0]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.leaderboards", description=_description())
    parser.add_argument("--sizes", default="1000,10000,100000", help="member counts, comma-separated")
    parser.add_argument(
        "--group-size",
        type=int,
        default=GROUP_SIZE,
        help="members per group: the org has members / group-size groups (the cost model's org)",
    )
    parser.add_argument(
        "--groups", type=int, help="groups in the org, whatever its size (instead of --group-size)"
    )
    parser.add_argument("--seed", type=int, default=45, help="RNG seed for the generated org")
    parser.add_argument("--profile", action="store_true", help="cProfile the steady run of the largest size")
    parser.add_argument(
        "--plain-moto",
        action="store_true",
        help="moto as shipped (slow: quadratic Query), to check fast_moto",
    )
    parser.add_argument(
        "--distinct-scores",
        action="store_true",
        help="every member a different all-time score (the histogram's worst case, paged)",
    )
    parser.add_argument(
        "--changed",
        type=int,
        default=CHANGED,
        help="members whose points change between the first and the steady run, spread over the groups",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    command = ("python -m bench.leaderboards " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    results = [
        run_size(
            size,
            args.groups or max(1, size // args.group_size),
            args.seed,
            args.profile and size == max(sizes),
            not args.plain_moto,
            args.distinct_scores,
            args.changed,
        )
        for size in sizes
    ]
    print(report(results, command))
    for r in results:
        if "profile" in r:
            print(f"\nProfile of the steady run, {r['members']:,} members:\n{r.pop('profile')}")
    output = {
        "benchmark": "leaderboards",
        "command": command,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "job_now": NOW.isoformat(),
        "timezone": TIMEZONE,
        "notes": NOTES,
        "results": results,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    print(f"\nResults written to {args.output}")
    return 0
