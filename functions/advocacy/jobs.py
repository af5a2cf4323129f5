"""The scheduled jobs by name. Each takes the schedule's time as "now" and is safe to run twice."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.observability import logger, metrics
from advocacy.services import autoshare, contests, digest, feeds, leaderboards, rollup_job
from advocacy.services.content import publish_due

# A job gets the schedule's time and the invocation's remaining milliseconds (from the Lambda context).
Job = Callable[[datetime, Callable[[], int]], dict[str, Any]]


def digest_sender() -> str:
    """The verified SES identity digests come from (validated at the jobs function's cold start)."""
    return os.environ["DIGEST_SENDER"]


def web_url() -> str:
    """The web app's address, which digests link to (validated at the jobs function's cold start)."""
    return os.environ["WEB_URL"]


def autoshare_queue() -> str:
    """The poster's queue the dispatch job sends to (set by the stack on the jobs function)."""
    return os.environ["AUTOSHARE_QUEUE_URL"]


JOBS: dict[str, Job] = {
    "publish-due": lambda now, _: publish_due(now),
    "leaderboards": leaderboards.run,
    "contests": lambda now, _: contests.run(now),
    "digest": lambda now, _: digest.run(now, digest_sender(), web_url()),
    "feeds": feeds.run,
    "auto-share-plan": autoshare.plan,
    "auto-share-dispatch": lambda now, remaining: autoshare.dispatch(now, remaining, autoshare_queue()),
    "rollups": rollup_job.run,
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


def run_job(name: str, now: datetime, remaining_ms: Callable[[], int]) -> dict[str, Any]:
    job = JOBS.get(name)
    if job is None:
        raise UnknownJob(f"unknown job {name!r}; known: {sorted(JOBS)}")
    result = job(now, remaining_ms)
    metrics.add_dimension(name="job", value=name)
    metrics.add_metric(name="JobRun", unit=MetricUnit.Count, value=1)
    logger.info("job finished", extra=result)
    return result
