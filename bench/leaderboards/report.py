"""The printed report: each size's first and steady runs, growth per 1,000 members, the read, and the
largest snapshot against DynamoDB's item limit."""

from __future__ import annotations

from typing import Any

from bench.report import text_table

ITEM_LIMIT = 400 * 1024


def _ops(calls: dict[str, int]) -> str:
    return " ".join(f"{op} {n}" for op, n in calls.items())


def report(results: list[dict[str, Any]], command: str) -> str:
    out = [f"$ {command}", ""]
    header = [
        "members",
        "run",
        "job s",
        "DynamoDB calls (by operation)",
        "RCU",
        "WCU",
        "moto RCU/WCU",
        "snapshot bytes",
        "read calls/request",
    ]
    rows = []
    for r in results:
        for label in ("first_run", "steady_run"):
            run = r[label]
            rows.append(
                [
                    f"{r['members']:,}",
                    label.split("_")[0],
                    f"{run['seconds']:.2f}",
                    f"{run['calls_total']}: {_ops(run['calls'])}",
                    f"{run['rcu_computed']:g}",
                    f"{run['wcu_computed']:g}",
                    f"{run['rcu_reported_by_moto']:g}/{run['wcu_reported_by_moto']:g}",
                    f"{r['largest_snapshot']['bytes']:,}",
                    f"{r['read']['calls_total']}: {_ops(r['read']['calls'])}",
                ]
            )
    out.append(text_table(header, rows, right={0}))
    out.append("")
    out.append(
        "RCU/WCU: computed from item sizes as DynamoDB bills on-demand (eventually consistent reads, "
        "4 KB per 0.5 RCU; 1 KB per WCU on the larger of old and new item). "
        "moto RCU/WCU: ConsumedCapacity as moto reports it (flat per call, not size-based)."
    )
    out.append(
        "first: the run after periods ended (also finalises the previous week, month, quarter); "
        "steady: every other run. Seconds include moto, far slower than DynamoDB."
    )
    out.append("")
    out.append("Growth (steady run), per 1,000 members:")
    for r in results:
        run, k = r["steady_run"], r["members"] / 1000
        out.append(
            f"  {r['members']:>7,} members: {run['seconds'] / k:.3f} s, {run['calls_total'] / k:.2f} calls, "
            f"{run['rcu_computed'] / k:.2f} RCU, {run['items_read'] / k:,.0f} items read, "
            f"{run['seconds_in_calls'] / k:.3f} s of it inside DynamoDB calls (moto + botocore)"
        )
    out.append("")
    out.append("Read (GET /leaderboards/all: caller's member record, snapshot, caller's score, page if any):")
    for r in results:
        read = r["read"]
        out.append(
            f"  {r['members']:>7,} members: {read['calls_total']} calls ({_ops(read['calls'])}), "
            f"{read['rcu_computed']:g} RCU computed ({read['bytes_read']:,} bytes read), "
            f"{read['rcu_reported_by_moto']:g} RCU reported by moto"
        )
    out.append("")
    out.append(
        f"Live items (the largest scope's four boards; DynamoDB's item limit is {ITEM_LIMIT:,} bytes):"
    )
    for r in results:
        s = r["largest_snapshot"]
        pages = f"; further pages: {s['histogram_pages']}" if s.get("histogram_pages") else ""
        out.append(
            f"  {r['members']:>7,} members: {s['sk']} {s['bytes']:,} bytes = boards {s['boards_bytes']:,} "
            f"compressed + keys/fields; its all-time histogram {s['histogram_bytes']:,} characters "
            f"({s['histogram_scores']:,} distinct scores{pages}); "
            f"if every member had a distinct score the histogram alone would be "
            f"{r['worst_case_histogram_bytes']:,} bytes"
        )
    return "\n".join(out)
