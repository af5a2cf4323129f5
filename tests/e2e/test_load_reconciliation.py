"""A small run of `python -m bench.load` against the session's stack: concurrent clients sharing (with
repeats, double submits, abandoned requests and Idempotency-Keys) and clicking (bots, HEAD, repeat
visitors, spoofed X-Forwarded-For, unknown codes) while the stream poller delivers some batches twice.
Every reconciliation check must pass: ledger, balances, period scores, leaderboards, share and
content counters, click events, analytics and what each member sees match what the clients did.
The test asserts counts, never time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.stack import ROOT, Stack

CLIENTS, MEMBERS, SHARES, CLICKS = 5, 10, 50, 300
# Every check the bench makes; a check that silently disappeared would fail here.
CHECKS = {
    "client threads finished without error",
    "every request got its definitive answer (302/404 clicks, 200/201 shares)",
    "every repeat of a share answered the same share and code",
    "stream quiet before reconciling",
    "member balance == expected (DynamoDB)",
    "member lifetime == expected (DynamoDB)",
    "member counters (shares, unique clicks)",
    "ledger entries and points by type == expected",
    "balance == sum of ledger entries",
    "period scores == ledger sums per period",
    "GET /leaderboards/all `me` (rank, points) per member",
    "shares stored == distinct shares made (none lost, none doubled)",
    "share dated at its first request (ledger and boards follow)",
    "share counters (clicks, human, unique)",
    "click events recorded by the redirect (raw, human)",
    "click events left unprocessed",
    "content stats (shares, clicks, unique) in DynamoDB",
    "content stats via GET /content/{id}",
    "GET /analytics/summary (org, each group) == expected",
    "GET /content/{id}/analytics == expected",
    "GET /me balance, lifetime; /me/points sum and count",
    "GET /me/shares clicks and unique clicks",
    "GET /feed my_shares == shares made",
    "stream records parked after retries",
}


def test_small_load_reconciles_exactly(stack: Stack, tmp_path: Path) -> None:
    output = tmp_path / "results-load.json"
    command = [
        sys.executable,
        "-m",
        "bench.load",
        "--attach",
        str(stack.log_path.parent / "stack.json"),
        "--clients",
        str(CLIENTS),
        "--members",
        str(MEMBERS),
        "--shares",
        str(SHARES),
        "--clicks",
        str(CLICKS),
        "--redeliver",
        "0.5",
        "--duration",
        "900",  # a cap far beyond the run: every planned operation runs
        "--drain-timeout",
        "600",
        "--output",
        str(output),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1500, check=False)  # noqa: S603
    assert output.exists(), done.stdout[-4000:] + done.stderr[-4000:]
    results = json.loads(output.read_text())
    failed = [c for c in results["checks"] if c["result"] != "PASS"]
    assert not failed, json.dumps(failed, indent=2)[:6000]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    names = {c["check"] for c in results["checks"]}
    assert names >= CHECKS, CHECKS - names
    assert any(n.startswith("period scores (points") for n in names)
    assert any(n.startswith("leaderboards via GET") for n in names)
    assert any(n.startswith("daily analytics rollups") for n in names)

    # The run did what it is meant to exercise, in full.
    load, shares, clicks = results["load"], results["facts"]["shares"], results["facts"]["clicks"]
    assert (load["clients"], load["members"], load["ops_not_run"]) == (CLIENTS, MEMBERS, 0)
    assert shares["distinct shares"] == SHARES
    for mode in ("mode once", "mode repeat", "mode double", "mode abandon", "mode again"):
        assert shares.get(mode, 0) > 0, mode
    assert shares["with Idempotency-Key"] > 0
    assert clicks["clicks"] + clicks["unknown-code clicks"] == CLICKS
    for fact in (
        "human clicks",
        "unique clicks",
        "repeat human clicks (not unique)",
        "bot or HEAD clicks",
        "unique clicks over the daily cap",
        "spoofed X-Forwarded-For",
    ):
        assert clicks[fact] > 0, fact
    assert results["stream"]["redelivered_batches"] > 0
    assert results["errors_by_status"] == {}
