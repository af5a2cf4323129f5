"""The reconciliation: after the load, what the stack holds and answers, compared item by item with
the expected model, section by section (`points`, `shares`, `analytics`, `views`), plus what the
clients saw for themselves (`answers`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.load.checks import Check, zero
from bench.load.expected import Expected
from bench.load.http_client import Http
from bench.load.reconcile import analytics, points, shares, views
from bench.load.reconcile.answers import client_checks
from bench.load.reconcile.source import Source
from bench.load.record import ClickOp
from bench.load.world import World

__all__ = ["client_checks", "reconcile"]


def reconcile(
    world: World,
    exp: Expected,
    http_: Http,
    job_time: datetime,
    stream: dict[str, Any],
    clicks: list[ClickOp],
) -> list[Check]:
    """Every section's checks (each timed on stderr), then that no stream record was parked."""
    src = Source(world, exp, http_, job_time)
    sections: list[tuple[str, Callable[[Source], list[Check]]]] = [
        ("members and ledger", points.members),
        ("scores", points.scores),
        ("leaderboards", points.leaderboards),
        ("shares, clicks, content", lambda s: shares.shares_and_clicks(s, clicks)),
        ("analytics", analytics.analytics),
        ("member views", views.member_views),
    ]
    checks: list[Check] = []
    for name, section in sections:
        started = time.monotonic()
        checks += section(src)
        print(f"  {name}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    parked = sum(int(m.get("parked_records", 0)) for m in stream["mappings"])
    checks.append(zero("stream records parked after retries", parked))
    return checks
