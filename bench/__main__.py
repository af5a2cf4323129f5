"""`make bench`: run every benchmark of bench/, then print one table of figures against their goals.

    python -m bench [--quick] [--sizes 1000,10000,100000] [--only coldstart,operations,...] [--report-only]

Each benchmark runs in its own process and writes its own `bench/results-<name>.json`; this reads
them back, prints one row per figure (its value, its goal, whether it meets it) and writes them all to
`bench/results.json`, which `python -m bench.cost` turns into the monthly cost model. `--quick` runs
smaller versions (fewer rounds and runs, one Lighthouse run, the leaderboards job at 1,000 and 10,000
members, the org-size benchmark at 10 and 100 advocates, a shorter load); the default runs everything at the sizes the goals are set for.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import text_table

HERE = Path(__file__).parent
RESULTS = HERE / "results.json"
BENCHES = ("coldstart", "operations", "size", "web", "leaderboards", "scale", "load")
FULL: dict[str, list[str]] = {
    "coldstart": ["--rounds", "15"],
    "operations": ["--days", "90", "--runs", "40"],
    "size": [],
    "web": ["--runs", "5"],
    "leaderboards": [],
    "scale": [],
    "load": [],
}
QUICK: dict[str, list[str]] = {
    "coldstart": ["--rounds", "9"],
    "operations": ["--days", "30", "--runs", "15"],
    "size": [],
    "web": ["--runs", "1"],
    "leaderboards": ["--sizes", "1000,10000"],
    "scale": ["--sizes", "10,100"],
    "load": ["--clients", "5", "--shares", "50", "--clicks", "300", "--duration", "60"],
}
# "Well inside" Lambda's 15 minutes: the jobs function's own timeout (5 minutes), measured on moto,
# which is far slower per item than DynamoDB.
SCALE_GOAL_S = 300


def _load(name: str) -> dict[str, Any]:
    return dict(json.loads((HERE / f"results-{name}.json").read_text()))


def _row(area: str, name: str, figure: str, goal: str, meets: bool | None) -> dict[str, Any]:
    return {"area": area, "name": name, "figure": figure, "goal": goal, "meets": meets}


def coldstart_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    results = data["results"]
    base = results["boto3"]["median_ms"]
    rows = [_row("cold start", "import boto3 (baseline)", f"{base:.0f} ms", "-", None)]
    for module, r in results.items():
        if module == "boto3":
            continue
        rows.append(
            _row(
                "cold start",
                module.rsplit(".", 1)[1],
                f"{r['median_ms']:.0f} ms = {r['ratio_to_boto3']:.2f}x",
                f"<= {r['goal_ratio']}x",
                r["ratio_to_boto3"] <= r["goal_ratio"],
            )
        )
        if "first_request" in r:
            figure = f"{r['with_first_request_ms']:.0f} ms = {r['with_first_request_ratio']:.2f}x"
            rows.append(
                _row(
                    "cold start",
                    f"{module.rsplit('.', 1)[1]} + first {r['first_request']}",
                    figure,
                    "-",
                    None,
                )
            )
    return rows


def operation_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, r in data["results"].items():
        ops = ", ".join(r["sequence"])
        goal = r["goal_calls"]
        rows.append(
            _row(
                "round trips",
                name,
                f"{r['calls']} ({ops}); {r['rcu']:g} RCU, {r['wcu']:g} WCU",
                f"<= {goal} calls" if goal else "-",
                r["calls"] <= goal if goal else None,
            )
        )
    for name, r in data["results"].items():
        rows.append(
            _row(
                "overhead",
                name,
                f"{r['overhead_ratio']:.2f}x ({r['handler_ms_median']:.1f} vs {r['baseline_ms_median']:.1f} ms)",
                f"<= {r['overhead_goal']}x",
                r["overhead_ratio"] <= r["overhead_goal"],
            )
        )
    return rows


def scale_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    results = sorted(data["results"], key=lambda r: r["members"])
    rows = []
    for r in results:
        run = r["first_run"]
        rows.append(
            _row(
                "scale",
                f"leaderboards job, {r['members']:,} members",
                f"{run['seconds']:.1f} s, {run['calls_total']} calls, {run['rcu_computed']:g} RCU, "
                f"{run['wcu_computed']:g} WCU",
                f"<= {SCALE_GOAL_S:.0f} s" if r is results[-1] else "-",
                run["seconds"] <= SCALE_GOAL_S if r is results[-1] else None,
            )
        )
    small, large = results[0], results[-1]
    if large["members"] > small["members"]:
        per = [r["first_run"]["seconds"] / r["members"] * 1000 for r in (small, large)]
        rcu = [r["first_run"]["rcu_computed"] / r["members"] * 1000 for r in (small, large)]
        rows.append(
            _row(
                "scale",
                "linear growth (per 1,000 members)",
                f"{per[0]:.2f} s -> {per[1]:.2f} s; {rcu[0]:.0f} -> {rcu[1]:.0f} RCU",
                "largest <= 1.5x smallest",
                per[1] <= 1.5 * per[0] and rcu[1] <= 1.5 * rcu[0],
            )
        )
    return rows


def org_scale_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """bench.scale: each operation at each org size (advocates active that day), in size order, so the
    growth reads down the rows."""
    sizes = sorted(data["results"].values(), key=lambda r: r["members"])
    return [
        _row(
            "scale",
            f"{name}, {size['members']:,} active",
            f"{m['calls']} calls; {m['rcu']:g} RCU, {m['wcu']:g} WCU",
            "-",
            None,
        )
        for name in sizes[0]["results"]
        for size in sizes
        for m in [size["results"][name]]
    ]


def size_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    code, layer = data["results"]["code"], data["results"]["layer"]
    return [
        _row(
            "size",
            "code asset (zipped)",
            f"{code['zipped_bytes'] / 1e6:.3f} MB",
            "<= 1 MB",
            code["zipped_bytes"] <= code["goal_zipped_bytes"],
        ),
        _row(
            "size",
            "dependency layer (unzipped)",
            f"{layer['unzipped_bytes'] / 1e6:.1f} MB",
            "<= 25 MB",
            layer["unzipped_bytes"] <= layer["goal_unzipped_bytes"],
        ),
    ]


def _kb(size: int) -> str:
    """Bytes as web/scripts/sizes.mjs counts its budgets: KB of 1,024 bytes."""
    return f"{size:,} B = {size / 1024:.1f} KB"


def web_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    sizes, audit = data["results"]["bundle"], data["results"]["lighthouse"]
    budgets, goals = sizes["budgets"], audit["goals"]
    initial = sizes["initial"]["js_gzip"]
    rows = [
        _row(
            "web",
            "initial JS (gzipped)",
            _kb(initial),
            f"<= {budgets['initial_js_gzip'] // 1024} KB",
            initial <= budgets["initial_js_gzip"],
        )
    ]
    for name, route in sizes["routes"].items():
        budget = route.get("budget", budgets["route_js_gzip"])  # its own: console screens have more
        rows.append(
            _row(
                "web",
                f"lazy {name} (gzipped)",
                _kb(route["gzip"]),
                f"<= {budget // 1024} KB",
                route["gzip"] <= budget,
            )
        )
    median, runs = audit["median"], audit["runs"]
    scores = sorted(r["performance"] for r in runs)
    spread = f"median of {len(runs)}: {scores[0]}-{scores[-1]}" if len(runs) > 1 else "1 run"
    worst_a11y = min(r["accessibility"] for r in runs)
    m = median["metrics"]
    where = f"feed signed in, Lighthouse {audit['settings']['form_factor']}"
    rows += [
        _row(
            "web",
            f"performance ({where})",
            f"{median['performance']} ({spread})",
            f">= {goals['performance']}",
            median["performance"] >= goals["performance"],
        ),
        _row(
            "web",
            f"accessibility ({where})",
            f"{worst_a11y} (lowest of {len(runs)})",
            f"= {goals['accessibility']}",
            worst_a11y >= goals["accessibility"],
        ),
        _row(
            "web",
            "Lighthouse metrics (median run)",
            f"FCP {m['fcp_ms'] / 1000:.1f} s, LCP {m['lcp_ms'] / 1000:.1f} s, TBT {m['tbt_ms']:.0f} ms, "
            f"CLS {m['cls']:.3f}",
            "-",
            None,
        ),
    ]
    return rows


def load_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    checks = data["checks"]
    passed = sum(1 for c in checks if c["result"] == "PASS")
    requests = data.get("requests", {})
    total = sum(v.get("count", 0) for v in requests.values() if isinstance(v, dict))
    return [
        _row(
            "load",
            "reconciliation after concurrent load",
            f"{passed}/{len(checks)} checks PASS ({total} requests)",
            "all PASS",
            passed == len(checks),
        )
    ]


ROWS = {
    "coldstart": coldstart_rows,
    "operations": operation_rows,
    "leaderboards": scale_rows,
    "scale": org_scale_rows,
    "size": size_rows,
    "web": web_rows,
    "load": load_rows,
}


def table(rows: list[dict[str, Any]]) -> str:
    header = ["area", "benchmark", "figure", "goal", "meets"]
    cells = [
        [
            r["area"],
            r["name"],
            r["figure"],
            r["goal"],
            "-" if r["meets"] is None else "yes" if r["meets"] else "NO",
        ]
        for r in rows
    ]
    return text_table(header, cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a quick look")
    parser.add_argument("--sizes", help="leaderboards job sizes (default 1000,10000,100000)")
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(BENCHES)}")
    parser.add_argument("--report-only", action="store_true", help="rebuild the table from the results files")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(BENCHES)
    plan = QUICK if args.quick else FULL
    seconds: dict[str, float] = {}
    failed: list[str] = []
    if not args.report_only:
        for name in chosen:
            extra = list(plan[name])
            if name == "leaderboards" and args.sizes:
                extra = ["--sizes", args.sizes]
            print(f"\n=== python -m bench.{name} {' '.join(extra)}", flush=True)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", f"bench.{name}", *extra], check=False)  # noqa: S603
            seconds[name] = round(time.perf_counter() - started, 1)
            if done.returncode != 0:
                failed.append(name)
    rows: list[dict[str, Any]] = []
    sources: dict[str, Any] = {}
    for name in BENCHES:
        path = HERE / f"results-{name}.json"
        if path.exists():
            data = _load(name)
            rows += ROWS[name](data)
            sources[name] = {
                "file": path.name,
                "command": data.get("command"),
                "measured_at": data.get("measured_at"),
            }
    from bench import cost

    model = cost.model(
        rows_source=sources, operations=_load("operations") if "operations" in sources else None
    )
    if model is not None:
        rows.append(_row("cost", "monthly AWS cost, 10,000 employees", f"${model['total']:,.2f}", "-", None))
    output = {
        "benchmark": "all",
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": seconds,
        "failed": failed,
        "sources": sources,
        "rows": rows,
        "cost": model,
    }
    RESULTS.write_text(json.dumps(output, indent=2) + "\n")
    print("\n" + table(rows))
    print(
        f"\nWritten to {RESULTS.relative_to(HERE.parent)}"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
