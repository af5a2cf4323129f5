"""A tiny viral burst (`python -m bench.burst`: 5 clicks a second for 3 seconds on one link) against the
session's stack, with some stream batches delivered twice: the results hold every figure the benchmark
reports, and every recorded click was applied exactly once (the reconciliation passes). Counts only,
never times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.stack import ROOT, Stack

RATE, SECONDS = 5, 3
FIGURES = {
    "benchmark",
    "command",
    "measured_at",
    "seed",
    "parameters",
    "redirect",
    "peak_lag",
    "apply_rate_per_s",
    "apply_ms_per_click",
    "applied_all_at_s",
    "drain_after_burst_s",
    "samples",
    "stream",
    "checks",
}
EXACTLY_ONCE = {
    "share counters (clicks, human, unique)",
    "click events recorded by the redirect (raw, human)",
    "click events left unprocessed",
    "content stats (shares, clicks, unique) in DynamoDB",
    "member balance == expected (DynamoDB)",
    "ledger entries and points by type == expected",
    "stream records parked after retries",
}


@pytest.mark.parametrize("hold", [False, True], ids=["live", "held"])
def test_tiny_burst_applies_every_click_once(stack: Stack, tmp_path: Path, hold: bool) -> None:
    output = tmp_path / "results-burst.json"
    command = [
        sys.executable,
        "-m",
        "bench.burst",
        "--attach",
        str(stack.log_path.parent / "stack.json"),
        "--rate",
        str(RATE),
        "--seconds",
        str(SECONDS),
        "--redeliver",
        "0.5",
        "--drain-timeout",
        "600",
        "--output",
        str(output),
        *(["--hold"] if hold else []),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603
    assert output.exists(), done.stdout[-4000:] + done.stderr[-4000:]
    results = json.loads(output.read_text())
    assert set(results) >= FIGURES, FIGURES - set(results)
    failed = [c for c in results["checks"] if c["result"] != "PASS"]
    assert not failed, json.dumps(failed, indent=2)[:6000]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert {c["check"] for c in results["checks"]} >= EXACTLY_ONCE

    sent = RATE * SECONDS
    assert results["clicks_sent"] == results["clicks_recorded"] == sent
    assert results["redirect"]["statuses"] == {"302": sent}
    assert results["facts"]["clicks"] == sent
    assert 0 < results["facts"]["unique clicks"] < sent  # repeat visitors and bots are not unique
    last = results["samples"][-1]
    assert (last["recorded"], last["applied"], last["lag"]) == (sent, sent, 0)
    assert results["drained"] is True
    assert results["parameters"]["stream_held_during_burst"] is hold
    if hold:  # the clicks waited on the stream until the burst ended (the last sample may miss a second)
        assert results["peak_lag"] >= sent - RATE
        assert results["stream_released_at_s"] is not None
