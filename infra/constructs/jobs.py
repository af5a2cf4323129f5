"""Scheduled jobs: EventBridge rules invoke the jobs function with the scheduled event plus the job name.

The target input keeps the Scheduled Event shape (the handler takes `event["time"]` as now) and adds
`detail.job`; the local stack reads ScheduleExpression and the job name from the synthesized template.

EventBridge invokes Lambda asynchronously, so there are two places a run can fail: EventBridge cannot
deliver the event (the rule target's retry policy and dead-letter queue), or the job raises (Lambda's
asynchronous retries, then its on-failure destination). Both end in the same queue, which alarms.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.queues import dead_letter_queue

RETRY_ATTEMPTS = 2  # delivery retries (EventBridge), and retries of a run that raised (Lambda)
MAX_EVENT_AGE = Duration.hours(1)


@dataclass(frozen=True)
class JobSpec:
    name: str
    schedule: events.Schedule
    description: str

    @property
    def construct_id(self) -> str:
        return "".join(part.title() for part in self.name.split("-")) + "Schedule"


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "publish-due", events.Schedule.rate(Duration.minutes(1)), "Publish scheduled content that is due"
    ),
    JobSpec("leaderboards", events.Schedule.rate(Duration.minutes(15)), "Snapshot the period leaderboards"),
    JobSpec("contests", events.Schedule.rate(Duration.hours(1)), "Close ended contests and award prizes"),
    JobSpec("digest", events.Schedule.cron(minute="0", hour="7"), "Send the daily digest (07:00 UTC)"),
    JobSpec(
        "feeds", events.Schedule.rate(Duration.minutes(15)), "Import new entries of RSS and Atom sources"
    ),
    JobSpec(
        "auto-share-plan",
        events.Schedule.rate(Duration.minutes(1)),
        "Plan auto-posts of content gone live (one per opted-in member and network)",
    ),
    JobSpec(
        "auto-share-dispatch",
        events.Schedule.rate(Duration.minutes(1)),
        "Send auto-posts whose moment has come to the poster's queue",
    ),
    JobSpec(
        "rollups",
        events.Schedule.rate(Duration.minutes(15)),
        "Recompute today's and yesterday's analytics rollups from the shares and clicks",
    ),
)


def scheduled_event_input(job: str) -> events.RuleTargetInput:
    """The event EventBridge would deliver, with `detail.job` naming the job."""
    return events.RuleTargetInput.from_object(
        {
            "version": "0",
            "id": events.EventField.event_id,
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": events.EventField.account,
            "time": events.EventField.time,
            "region": events.EventField.region,
            "resources": events.EventField.from_path("$.resources"),
            "detail": {"job": job},
        }
    )


class Jobs(Construct):
    """One rule per job, each with bounded retries and the shared dead-letter queue; a run that raises
    is retried by Lambda and then sent to the same queue."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, function: lambda_.IFunction
    ) -> None:
        super().__init__(scope, construct_id)
        self.dlq: sqs.Queue = dead_letter_queue(
            self, "DeadLetterQueue", purpose="the scheduled job targets", retain=config.is_prod
        )
        self.rules: dict[str, events.Rule] = {}
        for job in JOBS:
            rule = events.Rule(
                self,
                job.construct_id,
                schedule=job.schedule,
                description=f"{job.description} (job {job.name})",
            )
            rule.add_target(
                targets.LambdaFunction(
                    function,
                    event=scheduled_event_input(job.name),
                    retry_attempts=RETRY_ATTEMPTS,
                    max_event_age=MAX_EVENT_AGE,
                    dead_letter_queue=self.dlq,
                )
            )
            self.rules[job.name] = rule
        function.configure_async_invoke(
            retry_attempts=RETRY_ATTEMPTS,
            max_event_age=MAX_EVENT_AGE,
            on_failure=destinations.SqsDestination(self.dlq),
        )
