"""bench.burst's figures from its samples: the apply rate counts only stretches in which the stream
was behind (after its release when it was held), and the function's time per click comes from the
poller's counters over the burst."""

from __future__ import annotations

from typing import Any

from bench.burst import ip_of
from bench.burst_figures import apply_rate, function_time


def _samples(rows: list[tuple[float, int, int]]) -> list[dict[str, Any]]:
    return [{"t": t, "recorded": r, "applied": a, "lag": r - a} for t, r, a in rows]


def test_apply_rate_is_measured_while_clicks_wait() -> None:
    samples = _samples([(0, 0, 0), (1, 50, 10), (2, 100, 30), (3, 150, 50), (4, 150, 70), (5, 150, 150)])
    rate, seconds = apply_rate(samples, threshold=20)
    # Behind from t=1 (40 waiting) to t=5 (none): 140 clicks applied in 4 seconds.
    assert (rate, seconds) == (35.0, 4)


def test_no_apply_rate_when_the_stream_kept_up() -> None:
    samples = _samples([(0, 0, 0), (1, 30, 28), (2, 60, 59), (3, 90, 90)])
    assert apply_rate(samples, threshold=20) == (None, 0.0)


def test_a_held_stream_is_measured_from_its_release() -> None:
    held = _samples([(0, 0, 0), (1, 40, 0), (2, 80, 0), (3, 80, 20), (4, 80, 60), (5, 80, 80)])
    assert apply_rate(held, threshold=10, since=2.5) == (30.0, 2)


def test_function_time_per_click_over_the_burst() -> None:
    before = [{"first_delivery_ms": 100, "first_delivery_records": 4}, {"first_delivery_ms": 5}]
    after = [{"first_delivery_ms": 2100, "first_delivery_records": 104}, {"first_delivery_ms": 5}]
    assert function_time(before, after) == {"function_ms_per_click": 20.0, "function_ceiling_per_s": 50.0}
    assert function_time(before, before)["function_ms_per_click"] is None


def test_visitors_have_distinct_loopback_addresses() -> None:
    addresses = {ip_of(k) for k in range(100_000)}
    assert len(addresses) == 100_000
    assert all(a.startswith("127.") for a in addresses)
