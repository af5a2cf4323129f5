"""The run's figures, for the printed report and bench/results-load.json: requests by kind (statuses,
retries, latency quantiles), errors, the stream's deliveries, and the facts of what the clients did."""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bench.load.config import RULES
from bench.load.controls import Drain
from bench.load.expected import Expected
from bench.load.http_client import Traffic
from bench.load.load_phase import LoadRun
from bench.load.record import ClickOp, ShareOp
from bench.report import machine

# Every click fact the replay counts; the report lists each, zero included, so a rare one (a mistyped
# link is 1 click in 100) is 0 rather than absent in a small run.
CLICK_FACTS = (
    "clicks",
    "human clicks",
    "unique clicks",
    "repeat human clicks (not unique)",
    "unique clicks over the daily cap",
    "unknown-code clicks",
)
STREAM_COUNTS = ("batches", "records", "redelivered_batches", "redelivered_records", "parked_records")
HUNG_UP = ("abandoned", "answered before hang-up")  # the client hung up on purpose (and sent it again)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _is_error(kind: str, status: str) -> bool:
    """A connection error or a 4xx/5xx, but for the 404 an unknown code is meant to get."""
    if status in HUNG_UP:
        return False
    expected_404 = kind == "click unknown code" and status == "404"
    return not status.isdigit() or (int(status) >= 400 and not expected_404)


def traffic_summary(traffic: Traffic) -> tuple[dict[str, Any], dict[str, int]]:
    """Requests by kind (count, statuses, retries, p50/p95/max ms), and errors by status."""
    kinds: dict[str, Any] = {}
    errors: Counter[str] = Counter()
    for kind in sorted(traffic.requests):
        lat = sorted(traffic.latencies[kind])
        kinds[kind] = {
            "count": traffic.requests[kind],
            "statuses": dict(traffic.statuses[kind]),
            "retries": traffic.retries[kind],
            "p50_ms": round(quantile(lat, 0.5) * 1000, 1),
            "p95_ms": round(quantile(lat, 0.95) * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1) if lat else 0.0,
        }
        for status, n in traffic.statuses[kind].items():
            if _is_error(kind, status):
                errors[status] += n
    return kinds, dict(errors)


def stream_figures(drained: Drain, redeliver: float, load_seconds: float) -> dict[str, Any]:
    """The pollers' counts summed over mappings, and how fast the stream function applied records."""
    mappings = drained.status["mappings"]
    return {
        **{k: sum(int(m.get(k, 0)) for m in mappings) for k in STREAM_COUNTS},
        "redeliver": redeliver,
        "drained": drained.drained,
        "drain_seconds": round(drained.seconds, 2),
        # Clicks the stream function applied per second, from the start of the load to the drain.
        "records_per_second": round(
            sum(int(m.get("records", 0)) for m in mappings) / (load_seconds + drained.seconds), 1
        ),
    }


def share_facts(shares: list[ShareOp], exp: Expected) -> dict[str, int]:
    return {
        "logical shares": len(shares),
        "distinct shares": len(exp.links),
        **{f"mode {m}": n for m, n in sorted(Counter(op.mode for op in shares).items())},
        "with Idempotency-Key": sum(op.idempotency_key is not None for op in shares),
        **{f"answers {s}": n for s, n in sorted(Counter(a for op in shares for a in op.answers).items())},
    }


def click_facts(clicks: list[ClickOp], exp: Expected) -> dict[str, int]:
    return {
        **{name: exp.facts[name] for name in CLICK_FACTS},
        "bot or HEAD clicks": exp.facts["clicks"] - exp.facts["human clicks"],
        "HEAD": sum(c.method == "HEAD" for c in clicks),
        "spoofed X-Forwarded-For": sum(c.visitor.spoofs_forwarded_for for c in clicks),
        "links clicked": len({c.code for c in clicks if c.known}),
    }


def load_figures(done: LoadRun) -> dict[str, Any]:
    return {
        "clients": len(done.clients),
        "members": len(done.world.members),
        "contents": len(done.world.contents),
        "visitors": done.visitors,
        "seconds": round(done.seconds, 2),
        "requests": done.requests,
        "throughput_rps": round(done.requests / done.seconds, 1) if done.seconds else 0.0,
        "ops_not_run": sum(c.skipped for c in done.clients),
    }


def results(
    args: argparse.Namespace,
    command: str,
    done: LoadRun,
    traffic: Traffic,
    exp: Expected,
    stream: dict[str, Any],
) -> dict[str, Any]:
    """The figures of the run, for the table and bench/results-load.json."""
    kinds, errors = traffic_summary(traffic)
    world = done.world
    return {
        "benchmark": "load",
        "command": command,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "stack": f"attached {args.attach}" if args.attach else "started (python -m local, own ports)",
        "seed": args.seed,
        "window": {"from": world.start.isoformat(), "to": world.end.isoformat(), "timezone": world.timezone},
        "rules": RULES,
        "load": load_figures(done),
        "requests": kinds,
        "errors_by_status": errors,
        "retries": dict(traffic.retries),
        "stream": stream,
        "facts": {"shares": share_facts(done.shares(), exp), "clicks": click_facts(done.clicks(), exp)},
    }
