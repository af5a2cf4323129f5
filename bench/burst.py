"""A viral share, scaled down: one link clicked at a fixed rate for a while on the local stack, measured.

    python -m bench.burst [--rate 30] [--seconds 60] [--seed 47] [--redeliver 0.1] [--attach [.local/stack.json]]

One org, one member, one share (one link), then `--rate` clicks a second on that link for `--seconds`
seconds, sent on schedule (open loop: a late answer does not slow the next click) from many visitors
(most new addresses, some coming back, some bots, some with a made-up X-Forwarded-For). A stream keeps
one partition key's records in order, so one link's clicks are applied one after another: the apply
rate measured here is the serial ceiling of one link. Sampled every second: clicks recorded (answered
302), clicks applied (the share's click counter, which the click transaction writes) and the lag
between them. Afterwards bench/load's reconciliation checks that every recorded click was applied
exactly once (share and content counters, points within the daily caps, ledger, boards, analytics).
It writes bench/results-burst.json and prints a table; nothing asserts a timing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.burst_figures import apply_rate, function_time, report
from bench.load.checks import Check
from bench.load.cli import stack_options
from bench.load.config import ROOT, START_DAY, TIMEZONE
from bench.load.controls import (
    Drain,
    drain,
    run_leaderboards_job,
    run_rollup_jobs,
    set_redeliver,
    stream_status,
)
from bench.load.expected import Expected, expect
from bench.load.http_client import Http, Traffic, time_header, until_answered
from bench.load.planner import BOT_AGENTS
from bench.load.provision import must, setup
from bench.load.reconcile import client_checks, reconcile
from bench.load.record import ClickOp, ShareOp
from bench.load.results import quantile
from bench.load.stack import attach_stack, bind_store, start_stack
from bench.load.world import Visitor, World
from bench.report import machine

RESULTS = ROOT / "bench" / "results-burst.json"
BROWSERS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
)
SENDERS = 32  # threads sending clicks: enough that a slow answer never holds the schedule back
BACKLOG = 5  # the stream counts as behind (the apply rate is its ceiling) while this many clicks wait,
BACKLOG_SECONDS = 3  # or this many seconds of arrivals if more


@dataclass
class Planned:
    """One scheduled click: when (seconds after the burst starts), who, and whose click it repeats."""

    due: float
    op: ClickOp
    repeats: int | None  # index of the same visitor's earlier click, which must be answered first
    done: threading.Event = field(default_factory=threading.Event)


def ip_of(k: int) -> str:
    """Visitor k's address in 127.0.0.0/8 (250 a /24, as many networks as it takes)."""
    return f"127.{100 + k // 62500 % 100}.{k // 250 % 250}.{k % 250 + 1}"


def plan(args: argparse.Namespace, start: datetime) -> list[Planned]:
    """Every click of the burst, in schedule order: about 80 % new human visitors, 12 % a human visitor
    coming back (at least two seconds after their first click), the rest bots; a tenth of the humans
    send a made-up X-Forwarded-For."""
    rng = random.Random(args.seed)
    total = round(args.rate * args.seconds)
    planned: list[Planned] = []
    humans: list[int] = []  # indexes of new human visitors' clicks
    for i in range(total):
        due = i / args.rate
        roll = rng.random()
        older = [j for j in humans[-200:] if planned[j].due <= due - 2]
        if roll < args.repeat_fraction and older:
            j = rng.choice(older)
            visitor, repeats = planned[j].op.visitor, j
        else:
            bot = roll > 1 - args.bot_fraction
            agent = rng.choice(BOT_AGENTS) if bot else rng.choice(BROWSERS)
            visitor = Visitor(i, ip_of(i), agent, bot, not bot and rng.random() < 0.1)
            repeats = None
            if not bot:
                humans.append(i)
        at = start + timedelta(seconds=int(due))
        planned.append(Planned(due, ClickOp(visitor, at), repeats))
    return planned


class Burst:
    """The senders and the sampler of one burst on one link."""

    def __init__(
        self, http_: Http, planned: list[Planned], code: str, share: tuple[str, str], hold: bool
    ) -> None:
        self.http = http_
        self.hold = hold  # the stream is held during the burst: its backlog is every click
        self.released = 0.0  # seconds after the start when the held stream was let go
        self.planned = planned
        self.code = code
        self.share = share  # (org_id, share_key) of the share whose counter says what was applied
        self.lock = threading.Lock()
        self.next = 0
        self.answered_302 = 0
        self.behind: list[float] = []  # how late each click left against its schedule, seconds
        self.samples: list[dict[str, Any]] = []
        self.started = 0.0
        self.sent_all = 0.0  # seconds after the start when the last click was answered
        self.stop_sampling = threading.Event()

    def _send(self, item: Planned, http_: Http) -> None:
        if item.repeats is not None:
            self.planned[item.repeats].done.wait(120)
        wait = self.started + item.due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        late = time.monotonic() - self.started - item.due
        visitor = item.op.visitor
        headers = {"x-local-time": time_header(item.op.at)}
        if visitor.agent:
            headers["user-agent"] = visitor.agent
        if visitor.spoofs_forwarded_for:
            headers["x-forwarded-for"] = f"198.51.100.{visitor.ident % 254 + 1}"
        answer = http_.call("click", "GET", f"/r/{self.code}", headers=headers, source=visitor.ip)
        item.op.code = self.code
        item.op.status = answer.status if answer is not None else None
        item.done.set()
        with self.lock:
            self.behind.append(late)
            self.answered_302 += item.op.status == 302

    def _sender(self) -> None:
        http_ = self.http.twin()
        while True:
            with self.lock:
                if self.next >= len(self.planned):
                    break
                item = self.planned[self.next]
                self.next += 1
            self._send(item, http_)
        http_.close()

    def applied(self) -> int:
        from advocacy.store.models import ShareModel

        return int(ShareModel.get(*self.share, consistent_read=True).clicks or 0)

    def _sample(self) -> None:
        """Every second until told to stop: recorded (answered 302), applied, lag, records delivered."""
        while not self.stop_sampling.is_set():
            at = time.monotonic() - self.started
            with self.lock:
                recorded = self.answered_302
            applied = self.applied()
            delivered = sum(int(m.get("records", 0)) for m in stream_status(self.http)["mappings"])
            lag = max(0, recorded - applied)
            self.samples.append(
                {
                    "t": round(at, 2),
                    "recorded": recorded,
                    "applied": applied,
                    "lag": lag,
                    "delivered": delivered,
                }
            )
            self.stop_sampling.wait(max(0.0, 1.0 - (time.monotonic() - self.started - at)))

    def run(self, drain_timeout: float) -> bool:
        """Send every click on schedule, then sample until every recorded click is applied (or the
        timeout): whether it drained."""
        if self.hold:
            set_enabled(self.http, False)
        self.started = time.monotonic()
        sampler = threading.Thread(target=self._sample, name="burst-sampler", daemon=True)
        sampler.start()
        senders = [threading.Thread(target=self._sender, name=f"burst-{i}") for i in range(SENDERS)]
        for t in senders:
            t.start()
        for t in senders:
            t.join()
        self.sent_all = time.monotonic() - self.started
        if self.hold:
            set_enabled(self.http, True)
            self.released = time.monotonic() - self.started
        print(f"burst sent in {self.sent_all:.1f} s; waiting for the stream...", file=sys.stderr, flush=True)
        deadline = time.monotonic() + drain_timeout
        while time.monotonic() < deadline:
            if self.samples and self.samples[-1]["applied"] >= self.answered_302:
                break
            time.sleep(0.5)
        self.stop_sampling.set()
        sampler.join()
        return bool(self.samples) and self.samples[-1]["applied"] >= self.answered_302


def set_enabled(http_: Http, enabled: bool) -> None:
    """Hold the stream pollers (records wait on the stream) or let them go on."""
    answer = http_.call("local", "POST", "/_local/streams", body={"enabled": enabled})
    if answer is None or answer.status != 200:
        raise SystemExit("cannot hold the stream: restart the stack with this version of local/")


def make_share(http_: Http, world: World, at: datetime) -> ShareOp:
    """The one share (the first member, the content for everyone, LinkedIn): its link is the burst's."""
    member = next(iter(world.members.values()))
    content = next(iter(world.contents.values()))
    op = ShareOp(member.member_id, content.content_id, "linkedin", at, "once", None)
    answer = until_answered(
        http_,
        "share",
        "POST",
        f"/content/{content.content_id}/shares",
        token=member.token,
        body={"network": "linkedin"},
        headers={"x-local-time": time_header(at), "idempotency-key": uuid.uuid4().hex},
    )
    reply = must(answer, 201, "POST /content/{id}/shares")
    op.answers.append(201)
    op.share_ids.add(reply["share_id"])
    op.codes.add(reply["code"])
    op.resolved = True
    return op


def figures(burst: Burst, traffic: Traffic, drained: bool, rate: float) -> dict[str, Any]:
    """Redirect answer times, the lag over time, the serial apply rate and the drain time."""
    latencies = sorted(traffic.latencies["click"])
    samples = burst.samples
    total = burst.answered_302
    done_at = next((s["t"] for s in samples if s["applied"] >= total), None)
    # Backlogged: more than BACKLOG_SECONDS of arrivals waiting (what the poll interval and the
    # batching window alone leave waiting is less).
    threshold = max(BACKLOG, rate * BACKLOG_SECONDS)
    ceiling, backlogged_for = apply_rate(samples, threshold, burst.released)
    sent = len(burst.behind)
    return {
        "clicks_sent": sent,
        "clicks_recorded": total,
        "send_seconds": round(burst.sent_all, 2),
        "sent_per_second": round(sent / burst.sent_all, 1) if burst.sent_all else 0.0,
        "sender_behind_schedule_p95_ms": round(quantile(sorted(burst.behind), 0.95) * 1000, 1),
        "redirect": {
            "statuses": dict(traffic.statuses["click"]),
            **{f"p{q}_ms": round(quantile(latencies, q / 100) * 1000, 1) for q in (50, 95, 99)},
            "max_ms": round(latencies[-1] * 1000, 1) if latencies else 0.0,
        },
        "peak_lag": max((s["lag"] for s in samples), default=0),
        "peak_lag_at_s": max(samples, key=lambda s: s["lag"])["t"] if samples else None,
        "backlog_threshold": threshold,
        "backlogged_seconds": round(backlogged_for, 1),
        # Clicks applied a second on the one link while clicks were waiting: its serial ceiling.
        "apply_rate_per_s": round(ceiling, 2) if ceiling else None,
        "apply_ms_per_click": round(1000 / ceiling, 1) if ceiling else None,
        "applied_all_at_s": done_at,
        "drain_after_burst_s": round(done_at - burst.sent_all, 1) if done_at is not None else None,
        "drained": drained,
        "stream_released_at_s": round(burst.released, 2) if burst.hold else None,
        "samples": samples,
    }


def settle(
    http_: Http, world: World, share: ShareOp, clicks: list[ClickOp], quiet: Drain
) -> tuple[Expected, list[Check]]:
    """As bench.load settles a run: the leaderboards job at the end of the day, the rollup job after
    it, the replay of the clicks, then every reconciliation check."""
    job_time = world.end - timedelta(seconds=1)
    failures = []
    job = run_leaderboards_job(http_, job_time)
    if job is None or job.status != 200:
        failures.append(f"leaderboards job: {job.status if job else 'no answer'}")
    for answer in run_rollup_jobs(http_, world.start, job_time, world.timezone):
        if answer is None or answer.status != 200:
            failures.append(f"rollup job: {answer.status if answer else 'no answer'}")
    exp = expect(world, [share], [clicks])
    print("reconciling...", file=sys.stderr, flush=True)
    checks = client_checks([share], clicks, failures)
    quiet_as = "drained" if quiet.drained else "timeout"
    checks.append(Check("stream quiet before reconciling", "drained", quiet_as, quiet.drained))
    checks += reconcile(world, exp, http_, job_time, quiet.status, clicks)
    return exp, checks


def run(args: argparse.Namespace, command: str) -> tuple[dict[str, Any], bool]:
    began = time.monotonic()
    load_before = os.getloadavg()
    if args.attach:
        stack = attach_stack(args.attach)
    else:
        print("starting the local stack...", file=sys.stderr, flush=True)
        stack = start_stack(args.redeliver, args.cache_dir)
    traffic = Traffic()
    http_ = Http(stack.info["api_url"], traffic)
    previous: float | None = None
    try:
        bind_store(stack.info)
        previous = set_redeliver(http_, args.redeliver)
        setup_args = argparse.Namespace(members=1, timezone=TIMEZONE, start=START_DAY, days=1)
        print("setting up the org, its member and content...", file=sys.stderr, flush=True)
        world = setup(http_, stack.info, setup_args, random.Random(args.seed))
        noon = world.start + timedelta(hours=12)
        share = make_share(http_, world, noon - timedelta(hours=1))
        code = next(iter(share.codes))
        from advocacy.store.models import ShareModel

        stored = next(s for s in ShareModel.query(world.org_id) if s.code == code)
        planned = plan(args, noon)
        print(f"burst: {len(planned)} clicks at {args.rate}/s on one link...", file=sys.stderr, flush=True)
        burst = Burst(http_, planned, code, (world.org_id, stored.share_key), args.hold)
        before = stream_status(http_)["mappings"]
        drained_by_counter = burst.run(args.drain_timeout)
        quiet = drain(http_, args.drain_timeout)
        measured = figures(burst, traffic, drained_by_counter, args.rate)
        measured.update(function_time(before, quiet.status["mappings"]))
        exp, checks = settle(http_, world, share, [p.op for p in planned], quiet)
        stream = {
            k: sum(int(m.get(k, 0)) for m in quiet.status["mappings"])
            for k in ("batches", "records", "redelivered_batches", "redelivered_records", "parked_records")
        }
    finally:
        if previous is not None:
            with contextlib.suppress(SystemExit):
                set_redeliver(http_, previous)
                set_enabled(http_, True)
        http_.close()
        if stack.owned:
            stack.stop()
    result = {
        "benchmark": "burst",
        "command": command,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "machine": machine(),
        # The machine is shared: its load average (1, 5, 15 min) before and after the run.
        "load_average": {
            "before": [round(v, 2) for v in load_before],
            "after": [round(v, 2) for v in os.getloadavg()],
        },
        "stack": "attached" if args.attach else "started",
        "parameters": {
            "rate_per_s": args.rate,
            "seconds": args.seconds,
            "links": 1,
            "repeat_fraction": args.repeat_fraction,
            "bot_fraction": args.bot_fraction,
            "redeliver": args.redeliver,
            "stream_held_during_burst": args.hold,
            "senders": SENDERS,
            "scripted_start": time_header(noon),
        },
        "facts": dict(exp.facts),
        "stream": stream,
        **measured,
        "checks": [c.as_dict() for c in checks],
        "total_seconds": round(time.monotonic() - began, 1),
    }
    return result, all(c.ok for c in checks)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.burst", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--rate", type=float, default=30.0, help="clicks a second on the one link")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the burst lasts")
    parser.add_argument("--seed", type=int, default=47, help="RNG seed for the visitors")
    parser.add_argument("--repeat-fraction", type=float, default=0.12, help="clicks by a visitor coming back")
    parser.add_argument(
        "--bot-fraction", type=float, default=0.08, help="clicks by link-preview bots and scripts"
    )
    parser.add_argument(
        "--redeliver", type=float, default=0.1, help="fraction of stream batches delivered twice"
    )
    parser.add_argument(
        "--drain-timeout", type=float, default=900.0, help="cap on waiting for the stream, seconds"
    )
    stack_options(parser)
    parser.add_argument(
        "--hold",
        action="store_true",
        help="hold the stream during the burst (its backlog is every click), then measure the drain",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.seconds <= 0:
        parser.error("--rate and --seconds must be positive")
    if not 0 <= args.redeliver <= 1 or not 0 <= args.repeat_fraction + args.bot_fraction <= 1:
        parser.error("--redeliver, --repeat-fraction and --bot-fraction are fractions from 0 to 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    command = ("python -m bench.burst " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    result, ok = run(args, command)
    print(report(result))
    args.output.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nResults written to {args.output}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
