"""The monthly AWS cost model for one org of 1,000, 10,000 and 100,000 employees, from the measured figures.

    python -m bench.cost [--write docs/cost.md]

Reads the capacity units, call counts and handler times that `python -m bench.operations` measured
(`bench/results-operations.json`) and the leaderboards job's figures at the measured size nearest each
org (`bench/results-leaderboards.json`), adds the rollups job and the stored bytes estimated from the
volumes (`bench.cost_volumes`), applies the activity assumptions and list prices below (the same per
employee at every size), and prints the model (with `--write`, replaces the generated block of
docs/cost.md): the per-operation table at 10,000 employees and a summary row per size.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
BEGIN, END = "<!-- cost:begin (python -m bench.cost --write docs/cost.md) -->", "<!-- cost:end -->"

# Activity of the org in one month (30 days).
EMPLOYEES = 10_000  # the detailed table
SIZES = (1_000, 10_000, 100_000)  # the summary
ACTIVE_SHARE = 0.30  # employees who share at least once a month
SHARES_PER_ACTIVE = 8  # shares per active employee per month
CLICKS_PER_SHARE = 15  # visits of a shared link (people, previews and bots)
VISITS_ACTIVE, VISITS_OTHER = 12, 2  # app visits a month by an active and by any other employee
# What the web app asks on a visit: the caller, the org (time zone, group names, points), one feed
# page with the member's recent shares (their clicks on the cards), a leaderboard; plus the shares made.
CALLS_PER_VISIT = {"GET /me": 1, "GET /me/org": 1, "feed page": 1, "my shares page": 1, "leaderboard read": 1}
REDEMPTIONS = 0.02  # rewards redeemed a month per employee (200 at 10,000)
SUMMARIES = 0.04  # per employee: 400 at 10,000 (20 managers opening the 90-day analytics 20 times)
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
ROLLUP_SECONDS_PER_MB = 0.5  # the rollups job's time, estimated from what it reads (not measured)


def volumes(employees: int = EMPLOYEES) -> dict[str, float]:
    """How often each measured operation runs in a month."""
    active = employees * ACTIVE_SHARE
    visits = active * VISITS_ACTIVE + (employees - active) * VISITS_OTHER
    from bench.cost_volumes import CLICK_MIX

    shares = active * SHARES_PER_ACTIVE
    clicks = shares * CLICKS_PER_SHARE
    return {
        **{name: visits * n for name, n in CALLS_PER_VISIT.items()},
        "share": shares,
        "redirect": clicks,
        **{f"{CLICK_APPLIED}, {kind}": clicks * part for kind, part in CLICK_MIX.items()},
        "redemption": REDEMPTIONS * employees,
        "90-day summary": SUMMARIES * employees,
    }


CLICK_APPLIED = "click applied (stream)"
FUNCTION_OF = {
    "redirect": "redirect",
    **{f"{CLICK_APPLIED}, {kind}": "stream" for kind in ("rewarded", "repeat", "bot")},
}


def click_rows(operations: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The stream's measured rows by kind of click: the rewarded one from `bench.operations`, the repeat
    and bot ones from `bench.scale` (their units are flat with the org's size; its largest size is
    taken), each with the rewarded click's handler time (an upper bound: they write less)."""
    rewarded = operations[CLICK_APPLIED]
    rows = {f"{CLICK_APPLIED}, rewarded": rewarded}
    path = HERE / "results-scale.json"
    if path.exists():
        sizes = json.loads(path.read_text())["results"]
        largest = sizes[max(sizes, key=int)]["results"]
        for kind in ("repeat", "bot"):
            name = f"{CLICK_APPLIED}, {kind}"
            if name in largest:
                rows[name] = {**largest[name], "handler_ms_median": rewarded["handler_ms_median"]}
    return rows


def _rollups_line(employees: int, monthly: dict[str, float]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rollups job every 15 minutes: its units a run estimated from the volumes (`bench.cost_volumes`),
    its seconds from the megabytes it reads (`ROLLUP_SECONDS_PER_MB`, not measured)."""
    from bench import cost_volumes

    run = cost_volumes.rollups_run(employees, monthly["share"], monthly["redirect"])
    runs = cost_volumes.RUNS_A_MONTH
    seconds = 0.1 + run["mb_read"] * ROLLUP_SECONDS_PER_MB
    line = {
        "operation": "rollups job (estimated from the volumes)",
        "per_month": runs,
        "calls": None,
        "rcu": run["rcu"],
        "wcu": run["wcu"],
        "ms": seconds * 1000,
        "lambda": runs
        * (seconds * MEMORY_GB["jobs"] * PRICES["lambda_gb_second_arm"] + PRICES["lambda_request"]),
        "api_gateway": 0.0,
        "dynamodb": runs * (run["rcu"] * PRICES["dynamodb_rru"] + run["wcu"] * PRICES["dynamodb_wru"]),
    }
    return run, line


def model(
    rows_source: Any = None, operations: dict[str, Any] | None = None, employees: int = EMPLOYEES
) -> dict[str, Any] | None:
    """The cost lines for an org of `employees`, or None when the operations bench has not run."""
    from bench import cost_volumes

    if operations is None:
        path = HERE / "results-operations.json"
        if not path.exists():
            return None
        operations = json.loads(path.read_text())
    measured = {**operations["results"], **click_rows(operations["results"])}
    board_path = HERE / "results-leaderboards.json"
    board = None
    if board_path.exists():
        sizes = json.loads(board_path.read_text())["results"]
        board = min(sizes, key=lambda r: abs(r["members"] - employees))
        if "leaderboard read" in measured:
            # Its item (everyone's live boards) grows with the org: its read units at the org's size.
            read = {**measured["leaderboard read"], "rcu": board["read"]["rcu_computed"]}
            measured["leaderboard read"] = read
    lines: list[dict[str, Any]] = []
    totals = {"Lambda": 0.0, "API Gateway": 0.0, "DynamoDB": 0.0, "Cognito": 0.0, "Logs": 0.0, "Other": 0.0}
    monthly = volumes(employees)
    for name, count in monthly.items():
        if name not in measured:
            continue
        r = measured[name]
        function = FUNCTION_OF.get(name, "api")
        gb_s = count * r["handler_ms_median"] / 1000 * MEMORY_GB[function]
        lam = gb_s * PRICES["lambda_gb_second_arm"] + count * PRICES["lambda_request"]
        api = count * PRICES["http_api_request"] if function in ("api", "redirect") else 0.0
        ddb = count * (r["rcu"] * PRICES["dynamodb_rru"] + r["wcu"] * PRICES["dynamodb_wru"])
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
    run, line = _rollups_line(employees, monthly)
    lines.append(line)
    for service, key in (("Lambda", "lambda"), ("API Gateway", "api_gateway"), ("DynamoDB", "dynamodb")):
        totals[service] += sum(one[key] for one in lines)
    invocations = sum(one["per_month"] for one in lines)
    due = PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"] + PUBLISH_DUE_RUNS * (
        PRICES["lambda_request"] + 0.05 * MEMORY_GB["jobs"] * PRICES["lambda_gb_second_arm"]
    )
    totals["DynamoDB"] += PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"]
    totals["Lambda"] += due - PUBLISH_DUE_RUNS * 0.5 * PRICES["dynamodb_rru"]
    invocations += PUBLISH_DUE_RUNS
    stored = cost_volumes.storage_gb(employees, monthly["share"], monthly["redirect"])
    storage_gb = sum(stored.values())
    totals["DynamoDB"] += storage_gb * (PRICES["dynamodb_storage_gb"] + PRICES["pitr_gb"])
    totals["Cognito"] += max(0, employees - PRICES["cognito_mau_free"]) * PRICES["cognito_mau"]
    log_gb = invocations * LOG_KB_PER_INVOCATION / 1e6
    totals["Logs"] += log_gb * PRICES["logs_ingest_gb"] + log_gb * PRICES["logs_storage_gb"]
    totals["Other"] += PRICES["secret_month"]
    return {
        "employees": employees,
        "region": "us-east-1",
        "prices": PRICES,
        "volumes": {k: round(v) for k, v in monthly.items()},
        "leaderboards_measured_at": board["members"] if board is not None else None,
        "rollups_run": run,
        "storage_gb": stored,
        "storage_cost": round(storage_gb * (PRICES["dynamodb_storage_gb"] + PRICES["pitr_gb"]), 2),
        "lines": lines,
        "by_service": {k: round(v, 2) for k, v in totals.items()},
        "total": round(sum(totals.values()), 2),
        "invocations": round(invocations),
        "log_gb": round(log_gb, 2),
        "measured_at": operations.get("measured_at"),
    }


def models(operations: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The model at each of `SIZES` (none when the operations bench has not run)."""
    found = [model(operations=operations, employees=size) for size in SIZES]
    return [m for m in found if m is not None]


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:g}"


def markdown(m: dict[str, Any], by_size: list[dict[str, Any]] | None = None) -> str:
    out = [
        f"Measured figures from `bench/results-operations.json` ({m['measured_at']}) and the leaderboards "
        f"job at {m['leaderboards_measured_at']:,} members; the rollups job and storage estimated from the "
        f"volumes (`bench/cost_volumes.py`). {m['employees']:,} employees:",
        "",
        "| operation | per month | DynamoDB calls | RCU | WCU | handler ms | Lambda $ | API Gateway $ | DynamoDB $ |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for line in m["lines"]:
        out.append(
            f"| {line['operation']} | {line['per_month']:,} | {_cell(line['calls'])} | {line['rcu']:g} | "
            f"{line['wcu']:g} | {line['ms']:.1f} | {line['lambda']:.2f} | {line['api_gateway']:.2f} | "
            f"{line['dynamodb']:.2f} |"
        )
    gb = m["storage_gb"]
    out += ["", f"Storage: {sum(gb.values()):.1f} GB ("
            + ", ".join(f"{name} {value:g}" for name, value in gb.items())
            + f"), ${m['storage_cost']:.2f} a month with point-in-time recovery (in DynamoDB below)."]  # fmt: skip
    out += ["", "| service | $ a month |", "|---|---:|"]
    out += [f"| {name} | {value:,.2f} |" for name, value in m["by_service"].items()]
    out += [f"| **total** | **{m['total']:,.2f}** |", ""]
    out.append(f"{m['invocations']:,} Lambda invocations and {m['log_gb']} GB of logs a month.")
    if by_size:
        services = list(by_size[0]["by_service"])
        out += ["", "By org size (the same activity per employee; $ a month):", ""]
        out += ["| employees | " + " | ".join(services) + " | storage GB | **total** |",
                "|---:|" + "---:|" * (len(services) + 2)]  # fmt: skip
        for row in by_size:
            cells = [f"{row['by_service'][name]:,.2f}" for name in services]
            out.append(
                f"| {row['employees']:,} | " + " | ".join(cells)
                + f" | {sum(row['storage_gb'].values()):.1f} | **{row['total']:,.2f}** |"
            )  # fmt: skip
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cost", description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the generated block of this markdown file")
    args = parser.parse_args(argv)
    m = model()
    if m is None:
        print("run python -m bench.operations first")
        return 1
    text = markdown(m, models())
    print(text)
    if args.write:
        doc = args.write.read_text()
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        args.write.write_text(doc[:start] + "\n" + text + "\n" + doc[end:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
