"""`python -m bench.scale` end to end at tiny sizes, on the in-process moto (no network, no Java): the
results file's shape, the meter seeing the transactions, and the bulk rollup updates of its seeding
giving the same items as one transaction each. In a fresh interpreter, as the benchmark runs: it binds
the store models to its own tables and installs moto for the whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pynamodb.expressions.operand import Path as AttributePath

from bench.rollup_batch import Batched
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


def test_the_bulk_rollup_updates_make_the_items_one_by_one_does(run: dict[str, Any]) -> None:
    check = run["data"]["rollups_in_bulk_check"]
    assert check["same"] is True
    assert check["items"] > 0


def test_the_table_is_printed(run: dict[str, Any]) -> None:
    lines = run["stdout"].splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("members |"))
    assert len([line for line in lines[header + 2 :] if " | " in line]) == 2 * len(OPERATIONS)


def test_rollup_adds_are_summed_by_item_and_attribute() -> None:
    batched = Batched()
    adds = [AttributePath(["shares"]).add(1), AttributePath(["advocates"]).add({"m1"})]
    batched.add("o#all", "2026-11-04", adds)
    batched.add(
        "o#all", "2026-11-04", [AttributePath(["shares"]).add(2), AttributePath(["advocates"]).add({"m2"})]
    )
    batched.add("o#all", "2026-11-04#a03", [AttributePath(["a#m1#shares"]).add(1)])
    assert batched.pending == {
        ("o#all", "2026-11-04"): {"shares": 3, "advocates": {"m1", "m2"}},
        ("o#all", "2026-11-04#a03"): {"a#m1#shares": 1},
    }


def test_anything_but_an_add_is_refused() -> None:
    with pytest.raises(ValueError, match="not an ADD"):
        Batched().add("o#all", "2026-11-04", [AttributePath(["shares"]).set(1)])
