"""Alarms (function errors and throttles, any dead letter, API 5xx, leaderboards taking turns for an
hour) and a small dashboard.

Alarms have no action yet: wire them to an SNS topic or an on-call tool per account (see README).
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.functions import METRICS_NAMESPACE, SERVICE

PERIOD = Duration.minutes(5)
# The leaderboards job runs every 15 minutes; four runs in a row that deferred orgs (an hour of them
# taking turns) mean the orgs have outgrown one invocation: time to fan the job out per org.
DEFERRED_RUNS = 4
# The rollup job runs every 15 minutes: an hour of runs that deferred orgs means analytics lag more
# than the job's period for some orgs every time (decisions 91 and 100).
ROLLUP_DEFERRED_RUNS = 4


class Observability(Construct):
    """`self.alarms` lists every alarm (tests and a future notification topic use it)."""

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
        """Alarm when `metric` is above 0 in each of `periods` periods in a row."""
        self.alarms.append(
            metric.create_alarm(
                self,
                construct_id,
                alarm_description=description,
                threshold=0,
                evaluation_periods=periods,
                comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
            )
        )
