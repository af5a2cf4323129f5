"""Fires the template's schedules locally with the event EventBridge would send at the scheduled time.

A run that raises is retried and then parked as Lambda's asynchronous invocation does it (the
function's EventInvokeConfig in the template): up to MaximumRetryAttempts more runs with the same
event, a few seconds apart instead of Lambda's minutes, then a line in
`<state dir>/job-failures.jsonl`, standing in for the on-failure destination.

Supports `rate(N minute|minutes|hour|hours|day|days)` and EventBridge six-field
`cron(min hour day-of-month month day-of-week year)` with `*`, `?`, lists, ranges, steps and
names (day-of-week 1-7 is SUN-SAT, as in EventBridge); `L`, `W` and `#` are refused loudly.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from advocacy.domain.times import utc_text
from local.capture import capture
from local.console import JobLine, report
from local.lambdas import FunctionError, LambdaRuntime, park
from local.template import AsyncInvokeSpec, ScheduleSpec

log = logging.getLogger("local.scheduler")

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    )
}
_DAYS = {d: i + 1 for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}
_RATE_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    """The set of values one cron field allows."""
    if text in ("*", "?"):
        return frozenset(range(low, high + 1))
    values: set[int] = set()
    for part in text.split(","):
        if any(c in part for c in "LW#"):
            raise ValueError(f"cron field {text!r}: L, W and # are not supported locally")
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1

        def num(s: str) -> int:
            return names[s.upper()] if names and s.upper() in names else int(s)

        if base in ("*", "?"):
            start, end = low, high
        elif "-" in base:
            a, b = base.split("-", 1)
            start, end = num(a), num(b)
        else:
            start = num(base)
            end = high if step_text else start
        if not (low <= start <= high and low <= end <= high):
            raise ValueError(f"cron field {text!r} is out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule expression: `next_after(t)` is the first firing time strictly after t."""

    expression: str
    period: timedelta | None = None
    minutes: frozenset[int] = frozenset()
    hours: frozenset[int] = frozenset()
    days: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    weekdays: frozenset[int] = frozenset()
    years: frozenset[int] = frozenset()
    day_is_any: bool = True
    weekday_is_any: bool = True

    @classmethod
    def parse(cls, expression: str) -> Schedule:
        m = re.fullmatch(r"rate\(\s*(\d+)\s+(\w+)\s*\)", expression.strip())
        if m:
            amount, unit = int(m.group(1)), m.group(2)
            if unit not in _RATE_UNITS or amount < 1:
                raise ValueError(f"unsupported rate expression {expression!r}")
            return cls(expression, period=timedelta(seconds=amount * _RATE_UNITS[unit]))
        m = re.fullmatch(r"cron\((.+)\)", expression.strip())
        if not m or len(m.group(1).split()) != 6:
            raise ValueError(f"unsupported schedule expression {expression!r}")
        minute, hour, dom, month, dow, year = m.group(1).split()
        return cls(
            expression,
            minutes=_field(minute, 0, 59),
            hours=_field(hour, 0, 23),
            days=_field(dom, 1, 31),
            months=_field(month, 1, 12, _MONTHS),
            weekdays=_field(dow, 1, 7, _DAYS),
            years=_field(year, 1970, 2199),
            day_is_any=dom in ("*", "?"),
            weekday_is_any=dow in ("*", "?"),
        )

    def next_after(self, after: datetime, anchor: datetime | None = None) -> datetime:
        """The next firing strictly after `after` (UTC, whole minutes); rates count from `anchor`."""
        after = after.astimezone(UTC)
        if self.period is not None:
            start = (anchor or after).astimezone(UTC).replace(second=0, microsecond=0)
            if start > after:
                return start
            periods = int((after - start) / self.period) + 1
            return start + periods * self.period
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t + timedelta(days=366 * 5)
        while t < limit:
            if t.year not in self.years or t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
                continue
            weekday = (t.isoweekday() % 7) + 1  # EventBridge: SUN=1 ... SAT=7
            day_ok = (self.day_is_any or t.day in self.days) and (
                self.weekday_is_any or weekday in self.weekdays
            )
            if not day_ok:
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
                continue
            if t.minute not in self.minutes:
                t += timedelta(minutes=1)
                continue
            return t
        raise ValueError(f"{self.expression!r} never fires")


def iso(t: datetime) -> str:
    """EventBridge's form of a time: UTC, to the second, with a `Z`."""
    return utc_text(t, "seconds")


def parse_time(text: str) -> datetime:
    """An ISO-8601 time (`Z` or an offset; naive means UTC)."""
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def scheduled_event(schedule: ScheduleSpec, when: datetime) -> Any:
    """The event the rule sends for a firing at `when` (its Input or InputTransformer applied)."""
    return schedule.render(iso(when), str(uuid.uuid4()))


class JobRunner:
    """Runs a named job now (the `/_local/jobs/{job}` route and the scheduler both come here)."""

    def __init__(self, schedules: Sequence[ScheduleSpec], runtime: LambdaRuntime) -> None:
        self.schedules = {s.job: s for s in schedules if s.job}
        self.runtime = runtime

    def __call__(self, job: str, when: str | None = None) -> Any:
        """Raises KeyError for an unknown job, ValueError for a bad time, FunctionError if the job fails."""
        schedule = self.schedules[job]
        at = parse_time(when) if when else datetime.now(UTC)
        return self.run(schedule, at)

    def run(self, schedule: ScheduleSpec, when: datetime, event: Any = None) -> Any:
        """Invoke the schedule's function with its event for `when` (or `event`, on a retry)."""
        event = scheduled_event(schedule, when) if event is None else event
        name = schedule.job or schedule.logical_id
        with capture() as output:
            try:
                result = self.runtime.invoke(schedule.function_id, event)
            except FunctionError as exc:
                failed = JobLine(name, iso(when), output.ms, error=str(exc))
                report(log, failed, output, logging.ERROR)
                raise
        report(log, JobLine(name, iso(when), output.ms, result), output)
        return result


class Scheduler(threading.Thread):
    """Sleeps until the next due schedule and fires it with its scheduled time."""

    def __init__(
        self,
        schedules: Sequence[ScheduleSpec],
        runner: JobRunner,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        async_invoke: Mapping[str, AsyncInvokeSpec] | None = None,
        state_dir: Path | None = None,
        retry_delay_s: float = 1.0,
    ) -> None:
        super().__init__(name="scheduler", daemon=True)
        self._runner = runner
        self._clock = clock
        self._async_invoke = dict(async_invoke or {})
        self._failures = state_dir / "job-failures.jsonl" if state_dir is not None else None
        self._retry_delay_s = retry_delay_s
        self._stop_event = threading.Event()
        start = clock()
        self._plan: list[tuple[ScheduleSpec, Schedule, datetime]] = []
        for spec in schedules:
            if not spec.enabled:
                continue
            parsed = Schedule.parse(spec.expression)
            # EventBridge starts a rate one period after the rule is created; cron follows the clock.
            anchor = start + parsed.period if parsed.period else None
            self._plan.append((spec, parsed, parsed.next_after(start, anchor=anchor)))

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        while self._plan and not self._stop_event.is_set():
            index, (spec, parsed, due) = min(enumerate(self._plan), key=lambda item: item[1][2])
            wait = (due - self._clock()).total_seconds()
            if wait > 0:
                self._stop_event.wait(min(wait, 1.0))
                continue
            self.fire(spec, due)
            self._plan[index] = (spec, parsed, parsed.next_after(max(due, self._clock()), anchor=due))

    def fire(self, spec: ScheduleSpec, due: datetime) -> bool:
        """One firing, retried like an asynchronous Lambda invocation; False if it was parked."""
        config = self._async_invoke.get(spec.function_id) or AsyncInvokeSpec(spec.function_id)
        event = scheduled_event(spec, due)
        attempts = 0
        while True:
            attempts += 1
            try:
                self._runner.run(spec, due, event)
                return True
            except FunctionError as exc:
                reason = str(exc)
            if attempts > config.max_retries or self._stop_event.is_set():
                break
            log.warning("job %s at %s failed (%s); retry %d", spec.job, iso(due), reason, attempts)
            self._stop_event.wait(self._retry_delay_s * 2 ** (attempts - 1))
        self._park(spec, config, due, event, reason, attempts)
        return False

    def _park(
        self,
        spec: ScheduleSpec,
        config: AsyncInvokeSpec,
        due: datetime,
        event: Any,
        reason: str,
        attempts: int,
    ) -> None:
        if config.on_failure is None or self._failures is None:
            log.error(
                "job %s at %s failed %d times; dropped (no on-failure destination)",
                spec.job,
                iso(due),
                attempts,
            )
            return
        park(
            self._failures,
            {
                "schedule": spec.logical_id,
                "function": spec.function_id,
                "destination": config.on_failure,
                "condition": "RetriesExhausted",
                "reason": reason,
                "attempts": attempts,
                "event": event,
            },
        )
        log.error("job %s at %s failed %d times; parked in %s", spec.job, iso(due), attempts, self._failures)
