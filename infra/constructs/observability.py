"""Alarms (function errors and throttles, any dead letter, API 5xx, clicks lost or short links
unavailable, jobs taking turns for an hour) and a small dashboard.

Every alarm notifies the `Alarms` SNS topic when it fires and when it clears; the addresses in the
`alarm_emails` context are subscribed to it (each confirms by email), and an on-call tool can
subscribe to the topic too.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.functions import METRICS_NAMESPACE, SERVICE
from infra.nag import acknowledge
from infra.scan import skip

PERIOD = Duration.minutes(5)
# The leaderboards job runs every 15 minutes; four runs in a row that deferred orgs (an hour of them
# taking turns) mean the orgs have outgrown one invocation: time to fan the job out per org.
DEFERRED_RUNS = 4
# The rollup job runs every 15 minutes: an hour of runs that deferred orgs means analytics lag more
# than the job's period for some orgs every time (decisions 91 and 100).
ROLLUP_DEFERRED_RUNS = 4
# The redirect's own failures, caught so that a visitor still gets a redirect or a page to retry: no
# function error counts them (decision 11).
REDIRECT_FAILURES = {
    "ClickNotRecorded": "a click was redirected but not recorded (its points and counts are lost)",
    "RedirectUnavailable": "a short link could not be read: visitors got the retry page",
}
UNENCRYPTED_TOPIC = (
    "Its messages are CloudWatch alarm notices (alarm names, thresholds and states), no personal "
    "data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key "
    "for these notices would cost more than what it protects. Publishing requires TLS."
)


class Observability(Construct):
    """`self.alarms` lists every alarm; `self.topic` is where they notify."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        functions: Mapping[str, lambda_.Function],
        queues: Mapping[str, sqs.IQueue],
        http_api: apigwv2.HttpApi,
    ) -> None:
        super().__init__(scope, construct_id)
        self.alarms: list[cw.Alarm] = []
        prefix = f"advocacy-{config.stage}"
        self.topic = sns.Topic(self, "Alarms", display_name=f"{prefix} alarms", enforce_ssl=True)
        acknowledge(self.topic, "SNS2", UNENCRYPTED_TOPIC)
        skip(self.topic, "CKV_AWS_26", UNENCRYPTED_TOPIC)
        for email in config.alarm_emails:
            self.topic.add_subscription(subscriptions.EmailSubscription(email))
        for name, fn in functions.items():
            self._alarm(
                f"{name.title()}Errors", f"{prefix} {name} function errors", fn.metric_errors(period=PERIOD)
            )
            self._alarm(
                f"{name.title()}Throttles",
                f"{prefix} {name} function throttled",
                fn.metric_throttles(period=PERIOD),
            )
        for name, queue in queues.items():
            self._alarm(
                f"{name.title()}DeadLetters",
                f"{prefix} {name} dead-letter queue has messages",
                queue.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum"),
            )
        self._alarm("Api5xx", f"{prefix} HTTP API 5xx responses", http_api.metric_server_error(period=PERIOD))
        for metric, what in REDIRECT_FAILURES.items():
            failures = cw.Metric(
                namespace=METRICS_NAMESPACE, metric_name=metric, dimensions_map={"service": SERVICE},
                period=PERIOD, statistic="Sum",
            )  # fmt: skip
            self._alarm(metric, f"{prefix} {what}", failures)
        self._taking_turns(
            "Leaderboards", "leaderboards", "LeaderboardOrgsDeferred", 15, DEFERRED_RUNS,
            f"{prefix} the leaderboards job has deferred orgs on every run for an hour "
            "(docs/leaderboards.md: fan it out per org)",
        )  # fmt: skip
        self._taking_turns(
            "Rollups", "rollups", "RollupOrgsDeferred", 15, ROLLUP_DEFERRED_RUNS,
            f"{prefix} the rollups job has deferred orgs on every run for an hour (analytics lag more "
            "than its period: fan it out per org)",
        )  # fmt: skip

        dashboard = cw.Dashboard(self, "Dashboard")
        dashboard.add_widgets(
            cw.GraphWidget(
                title="API requests and errors",
                left=[http_api.metric_count(period=PERIOD)],
                right=[
                    http_api.metric_client_error(period=PERIOD),
                    http_api.metric_server_error(period=PERIOD),
                ],
            ),
            cw.GraphWidget(
                title="Function errors",
                left=[fn.metric_errors(period=PERIOD, label=name) for name, fn in functions.items()],
            ),
            cw.GraphWidget(
                title="Function duration p95",
                left=[
                    fn.metric_duration(period=PERIOD, statistic="p95", label=name)
                    for name, fn in functions.items()
                ],
            ),
            cw.AlarmStatusWidget(title="Alarms", alarms=list(self.alarms)),
        )

    def _taking_turns(
        self, name: str, job: str, metric: str, minutes: int, runs: int, description: str
    ) -> None:
        """A job that defers orgs on each of `runs` runs in a row (every `minutes`) needs fanning out."""
        deferred = cw.Metric(
            namespace=METRICS_NAMESPACE, metric_name=metric, dimensions_map={"job": job, "service": SERVICE},
            period=Duration.minutes(minutes), statistic="Minimum",
        )  # fmt: skip
        self._alarm(f"{name}TakingTurns", description, deferred, periods=runs)

    def _alarm(self, construct_id: str, description: str, metric: cw.Metric, periods: int = 1) -> None:
        """Alarm when `metric` is above 0 in each of `periods` periods in a row, on the topic both ways."""
        alarm = metric.create_alarm(
            self,
            construct_id,
            alarm_description=description,
            threshold=0,
            evaluation_periods=periods,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        action = cw_actions.SnsAction(self.topic)
        alarm.add_alarm_action(action)
        alarm.add_ok_action(action)
        self.alarms.append(alarm)
