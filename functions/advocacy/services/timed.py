"""A scheduled job's one loop over its queue (orgs, feed sources): as long as the invocation's time
allows, one item after another; the items it does not reach are deferred to the next run, which
starts with them (the callers order their queues so), and one item failing does not stop the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.observability import logger, metrics
from advocacy.store.models import OrgModel

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Walk(Generic[R]):
    """How far a run got: what `work` returned for each item done, and the names of those that failed."""

    job: str
    many: str
    results: list[R] = field(default_factory=list)
    reached: int = 0  # items started, done or failed
    deferred: int = 0  # items left for the next run
    failed: list[str] = field(default_factory=list)

    def raise_failures(self) -> None:
        """Fail the run when an item failed, so the schedule retries it (the others are done by now)."""
        if self.failed:
            raise RuntimeError(
                f"{self.job} failed for {len(self.failed)} of {self.reached} {self.many}: {self.failed[:10]}"
            )


def walk(
    job: str,
    queue: Sequence[T],
    work: Callable[[T], R],
    remaining_ms: Callable[[], int],
    reserve_s: Callable[[float], float],
    *,
    one: str,
    many: str,
    labels: Callable[[T], dict[str, str]],
    name: Callable[[T], str],
    deferred_metric: str,
) -> Walk[R]:
    """`work` on each item of `queue` in order, starting one only while more than `reserve_s(longest
    item so far)` seconds remain. A failing item is logged with its `labels` and named in `failed`;
    the deferred ones are logged and counted in `deferred_metric` (which an alarm watches)."""
    done = Walk[R](job, many)
    longest = 0.0
    for item in queue:
        if remaining_ms() / 1000 < reserve_s(longest):
            break
        started = time.monotonic()
        try:
            done.results.append(work(item))
        except Exception:
            logger.exception(f"{job} failed for {one}", extra=labels(item))
            done.failed.append(name(item))
        longest = max(longest, time.monotonic() - started)
        done.reached += 1
    done.deferred = len(queue) - done.reached
    if done.deferred:
        logger.warning(f"{job} deferred {many} to the next run", extra={"deferred": done.deferred})
        metrics.add_metric(name=deferred_metric, unit=MetricUnit.Count, value=done.deferred)
    return done


ORG_MARGIN_S = 10.0  # a per-org job starts another org only with this beyond twice its longest so far


def orgs_in_turn(
    job: str,
    queue: Sequence[OrgModel],
    work: Callable[[OrgModel], int],
    remaining_ms: Callable[[], int],
    deferred_metric: str,
    counted: str,
) -> dict[str, object]:
    """A per-org job's run (the leaderboards, the rollups): `work` on each org of `queue` (the callers
    put the orgs done longest ago first) while the invocation's time allows, failing at the end if an
    org failed (the others done by then); its answer counts the orgs, what `work` returned (as
    `counted`) and the orgs deferred."""
    done = walk(
        job, queue, work, remaining_ms, lambda longest: ORG_MARGIN_S + 2 * longest,
        one="an org", many="orgs", labels=lambda org: {"org_id": org.org_id}, name=lambda org: org.org_id,
        deferred_metric=deferred_metric,
    )  # fmt: skip
    done.raise_failures()
    return {"job": job, "orgs": done.reached, counted: sum(done.results), "deferred": done.deferred}
