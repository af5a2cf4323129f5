"""`python -m bench.load`'s flags, and the entry point: run, print the report, write the results file,
exit 1 when any check fails."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.load.config import RESULTS, ROOT, START_DAY, TIMEZONE
from bench.load.report import report
from bench.load.run import run


def stack_options(parser: argparse.ArgumentParser) -> None:
    """Where the local stack comes from: a running one (`--attach`) or one started here."""
    parser.add_argument(
        "--attach",
        type=Path,
        nargs="?",
        const=Path(".local/stack.json"),
        default=None,
        help="use a running stack through its stack.json (default .local/stack.json) instead of starting one",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=ROOT / ".local" / "cache",
        help="synthesized-template cache (as make dev)",
    )


def _description() -> str:
    """The first line of the package's docstring, the help's summary."""
    import bench.load

    return (bench.load.__doc__ or "").splitlines()[0]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=_description())
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (threads)")
    parser.add_argument("--members", type=int, default=40, help="members of the bench's org")
    parser.add_argument(
        "--shares", type=int, default=200, help="distinct shares attempted (each sent 1-3 times)"
    )
    parser.add_argument("--clicks", type=int, default=1200, help="clicks on tracked links")
    parser.add_argument("--duration", type=float, default=90.0, help="cap on the load phase, seconds")
    parser.add_argument(
        "--drain-timeout", type=float, default=180.0, help="cap on waiting for the stream, seconds"
    )
    parser.add_argument("--seed", type=int, default=46, help="RNG seed for the plan")
    parser.add_argument(
        "--redeliver", type=float, default=0.2, help="fraction of stream batches delivered twice"
    )
    parser.add_argument("--bot-fraction", type=float, default=0.15, help="fraction of visitors that are bots")
    parser.add_argument("--days", type=int, default=3, help="days the scripted time spans")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=START_DAY, help="first scripted day (org time)"
    )
    parser.add_argument("--timezone", default=TIMEZONE, help="the org's IANA time zone")
    stack_options(parser)
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.members < 1 or args.shares < 0 or args.clicks < 0 or args.days < 1:
        parser.error("clients, members and days must be positive; shares and clicks not negative")
    if not 0 <= args.redeliver <= 1 or not 0 <= args.bot_fraction <= 1:
        parser.error("--redeliver and --bot-fraction are fractions from 0 to 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    command = ("python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    result, ok = run(args, command)
    print(report(result))
    args.output.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nResults written to {args.output}")
    return 0 if ok else 1
