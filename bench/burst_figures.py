"""bench.burst's figures from its samples and the stream poller's counters, and its printed report."""

from __future__ import annotations

from typing import Any

from bench.report import text_table


def apply_rate(
    samples: list[dict[str, Any]], threshold: float, since: float = 0.0
) -> tuple[float | None, float]:
    """Clicks applied a second over the longest stretch from `since` (seconds; the stream's release
    when it was held) in which at least `threshold` clicks were waiting throughout (the function
    never idle: its ceiling), and that stretch's seconds."""
    best: tuple[float | None, float] = (None, 0.0)
    start: int | None = None
    samples = [s for s in samples if s["t"] >= since]
    for i, s in enumerate([*samples, {"lag": -1}]):
        if s["lag"] >= threshold and start is None:
            start = i
        elif s["lag"] < threshold and start is not None:
            end = min(i, len(samples) - 1)  # the sample the backlog fell under the threshold
            seconds = samples[end]["t"] - samples[start]["t"]
            if seconds > best[1]:
                best = ((samples[end]["applied"] - samples[start]["applied"]) / seconds, seconds)
            start = None
    return best


def function_time(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, Any]:
    """The stream function's own time per click over the burst (first deliveries: a duplicate finds
    the click applied and costs less), and the clicks a second one link could take at that time."""

    def summed(mappings: list[dict[str, Any]], key: str) -> int:
        return sum(int(m.get(key, 0)) for m in mappings)

    ms = summed(after, "first_delivery_ms") - summed(before, "first_delivery_ms")
    records = summed(after, "first_delivery_records") - summed(before, "first_delivery_records")
    per_click = ms / records if records else None
    return {
        "function_ms_per_click": round(per_click, 1) if per_click else None,
        "function_ceiling_per_s": round(1000 / per_click, 1) if per_click else None,
    }


def report(result: dict[str, Any]) -> str:
    p, r = result["parameters"], result["redirect"]

    def show(value: Any, unit: str = "") -> str:
        return "-" if value is None else f"{value}{unit}"

    rows = [
        [
            "burst",
            f"{p['rate_per_s']} clicks/s for {p['seconds']} s on 1 link ({result['clicks_sent']} sent, {result['sent_per_second']}/s achieved)"
            + (" (stream held until it ended)" if p.get("stream_held_during_burst") else ""),
        ],
        [
            "redirect p50 / p95 / p99 / max",
            f"{r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']} / {r['max_ms']} ms",
        ],
        ["redirect statuses", " ".join(f"{s}:{n}" for s, n in sorted(r["statuses"].items()))],
        [
            "peak lag (recorded, not applied)",
            f"{result['peak_lag']} clicks at {show(result['peak_lag_at_s'], ' s')}",
        ],
        [
            "apply rate, one link (serial)",
            show(result["apply_rate_per_s"], " clicks/s")
            + (
                f" over {result['backlogged_seconds']} s with >= {result['backlog_threshold']:.0f} waiting"
                if result["apply_rate_per_s"]
                else f" (never {result['backlog_threshold']:.0f} waiting: not saturated)"
            ),
        ],
        ["apply time per click (observed)", show(result["apply_ms_per_click"], " ms")],
        [
            "stream function time per click",
            show(result["function_ms_per_click"], " ms")
            + f" = at most {show(result['function_ceiling_per_s'], ' clicks/s')} on one link",
        ],
        [
            "last click applied",
            f"{show(result['applied_all_at_s'], ' s')} after the start; {show(result['drain_after_burst_s'], ' s')} after the burst",
        ],
        [
            "stream",
            f"{result['stream']['records']} records in {result['stream']['batches']} batches; {result['stream']['redelivered_records']} redelivered; {result['stream']['parked_records']} parked",
        ],
    ]
    lines = [f"$ {result['command']}", "", text_table(["figure", "value"], rows), ""]
    step = max(1, len(result["samples"]) // 30)
    lag_rows = [
        [f"{s['t']:.0f}", str(s["recorded"]), str(s["applied"]), str(s["lag"])]
        for s in result["samples"][::step]
    ]
    lines += [text_table(["t s", "recorded", "applied", "lag"], lag_rows, right=range(4)), ""]
    lines += [
        f"{c['result']}  {c['check']}: expected {c['expected']}, got {c['actual']}" for c in result["checks"]
    ]
    return "\n".join(lines)
