"""One run from start to end: the stack, the load phase, the wait for the stream, the leaderboards and
rollup jobs, the replay and the reconciliation, each phase timed; the stack is put back (or stopped) whatever
happens."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from datetime import timedelta
from typing import Any

from bench.load.checks import Check
from bench.load.controls import Drain, drain, run_leaderboards_job, run_rollup_jobs, set_redeliver
from bench.load.expected import Expected, expect
from bench.load.http_client import Http, Traffic
from bench.load.load_phase import LoadRun, load
from bench.load.reconcile import client_checks, reconcile
from bench.load.results import results, stream_figures
from bench.load.stack import StackHandle, attach_stack, bind_store, start_stack


def open_stack(args: argparse.Namespace) -> StackHandle:
    if args.attach:
        return attach_stack(args.attach)
    print("starting the local stack...", file=sys.stderr, flush=True)
    return start_stack(args.redeliver, args.cache_dir)


def settle(
    done: LoadRun, http_: Http, drained: Drain, phases: dict[str, float]
) -> tuple[Expected, list[Check]]:
    """After the load and the drain: the leaderboards job at the end of the window, the rollup job
    after each of its days, the replay of the clients' record, then every check."""
    world = done.world
    job_time = world.end - timedelta(seconds=1)
    job_started = time.monotonic()
    job = run_leaderboards_job(http_, job_time)
    phases["leaderboards job"] = time.monotonic() - job_started
    rollups_started = time.monotonic()
    rollup_jobs = run_rollup_jobs(http_, world.start, job_time, world.timezone)
    phases["rollup jobs"] = time.monotonic() - rollups_started
    reconcile_started = time.monotonic()
    shares, clicks, failures = done.shares(), done.clicks(), done.failures()
    if job is None or job.status != 200:
        failures.append(f"leaderboards job: {job.status if job else 'no answer'}")
    failures += [
        f"rollup job: {a.status if a else 'no answer'}" for a in rollup_jobs if a is None or a.status != 200
    ]
    exp = expect(done.world, shares, [c.clicks for c in done.clients])
    print("reconciling...", file=sys.stderr, flush=True)
    checks = client_checks(shares, clicks, failures)
    quiet = "drained" if drained.drained else "timeout"
    checks.append(Check("stream quiet before reconciling", "drained", quiet, drained.drained))
    checks += reconcile(done.world, exp, http_, job_time, drained.status, clicks)
    phases["reconciliation"] = time.monotonic() - reconcile_started
    return exp, checks


def run(args: argparse.Namespace, command: str) -> tuple[dict[str, Any], bool]:
    """The whole run: its results (as written to the output file) and whether every check passed."""
    began = time.monotonic()
    stack = open_stack(args)
    phases = {"stack start": time.monotonic() - began}
    traffic = Traffic()
    http_ = Http(stack.info["api_url"], traffic)
    previous_redeliver: float | None = None
    try:
        bind_store(stack.info)
        previous_redeliver = set_redeliver(http_, args.redeliver)
        done = load(stack.info, args, http_, traffic)
        print(f"load done in {done.seconds:.1f} s; waiting for the stream...", file=sys.stderr, flush=True)
        phases.update(setup=done.setup_seconds, load=done.seconds)
        drained = drain(http_, args.drain_timeout)
        phases["stream drain"] = drained.seconds
        exp, checks = settle(done, http_, drained, phases)
    finally:
        if previous_redeliver is not None:
            with contextlib.suppress(SystemExit):
                set_redeliver(http_, previous_redeliver)
        http_.close()
        if stack.owned:
            stack.stop()
    stream = stream_figures(drained, args.redeliver, done.seconds)
    result = results(args, command, done, traffic, exp, stream)
    result["checks"] = [c.as_dict() for c in checks]
    result["phases_seconds"] = {k: round(v, 1) for k, v in phases.items()}
    result["total_seconds"] = round(time.monotonic() - began, 1)
    return result, all(c.ok for c in checks)
