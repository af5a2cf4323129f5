"""Running a per-org job when one org takes the whole invocation: which orgs each run builds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from types import ModuleType
from typing import Any

import pytest

from tests.support.events import FakeContext, scheduled_event


def runs_one_org_each(
    monkeypatch: pytest.MonkeyPatch, service: ModuleType, job: str, times: Iterable[datetime | str]
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run `job` at each of `times`, every org leaving too little time for another (5 s of an
    invocation's 300): the orgs built, in order, and each run's result."""
    from advocacy.handlers import jobs

    left = {"ms": 0}
    built: list[str] = []
    real = service.build_org

    def one_org_of_time(item: Any, at: datetime) -> int:
        built.append(item.org_id)
        left["ms"] = 5_000  # what is left after it: not enough to start another org
        return int(real(item, at))

    class Context(FakeContext):
        def get_remaining_time_in_millis(self) -> int:
            return left["ms"]

    results = []
    with monkeypatch.context() as patch:
        patch.setattr(service, "build_org", one_org_of_time)
        for at in times:
            left["ms"] = 300_000
            results.append(jobs.handler(scheduled_event(job, at), Context("jobs")))
    return built, results
