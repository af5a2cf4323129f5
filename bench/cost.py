"""The monthly AWS cost model for one org of 10,000 employees, from the measured figures.

    python -m bench.cost [--write docs/cost.md]

Reads the capacity units, call counts and handler times that `python -m bench.operations` measured
(`bench/results-operations.json`) and the leaderboards job's figures at 10,000 members
(`bench/results-leaderboards.json`), applies the activity assumptions and list prices below, and
prints the model (with `--write`, replaces the generated block of docs/cost.md).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
BEGIN, END = "<!-- cost:begin (python -m bench.cost --write docs/cost.md) -->", "<!-- cost:end -->"

# Activity of the org in one month (30 days).
EMPLOYEES = 10_000
ACTIVE_SHARE = 0.30  # employees who share at least once a month
SHARES_PER_ACTIVE = 8  # shares per active employee per month
CLICKS_PER_SHARE = 15  # visits of a shared link (people, previews and bots)
VISITS_ACTIVE, VISITS_OTHER = 12, 2  # app visits a month by an active and by any other employee
CALLS_PER_VISIT = {"GET /me": 1, "feed page": 1, "leaderboard read": 1}  # plus the shares made
REDEMPTIONS = 200  # rewards redeemed a month (2 % of employees)
SUMMARIES = 400  # 20 managers opening the 90-day analytics 20 times a month
LEADERBOARD_RUNS = 30 * 24 * 4  # every 15 minutes
PUBLISH_DUE_RUNS = 30 * 24 * 60  # every minute: one Query of the due index, usually empty (0.5 RRU)
LOG_KB_PER_INVOCATION = 1.0  # Powertools JSON lines, the EMF metrics line, START/END/REPORT
DAYS = 30

# Public list prices, us-east-1, as published by AWS in November 2026 (check the pricing pages).
PRICES = {
    "lambda_gb_second_arm": 0.0000133334,
    "lambda_request": 0.20 / 1e6,
    "http_api_request": 1.00 / 1e6,
    "dynamodb_rru": 0.125 / 1e6,  # on-demand read request unit
    "dynamodb_wru": 0.625 / 1e6,  # on-demand write request unit
    "dynamodb_storage_gb": 0.25,
    "pitr_gb": 0.20,
    "cognito_mau_free": 10_000,  # Lite and Essentials: the first 10,000 MAUs are free
    "cognito_mau": 0.015,  # Essentials, beyond the free tier
    "logs_ingest_gb": 0.50,
    "logs_storage_gb": 0.03,
    "secret_month": 0.40,
}
MEMORY_GB = {"api": 1.0, "redirect": 0.25, "stream": 0.5, "jobs": 1.0}
STORAGE_GB = 2.0  # items of a year of activity at this size (shares, clicks kept 90 days, rollups)


def volumes() -> dict[str, float]:
    """How often each measured operation runs in a month."""
    active = EMPLOYEES * ACTIVE_SHARE
    visits = active * VISITS_ACTIVE + (EMPLOYEES - active) * VISITS_OTHER
    shares = active * SHARES_PER_ACTIVE
    clicks = shares * CLICKS_PER_SHARE
    return {
        **{name: visits * n for name, n in CALLS_PER_VISIT.items()},
        "share": shares,
        "redirect": clicks,
        "click applied (stream)": clicks,
        "redemption": REDEMPTIONS,
        "90-day summary": SUMMARIES,
    }


FUNCTION_OF = {"redirect": "redirect", "click applied (stream)": "stream"}


def model(rows_source: Any = None, operations: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The cost lines, or None when the operations bench has not run."""
    if operations is None:
        path = HERE / "results-operations.json"
        if not path.exists():
            return None
        operations = json.loads(path.read_text())
    measured = operations["results"]
    board_path = HERE / "results-leaderboards.json"
    board = None
    if board_path.exists():
        sizes = json.loads(board_path.read_text())["results"]
        board = min(sizes, key=lambda r: abs(r["members"] - EMPLOYEES))
    lines: list[dict[str, Any]] = []
    totals = {"Lambda": 0.0, "API Gateway": 0.0, "DynamoDB": 0.0, "Cognito": 0.0, "Logs": 0.0, "Other": 0.0}
    invocations = 0.0
    for name, count in volumes().items():
        if name not in measured:
            continue
        r = measured[name]
        function = FUNCTION_OF.get(name, "api")
        gb_s = count * r["handler_ms_median"] / 1000 * MEMORY_GB[function]
        lam = gb_s * PRICES["lambda_gb_second_arm"] + count * PRICES["lambda_request"]
        api = count * PRICES["http_api_request"] if function in ("api", "redirect") else 0.0
        ddb = count * (r["rcu"] * PRICES["dynamodb_rru"] + r["wcu"] * PRICES["dynamodb_wru"])
        invocations += count
        totals["Lambda"] += lam
        totals["API Gateway"] += api
        totals["DynamoDB"] += ddb
        lines.append(
            {
                "operation": name,
                "per_month": round(count),
                "calls": r["calls"],
                "rcu": r["rcu"],
                "wcu": r["wcu"],
                "ms": r["handler_ms_median"],
                "lambda": lam,
                "api_gateway": api,
                "dynamodb": ddb,
            }
        )
    if board is not None:
        run = board["steady_run"]
        ddb = LEADERBOARD_RUNS * (
            run["rcu_computed"] * PRICES["dynamodb_rru"] + run["wcu_computed"] * PRICES["dynamodb_wru"]
        )
        lam = LEADERBOARD_RUNS * run["seconds"] * MEMORY_GB["jobs"] * PRICES["lambda_gb_second_arm"]
        totals["DynamoDB"] += ddb
        totals["Lambda"] += lam
        invocations += LEADERBOARD_RUNS
        lines.append(
            {
                "operation": f"leaderboards job ({board['members']:,} members, moto seconds)",
                "per_month": LEADERBOARD_RUNS,
                "calls": run["calls_total"],
                "rcu": run["rcu_computed"],
                "wcu": run["wcu_computed"],
                "ms": run["seconds"] * 1000,
                "lambda": lam,
                "api_gateway": 0.0,
                "dynamodb": ddb,
            }
        )
    due = PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"] + PUBLISH_DUE_RUNS * (
        PRICES["lambda_request"] + 0.05 * MEMORY_GB["jobs"] * PRICES["lambda_gb_second_arm"]
    )
    totals["DynamoDB"] += PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"]
    totals["Lambda"] += due - PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"]
    invocations += PUBLISH_DUE_RUNS
    totals["DynamoDB"] += STORAGE_GB * (PRICES["dynamodb_storage_gb"] + PRICES["pitr_gb"])
    totals["Cognito"] += max(0, EMPLOYEES - PRICES["cognito_mau_free"]) * PRICES["cognito_mau"]
    log_gb = invocations * LOG_KB_PER_INVOCATION / 1e6
    totals["Logs"] += log_gb * PRICES["logs_ingest_gb"] + log_gb * PRICES["logs_storage_gb"]
    totals["Other"] += PRICES["secret_month"]
    return {
        "employees": EMPLOYEES,
        "region": "us-east-1",
        "prices": PRICES,
        "volumes": {k: round(v) for k, v in volumes().items()},
        "lines": lines,
        "by_service": {k: round(v, 2) for k, v in totals.items()},
        "total": round(sum(totals.values()), 2),
        "invocations": round(invocations),
        "log_gb": round(log_gb, 2),
        "measured_at": operations.get("measured_at"),
    }


def markdown(m: dict[str, Any]) -> str:
    out = [
        f"Measured figures from `bench/results-operations.json` ({m['measured_at']}) and the leaderboards job.",
        "",
        "| operation | per month | DynamoDB calls | RCU | WCU | handler ms | Lambda $ | API Gateway $ | DynamoDB $ |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for line in m["lines"]:
        out.append(
            f"| {line['operation']} | {line['per_month']:,} | {line['calls']} | {line['rcu']:g} | {line['wcu']:g} | "
            f"{line['ms']:.1f} | {line['lambda']:.2f} | {line['api_gateway']:.2f} | {line['dynamodb']:.2f} |"
        )
    out += ["", "| service | $ a month |", "|---|---:|"]
    out += [f"| {name} | {value:,.2f} |" for name, value in m["by_service"].items()]
    out += [f"| **total** | **{m['total']:,.2f}** |", ""]
    out.append(f"{m['invocations']:,} Lambda invocations and {m['log_gb']} GB of logs a month.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cost", description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the generated block of this markdown file")
    args = parser.parse_args(argv)
    m = model()
    if m is None:
        print("run python -m bench.operations first")
        return 1
    text = markdown(m)
    print(text)
    if args.write:
        doc = args.write.read_text()
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        args.write.write_text(doc[:start] + "\n" + text + "\n" + doc[end:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
