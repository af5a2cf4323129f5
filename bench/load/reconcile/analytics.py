"""Analytics: every attribute of every daily rollup (as the rollup job computed them: a day's advocates
as its sketch's estimate and its top advocates' list), the summary of the org and of each group, and
each content's analytics, over the run's window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bench.load.checks import Check, columns, compare
from bench.load.expected import summary
from bench.load.periods import local_day
from bench.load.reconcile.shares import expected_content_stats
from bench.load.reconcile.source import Source


def _window(src: Source) -> tuple[str, str, list[str]]:
    """The window's first and last org-local days, and every day between."""
    tz = src.world.timezone
    first, last = local_day(src.world.start, tz), local_day(src.world.end - timedelta(seconds=1), tz)
    day_one, day_last = date.fromisoformat(first), date.fromisoformat(last)
    return (
        first,
        last,
        [(day_one + timedelta(days=i)).isoformat() for i in range((day_last - day_one).days + 1)],
    )


def _rollups(src: Source, first: str, last: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored daily rollups of every scope the replay wrote to, without their keys: counters, the
    estimated number of advocates and the top advocates' list."""
    from advocacy.domain.rollups import SKETCH, TOP, decode_top
    from advocacy.domain.sketches import Sketch
    from advocacy.store import rollups

    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for scope in sorted({scope for scope, _ in src.exp.rollups}):
        for row in rollups.days(scope, first, last):
            kept = {
                k: v for k, v in row.items() if k not in ("scope", "day", SKETCH, TOP, rollups.COMPUTED_AT)
            }
            kept["advocates"] = Sketch.decode(bytes(row[SKETCH])).estimate() if SKETCH in row else 0
            kept["top_advocates"] = list(decode_top(row[TOP])) if TOP in row else []
            rows[(scope, row["day"])] = kept
    return rows


def _expected_rows(exp: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """The expected rollups in the job's form: counters, the estimate of the sketch of the day's
    advocates (the stored sketch's, if it holds the same ids) and its top advocates from the
    per-advocate counts."""
    from advocacy.domain.rollups import ADVOCATE_METRICS, top
    from advocacy.domain.sketches import of

    rows = {}
    for key, row in exp.rollups.items():
        people: dict[str, dict[str, int]] = {}
        for name, value in row.items():
            if name.startswith("a#"):
                mid, metric = name[2:].rsplit("#", 1)
                if metric in ADVOCATE_METRICS:
                    people.setdefault(mid, dict.fromkeys(ADVOCATE_METRICS, 0))[metric] += value
        kept = {k: v for k, v in row.items() if not k.startswith("a#") and k != "advocates"}
        kept["advocates"] = of(sorted(row.get("advocates", ()))).estimate()
        kept["top_advocates"] = top(people)
        rows[key] = kept
    return rows


def _summaries(src: Source, first: str, last: str, days: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """GET /analytics/summary for the org and each group: expected and answered."""
    world, exp = src.world, src.exp
    expected: dict[str, dict[str, Any]] = {}
    actual: dict[str, dict[str, Any]] = {}
    for group in [None, *world.groups]:
        scope = f"{world.org_id}#group:{group}" if group else f"{world.org_id}#all"
        count = len([m for m in world.members.values() if group is None or group in m.groups])
        expected[group or "all"] = summary(
            [exp.rollups.get((scope, d), {}) for d in days],
            days,
            count + (group is None),  # + the admin
        )
        body = src.get(f"/analytics/summary?from={first}&to={last}" + (f"&group={group}" if group else ""))
        actual[group or "all"] = {k: body.get(k) for k in expected[group or "all"]}
    return expected, actual


def _org_summary(d: dict[str, Any]) -> str:
    org = d.get("all", {})
    return "{} scopes; org: {} shares, {} clicks, {} unique, reach {}".format(
        len(d), *(org.get(k) for k in ("shares", "clicks", "unique_clicks", "reach"))
    )


def analytics(src: Source) -> list[Check]:
    exp = src.exp
    first, last, days = _window(src)
    actual_rows = _rollups(src, first, last)
    expected, actual = _summaries(src, first, last, days)
    api_content: dict[str, tuple[Any, ...]] = {}
    for cid in src.world.contents:
        body = src.get(f"/content/{cid}/analytics?from={first}&to={last}")
        api_content[cid] = (body["shares"], body["clicks"], body["unique_clicks"])
    return [
        compare(
            f"daily analytics rollups, every attribute ({len({s for s, _ in exp.rollups})} scopes)",
            _expected_rows(exp),
            actual_rows,
            lambda d: f"{len(d)} scope-days, {sum(v.get('clicks', 0) for v in d.values()):,} clicks",
        ),
        compare("GET /analytics/summary (org, each group) == expected", expected, actual, _org_summary),
        compare(
            "GET /content/{id}/analytics == expected",
            expected_content_stats(src),
            api_content,
            columns("shares", "clicks", "unique"),
        ),
    ]
