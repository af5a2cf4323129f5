"""The scheduled jobs by name. Each takes the schedule's time as "now" and is safe to run twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.observability import logger, metrics

Job = Callable[[datetime], dict[str, Any]]


def _nothing_yet(name: str) -> Job:
    """Jobs whose work arrives with later features: they run, report and change nothing."""

    def run(now: datetime) -> dict[str, Any]:
        return {"job": name, "time": now.isoformat().replace("+00:00", "Z"), "changed": 0}

    return run


JOBS: dict[str, Job] = {
    name: _nothing_yet(name) for name in ("publish-due", "leaderboards", "contests", "digest")
}


class UnknownJob(ValueError):
    pass


def scheduled_time(event: dict[str, Any]) -> datetime:
    """The scheduled event's `time` (ISO-8601 UTC)."""
    raw = str(event.get("time", ""))
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"scheduled event has no valid time: {raw!r}") from exc


def run_job(name: str, now: datetime) -> dict[str, Any]:
    job = JOBS.get(name)
    if job is None:
        raise UnknownJob(f"unknown job {name!r}; known: {sorted(JOBS)}")
    result = job(now)
    metrics.add_dimension(name="job", value=name)
    metrics.add_metric(name="JobRun", unit=MetricUnit.Count, value=1)
    logger.info("job finished", extra=result)
    return result
