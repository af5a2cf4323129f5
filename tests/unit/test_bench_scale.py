"""`python -m bench.scale` end to end at tiny sizes, on the in-process moto (no network, no Java): the
results file's shape, the meter seeing the transactions, and the 90-day summary reading the items the
`rollups` job wrote during the seeding. In a fresh interpreter, as the benchmark runs: it binds
the store models to its own tables and installs moto for the whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.scale import OPERATIONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("scale") / "results-scale.json"
    args = ["--sizes", "6,3", "--engine", "moto", "--history-days", "1", "--output", str(output)]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'functions'}:{ROOT}"}
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-m", "bench.scale", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {"data": json.loads(output.read_text()), "stdout": done.stdout}


def test_the_results_file_says_what_was_run(run: dict[str, Any]) -> None:
    data = run["data"]
    assert data["benchmark"] == "scale"
    assert data["command"].startswith("python -m bench.scale --sizes 6,3")
    assert data["measured_at"]
    assert data["engine"] == "moto"
    assert data["seed"]["sizes"] == [3, 6]
    assert data["seed"]["history"]["days"] == 1


def test_every_size_has_every_operation_metered(run: dict[str, Any]) -> None:
    results = run["data"]["results"]
    assert list(results) == ["3", "6"]
    for size in results.values():
        assert list(size["results"]) == list(OPERATIONS)
        for figures in size["results"].values():
            assert figures["calls"] == len(figures["sequence"]) > 0
            assert figures["rcu"] > 0


def test_the_meter_saw_the_writes(run: dict[str, Any]) -> None:
    for size in run["data"]["results"].values():
        figures = size["results"]
        for name in OPERATIONS[:4]:  # the shares and the clicks
            assert figures[name]["sequence"][-1] == "TransactWriteItems"
            assert figures[name]["wcu"] > 0
        assert figures["90-day summary"]["wcu"] == figures["leaderboard read"]["wcu"] == 0


def test_the_rollups_come_from_the_job_not_a_bulk_batch(run: dict[str, Any]) -> None:
    data = run["data"]
    assert "rollups job" in data["rollups"]
    assert "rollups_in_bulk_check" not in data
    assert not (ROOT / "bench" / "rollup_batch.py").exists()
    for size in data["results"].values():
        assert size["results"]["90-day summary"]["rcu"] > 0


def test_the_table_is_printed(run: dict[str, Any]) -> None:
    lines = run["stdout"].splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("members |"))
    assert len([line for line in lines[header + 2 :] if " | " in line]) == 2 * len(OPERATIONS)
