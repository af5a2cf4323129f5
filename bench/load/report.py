"""The printed report of a run, from its results: what ran, requests by kind, errors, the stream, the
facts, then every check with its expected and actual figures, and the first mismatches of a failure."""

from __future__ import annotations

from typing import Any

from bench.report import text_table


def _heading(result: dict[str, Any]) -> list[str]:
    load, window = result["load"], result["window"]
    cut = f"; cut by --duration: {load['ops_not_run']} operations not run" if load["ops_not_run"] else ""
    return [
        f"$ {result['command']}",
        "",
        f"{load['clients']} clients, {load['members']} members, {load['contents']} contents, "
        f"{load['visitors']} visitors; scripted {window['from']} .. {window['to']} "
        f"({window['timezone']}); stack: {result['stack']}",
        f"load phase {load['seconds']:.1f} s: {load['requests']:,} requests, {load['throughput_rps']:.1f} requests/s"
        + cut,
    ]


def _requests(requests: dict[str, Any]) -> str:
    rows = [
        [
            kind,
            f"{r['count']:,}",
            " ".join(f"{s}:{n}" for s, n in sorted(r["statuses"].items())),
            f"{r['retries']:,}",
            f"{r['p50_ms']:.0f}",
            f"{r['p95_ms']:.0f}",
            f"{r['max_ms']:.0f}",
        ]
        for kind, r in requests.items()
    ]
    header = ["requests", "count", "statuses", "retries", "p50 ms", "p95 ms", "max ms"]
    return text_table(header, rows, right=range(1, len(header)))


def _stream(s: dict[str, Any]) -> str:
    return (
        f"stream: {s['records']:,} records in {s['batches']:,} batches; duplicates delivered: "
        f"{s['redelivered_batches']:,} batches, {s['redelivered_records']:,} records "
        f"(redeliver {s['redeliver']}); {s['records_per_second']} records/s applied; "
        f"drained in {s['drain_seconds']:.1f} s after the load"
        + ("" if s["drained"] else " (NOT drained: timed out)")
    )


def _facts(f: dict[str, Any]) -> str:
    return (
        "shares: "
        + ", ".join(f"{k} {v:,}" for k, v in f["shares"].items())
        + "\nclicks: "
        + ", ".join(f"{k} {v:,}" for k, v in f["clicks"].items())
    )


def _checks(checks: list[dict[str, Any]]) -> list[str]:
    rows = [[c["check"], c["expected"], c["actual"], c["result"]] for c in checks]
    out = [text_table(["reconciliation check", "expected", "actual", "result"], rows, right=range(1, 4))]
    for c in checks:
        if c["result"] == "FAIL":
            out.append(f"\nFAIL {c['check']} ({c['mismatch_count']} mismatches), first ones:")
            out += [f"  {m}" for m in c["mismatches"]]
    return out


def report(result: dict[str, Any]) -> str:
    errors = result["errors_by_status"]
    passed = sum(c["result"] == "PASS" for c in result["checks"])
    return "\n".join(
        [
            *_heading(result),
            "",
            _requests(result["requests"]),
            "errors by status (every kind): "
            + (", ".join(f"{s}: {n}" for s, n in sorted(errors.items())) or "none"),
            _stream(result["stream"]),
            _facts(result["facts"]),
            "",
            *_checks(result["checks"]),
            "phases (s): "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["phases_seconds"].items()),
            f"\nreconciliation: {passed} of {len(result['checks'])} checks pass "
            f"({result['total_seconds']:.1f} s in all)",
        ]
    )
