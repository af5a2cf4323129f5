"""Schedule expressions and the events the local scheduler sends, as EventBridge would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from local.scheduler import Schedule, Scheduler, parse_time, scheduled_event
from local.template import AsyncInvokeSpec, ScheduleSpec


def _t(text: str) -> datetime:
    return parse_time(text)


def test_rate_counts_from_its_anchor() -> None:
    schedule = Schedule.parse("rate(15 minutes)")
    anchor = _t("2025-01-01T10:00:30Z")
    assert schedule.next_after(_t("2025-01-01T10:07:00Z"), anchor=anchor) == _t("2025-01-01T10:15:00Z")
    assert schedule.next_after(_t("2025-01-01T09:00:00Z"), anchor=anchor) == _t("2025-01-01T10:00:00Z")


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(0 7 * * ? *)", "2025-01-01T06:59:00Z", "2025-01-01T07:00:00Z"),
        ("cron(0 7 * * ? *)", "2025-01-01T07:00:00Z", "2025-01-02T07:00:00Z"),
        ("cron(0/15 * * * ? *)", "2025-01-01T07:01:00Z", "2025-01-01T07:15:00Z"),
        ("cron(0 9 ? * MON *)", "2025-01-01T00:00:00Z", "2025-01-06T09:00:00Z"),  # 2025-01-01 is a Wednesday
        ("cron(0 9 ? * 2 *)", "2025-01-01T00:00:00Z", "2025-01-06T09:00:00Z"),  # 2 = MON in EventBridge
        ("cron(30 8 1 JAN-MAR ? *)", "2025-01-02T00:00:00Z", "2025-02-01T08:30:00Z"),
        ("cron(0 0 29 2 ? *)", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
    ],
)
def test_cron(expression: str, after: str, expected: str) -> None:
    assert Schedule.parse(expression).next_after(_t(after)) == _t(expected)


@pytest.mark.parametrize(
    "expression", ["rate(0 minutes)", "rate(5 weeks)", "cron(0 7 * *)", "cron(0 7 L * ? *)"]
)
def test_unsupported_expressions_are_refused(expression: str) -> None:
    with pytest.raises(ValueError):
        Schedule.parse(expression)


def test_input_transformer_event_carries_the_scheduled_time() -> None:
    template = (
        '{"version":"0","id":<id>,"detail-type":"Scheduled Event","source":"aws.events","account":<account>,'
        '"time":<time>,"region":<region>,"resources":<resources>,"detail":{"job":"publish-due"}}'
    )
    paths = {
        "id": "$.id",
        "account": "$.account",
        "time": "$.time",
        "region": "$.region",
        "resources": "$.resources",
    }
    spec = ScheduleSpec(
        "Rule",
        "rate(1 minute)",
        "Fn",
        {"InputTransformer": {"InputPathsMap": paths, "InputTemplate": template}},
        True,
    )
    assert spec.job == "publish-due"
    event = scheduled_event(spec, datetime(2030, 1, 1, 9, 0, tzinfo=UTC))
    assert event["time"] == "2030-01-01T09:00:00Z"
    assert event["detail"] == {"job": "publish-due"}
    assert event["resources"] == [spec.rule_arn]
    assert event["detail-type"] == "Scheduled Event"


def test_fixed_input_gets_the_firing_time() -> None:
    fixed = json.dumps({"time": "x", "detail": {"job": "digest"}})
    spec = ScheduleSpec("Rule", "cron(0 7 * * ? *)", "Fn", {"Input": fixed}, True)
    assert spec.job == "digest"
    assert scheduled_event(spec, _t("2030-01-01T07:00:00Z"))["time"] == "2030-01-01T07:00:00Z"


def test_scheduler_fires_at_scheduled_times_and_skips_missed_ones() -> None:
    from datetime import timedelta

    from local.scheduler import Scheduler

    clock = [_t("2025-01-01T10:00:10Z")]
    fired: list[tuple[str, datetime]] = []
    spec = ScheduleSpec("Rule", "rate(1 minute)", "Fn", {"Input": '{"detail": {"job": "publish-due"}}'}, True)

    class Runner:
        def run(self, schedule: ScheduleSpec, when: datetime, event: object = None) -> None:
            fired.append((str(schedule.job), when))
            if len(fired) == 1:
                clock[0] += timedelta(minutes=3)  # a slow job: the firings it overlapped are skipped
            else:
                scheduler.stop()

    def wait(timeout: float | None = None) -> bool:
        clock[0] += timedelta(seconds=timeout or 0)
        return False

    scheduler = Scheduler([spec], Runner(), clock=lambda: clock[0])  # type: ignore[arg-type]
    scheduler._stop_event.wait = wait  # type: ignore[method-assign]
    scheduler.run()
    assert [when for _, when in fired] == [_t("2025-01-01T10:01:00Z"), _t("2025-01-01T10:05:00Z")]


class _FlakyRunner:
    """Fails the first `failures` runs, recording the events it was given."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.events: list[dict[str, object]] = []

    def run(self, schedule: ScheduleSpec, when: datetime, event: dict[str, object]) -> None:
        from local.lambdas import FunctionError

        self.events.append(event)
        if len(self.events) <= self.failures:
            raise FunctionError("advocacy.handlers.jobs.handler raised UpdateError")


def _scheduler(
    runner: _FlakyRunner, tmp_path: Path, invoke: AsyncInvokeSpec | None
) -> tuple[Scheduler, ScheduleSpec]:
    spec = ScheduleSpec(
        "Rule", "rate(1 minute)", "Fn", {"Input": '{"time": "x", "detail": {"job": "digest"}}'}, True
    )
    scheduler = Scheduler(
        [spec],
        runner,
        async_invoke={"Fn": invoke} if invoke else None,
        state_dir=tmp_path,  # type: ignore[arg-type]
    )
    scheduler._stop_event.wait = lambda timeout=None: False  # type: ignore[method-assign]  # no waiting
    return scheduler, spec


def test_a_job_that_raises_is_retried_with_the_same_event_then_parked(tmp_path: Path) -> None:
    runner = _FlakyRunner(failures=99)
    scheduler, spec = _scheduler(runner, tmp_path, AsyncInvokeSpec("Fn", max_retries=2, on_failure="DLQ"))
    assert scheduler.fire(spec, _t("2030-01-01T07:00:00Z")) is False
    assert len(runner.events) == 3
    assert all(e == runner.events[0] for e in runner.events)
    assert runner.events[0]["time"] == "2030-01-01T07:00:00Z"
    (line,) = (tmp_path / "job-failures.jsonl").read_text().splitlines()
    parked = json.loads(line)
    assert (parked["attempts"], parked["destination"], parked["condition"]) == (3, "DLQ", "RetriesExhausted")
    assert parked["event"] == runner.events[0]


def test_a_job_that_succeeds_on_a_retry_is_not_parked(tmp_path: Path) -> None:
    runner = _FlakyRunner(failures=1)
    scheduler, spec = _scheduler(runner, tmp_path, AsyncInvokeSpec("Fn", max_retries=2, on_failure="DLQ"))
    assert scheduler.fire(spec, _t("2030-01-01T07:00:00Z")) is True
    assert len(runner.events) == 2
    assert not (tmp_path / "job-failures.jsonl").exists()


def test_without_a_destination_a_failed_job_is_retried_as_lambdas_default_then_dropped(
    tmp_path: Path,
) -> None:
    runner = _FlakyRunner(failures=99)
    scheduler, spec = _scheduler(runner, tmp_path, None)
    assert scheduler.fire(spec, _t("2030-01-01T07:00:00Z")) is False
    assert len(runner.events) == 3  # Lambda retries an asynchronous invocation twice by default
    assert not (tmp_path / "job-failures.jsonl").exists()


def test_the_template_s_async_invoke_config_is_read() -> None:
    from local.template import parse_template

    template = {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "a.handler", "Timeout": 60}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
            "Config": {
                "Type": "AWS::Lambda::EventInvokeConfig",
                "Properties": {
                    "FunctionName": {"Ref": "Fn"},
                    "MaximumRetryAttempts": 1,
                    "Qualifier": "$LATEST",
                    "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Queue", "Arn"]}}},
                },
            },
        }
    }
    assert parse_template(template).async_invoke == {"Fn": AsyncInvokeSpec("Fn", 1, "Queue")}
